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
from bulletin_cli.formats.html.templating import markup, render

if TYPE_CHECKING:
    from bulletin_cli.model.issue import Article, Column, Issue

STYLESHEETS = ("bulletin.css", "epub.css")  # the HTML exporter's sheet, then EPUB adjustments


def document(title: str, language: str, body_class: str, body: str, series_path=None) -> bytes:
    """A complete XHTML5 content document, checked for well-formedness."""
    from lxml import etree

    text = render("epub-document.xhtml.j2", series_path, title=title, language=language, body_class=body_class,
                  body=markup(body), stylesheets=STYLESHEETS) + "\n"
    etree.fromstring(text.encode("utf-8"))  # raises XMLSyntaxError on anything malformed
    return text.encode("utf-8")


def title_page(issue: Issue) -> bytes:
    """报头: marks, the red bulletin name, the issue line, issuer and date over the red rule;
    then the leader's instruction (only once given: a blank box means nothing on a screen)
    and the issue's editor's note."""
    given = issue.leader_box is not None and issue.leader_box.text
    body = render("epub-title-page.xhtml.j2", issue.series_path, issue=issue, labels=issue.labels,
                  masthead=markup(html_parts.render_masthead(issue)),
                  leader_box=markup(html_parts.render_leader_box(issue) if given else ""),
                  editor_note=markup(html_parts.render_editor_note(issue, issue.editor_note, 2)))
    return document(issue.labels.title_page, issue.language, "title-page", body, issue.series_path)


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
    note = html_parts.render_editor_note(issue, column.editor_note, 2) if first_in_column and column.name else ""
    body = render("epub-article-page.xhtml.j2", issue.series_path, issue=issue, labels=issue.labels, column=column,
                  article=article, first_in_column=first_in_column, column_note=markup(note),
                  article_html=markup(html_parts.render_article(issue, article, title_rank=1,
                                                                media=media or PackageMedia())))
    return document(article.title, issue.language, "article-page", body, issue.series_path)


def attachment_page(issue: Issue, attachment) -> bytes:
    """What a reading system shows for an attachment it cannot open: 附件, its title, its file name."""
    body = render("epub-attachment-page.xhtml.j2", issue.series_path, issue=issue, labels=issue.labels,
                  attachment=attachment)
    return document(attachment.title, issue.language, "attachment-page", body, issue.series_path)


def colophon_page(issue: Issue, media: PackageMedia | None = None) -> bytes:
    """The issue's own 附件 (after the last article, as in print), then 报尾: distribution
    lists, the editorial line and the print run."""
    from bulletin_cli.formats.html import blocks as html_blocks

    attachments = ""
    if issue.attachments:
        attachments = html_blocks.render_attachments(issue.attachments, issue.labels.attachments,
                                                     media or PackageMedia())
    body = render("epub-colophon-page.xhtml.j2", issue.series_path, issue=issue, labels=issue.labels,
                  attachments=markup(attachments), colophon=markup(html_parts.render_colophon(issue)))
    return document(issue.labels.colophon, issue.language, "colophon-page", body, issue.series_path)


def collection_title_page(title: str, issuers: Sequence[str], span: str, language: str) -> bytes:
    """The first page of a compilation: its title, the issuers and the dates it covers."""
    body = render("epub-collection-title-page.xhtml.j2", None, title=title, issuers=issuers, span=span)
    return document(title, language, "title-page", body)
