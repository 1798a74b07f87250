"""`bulletin fonts [FOLDER|ISSUE]`"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def fonts(
    path: Optional[Path] = typer.Argument(None, help="A series folder or an issue: its [fonts] table. "
                                          "Without one, the GB/T 9704 defaults.", show_default=False),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Say which face each font role (小标宋, 仿宋, 黑体, 楷体, …) gets on this machine.

    Asks fontconfig (fc-match) for the family the series' [fonts] names, or the default
    (仿宋 for the text …), and warns when another style stands in: a 宋体 or 黑体 for 仿宋, a
    sans for 楷体. Without fontconfig (Windows, macOS) it says so.

    Exit status: 0 every role gets a face of its style (or fontconfig is absent), 1 a role
    falls back or [fonts] has errors, 2 usage or I/O error.
    """
    import json

    from bulletin_cli.diagnostics import report
    from bulletin_cli.diagnostics.reporter import Reporter
    from bulletin_cli.operations import fonts as font_roles

    if output_format not in ("text", "json"):
        raise fail(f"unknown --format '{output_format}'; choose text or json")
    if path is not None and not path.exists():
        raise fail(f"{path}: no such file or folder")
    reporter = Reporter()
    table = font_roles.fonts_of(path, reporter)
    if reporter.diagnostics:
        typer.echo(report.format_text(reporter.diagnostics), err=True)
    if table is None or any(d.severity.name == "ERROR" for d in reporter.diagnostics):
        raise fail(f"{path}: its [fonts] cannot be read; fix the errors above", 1)
    result = font_roles.fonts_report(table)
    if output_format == "json":
        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(font_roles.format_text(result), nl=False)
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
    if result.warnings:
        raise typer.Exit(1)
