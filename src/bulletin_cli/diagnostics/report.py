"""Writing diagnostics for people (text), programs (json) and GitHub Actions (github)."""

from __future__ import annotations

import json
from typing import Iterable

from bulletin_cli.diagnostics.codes import CODES, Diagnostic, Severity

FORMATS = ("text", "json", "github")
GITHUB_ANNOTATION_LIMIT = 10  # GitHub shows at most 10 annotations per type and step


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: list[Diagnostic], checked: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity == Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity == Severity.WARNING)
    files = len({d.display_path for d in diagnostics})
    if not diagnostics:
        return f"All good: {_plural(checked, 'file')} checked, no problems."
    return (f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {_plural(files, 'file')} "
            f"({_plural(checked, 'file')} checked).")


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        name = CODES[d.code].name if d.code in CODES else ""
        lines.append(f"{d.display_path}:{d.line}:{d.column}: {d.severity} {d.code}"
                     f"{f' [{name}]' if name else ''} {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    return "\n".join(lines)


def as_dict(d: Diagnostic) -> dict:
    return {
        "file": d.display_path,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "severity": str(d.severity),
        "code": d.code,
        "rule": CODES[d.code].name if d.code in CODES else "",
        "message": d.message,
        "hint": d.hint or None,
        "key_path": [k for k in d.key_path],
        "fixable": d.fix is not None,
    }


def format_json(diagnostics: list[Diagnostic], checked: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity == Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity == Severity.WARNING)
    payload = {
        "version": 1,
        "checked_files": checked,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [as_dict(d) for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: list[Diagnostic], checked: int) -> str:
    """Workflow commands; the first ten of each type become annotations, the rest plain lines."""
    lines = [summary(diagnostics, checked)]
    shown = {"error": 0, "warning": 0, "notice": 0}
    for d in diagnostics:
        kind = {"error": "error", "warning": "warning"}.get(str(d.severity), "notice")
        text = f"{d.code} {d.message}" + (f" (hint: {d.hint})" if d.hint else "")
        if shown[kind] < GITHUB_ANNOTATION_LIMIT:
            shown[kind] += 1
            props = [f"file={_escape_property(d.display_path)}", f"line={d.line}", f"col={d.column}"]
            if d.end_line:
                props.append(f"endLine={d.end_line}")
            if d.end_column:
                props.append(f"endColumn={d.end_column}")
            props.append(f"title={_escape_property('bulletin ' + d.code)}")
            lines.append(f"::{kind} {','.join(props)}::{_escape_data(text)}")
        else:
            lines.append(f"{d.display_path}:{d.line}:{d.column}: {d.severity} {text}")
    hidden = sum(max(0, n - GITHUB_ANNOTATION_LIMIT) for n in (
        sum(1 for d in diagnostics if str(d.severity) == k) for k in ("error", "warning")))
    if hidden:
        lines.append(f"({hidden} more problems listed as plain lines above: GitHub shows 10 annotations per type)")
    return "\n".join(lines)
