"""`bulletin validate PATH...`"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Issue files, series.toml files or folders.", show_default=False),
    output_format: Optional[str] = typer.Option(
        None, "--format", "-f",
        help="text, json or github (default: github when GITHUB_ACTIONS=true, else text).", show_default=False),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary line."),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes in place (atomically, keeping every other "
                             "byte), then report what remains."),
    diff: bool = typer.Option(False, "--diff", help="Show the safe fixes as a unified diff; write nothing."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                                       help="Worker processes for large folders (default: one per core; "
                                            "also BULLETIN_JOBS)."),
) -> None:
    """Check issue files: syntax, structure, references, numbering across the series, text rules.

    Exit status: 0 no problems, 1 problems found, 2 usage or I/O error.
    With --diff: 0 nothing to fix, 1 the diff is not empty.
    """
    from bulletin_cli.diagnostics import report
    from bulletin_cli.operations.validate import NothingToValidate, validate_paths

    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen not in report.FORMATS:
        raise fail(f"unknown --format '{chosen}'; choose one of {', '.join(report.FORMATS)}")
    if diff or fix:
        from bulletin_cli.cli.fix import run_fixes

        result = run_fixes(paths, preview_only=diff)
        if result is None:  # --diff: the diff was the output
            return
    else:
        try:
            result = validate_paths(paths, jobs=jobs, keep_issues=False)
        except NothingToValidate as error:
            raise fail(str(error))
    checked = len(result.checked)
    if chosen == "json":
        typer.echo(report.format_json(result.diagnostics, checked))
    elif chosen == "github":
        typer.echo(report.format_github(result.diagnostics, checked))
    else:
        if result.diagnostics:
            typer.echo(report.format_text(result.diagnostics))
        if not quiet:
            typer.echo(report.summary(result.diagnostics, checked), err=bool(result.diagnostics))
    raise typer.Exit(1 if result.failed(strict) else 0)
