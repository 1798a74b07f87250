"""Site search markup: the search box on archive pages and the highlighter on issue pages.

The index itself is built after the site is written (operations/site_search.py, Pagefind);
it sits in ``pagefind/`` at the top of the site, and everything the box needs is loaded from
there: no network, no CDN. ``ExportOptions.extra["search"]`` is ``"yes"`` once the export
knows the index will be built (the indexer is installed and search was not turned off).
"""

from __future__ import annotations

from importlib import resources

from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.html.parts import esc

OPTION = "search"
BUNDLE = "pagefind"
HIGHLIGHT_PARAM = "highlight"
SCRIPT_RESOURCE = "assets/search.js"


def enabled(options: ExportOptions) -> bool:
    return options.extra.get(OPTION, "") == "yes"


def search_box(bundle: str, label: str) -> str:
    """The box and its results, for a page at the top of the site (``bundle``: the index folder,
    relative to the page)."""
    script = resources.files("bulletin_cli.formats.html").joinpath(SCRIPT_RESOURCE).read_text("utf-8")
    return (
        f'<search class="site-search" aria-label="{esc(label)}">\n'
        f'<link rel="stylesheet" href="{esc(bundle)}/pagefind-ui.css">\n'
        f'<div id="_search" data-bundle="{esc(bundle)}/" data-highlight="{HIGHLIGHT_PARAM}"></div>\n'
        f'<script src="{esc(bundle)}/pagefind-ui.js"></script>\n'
        f"<script>\n{script}</script>\n"
        "</search>"
    )


def highlighter(bundle: str) -> str:
    """Marks the searched words on an issue page opened from a result (``?highlight=…``)."""
    return (
        '<script type="module">\n'
        f'import PagefindHighlight from "{esc(bundle)}/pagefind-highlight.js";\n'
        f'new PagefindHighlight({{ highlightParam: "{HIGHLIGHT_PARAM}" }});\n'
        "</script>"
    )


__all__ = ["OPTION", "BUNDLE", "enabled", "search_box", "highlighter"]
