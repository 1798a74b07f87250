"""The library API for scripts: load, validate and export issues without the CLI.

    from bulletin_cli import api
    issue = api.load("examples/xuanchuan-zhuanbao/2023-06.toml")
    html = api.export(issue, "html")              # bytes
    api.write_atomic("out/2023-06.html", html)
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.files.atomic import write_atomic
from bulletin_cli.formats.exporter import Exporter, ExportOptions, encode_output
from bulletin_cli.model.issue import Issue
from bulletin_cli.operations.validate import NothingToValidate, ValidationResult, validate_paths

__all__ = [
    "Issue", "Exporter", "ExportOptions", "Diagnostic", "InvalidIssue", "NothingToValidate", "load", "load_many", "validate",
    "export", "export_collection", "encode_output", "write_atomic",
]


class InvalidIssue(Exception):
    """The issue has errors; ``diagnostics`` lists them as `bulletin validate` would."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == Severity.ERROR]
        first = errors[0] if errors else None
        where = f"{first.display_path}:{first.line}:{first.column}: {first.message}" if first else ""
        super().__init__(f"{len(errors)} error(s) in the issue; first: {where}")


def _path_list(paths: str | Path | Sequence[str | Path]) -> list[str | Path]:
    # one path given as a string is one path, not a sequence of one-letter paths
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


def validate(paths: str | Path | Sequence[str | Path]) -> ValidationResult:
    """Validate files and folders exactly as `bulletin validate` does; NothingToValidate if none hold issues."""
    return validate_paths(_path_list(paths))


def load_many(paths: str | Path | Sequence[str | Path]) -> list[Issue]:
    """Every issue in the given files and folders, in date order; raises InvalidIssue on errors."""
    result = validate_paths(_path_list(paths))
    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    if errors:
        raise InvalidIssue(result.diagnostics)
    return sorted(result.issues.values(), key=lambda i: (i.date, i.supplement, i.number, str(i.path)))


def load(path: str | Path) -> Issue:
    """One valid issue; raises InvalidIssue with every diagnostic when it has errors."""
    issues = load_many([path])
    if len(issues) != 1:
        raise ValueError(f"{path} holds {len(issues)} issues; use load_many")
    return issues[0]


def _exporter(name: str) -> Exporter:
    from bulletin_cli import plugins

    return plugins.get_exporter(name).exporter


def export(issue: Issue, format: str, options: ExportOptions | None = None) -> bytes:
    """One issue in the named format, as the bytes of the file."""
    options = options or ExportOptions()
    exporter = _exporter(format)
    return encode_output(exporter.render(issue, options), exporter, options)


def export_collection(issues: Sequence[Issue], format: str, options: ExportOptions | None = None) -> bytes:
    """Several issues in one file (a yearly EPUB, say), for formats that support it."""
    options = options or ExportOptions()
    exporter = _exporter(format)
    if exporter.render_collection is None:
        raise ValueError(f"format '{format}' cannot put several issues in one file")
    return encode_output(exporter.render_collection(issues, options), exporter, options)
