"""Checks across the issues of one series: duplicate numbers, gaps, numbers out of date order."""

from __future__ import annotations

from collections import defaultdict

from bulletin_cli.model.document import Reporter
from bulletin_cli.model.issue import Issue


def sequence_key(issue: Issue) -> tuple:
    """Issues numbered in one run: per year (or the whole series) and regular vs supplement."""
    return (issue.year if issue.numbering == "yearly" else None, issue.supplement)


def describe_sequence(key: tuple) -> str:
    year, supplement = key
    kind = "supplements" if supplement else "issues"
    return f"{kind} of {year}" if year is not None else f"{kind}"


def check_series(issues: list[Issue], reporter: Reporter) -> None:
    sequences: dict[tuple, list[Issue]] = defaultdict(list)
    for issue in issues:
        sequences[sequence_key(issue)].append(issue)
    for key, members in sequences.items():
        _check_sequence(key, members, reporter)
    _check_cumulative([i for i in issues if not i.supplement], reporter)


def _at_number(reporter: Reporter, issue: Issue, code: str, message: str, hint: str = "") -> None:
    reporter.at(issue.path, ("number",), code, message, hint)


def _check_sequence(key: tuple, members: list[Issue], reporter: Reporter) -> None:
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
    ordered = sorted(members, key=lambda i: (i.date, i.number))
    for before, after in zip(ordered, ordered[1:]):
        if after.date > before.date and after.number < before.number:
            _at_number(reporter, after, "N403",
                       f"number {after.number} dated {after.date.isoformat()} comes after number {before.number} "
                       f"dated {before.date.isoformat()}",
                       "issue numbers must increase with the date; `bulletin number FOLDER` shows the fix")


def _check_cumulative(members: list[Issue], reporter: Reporter) -> None:
    counted = sorted((i for i in members if i.cumulative_number is not None), key=lambda i: (i.date, i.number))
    for before, after in zip(counted, counted[1:]):
        assert before.cumulative_number is not None and after.cumulative_number is not None
        if after.cumulative_number <= before.cumulative_number:
            reporter.at(after.path, ("cumulative_number",), "N404",
                        f"cumulative number {after.cumulative_number} does not follow "
                        f"{before.cumulative_number} of the issue dated {before.date.isoformat()}",
                        "cumulative numbers (总第N期) must increase with every issue")
