"""`bulletin new` as a library call: the next issue file of a series.

The file gets the next number (from the existing issues and the new date's year), the date,
a cumulative number when the series counts them, and one empty [[articles]] table per
column of the series. Title and body are left empty on purpose: `bulletin validate` refuses
the file ("'title' is empty") until the editor has written them, so a placeholder can never
be published by mistake.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bulletin_cli.model.loader import is_inside
from bulletin_cli.model.issue import Issue
from bulletin_cli.numbering.series import next_cumulative, next_number, uses_cumulative


class NewIssueError(Exception):
    """Something that stops `bulletin new`; ``exit_code`` 2 for usage and I/O, 1 for invalid issues."""

    def __init__(self, message: str, exit_code: int = 2, diagnostics: list | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.diagnostics = diagnostics or []


@dataclass(frozen=True)
class NewIssue:
    path: Path
    text: str
    number: int
    cumulative_number: int | None
    date: dt.date
    supplement: bool


# -- the file name -------------------------------------------------------------------------

_RUN = re.compile(r"\d+")
_PRIORITY = ("year", "number", "cumulative", "month", "day")


def _fields(issue: Issue) -> dict[str, int | None]:
    return {"year": issue.year, "number": issue.number, "cumulative": issue.cumulative_number,
            "month": issue.date.month, "day": issue.date.day}


def _skeleton(name: str) -> str:
    return _RUN.sub("#", name)


def name_pattern(folder: Path, issues: list[Issue]) -> list[tuple[str, str | int]] | None:
    """The naming pattern the latest of ``issues`` follows, as parts: literal text, or
    (field, width) for the digit runs that stand for its year, number, month … consistently
    across every issue named alike. None when no run can be explained."""
    named = [(PurePosixPath(i.path.resolve().relative_to(folder.resolve()).as_posix()), i)
             for i in sorted(issues, key=lambda i: (i.date, i.number)) if i.path is not None]
    if not named:
        return None
    latest_name, _ = named[-1]
    skeleton = _skeleton(str(latest_name))
    alike = [(str(n), i) for n, i in named if _skeleton(str(n)) == skeleton]
    candidates: list[set[str]] | None = None
    for name, issue in alike:
        values = _fields(issue)
        runs = _RUN.findall(name)
        fits = [{f for f, v in values.items() if v is not None and int(run) == v} for run in runs]
        candidates = fits if candidates is None else [a & b for a, b in zip(candidates, fits)]
    assert candidates is not None
    if not any(candidates):
        return None
    parts: list = []
    latest = str(latest_name)
    position = 0
    for match, fits in zip(_RUN.finditer(latest), candidates):
        parts.append(latest[position:match.start()])
        chosen = next((f for f in _PRIORITY if f in fits), None)
        run = match.group()
        parts.append((chosen, len(run) if run.startswith("0") or chosen != "year" else 0) if chosen else run)
        position = match.end()
    parts.append(latest[position:])
    return parts


def render_name(parts: list, values: dict[str, int | None]) -> str | None:
    out = []
    for part in parts:
        if isinstance(part, tuple):
            field, width = part
            value = values.get(field)
            if value is None:
                return None
            out.append(str(value).zfill(width))
        else:
            out.append(part)
    return "".join(out)


def next_name(folder: Path, issues: list[Issue], values: dict[str, int | None], supplement: bool) -> str:
    """The new file's path relative to the folder, following the existing issues' names."""
    same_kind = [i for i in issues if i.supplement == supplement]
    parts = name_pattern(folder, same_kind)
    name = render_name(parts, values) if parts else None
    if name is None:
        kind = "-supplement-" if supplement else "-"
        name = f"{values['year']}{kind}{values['number']:02d}.toml"
    return name


# -- the file ------------------------------------------------------------------------------


def _schema_line(folder: Path, target: Path, issues: list[Issue]) -> str:
    """#:schema as the existing issues write it, re-pointed from the new file's folder."""
    for issue in sorted(issues, key=lambda i: i.date, reverse=True):
        if issue.path is None:
            continue
        first = issue.path.read_text(encoding="utf-8-sig").split("\n", 1)[0].strip()
        if not first.startswith("#:schema "):
            continue
        reference = first[len("#:schema "):].strip()
        if "://" in reference or os.path.isabs(reference):
            return f"#:schema {reference}"
        schema = (issue.path.parent / reference)
        relative = os.path.relpath(schema, target.parent)
        return f"#:schema {PurePosixPath(Path(relative).as_posix())}"
    return "#:schema ./issue.schema.json"


def issue_text(settings: dict, number: int, date: dt.date, cumulative: int | None, supplement: bool,
               schema_line: str, issue_line: str) -> str:
    import tomli_w

    declared = settings.get("columns") if isinstance(settings.get("columns"), list) else []
    columns = [c for c in declared if isinstance(c, str)] or [None]
    language = settings.get("language", "zh-CN")
    english = language == "en"
    head: dict = {"number": number, "date": date}
    if cumulative is not None:
        head["cumulative_number"] = cumulative
    if supplement:
        head["supplement"] = True
    lines = [
        schema_line,
        f"# {settings.get('name', '')} {issue_line}: written by `bulletin new`.",
        "# Fill in each article's title and body (bulletin validate refuses empty ones), and copy an",
    ]
    if columns != [None]:
        lines += ["# [[articles]] block for every further article of its column; delete the blocks",
                  "# of columns this issue does not use."]
    else:
        lines += ["# [[articles]] block for every further article."]
    lines += ["# Optional article keys: subtitle, source, author, editor_note."]
    colophon = settings.get("colophon") if isinstance(settings.get("colophon"), dict) else {}
    if colophon:
        lines.append("# The colophon (报尾) comes from series.toml; to change it for this issue only, add e.g.")
        lines.append('# [colophon]\n# extra_distribution = ["…"]')
    lines.append("")
    lines.append(tomli_w.dumps(head).rstrip("\n"))
    for index, column in enumerate(columns, start=1):
        article: dict = {"id": f"article-{index}"}
        if column is not None:
            article["column"] = column
        article.update({"title": "", "body": "\n"})
        lines.append("")
        if column is not None:
            lines.append(f"# {column}" if english else f"# 〔{column}〕")
        lines.append(tomli_w.dumps({"articles": [article]}, multiline_strings=True).rstrip("\n"))
    return "\n".join(lines) + "\n"


def plan_new_issue(folder: Path, date: dt.date | None = None, supplement: bool = False,
                   name: str | None = None) -> NewIssue:
    """Work out the next issue of the series in ``folder`` (nothing is written)."""
    import tomli

    from bulletin_cli.model.loader import SERIES_FILE
    from bulletin_cli.numbering.contents import short_issue_line
    from bulletin_cli.validation.diagnostics import Severity
    from bulletin_cli.validation.runner import validate_paths

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
    number = next_number(issues, date.year, supplement, numbering)
    cumulative = None
    if not supplement and (uses_cumulative(issues) or settings.get("cumulative_numbers") is True):
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
    from bulletin_cli.api import write_atomic

    write_atomic(path, data, overwrite=False)
