"""`bulletin new` over a series folder: read the series, then plan and write the next issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bulletin_cli.files.paths import is_inside
from bulletin_cli.model.issue import Issue
from bulletin_cli.series.newissue import (
    NewIssue,
    NewIssueError,
    _schema_line,
    issue_text,
    next_name,
)
from bulletin_cli.series.numbering import next_cumulative, next_number, uses_cumulative


def plan_new_issue(folder: Path, date: dt.date | None = None, supplement: bool = False,
                   name: str | None = None, number: int | None = None, cumulative: int | None = None) -> NewIssue:
    """Work out the next issue of the series in ``folder`` (nothing is written).

    ``number`` and ``cumulative`` replace what the issues before give: for the first issue
    in the folder of a series started mid-year (第5期, 总第41期)."""
    import tomli

    from bulletin_cli.diagnostics.codes import Severity
    from bulletin_cli.formats.toml.loader import SERIES_FILE
    from bulletin_cli.model.contents import short_issue_line
    from bulletin_cli.operations.validate import validate_paths

    if not folder.is_dir():
        raise NewIssueError(f"{folder}: no such folder")
    series_file = folder / SERIES_FILE
    if not series_file.is_file():
        raise NewIssueError(f"{folder}: no {SERIES_FILE} here; `bulletin new` writes the next issue of a series "
                            f"(create {SERIES_FILE} with name, issuer and columns first)")
    try:
        settings = tomli.loads(series_file.read_text(encoding="utf-8-sig"))
    except (tomli.TOMLDecodeError, UnicodeDecodeError, OSError):
        result = validate_paths([series_file])
        raise NewIssueError(f"{series_file} is not valid", 1, result.diagnostics)
    date = date or dt.date.today()
    has_issues = any(p.suffix == ".toml" and p.name != SERIES_FILE for p in folder.rglob("*.toml"))
    issues: list[Issue] = []
    if has_issues:
        result = validate_paths([folder])
        issues = [i for i in result.issues.values()
                  if i.series_path is not None and i.series_path.resolve() == series_file.resolve()]
        built = {p.resolve() for p in result.issues}
        unreadable = [d for d in result.diagnostics if d.severity == Severity.ERROR and d.path is not None
                      and d.path.name != SERIES_FILE and d.path.resolve() not in built
                      and not d.code.startswith("N4")]
        if unreadable:
            raise NewIssueError("an issue of the series cannot be read, so the next number is unknown; fix it first",
                                1, unreadable)
    numbering = settings.get("numbering", "yearly")
    given_cumulative = cumulative
    if number is None and numbering != "none":  # month editions carry no number: the date names them
        number = next_number(issues, date.year, supplement, numbering)
    cumulative = None
    if given_cumulative is not None:
        cumulative = given_cumulative
    elif not supplement and (uses_cumulative(issues) or settings.get("cumulative_numbers") is True):
        cumulative = next_cumulative(issues) or 1
    values = {"year": date.year, "number": number, "cumulative": cumulative, "month": date.month, "day": date.day}
    relative = name if name is not None else next_name(folder, issues, values, supplement)
    if not relative.endswith(".toml"):
        relative += ".toml"
    target = folder / relative
    if not is_inside(target, folder):
        raise NewIssueError(f"--name {name}: the new issue must be inside {folder}")
    from bulletin_cli.model.issue import Issue as _Issue
    from bulletin_cli.model.labels import labels_for

    label_overrides = settings.get("labels") if isinstance(settings.get("labels"), dict) else {}
    probe = _Issue(name="", issuer="", date=date, number=number, articles=(), supplement=supplement,
                   labels=labels_for(str(settings.get("language", "zh-CN")),
                                     {k: v for k, v in label_overrides.items() if isinstance(v, str)}),
                   number_style="chinese" if settings.get("number_style") == "chinese" else "arabic")
    text = issue_text(settings, number, date, cumulative, supplement,
                      _schema_line(folder, target, issues), short_issue_line(probe))
    return NewIssue(target, text, number, cumulative, date, supplement)



def write_new(path: Path, data: bytes) -> None:
    """Write a new file atomically, never replacing one that exists (FileExistsError)."""
    from bulletin_cli.files.atomic import write_atomic

    write_atomic(path, data, overwrite=False)
