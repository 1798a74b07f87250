"""The typer application that the command modules attach to."""

import typer

from bulletin_cli import __version__

app = typer.Typer(
    name="bulletin",
    help="Write periodic bulletins (简报 / 信息专报, newsletters) in TOML; validate and export them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bulletin-cli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Write periodic bulletins (简报 / 信息专报, newsletters) in TOML; validate and export them."""


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print an error for the user (no traceback) and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)
