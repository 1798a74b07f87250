"""The --fix and --diff modes of `bulletin validate` (the work is in validation.fixing)."""

from __future__ import annotations

from pathlib import Path

import typer

from bulletin_cli.cli.app import fail
from bulletin_cli.operations.validate import NothingToValidate, ValidationResult


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def run_fixes(paths: list[Path], *, preview_only: bool) -> ValidationResult | None:
    """Fix (or preview); returns what remains to report, or None when the diff was the whole answer."""
    from bulletin_cli.operations import fix as fixing

    try:
        outcome = fixing.preview(paths) if preview_only else fixing.fix_in_place(paths)
    except NothingToValidate as error:
        raise fail(str(error))
    except OSError as error:
        raise fail(f"cannot write the fixed file: {error}")
    for path, reason in outcome.skipped:
        typer.echo(f"not fixed: {path}: {reason}", err=True)
    count = f"{_plural(outcome.applied, 'fix', 'fixes')} in {_plural(len(outcome.files), 'file')}"
    if preview_only:
        text = outcome.diff()
        if text:
            typer.echo(text, nl=False)
        typer.echo(f"{count} would be applied (nothing written; run with --fix to apply)." if outcome.files
                   else "Nothing to fix.", err=True)
        raise typer.Exit(1 if outcome.files else 0)
    if outcome.files:
        typer.echo(f"Fixed: {count} ({', '.join(str(f.path) for f in outcome.files)}).", err=True)
    assert outcome.result is not None
    return outcome.result
