"""Checks across the issues of one series: duplicate numbers, gaps, numbers out of date order.

The numbering the dates give comes from :mod:`bulletin_cli.series.numbering`, which
`bulletin number` uses too, so `validate` and `number --check` report the same problems.
"""

from __future__ import annotations

from collections import defaultdict

from bulletin_cli.diagnostics.reporter import Reporter
from bulletin_cli.model.issue import Issue
from bulletin_cli.series.numbering import (
    Numbered,
    describe_sequence,
    sequence_key,
    sorted_by,
    work_out_numbers,
)

__all__ = ["check_series", "sequence_key", "describe_sequence"]


def check_series(issues: list[Issue], reporter: Reporter) -> None:
    # An issue without a number (numbering = "none", a month edition) is known by its date:
    # none of the numbering checks apply to it.
    issues = [issue for issue in issues if issue.number is not None]
    sequences: dict[tuple, list[Issue]] = defaultdict(list)
    for issue in issues:
        sequences[sequence_key(issue)].append(issue)
    # (path, key) pairs already reported, whether or not configuration turned the report off,
    # so N405 only covers what the specific checks did not.
    flagged: set[tuple] = set()
    # what `bulletin number` would make of each issue: N403 blames the file it would change
    given = _Given(issues)
    for key, members in sequences.items():
        _check_sequence(key, members, _Flagging(reporter, flagged), given)
    _check_cumulative([i for i in issues if not i.supplement], _Flagging(reporter, flagged))
    _check_worked_out(given.worked(), reporter, flagged)


def _date(issue: Issue):
    return issue.date


def _number(issue: Issue) -> int:
    return issue.number or 0


class _Given:
    """id(issue) -> the number the dates give it. The numbers are worked out once, on the first
    question (an N403) or for N405 after the other checks, and the table made only when asked:
    at 10,000 issues each of these holds about a megabyte while it lives."""

    def __init__(self, issues: list[Issue]) -> None:
        self._issues = issues
        self._worked: list[Numbered] | None = None
        self._numbers: dict[int, int] | None = None

    def worked(self) -> list[Numbered]:
        if self._worked is None:
            self._worked = work_out_numbers(self._issues)
        return self._worked

    def _table(self) -> dict[int, int]:
        if self._numbers is None:
            self._numbers = {id(n.issue): n.number for n in self.worked()}
        return self._numbers

    def __bool__(self) -> bool:
        return bool(self._issues)

    def get(self, key: int, default: int | None = None) -> int | None:
        return self._table().get(key, default)

    def __getitem__(self, key: int) -> int:
        return self._table()[key]


class _Flagging:
    """A reporter front that remembers which issue keys were reported."""

    def __init__(self, reporter: Reporter, flagged: set[tuple]) -> None:
        self.reporter, self.flagged = reporter, flagged

    def at(self, path, key_path, code, message, hint="", **kw) -> None:
        self.flagged.add((path, key_path[0] if key_path else None))
        self.reporter.at(path, key_path, code, message, hint, **kw)


def _at_number(reporter, issue: Issue, code: str, message: str, hint: str = "") -> None:
    reporter.at(issue.path, ("number",), code, message, hint)


def _check_worked_out(worked: list[Numbered], reporter: Reporter, flagged: set[tuple]) -> None:
    """N405: numbers that differ from what the dates give, for reasons the checks above miss
    (a year that does not restart at 1, a missing or skipped cumulative number)."""
    # A duplicate, gap or order problem explains the other changes in its sequence; N404 likewise.
    explained = {n.sequence for n in worked if (n.issue.path, "number") in flagged}
    cumulative_explained = any(key == "cumulative_number" for _, key in flagged)
    for numbered in worked:
        issue = numbered.issue
        if numbered.number_changes and numbered.sequence not in explained:
            _at_number(reporter, issue, "N405",
                       f"number {issue.number}: the dates give {numbered.number} "
                       f"({describe_sequence(numbered.sequence)} restart at 1 after the first year in the folder)"
                       if numbered.number == 1 else
                       f"number {issue.number}: the dates give {numbered.number}",
                       "`bulletin number FOLDER --write` renumbers the issues")
        if numbered.cumulative_changes and not cumulative_explained:
            if issue.cumulative_number is None:
                reporter.at(issue.path, ("number",), "N405",
                            f"no cumulative_number, but the series counts them: this is 总第{numbered.cumulative_number}期",
                            "`bulletin number FOLDER --write` adds it", on="key")
            else:
                reporter.at(issue.path, ("cumulative_number",), "N405",
                            f"cumulative number {issue.cumulative_number}: the dates give {numbered.cumulative_number}",
                            "`bulletin number FOLDER --write` renumbers the issues")


def _check_sequence(key: tuple, members: list[Issue], reporter, given: _Given | None = None) -> None:
    where = describe_sequence(key)
    by_number: dict[int, list[Issue]] = defaultdict(list)
    for issue in members:
        by_number[issue.number].append(issue)
    for number, same in sorted(by_number.items()):
        if len(same) > 1:
            first = sorted(same, key=lambda i: (i.date, str(i.path)))
            for later in first[1:]:
                _at_number(reporter, later, "N401",
                           f"number {number} is also used by {first[0].path.name if first[0].path else 'another issue'}"
                           f" among the {where}",
                           "run `bulletin number FOLDER` to see the numbering the dates give")
    numbers = sorted(by_number)
    for previous, current in zip(numbers, numbers[1:]):
        if current - previous > 1:
            missing = (f"number {previous + 1}" if current - previous == 2
                       else f"numbers {previous + 1}-{current - 1}")
            for issue in by_number[current]:
                _at_number(reporter, issue, "N402", f"{missing} missing among the {where}: "
                           f"this issue is {current}, the one before is {previous}",
                           "renumber, or add the missing issue")
    ordered = sorted_by(members, _date, _number)
    for before, after in zip(ordered, ordered[1:]):
        if after.date > before.date and after.number < before.number:
            hint = "issue numbers must increase with the date; `bulletin number FOLDER` shows the fix"
            changes = [i for i in (before, after) if given and given.get(id(i), i.number) != i.number]
            if changes == [before]:  # the earlier issue is the one renumbering moves (a new file, say)
                _at_number(reporter, before, "N403",
                           f"number {before.number} dated {before.date.isoformat()} comes before number "
                           f"{after.number} dated {after.date.isoformat()}; the dates give {given[id(before)]}", hint)
            else:
                _at_number(reporter, after, "N403",
                           f"number {after.number} dated {after.date.isoformat()} comes after number {before.number} "
                           f"dated {before.date.isoformat()}", hint)


def _check_cumulative(members: list[Issue], reporter) -> None:
    counted = sorted_by((i for i in members if i.cumulative_number is not None), _date, _number)
    for before, after in zip(counted, counted[1:]):
        assert before.cumulative_number is not None and after.cumulative_number is not None
        if after.cumulative_number <= before.cumulative_number:
            reporter.at(after.path, ("cumulative_number",), "N404",
                        f"cumulative number {after.cumulative_number} does not follow "
                        f"{before.cumulative_number} of the issue dated {before.date.isoformat()}",
                        "cumulative numbers (总第N期) must increase with every issue")
