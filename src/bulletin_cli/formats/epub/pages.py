"""The XHTML content documents of an EPUB: title page, article, colophon, compilation title.

The pieces (masthead, article, colophon, editor's notes) are the HTML exporter's, from
:mod:`bulletin_cli.formats.html.parts`, so the book looks like the HTML page; this module
puts each into its own XHTML5 document with EPUB structural semantics (``epub:type``).
Every document is parsed with lxml before it is packaged, so a malformed one fails here
rather than in a reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from bulletin_cli.formats.html import parts as html_parts
from bulletin_cli.formats.html.parts import esc
from bulletin_cli.formats.html.urls import safe_href

if TYPE_CHECKING:
    from bulletin_cli.model.issue import Article, Column, Issue

STYLESHEETS = ("bulletin.css", "epub.css")  # the HTML exporter's sheet, then EPUB adjustments


def document(title: str, language: str, body_class: str, body: str) -> bytes:
    """A complete XHTML5 content document, checked for well-formedness."""
    from lxml import etree

    links = "".join(f'<link rel="stylesheet" type="text/css" href="{safe_href(name)}"/>' for name in STYLESHEETS)
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{esc(language)}" xml:lang="{esc(language)}">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{esc(title)}</title>\n{links}\n</head>\n'
        f'<body class="{body_class}">\n<div class="bulletin">\n{body}\n</div>\n</body>\n</html>\n'
    )
    etree.fromstring(text.encode("utf-8"))  # raises XMLSyntaxError on anything malformed
    return text.encode("utf-8")


def title_page(issue: Issue) -> bytes:
    """报头: marks, the red bulletin name, the issue line, issuer and date over the red rule;
    then the leader's instruction (only once given: a blank box means nothing on a screen)
    and the issue's editor's note."""
    parts = [html_parts.render_masthead(issue)]
    if issue.leader_box is not None and issue.leader_box.text:
        parts.append(html_parts.render_leader_box(issue))
    if issue.editor_note:
        parts.append(html_parts.render_editor_note(issue, issue.editor_note, 2))
    body = '<section epub:type="titlepage">\n' + "\n".join(parts) + "\n</section>"
    return document(issue.labels.title_page, issue.language, "title-page", body)


class PackageMedia:
    """Images and attachments stored in the EPUB package, each file once however many pages
    show it: images as ``media/<hash>.png``, attachments as ``files/<hash>.xlsx`` (see
    :mod:`.attachments` for how the 附件 line may link them)."""

    xhtml = True
    links_attachments = True

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, bytes]] = {}  # package name -> (media type, data): images
        self.attachments: dict[str, tuple[str, bytes, object]] = {}  # name -> (media type, data, Attachment)

    def url(self, item) -> str | None:
        import hashlib

        from bulletin_cli.files.media import EXTENSIONS

        if item.path is None:
            return None
        data = item.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:16]
        if not hasattr(item, "media_type"):  # an attachment
            from bulletin_cli.formats.epub.attachments import package_name

            name, kind = package_name(digest, item.path.name)
            self.attachments[name] = (kind, data, item)
            return name
        if not item.media_type:
            return None
        name = f"media/{digest}{EXTENSIONS[item.media_type]}"
        self.files[name] = (item.media_type, data)
        return name


def article_page(issue: Issue, column: Column, article: Article, first_in_column: bool,
                 media=None) -> bytes:
    """One article; the first article of a named column carries the 〔column〕 heading and the
    column's editor's note, where print puts them."""
    parts = []
    if first_in_column and column.name:
        parts.append(f'<p class="column-heading">{esc(issue.labels.column_heading(column.name))}</p>')
        if column.editor_note:
            parts.append(html_parts.render_editor_note(issue, column.editor_note, 2))
    parts.append(html_parts.render_article(issue, article, title_rank=1, media=media or PackageMedia()))
    body = '<section epub:type="chapter">\n' + "\n".join(parts) + "\n</section>"
    return document(article.title, issue.language, "article-page", body)


def attachment_page(issue: Issue, attachment) -> bytes:
    """What a reading system shows for an attachment it cannot open: 附件, its title, its file name."""
    body = (f'<section class="attachment-fallback">\n<p class="label">{esc(issue.labels.attachments)}</p>\n'
            f'<p>{esc(attachment.title)}</p>\n<p class="file-name">{esc(attachment.path.name)}</p>\n</section>')
    return document(attachment.title, issue.language, "attachment-page", body)


def colophon_page(issue: Issue, media: PackageMedia | None = None) -> bytes:
    """The issue's own 附件 (after the last article, as in print), then 报尾: distribution
    lists, the editorial line and the print run."""
    from bulletin_cli.formats.html import blocks as html_blocks

    parts = []
    if issue.attachments:
        parts.append(html_blocks.render_attachments(issue.attachments, issue.labels.attachments,
                                                    media or PackageMedia()))
    colophon = html_parts.render_colophon(issue)
    if colophon:
        parts.append(colophon)
    body = '<section epub:type="colophon">\n' + "\n".join(parts) + "\n</section>"
    return document(issue.labels.colophon, issue.language, "colophon-page", body)


def collection_title_page(title: str, issuers: Sequence[str], span: str, language: str) -> bytes:
    """The first page of a compilation: its title, the issuers and the dates it covers."""
    lines = "".join(f'<p class="issue-line">{esc(issuer)}</p>\n' for issuer in issuers)
    body = (
        '<section epub:type="titlepage">\n<header class="masthead">\n'
        f'<h1 class="bulletin-name">{esc(title)}</h1>\n{lines}'
        f'<p class="imprint collection-span"><span>{esc(span)}</span></p>\n</header>\n</section>'
    )
    return document(title, language, "title-page", body)
