"""The HTML exporter: one standalone page per issue, and an archive for a folder of issues.

Each page is HTML5 with the stylesheet inlined, no script and nothing fetched from the
network; it looks like a printed 简报 on screen and prints on A4 with GB/T 9704 margins.

Exported as a site (``bulletin export FOLDER --to html -o DIR``), each issue page also
links back to the archive pages that ``render_site`` returns (see :mod:`.html_site`).
Exported to one file (``-o 2023.html``), several issues share one page, each on its own
sheet (see :mod:`.html_collection`).
"""

from __future__ import annotations

from bulletin_cli import hookimpl
from bulletin_cli.formats.exporter import Exporter, ExportOptions
from bulletin_cli.model.issue import Issue


def render(issue: Issue, options: ExportOptions) -> str:
    from bulletin_cli.formats.html import parts as html_parts
    from bulletin_cli.formats.html import site as html_site
    from bulletin_cli.formats.html import search as html_search

    title = f"{issue.name} {issue.issue_line}"
    here = html_site.page_in_site(issue, options)
    before = html_site.back_links(issue, options)
    from bulletin_cli.formats.html import blocks as html_blocks

    media = html_blocks.SiteMedia(here) if here is not None else html_blocks.EMBEDDED
    body = html_parts.render_issue_body(issue, searchable=here is not None, media=media)
    after = ""
    if here is not None and html_search.enabled(options):
        after = html_search.highlighter(html_site.relative_link(html_search.BUNDLE, here), issue.series_path)
    return html_parts.page(title, issue.language, body, before=before, after=after, series_path=issue.series_path)


def render_files(issue: Issue, options: ExportOptions) -> list[tuple[str, object]]:
    """A site page's images and attachments, copied into the site's media/ folder."""
    from bulletin_cli.formats.html import blocks as html_blocks
    from bulletin_cli.formats.html import site as html_site
    from bulletin_cli.model.issue import media_of

    if html_site.page_in_site(issue, options) is None:
        return []
    files = {}
    for item in media_of(issue):
        name = html_blocks.site_file(item)
        if name is not None:
            files[name] = item.path
    return list(files.items())


def render_site(issues, options: ExportOptions):
    """The archive pages, one (path, content) pair at a time (the export writes each as it comes)."""
    from bulletin_cli.formats.html import site as html_site

    return html_site.site_pages(issues, options)


def render_collection(issues, options: ExportOptions) -> str:
    from bulletin_cli.formats.html import collection as html_collection

    return html_collection.render_collection(issues, options)


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            name="html",
            extension=".html",
            render=render,
            options={"base_url": "the site's address, for the feed and absolute links",
                     "search": "yes or no: a search index and box in a site"},
            render_site=render_site,
            render_files=render_files,
            render_collection=render_collection,
            description=(
                "Standalone web page per issue (prints on A4); a folder also gets archive index "
                "pages, or one file with -o FILE.html"
            ),
            media_type="text/html",
        )
    )
