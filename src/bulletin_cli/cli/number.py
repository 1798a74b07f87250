"""`bulletin number FOLDER`"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from bulletin_cli.cli.app import app, fail


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@app.command()
def number(
    paths: List[Path] = typer.Argument(..., help="Series folders (or issue files: their whole series is numbered).",
                                       show_default=False),
    check: bool = typer.Option(False, "--check", help="Change nothing; exit 1 on gaps, duplicates, numbers out of "
                                                      "date order or any number that differs (for CI)."),
    write: bool = typer.Option(False, "--write", help="Edit the files in place, changing only the numbers."),
    headings: bool = typer.Option(False, "--headings",
                                  help="Also number the in-body headings 一、（一）1.（1） of Chinese articles."),
    output_format: Optional[str] = typer.Option(
        None, "--format", "-f", help="For --check: text, json or github (default: github when GITHUB_ACTIONS=true).",
        show_default=False),
) -> None:
    """Work out issue numbers (第N期, 总第N期, 增刊) from the dates; show, check or write them.

    Numbers restart each year (or run on: series key numbering), supplements count apart,
    and issues are ordered by date, then file name.

    Without options, print what would change as a unified diff (exit 0). Invalid issues are
    reported as `bulletin validate` reports them and never written.

    Exit status: 0 ok, 1 problems found (--check) or files left unwritten, 2 usage or I/O error.
    """
    from bulletin_cli.diagnostics import report
    from bulletin_cli.files.atomic import write_atomic
    from bulletin_cli.files.edit import unified_diff
    from bulletin_cli.operations.renumber import plan_renumbering
    from bulletin_cli.operations.validate import NothingToValidate

    again = "bulletin number --headings --write" if headings else "bulletin number --write"

    if check and write:
        raise fail("--check and --write do not go together: --check changes nothing")
    chosen = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen not in report.FORMATS:
        raise fail(f"unknown --format '{chosen}'; choose one of {', '.join(report.FORMATS)}")
    try:
        plan = plan_renumbering(paths, headings=headings)
    except NothingToValidate as error:
        raise fail(str(error))

    if check:
        # --check checks numbers: errors that leave numbering alone (an empty title in a
        # fresh `bulletin new` file) are validate's, named but not counted
        numbering_errors = [d for d in plan.errors if _about_numbering(d)]
        others = len(plan.errors) - len(numbering_errors)
        problems = sorted(plan.numbering_problems + numbering_errors + plan.heading_problems,
                          key=lambda d: d.sort_key())
        if chosen == "json":
            typer.echo(report.format_json(problems, plan.checked))
        elif chosen == "github":
            typer.echo(report.format_github(problems, plan.checked))
        else:
            if problems:
                typer.echo(report.format_text(problems))
            verdict = (f"{len(plan.changes)} file(s) need renumbering; `{again}` fixes them"
                       if plan.changes else "numbers are up to date")
            typer.echo(f"{verdict} ({plan.checked} file(s) checked).", err=bool(problems or plan.changes))
        if others:
            typer.echo(f"{others} other error(s) that do not concern numbers: `bulletin validate` shows them",
                       err=True)
        raise typer.Exit(1 if problems or plan.changes else 0)

    if plan.errors:
        typer.echo(report.format_text(plan.errors), err=True)
    for message in plan.not_editable:
        typer.echo(message, err=True)
    blocked = [c for c in plan.changes if c.path in plan.blocked]
    for change in blocked:
        typer.echo(f"{_display(change.path)}: not renumbered: the series has invalid issues "
                   f"({'; '.join(change.notes)})", err=True)
    if write:
        written = 0
        for change in plan.changes:
            if change.path in plan.blocked:
                continue
            write_atomic(change.path, change.after)
            written += 1
            typer.echo(f"{_display(change.path)}: {'; '.join(change.notes)}")
        typer.echo(f"{written} file(s) renumbered." if written else "Numbers are up to date; nothing written.",
                   err=True)
    else:
        for change in plan.changes:
            typer.echo(unified_diff(change.before, change.after, _display(change.path)), nl=False)
        if plan.changes:
            typer.echo(f"{len(plan.changes)} file(s) would change; `{again}` applies it.", err=True)
        else:
            typer.echo(f"Numbers are up to date ({plan.checked} file(s) checked).", err=True)
    raise typer.Exit(1 if plan.errors or blocked or (write and plan.not_editable) else 0)


def _about_numbering(diagnostic) -> bool:
    """Whether an error concerns numbers: the file cannot be read, or a numbering key is wrong."""
    key_path = tuple(diagnostic.key_path or ())
    return (diagnostic.code.startswith(("F", "N"))
            or key_path[:1] in {("number",), ("date",), ("cumulative_number",), ("supplement",)}
            or (diagnostic.code == "S202" and any(f"'{key}'" in diagnostic.message for key in ("number", "date"))))
