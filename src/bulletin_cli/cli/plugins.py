"""`bulletin plugins [--all] [--json]`"""

from __future__ import annotations

import typer

from bulletin_cli.cli.app import app


@app.command("plugins")
def plugins_command(
    show_all: bool = typer.Option(False, "--all", help="Include the built-in plugins."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: {\"plugins\": [...], \"errors\": [...]}."),
) -> None:
    """List installed plugins: name, package, version and the hooks each implements.

    Plugins that failed to load, or raised inside a hook, are listed as errors. Exit
    status: 0 all plugins loaded, 1 some failed (the rest still work).
    """
    import json

    from bulletin_cli import plugins

    plugins.exporters()  # call the hooks once, so that a plugin raising inside one is listed too
    plugins.rules()
    info = plugins.plugin_info(include_builtins=show_all)
    errors = plugins.plugin_errors()
    plugins._state.errors_shown = True
    if as_json:
        payload = {
            "plugins": info,
            "errors": [{"plugin": e.plugin, "package": e.package, "stage": e.stage, "error": e.error}
                       for e in errors],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        rows = [(p["name"], p["package"], p["version"], ", ".join(p["hooks"])) for p in info]
        if rows:
            typer.echo(table(("NAME", "PACKAGE", "VERSION", "HOOKS"), rows))
        else:
            typer.echo("No plugins installed" + ("" if show_all else " (--all shows the built-in ones)") + ".")
        for error in errors:
            typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1 if errors else 0)


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Left-aligned columns padded by display width (CJK descriptions line up too)."""
    from wcwidth import wcswidth

    def width(text: str) -> int:
        measured = wcswidth(text)
        return measured if measured >= 0 else len(text)

    widths = [max(width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
