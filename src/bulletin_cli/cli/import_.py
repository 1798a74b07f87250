"""`bulletin import FILE.xml [-o OUT.toml]`, `bulletin import FILE.txt... -o FOLDER/` and
`bulletin import piece.docx... --into ISSUE.toml`"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from bulletin_cli.cli.app import app, fail


@app.command("import")
def import_(
    sources: list[Path] = typer.Argument(..., help="An XML issue (docs/xml.md), or bulletins (.txt, .docx, .pdf files "
                                         "or folders of them).", show_default=False, metavar="FILE..."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o",
        help="XML: the TOML file (or folder) to write; - for standard output. Default: the XML's name with .toml. "
             "Text: the series folder to write (required).",
        show_default=False),
    force: bool = typer.Option(False, "--force", help="XML only: overwrite the output file if it exists."),
    into: Optional[Path] = typer.Option(None, "--into", help="Add each FILE (.txt, .docx, .pdf: one submitted "
                                        "article each, 信息报送) to this issue file, keeping every other byte of it.",
                                        show_default=False,
                                        metavar="ISSUE.toml"),
    column: Optional[str] = typer.Option(None, "--column", help="With --into: the column of the new articles, one "
                                         "the series or issue declares.", show_default=False),
    article_files: bool = typer.Option(False, "--article-file", help="With --into: write each article to a file "
                                       "of its own, articles/ISSUE-ID.toml beside the issue, and reference it."),
    report_format: str = typer.Option("text", "--report", help="Text import: the report of guesses, text or json.",
                                      metavar="text|json"),
) -> None:
    """Turn an XML issue back into a TOML issue file, or text bulletins into a series folder (docs/cli/import.md).

    XML: beside a series.toml the TOML holds only what differs from the series; elsewhere it stands alone. The result is loaded again before it is written and must give the same issue as the XML, so nothing is lost on the way.

    Text (.txt, UTF-8 or GB18030/GBK), Word (.docx) and PDF (.pdf; both need the import extra): the structure of each bulletin is recognised (masthead, contents, columns, titles, sources, colophon; in a PDF from the fonts, sizes, colours and positions too) and extraction artefacts repaired; -o FOLDER gets a series.toml and one issue file per bulletin, never overwriting a file. Every guess is reported with its line (a PDF's: page and line) and a confidence.

    --into ISSUE.toml: each FILE is one submitted article (title, ——subtitle, （unit） or 作者 line, body), added in order at the end of the issue file, every other byte kept; --column names its column. The issue must validate before and after; nothing is written otherwise.

    Exit status: 0 written, 1 the input has errors or cannot be written as TOML, 2 usage or I/O error.
    """  # noqa: E501 - one line per paragraph: the help formatter keeps line breaks
    if into is not None:
        _add_piece(sources, into, column, output, report_format, article_files)
        return
    if column is not None or article_files:
        raise fail(("--column" if column is not None else "--article-file") + " goes with --into ISSUE.toml")
    texts = [s for s in sources if s.is_dir() or s.suffix.lower() in (".txt", ".docx", ".pdf")]
    if texts:
        _import_text(sources, output, report_format)
        return
    if len(sources) != 1:
        raise fail("give one XML file at a time (several files are for text bulletins, .txt)")
    _import_xml(sources[0], output, force)


def _import_text(sources: list[Path], output: Optional[str], report_format: str) -> None:
    from bulletin_cli.operations.importing import TextImportError, plan_import, report_json, report_text, write_plan
    from bulletin_cli.operations.progress import Progress

    if report_format not in ("text", "json"):
        raise fail(f"--report {report_format}: choose text or json")
    if not output or output == "-":
        raise fail("text import writes a series folder: give it with -o FOLDER/")
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files += sorted(p for p in source.iterdir() if p.suffix.lower() in (".txt", ".docx", ".pdf"))
        elif source.is_file():
            if source.suffix.lower() not in (".txt", ".docx", ".pdf"):
                raise fail(f"{source}: only .txt, .docx and .pdf files can be imported together")
            files.append(source)
        else:
            raise fail(f"{source}: no such file")
    if not files:
        raise fail("no .txt, .docx or .pdf files to import")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise fail(f"{folder} is not a folder")
    progress = Progress(len(files), label="importing")
    try:
        plan = plan_import(files, folder, lambda path: progress.advance())
        progress.close()
        written = write_plan(plan)
    except TextImportError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1)
    except OSError as error:
        raise fail(f"cannot write into {folder}: {error.strerror or error}")
    if report_format == "json":
        typer.echo(report_json(plan))
    else:
        typer.echo(report_text(plan), err=True)
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def _add_piece(sources: list[Path], into: Path, column: Optional[str], output: Optional[str],
               report_format: str, article_files: bool) -> None:
    from bulletin_cli.diagnostics import report
    from bulletin_cli.operations.import_piece import PIECES, PieceError, add_pieces, report_json, report_text
    from bulletin_cli.operations.importing import TextImportError

    if report_format not in ("text", "json"):
        raise fail(f"--report {report_format}: choose text or json")
    if output:
        raise fail("--into writes into the issue file: leave out -o")
    pieces: list[Path] = []
    for source in sources:
        if source.is_dir():
            pieces += sorted(p for p in source.iterdir() if p.suffix.lower() in PIECES and p.is_file())
        elif source.suffix.lower() not in PIECES:
            raise fail(f"{source}: --into takes pieces as .txt, .docx or .pdf files")
        elif not source.is_file():
            raise fail(f"{source}: no such file")
        else:
            pieces.append(source)
    if not pieces:
        raise fail("no .txt, .docx or .pdf pieces to add")
    if not into.is_file():
        raise fail(f"{into}: no such issue file" if not into.exists() else f"{into}: not an issue file")
    try:
        result = add_pieces(pieces, into, column, article_files=article_files)
    except PieceError as error:
        if error.diagnostics:
            typer.echo(report.format_text(error.diagnostics[:10]), err=True)
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1)
    except TextImportError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1)
    except OSError as error:
        raise fail(f"cannot write {error.filename or into}: {error.strerror or error}")
    if report_format == "json":
        typer.echo(report_json(result))
    typer.echo(report_text(result), err=True)


def _import_xml(source: Path, output: Optional[str], force: bool) -> None:
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
