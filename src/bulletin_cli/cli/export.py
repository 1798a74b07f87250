"""`bulletin export PATH... --to FORMAT [-o OUT]`"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def export(
    paths: List[Path] = typer.Argument(..., help="Issue files, series folders or folders of series.",
                                       show_default=False),
    to: str = typer.Option(..., "--to", "-t", help="Output format (see `bulletin formats`).", show_default=False),
    output: Optional[str] = typer.Option(
        None, "--output", "-o",
        help="FILE, DIR (ends with / or has no suffix), or - for standard output. "
             "Default: ./<stem><ext> for one issue.", show_default=False),
    width: Optional[int] = typer.Option(None, "--width", help="Text formats: display columns per line; "
                                        "0 leaves paragraphs unwrapped.", show_default=False),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text formats: utf-8, gb18030 or gbk."),
    newline: str = typer.Option("lf", "--newline", help="Text formats: lf or crlf."),
    extra: List[str] = typer.Option([], "--option", "-O", help="key=value for the exporter (repeatable).",
                                    show_default=False),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Parallel workers (default: one per core; "
                                       "1 exports serially).", show_default=False),
    no_search: bool = typer.Option(False, "--no-search", help="HTML site: build no search index and show no "
                                   "search box (the same as -O search=no)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only: no warnings, no summary line."),
) -> None:
    """Export issues to a format: one issue to a file, a folder to a folder, several issues to one file.

    Issues are checked first: an invalid issue is refused with the messages `bulletin validate` prints.

    Every file is written atomically. Exit status: 0 done, 1 invalid issue or failed exporter, 2 usage or I/O error.
    """
    from bulletin_cli.diagnostics import report
    from bulletin_cli.operations import export as runner

    if jobs is not None and jobs < 1:
        raise fail(f"--jobs must be 1 or more, not {jobs}")
    try:
        options = runner.make_options(width, encoding, newline, [*extra, *(["search=no"] if no_search else [])])
        result = runner.export_paths(paths, to, output, options, jobs=jobs,
                                     stdout_is_terminal=_is_terminal(sys.stdout))
    except runner.ExportError as error:
        if error.diagnostics:
            typer.echo(report.format_text(error.diagnostics), err=True)
            typer.echo(report.summary(error.diagnostics, error.checked),
                       err=True)
        raise fail(str(error), error.exit_code)
    if result.warnings and not quiet:
        typer.echo(report.format_text(result.warnings), err=True)
    if result.stdout is not None:
        sys.stdout.buffer.write(result.stdout)
        sys.stdout.buffer.flush()
    for message in result.failures:
        typer.echo(f"error: {message}", err=True)
    if not quiet:
        for note in result.notes:
            typer.echo(note, err=True)
        if not (result.usage_error and not result.written):  # a refused option is one story: the error
            typer.echo(result.summary(), err=True)
    raise typer.Exit(0 if result.ok else 2 if result.usage_error else 1)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
