"""Issue numbers across a series, worked out from the dates: the one answer both
`bulletin validate` (N401-N405) and `bulletin number` rely on.

- Regular issues are numbered per year (``numbering = "yearly"``, the default) or in one run
  (``numbering = "running"``); supplements (增刊, ``supplement = true``) in their own sequence.
- Issues are ordered by date, then by file name.
- The first issue of the folder keeps its number (the smallest, when several share its date), since a folder often begins mid-year (like
  the seed's 第6期) and the others follow it; every later year starts again at 1. The same
  holds for supplements, and for running numbering (one sequence: the first issue's number
  on).
- Cumulative numbers (总第N期) count the regular issues of every year. They are worked out
  when the series sets ``cumulative_numbers = true`` or any regular issue has one; the
  earliest issue that has one anchors the count (1 when none has).
- A series that turns the gap check off (``[rules] numbering-gap = "off"``) may skip
  numbers: a number larger than the one before is kept, and only duplicates and numbers out
  of date order change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bulletin_cli.model.issue import Issue

SequenceKey = tuple  # (year or None for running numbering, supplement?)


def sequence_key(issue: Issue) -> SequenceKey:
    """Issues numbered in one run: per year (or the whole series) and regular vs supplement."""
    key = (issue.year if issue.numbering == "yearly" else None, issue.supplement)
    return _KEYS.setdefault(key, key)  # one tuple per sequence, not one per issue


_KEYS: dict[SequenceKey, SequenceKey] = {}


def describe_sequence(key: SequenceKey) -> str:
    year, supplement = key
    kind = "supplements" if supplement else "issues"
    return f"{kind} of {year}" if year is not None else kind


def in_order(issues: list[Issue]) -> list[Issue]:
    """``issues`` in the order numbers must follow: by date, then file name, then path. (Stable
    sorts, key by key: a key tuple per issue, 10,000 of them held while sorting, was most of
    the series checks' memory.)"""
    return sorted_by(issues, lambda i: i.date, lambda i: (i.path or _NO_PATH).name, lambda i: str(i.path or _NO_PATH))


def sorted_by(items, *keys) -> list:
    """``items`` sorted by the first key, then the next: the order of a tuple key, by stable
    sorts from the last key to the first."""
    result = list(items)
    for key in reversed(keys):
        result.sort(key=key)
    return result


_NO_PATH = Path("")


@dataclass(frozen=True, slots=True)
class Numbered:
    """One issue with the numbers its date gives it."""

    issue: Issue
    sequence: SequenceKey
    number: int
    cumulative_number: int | None  # None: the series does not count cumulative numbers

    @property
    def number_changes(self) -> bool:
        return self.number != self.issue.number

    @property
    def cumulative_changes(self) -> bool:
        return self.cumulative_number is not None and self.cumulative_number != self.issue.cumulative_number

    @property
    def changes(self) -> bool:
        return self.number_changes or self.cumulative_changes


def uses_cumulative(issues: list[Issue]) -> bool:
    return any(i.counts_cumulative or (i.cumulative_number is not None and not i.supplement) for i in issues)


def gaps_allowed(issues: list[Issue]) -> bool:
    """True when the series turns the gap check off (``[rules] numbering-gap = "off"``): numbers
    may then skip (issues kept out of the folder), and only duplicates and order are fixed."""
    import tomli

    for series in {i.series_path for i in issues if i.series_path is not None}:
        try:
            rules = tomli.loads(series.read_text(encoding="utf-8-sig")).get("rules")
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            continue
        if isinstance(rules, dict) and "off" in (rules.get("N402"), rules.get("numbering-gap")):
            return True
    return False


def work_out_numbers(issues: list[Issue], allow_gaps: bool | None = None) -> list[Numbered]:
    """Every issue with the numbers the dates give, in date (then file name) order.

    Pass the issues of one series. With ``allow_gaps`` (default: what the series' [rules]
    say), a number larger than the one before it is kept.
    """
    issues = [issue for issue in issues if issue.number is not None]  # numbering = "none": nothing to work out
    if allow_gaps is None:
        allow_gaps = gaps_allowed(issues)
    ordered = in_order(issues)
    if not ordered:
        return []
    first_year = ordered[0].year
    # positions in ``ordered`` rather than id(issue) keys: at 10,000 issues a dict per pass
    # was the larger part of the series checks' memory
    sequences: dict[SequenceKey, list[int]] = defaultdict(list)
    for position, issue in enumerate(ordered):
        sequences[sequence_key(issue)].append(position)
    numbers = [0] * len(ordered)
    for key, members in sequences.items():
        year = key[0]
        first_date = ordered[members[0]].date
        # Issues of the same first date may come in either order: the smaller number leads.
        start = (min(ordered[p].number for p in members if ordered[p].date == first_date)
                 if year is None or year == first_year else 1)
        previous = start - 1
        for position in members:
            previous = max(previous + 1, ordered[position].number) if allow_gaps else previous + 1
            numbers[position] = previous
    del sequences  # its positions are done with before the results are made
    cumulative: list[int | None] = [None] * len(ordered)
    if uses_cumulative(ordered):
        regular = [i for i in ordered if not i.supplement]
        # the count the first numbered issue implies for the first regular one
        implied = next((i.cumulative_number - index for index, i in enumerate(regular)
                        if i.cumulative_number is not None), None)
        previous = max(1, implied) - 1 if implied is not None else 0
        for position, issue in enumerate(ordered):
            if not issue.supplement:
                own = issue.cumulative_number or 0
                previous = max(previous + 1, own) if allow_gaps else previous + 1
                cumulative[position] = previous
    return [Numbered(issue, sequence_key(issue), numbers[position], cumulative[position])
            for position, issue in enumerate(ordered)]


def by_series(issues: list[Issue]) -> dict[Path | None, list[Issue]]:
    """Issues grouped by the series.toml they belong to (None: stand-alone issues)."""
    groups: dict[Path | None, list[Issue]] = defaultdict(list)
    for issue in issues:
        groups[issue.series_path.resolve() if issue.series_path else None].append(issue)
    return dict(groups)


def next_number(issues: list[Issue], year: int, supplement: bool = False, numbering: str = "yearly") -> int:
    """The number the next issue (dated in ``year``) takes after ``issues`` of one series."""
    members = [i for i in issues if i.supplement == supplement and i.number is not None
               and (numbering == "running" or i.year == year)]
    if not members:
        return 1
    worked = {id(n.issue): n.number for n in work_out_numbers(issues)}
    return max(worked.get(id(i), i.number) for i in members) + 1


def next_cumulative(issues: list[Issue]) -> int | None:
    """The cumulative number of the next regular issue, or None if the series does not count them."""
    worked = [n.cumulative_number for n in work_out_numbers(issues) if n.cumulative_number is not None]
    if not uses_cumulative(issues):
        return None
    return (max(worked) + 1) if worked else 1
