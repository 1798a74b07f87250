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

from bulletin_cli.diagnostics.codes import DiagnosedError
from bulletin_cli.model.issue import Issue


class NewIssueError(DiagnosedError):
    """Something that stops `bulletin new`; ``exit_code`` 2 for usage and I/O, 1 for invalid issues."""

    def __init__(self, message: str, exit_code: int = 2, diagnostics: list | None = None) -> None:
        super().__init__(message, diagnostics)
        self.exit_code = exit_code


@dataclass(frozen=True)
class NewIssue:
    path: Path
    text: str
    number: int | None  # None in a series with numbering = "none"
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
             for i in sorted(issues, key=lambda i: (i.date, i.number or 0)) if i.path is not None]
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
    if name is None or values["number"] is None and (folder / name).exists():
        # without a number (numbering = "none") a digit run the pattern cannot explain is copied
        # as written, which would name the file of an existing issue: the month names it instead
        kind = "-supplement-" if supplement else "-"
        sequence = values["number"] if values["number"] is not None else values["month"]
        name = f"{values['year']}{kind}{sequence:02d}.toml"
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
    if (target.parent / "issue.schema.json").is_file():
        return "#:schema ./issue.schema.json"
    # no schema to point at (a first issue): say how to make one, never name a missing file
    return ("# Editor completion: `bulletin schema issue > issue.schema.json`, then make this line\n"
            "# #:schema ./issue.schema.json")


def issue_text(settings: dict, number: int | None, date: dt.date, cumulative: int | None, supplement: bool,
               schema_line: str, issue_line: str) -> str:
    import tomli_w

    declared = settings.get("columns") if isinstance(settings.get("columns"), list) else []
    columns = [c for c in declared if isinstance(c, str)] or [None]
    language = settings.get("language", "zh-CN")
    english = language == "en"
    head: dict = {"date": date} if number is None else {"number": number, "date": date}
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
