"""`bulletin schema`"""

from __future__ import annotations

import typer

from bulletin_cli.cli.app import app, fail


@app.command()
def schema(
    kind: str = typer.Argument("issue", help="issue, series or article."),
) -> None:
    """Print the JSON Schema of issue files (or series.toml, or article files).

    Save it and point editors at it with a first line such as
    `#:schema ./issue.schema.json` (taplo / Even Better TOML) to get completion and checks.
    """
    import json

    from bulletin_cli.model.spec import json_schema

    if kind not in ("issue", "series", "article"):
        raise fail(f"unknown schema '{kind}'; choose issue, series or article")
    typer.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))
