"""Rich blocks as HTML: table, figure, ul/ol, blockquote, links, footnotes, attachments.

Small functions of one block each, so they port to templates. Every fragment is XHTML too
(see :mod:`.parts`). Images and attachments are embedded as ``data:`` URLs, so a page stays
one standalone file like its inlined stylesheet; a page of a site links them as files in the
site's ``media/`` folder instead (:class:`SiteMedia`), and the EPUB exporter points at files
in its package.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from bulletin_cli.formats.html.urls import relative_link, safe_href
from bulletin_cli.model.issue import Attachment, Figure, ListBlock, Note, Quote, Run, Runs, Table

class Media:
    """Where a page finds images and attachments: embedded as data: URLs (a standalone HTML
    page), or, for EPUB, files in the package (``url`` gives their names; attachments then
    print as text, since EPUB may not link to files that are not content documents)."""

    xhtml = False
    links_attachments = True

    def url(self, item) -> str | None:
        return embedded(item)


MediaSource = Media


def escape_text(text: str) -> str:
    """``text`` escaped exactly as markupsafe (the templates' autoescape) does it, without the
    Markup object it makes: five replacements in C, which bodies call for every run."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


esc = escape_text


class SiteMedia(Media):
    """Images and attachments as files of a site (:func:`site_file`), linked relative to the page."""

    def __init__(self, page: str) -> None:
        self.page = page  # the page's path relative to the site folder

    def url(self, item) -> str | None:
        name = site_file(item)
        if name is None:
            return None
        return safe_href(relative_link(name, self.page))


@functools.lru_cache(maxsize=4096)
def _digest(path: str, modified: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def site_file(item) -> str | None:
    """Where a figure's image or an attachment goes in a site: ``media/<hash>.jpg`` for an image,
    ``media/<hash>/<its file name>`` for an attachment (the name is what a reader downloads).
    Names come from the content, so a photo shown by many issues is stored once and two
    different files never share a name. None when the file is missing."""
    if item.path is None:
        return None
    stat = item.path.stat()
    digest = _digest(str(item.path), stat.st_mtime_ns, stat.st_size)
    if isinstance(item, Figure):
        from bulletin_cli.files.media import EXTENSIONS

        extension = EXTENSIONS.get(item.media_type)
        return f"media/{digest}{extension}" if extension else None
    return f"media/{digest}/{item.path.name}"



def href(url: str) -> str:
    """A link address percent-encoded (spaces, non-ASCII), keeping what is already encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def embedded(item) -> str | None:
    """A figure's image or an attachment as a data: URL (None when its file is missing)."""
    if item.path is None:
        return None
    kind = getattr(item, "media_type", "") or "application/octet-stream"
    data = base64.b64encode(item.path.read_bytes()).decode("ascii")
    return f"data:{kind};base64,{data}"


def note_id(prefix: str, article_id: str, number: int) -> str:
    return f"{prefix}{article_id}-note-{number}"


def render_run(run: Run, note_link: Callable[[int], str]) -> str:
    if run.note is not None:
        return note_link(run.note)
    text = esc(run.text)
    if run.code:
        text = f"<code>{text}</code>"
    if run.emphasis:
        text = f"<em>{text}</em>"
    if run.strong:
        text = f"<strong>{text}</strong>"
    if run.link:
        text = f'<a href="{esc(href(run.link))}">{text}</a>'
    return text


def render_inline(runs: Runs, note_link: Callable[[int], str]) -> str:
    return "".join(render_run(run, note_link) for run in runs)


def render_table(table: Table, note_link) -> str:
    rows = []
    for index, row in enumerate(table.rows):
        tag = "th" if index < table.header_rows else "td"
        cells = []
        for column, cell in enumerate(row):
            align = table.align[column] if column < len(table.align) else None
            style = f' class="align-{align}"' if align else ""
            scope = ' scope="col"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{style}>{render_inline(cell, note_link)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "\n".join(rows[:table.header_rows])
    body = "\n".join(rows[table.header_rows:])
    parts = ['<table class="data">']
    if table.caption:
        parts.append(f"<caption>{esc(table.caption)}</caption>")
    if head:
        parts.append(f"<thead>\n{head}\n</thead>")
    if body:
        parts.append(f"<tbody>\n{body}\n</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def render_figure(figure: Figure, media: Media) -> str:
    source = media.url(figure)
    caption = f"<figcaption>{esc(figure.caption)}</figcaption>" if figure.caption else ""
    if source is None:  # the file is missing (validation reported it): the caption still prints
        return f'<figure class="figure missing">{caption}</figure>'
    size = f' width="{figure.width}" height="{figure.height}"' if figure.width and figure.height else ""
    close = "/>" if media.xhtml else ">"  # HTML5 void element; XHTML wants it closed
    return f'<figure class="figure"><img src="{esc(source)}" alt="{esc(figure.caption)}"{size}{close}{caption}</figure>'


def render_list(block: ListBlock, render_item) -> str:
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "\n".join(f"<li>{render_item(item)}</li>" for item in block.items)
    return f"<{tag}{start}>\n{items}\n</{tag}>"


def render_quote(block: Quote, render_inner) -> str:
    return f"<blockquote>\n{render_inner(block.blocks)}\n</blockquote>"


def render_notes(notes: tuple[Note, ...], label: str, ids: Callable[[int], str], render_inner) -> str:
    """Footnotes as a numbered list after the article, each with a link back to its mark."""
    if not notes:
        return ""
    items = []
    for note in notes:
        back = f' <a class="note-back" href="#{esc(ids(note.number))}-ref" aria-label="↩">↩</a>'
        items.append(f'<li id="{esc(ids(note.number))}" value="{note.number}">'
                     f'{render_inner(note.blocks)}{back}</li>')
    return (f'<aside class="notes">\n<p class="label">{esc(label)}</p>\n<ol>\n'
            + "\n".join(items) + "\n</ol>\n</aside>")


def render_attachments(attachments: tuple[Attachment, ...], label: str, media: Media) -> str:
    """附件：1. title, each linked to its file when it has one."""
    if not attachments:
        return ""
    items = []
    for number, attachment in enumerate(attachments, 1):
        source = media.url(attachment) if media.links_attachments else None
        title = esc(attachment.title)
        if source is not None:
            name = attachment.file.rsplit("/", 1)[-1]
            title = f'<a href="{esc(source)}" download="{esc(name)}">{title}</a>'
        prefix = f"{number}. " if len(attachments) > 1 else ""
        items.append(f"<li>{prefix}{title}</li>")
    return (f'<div class="attachments"><span class="label">{esc(label)}</span><ul>'
            + "".join(items) + "</ul></div>")


EMBEDDED = Media()
