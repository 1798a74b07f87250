"""`bulletin formats [--json]`"""

from __future__ import annotations

import typer

from bulletin_cli.cli.app import app


@app.command()
def formats(
    as_json: bool = typer.Option(False, "--json", help="Print JSON: {\"formats\": [...], \"conflicts\": [...]}."),
) -> None:
    """List the output formats for `bulletin export --to`: name, extension, plugin, description.

    A format name claimed by two plugins is listed as an error (exporting it fails until
    one is uninstalled or left out with BULLETIN_LOAD_PLUGINS). Exit status: 0, or 1
    when there is such a conflict.
    """
    import json

    from bulletin_cli import plugins
    from bulletin_cli.cli.plugins import table

    found, conflicts = plugins.exporters()

    def package(plugin: str) -> str:
        return plugins._state.packages.get(plugin, ("", ""))[0]

    entries = [{
        "name": name,
        "extension": item.exporter.extension,
        "description": item.exporter.description,
        "binary": item.exporter.binary,
        "media_type": item.exporter.media_type,
        "collection": item.exporter.render_collection is not None,
        "plugin": item.plugin,
        "package": package(item.plugin),
    } for name, item in sorted(found.items())]
    clashes = [{"name": name, "plugins": names} for name, names in sorted(conflicts.items())]
    if as_json:
        typer.echo(json.dumps({"formats": entries, "conflicts": clashes}, ensure_ascii=False, indent=2))
    else:
        if entries:
            rows = [(e["name"], e["extension"], e["plugin"], e["description"]) for e in entries]
            typer.echo(table(("FORMAT", "EXTENSION", "PLUGIN", "DESCRIPTION"), rows))
        else:
            typer.echo("No formats installed.")
        for name, names in sorted(conflicts.items()):
            typer.echo(f"error: {plugins.FormatConflict(name, names)}", err=True)
    raise typer.Exit(1 if conflicts else 0)
