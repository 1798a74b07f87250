"""The typer application that the command modules attach to."""

import typer

from bulletin_cli import __version__

app = typer.Typer(
    name="bulletin",
    help="Write periodic bulletins (简报 / 信息专报, newsletters) in TOML; validate and export them.",
    add_completion=True,  # --install-completion / --show-completion (docs/cli/completion.md)
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


def reflow_help(application: typer.Typer) -> None:
    """Join the docstring lines of each command's help into paragraphs, so the terminal wraps
    them (typer keeps a docstring's line breaks, and a narrow terminal then breaks each line
    again: sentences broke mid-way). Lines starting with "-" or indented stay lines."""
    import inspect

    for command in application.registered_commands:
        if command.help is None and command.callback is not None and command.callback.__doc__:
            command.help = _reflowed(inspect.getdoc(command.callback) or "")


def _reflowed(text: str) -> str:
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        joined = [lines[0]]
        for line in lines[1:]:
            if line.startswith(("-", " ", "*", "\b")) or joined[-1].startswith("\b"):
                joined.append(line)
            else:
                joined[-1] += " " + line.strip()
        paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print an error for the user (no traceback) and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)
