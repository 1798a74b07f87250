"""`bulletin import FILE.xml [-o OUT.toml]`"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from bulletin_cli.cli.app import app, fail


@app.command("import")
def import_(
    source: Path = typer.Argument(..., help="An XML issue (the bulletin-cli vocabulary, docs/xml.md).",
                                  show_default=False, metavar="FILE.xml"),
    output: Optional[str] = typer.Option(
        None, "--output", "-o",
        help="The TOML file (or folder) to write; - for standard output. Default: the XML's name with .toml.",
        show_default=False),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
) -> None:
    """Turn an XML issue back into a TOML issue file (docs/cli/import.md).

    Beside a series.toml the TOML holds only what differs from the series; elsewhere it stands alone. The result is loaded again before it is written and must give the same issue as the XML, so nothing is lost on the way.

    Exit status: 0 written, 1 the XML has errors or cannot be written as TOML, 2 usage or I/O error.
    """  # noqa: E501 - one line per paragraph: the help formatter keeps line breaks
    from bulletin_cli.diagnostics import report
    from bulletin_cli.files.atomic import write_atomic
    from bulletin_cli.operations.import_xml import ImportFailed, import_xml

    if not source.is_file():
        raise fail(f"{source}: no such file" if not source.exists() else f"{source}: not a file")
    to_stdout = output == "-"
    target = None if to_stdout else Path(output) if output else source.with_suffix(".toml")
    if target is not None and output and (output.endswith(("/", "\\")) or target.is_dir()):
        target = target / f"{source.stem}.toml"  # -o FOLDER: the XML's name, in that folder
    if target is not None:
        if target.resolve() == source.resolve():
            raise fail(f"{target}: the output would overwrite the XML being imported; choose another name with -o")
        if target.exists() and not force:
            raise fail(f"{target} already exists; use --force to overwrite it, or -o to choose another file")
        if target.exists() and not target.is_file():
            raise fail(f"{target} is not a file")
    try:
        result = import_xml(source, target)
    except ImportFailed as error:
        if error.diagnostics:
            typer.echo(report.format_text(error.diagnostics), err=True)
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1)
    if result.diagnostics:
        typer.echo(report.format_text(result.diagnostics), err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if to_stdout:
        typer.echo(result.toml, nl=False)
        return
    assert target is not None
    try:
        write_atomic(target, result.toml.encode("utf-8"))
    except OSError as error:
        raise fail(f"cannot write {target}: {error.strerror or error}")
    typer.echo(f"wrote {target}", err=True)
