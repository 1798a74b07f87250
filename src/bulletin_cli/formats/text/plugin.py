"""Built-in plugin: the plain-text official layout, `--to text`.

The layout lives in :mod:`bulletin_cli.formats.text.render` and is imported on the first
export: its width tables (wcwidth) take longer to import than the rest of `bulletin
validate` together, and validate loads every plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from bulletin_cli.formats.exporter import Exporter, ExportOptions
from bulletin_cli.hookspecs import hookimpl

if TYPE_CHECKING:
    from bulletin_cli.model.issue import Issue


def render_text(issue: "Issue", options: ExportOptions) -> str:
    from bulletin_cli.formats.text.render import render_text as render

    return render(issue, options)


def render_text_collection(issues: "Sequence[Issue]", options: ExportOptions) -> str:
    from bulletin_cli.formats.text.render import render_text_collection as render

    return render(issues, options)


@hookimpl
def register_exporters(register):
    register(Exporter(
        name="text",
        extension=".txt",
        render=render_text,
        options={},
        render_collection=render_text_collection,
        description="plain-text official layout (typed bulletin), wrapped with Chinese line-breaking rules",
        media_type="text/plain",
    ))
