"""`bulletin new FOLDER`"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def new(
    folder: Path = typer.Argument(..., help="The series folder (holding series.toml).", show_default=False),
    date: Optional[str] = typer.Option(None, "--date", help="Issue date, YYYY-MM-DD (default: today).",
                                       show_default=False),
    supplement: bool = typer.Option(False, "--supplement", help="A supplement (增刊), numbered in its own sequence."),
    name: Optional[str] = typer.Option(None, "--name", help="File name inside the folder (default: follows the "
                                       "existing issues' names, e.g. 2023-07.toml after 2023-06.toml).",
                                       show_default=False),
    number: Optional[int] = typer.Option(None, "--number", min=1, help="Issue number (default: the next one "
                                         "after the existing issues; give it for a series started mid-year).",
                                         show_default=False),
    cumulative: Optional[int] = typer.Option(None, "--cumulative", min=1, help="Cumulative number 总第N期 "
                                             "(default: the next one, if the series counts them).",
                                             show_default=False),
) -> None:
    """Write the next issue file of a series: next number, the date, one empty article per column.

    Never overwrites a file. Prints the path written. Exit status: 0 written, 1 the series
    has an unreadable issue, 2 usage or I/O error (file exists, bad date, no series.toml).
    """
    from bulletin_cli.diagnostics import report
    from bulletin_cli.operations.new_issue import plan_new_issue, write_new
    from bulletin_cli.series.newissue import NewIssueError

    chosen = None
    if date is not None:
        try:
            chosen = dt.date.fromisoformat(date)
        except ValueError:
            raise fail(_bad_date(date))
    try:
        planned = plan_new_issue(folder, chosen, supplement, name, number, cumulative)
    except NewIssueError as error:
        if error.diagnostics:
            typer.echo(report.format_text(error.diagnostics), err=True)
        raise fail(str(error), error.exit_code)
    try:
        write_new(planned.path, planned.text.encode("utf-8"))
    except FileExistsError:
        raise fail(f"{planned.path} already exists; `bulletin new` never overwrites a file "
                   "(choose another name with --name, or another --date)")
    except OSError as error:
        raise fail(f"cannot write {planned.path}: {error.strerror or error}")
    typer.echo(str(planned.path))


def _bad_date(text: str) -> str:
    """Why --date is refused: a date that does not exist, or one not written YYYY-MM-DD."""
    import calendar
    import re

    parts = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if parts:
        year, month, day = (int(p) for p in parts.groups())
        if not 1 <= month <= 12:
            return f"--date {text}: there is no month {month}; months run from 01 to 12"
        days = calendar.monthrange(year, month)[1]
        return (f"--date {text}: that date does not exist; {calendar.month_name[month]} {year} "
                f"has {days} days")
    return f"--date {text}: write the date as YYYY-MM-DD, e.g. --date 2023-09-01"
