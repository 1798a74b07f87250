"""What the series checks need of an issue: its numbers, date and file.

`bulletin validate` of a large folder keeps one of these per issue, in place of the issue
without its texts, until the series checks have run: a whole Issue has some thirty fields
(about 270 bytes even when they point at values the issues share), this one eight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bulletin_cli.model.pickling import quick_pickling


@quick_pickling
@dataclass(frozen=True, slots=True)
class IssueNumbers:
    """The fields of an Issue that numbering reads, under the same names (the series checks
    and `series.numbering` take either)."""

    date: dt.date
    number: int | None
    cumulative_number: int | None = None
    supplement: bool = False
    numbering: Literal["yearly", "running", "none"] = "yearly"
    counts_cumulative: bool = False
    path: Path | None = None
    series_path: Path | None = None
    # A ninth slot, holding nothing: it makes these 112 bytes, not 96, the size of a LoadedIssue
    # and a Path. A large run keeps one of these per issue while LoadedIssues made beside them
    # are let go; of one size, they shared the allocator's pools, and each freed LoadedIssue
    # left a hole that only another object of that size could fill (10,000 issues: the main
    # process of an export ended about 0.7 MiB larger with eight slots than with nine).
    _apart: None = field(default=None, init=False, repr=False, compare=False)

    @property
    def year(self) -> int:
        return self.date.year

    @classmethod
    def of(cls, issue) -> IssueNumbers:
        """The numbers of ``issue`` (an Issue, or IssueNumbers already)."""
        if isinstance(issue, IssueNumbers):
            return issue
        return cls(issue.date, issue.number, issue.cumulative_number, issue.supplement, issue.numbering,
                   issue.counts_cumulative, issue.path, issue.series_path)
