"""`bulletin toc ISSUE|FOLDER`"""

from __future__ import annotations

from pathlib import Path

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def toc(
    path: Path = typer.Argument(..., help="An issue file (its contents) or a series folder (the series index).",
                                show_default=False),
    output_format: str = typer.Option("text", "--format", "-f", help="text, markdown or json."),
    by: str = typer.Option("issue", "--by", help="For a folder: group each year by issue, or by column."),
) -> None:
    """Print the contents of an issue (by column) or the index of a series folder (年度总目录).

    Columns come in declared order (〔工作动态〕 then its titles …), with article numbers when
    the series sets article_numbers = true. A folder gives year → issue → column → article,
    or year → column → article with --by column.

    Exit status: 0 ok, 1 invalid issues (reported as `bulletin validate` reports them), 2 usage or I/O error.
    """
    from bulletin_cli import api
    from bulletin_cli.diagnostics import report
    from bulletin_cli.model import contents
    from bulletin_cli.operations.validate import NothingToValidate
    from bulletin_cli.series.numbering import by_series

    if output_format not in contents.FORMATS:
        raise fail(f"unknown --format '{output_format}'; choose one of {', '.join(contents.FORMATS)}")
    if by not in contents.GROUPINGS:
        raise fail(f"unknown --by '{by}'; choose issue or column")
    if not path.exists():
        raise fail(f"{path}: no such file or folder")
    if not path.is_dir() and by != "issue":
        raise fail("--by column groups the issues of a folder; give a series folder")
    try:
        issues = api.load_many([path])
    except NothingToValidate as error:
        raise fail(str(error))
    except api.InvalidIssue as error:
        typer.echo(report.format_text(error.diagnostics), err=True)
        raise fail("invalid issues; fix them first (see above)", 1)
    if not issues:
        raise fail(f"{path}: no issues found")
    if path.is_dir():
        structures = [contents.series_index(members, by) for members in by_series(issues).values()]
        if output_format == "json":
            # one series gives its index; a folder of several series gives a list of them
            import json

            typer.echo(json.dumps(structures[0] if len(structures) == 1 else structures,
                                  ensure_ascii=False, indent=2))
            return
        typer.echo("\n".join(contents.render(s, output_format) for s in structures), nl=False)
    else:
        typer.echo(contents.render(contents.issue_contents(issues[0]), output_format), nl=False)
