"""Site search markup: the search box on archive pages and the highlighter on issue pages.

The index itself is built after the site is written (operations/site_search.py, Pagefind);
it sits in ``pagefind/`` at the top of the site, and everything the box needs is loaded from
there: no network, no CDN. ``ExportOptions.extra["search"]`` is ``"yes"`` once the export
knows the index will be built (the indexer is installed and search was not turned off).
"""

from __future__ import annotations

from importlib import resources

from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.html.templating import markup, render

OPTION = "search"
BUNDLE = "pagefind"
HIGHLIGHT_PARAM = "highlight"
SCRIPT_RESOURCE = "assets/search.js"


def enabled(options: ExportOptions) -> bool:
    return options.extra.get(OPTION, "") == "yes"


def search_box(bundle: str, label: str, series_path=None) -> str:
    """The box and its results, for a page at the top of the site (``bundle``: the index folder,
    relative to the page)."""
    script = resources.files("bulletin_cli.formats.html").joinpath(SCRIPT_RESOURCE).read_text("utf-8")
    return render("search-box.html.j2", series_path, bundle=bundle, label=label, highlight_param=HIGHLIGHT_PARAM,
                  script=markup(script))


def highlighter(bundle: str, series_path=None) -> str:
    """Marks the searched words on an issue page opened from a result (``?highlight=…``)."""
    return render("search-highlighter.html.j2", series_path, bundle=bundle, highlight_param=HIGHLIGHT_PARAM)


__all__ = ["OPTION", "BUNDLE", "enabled", "search_box", "highlighter"]
