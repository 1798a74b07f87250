"""The XHTML content documents of an EPUB: title page, article, colophon, collection title.

Each function returns a complete XHTML5 document (bytes) built with lxml, so the markup is
well-formed by construction and carries EPUB structural semantics (``epub:type``).
lxml is imported by the caller (:mod:`bulletin_cli.exporters.epub`) only when exporting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from bulletin_cli.model.issue import Article, Column, Issue, Text

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"


class Builder:
    """A small element factory: ``b("p", {"class": "x"}, "text", child, ...)``."""

    def __init__(self) -> None:
        from lxml import etree

        self.etree = etree

    def __call__(self, tag: str, attrs: dict[str, str] | None = None, *content):  # noqa: ANN204
        element = self.etree.Element(f"{{{XHTML}}}{tag}", nsmap={None: XHTML, "epub": OPS})
        for key, value in (attrs or {}).items():
            element.set(EPUB_TYPE if key == "epub:type" else key, value)
        self.append(element, *content)
        return element

    def append(self, element, *content) -> None:  # noqa: ANN001
        for item in content:
            if item is None:
                continue
            if isinstance(item, str):
                if len(element):
                    last = element[-1]
                    last.tail = (last.tail or "") + item
                else:
                    element.text = (element.text or "") + item
            elif isinstance(item, (list, tuple)):
                self.append(element, *item)
            else:
                element.append(item)

    def document(self, title: str, language: str, css_href: str, body_class: str, *content) -> bytes:
        html = self("html", {"lang": language, XML_LANG: language})
        head = self("head", None,
                    self("meta", {"charset": "utf-8"}),
                    self("title", None, title),
                    self("link", {"rel": "stylesheet", "type": "text/css", "href": css_href}))
        html.append(head)
        html.append(self("body", {"class": body_class}, *content))
        return self.etree.tostring(html, xml_declaration=True, encoding="utf-8",
                                   doctype="<!DOCTYPE html>", pretty_print=True)


def runs(b: Builder, block) -> list:  # noqa: ANN001
    return [b("strong", None, run.text) if run.strong else run.text for run in block.runs]


def blocks(b: Builder, text: "Text", heading_offset: int = 1) -> list:
    """Paragraphs as <p>, in-body headings of level 1-4 as <h2>-<h5> under the article's <h1>."""
    out = []
    for block in text:
        if block.kind == "heading":
            level = min(block.level + heading_offset, 6)
            out.append(b(f"h{level}", {"class": f"level-{block.level}"}, runs(b, block)))
        else:
            out.append(b("p", None, runs(b, block)))
    return out


def editor_note(b: Builder, label: str, note: "Text"):  # noqa: ANN201
    """编者按：… as a block whose first paragraph starts with the bold label."""
    content = blocks(b, note)
    if content and content[0].tag == f"{{{XHTML}}}p":
        first = content[0]
        first.insert(0, b("strong", {"class": "label"}, label))
        first[0].tail, first.text = first.text, None
    else:
        content.insert(0, b("p", None, b("strong", {"class": "label"}, label)))
    return b("div", {"class": "editor-note"}, content)


def date_element(b: Builder, issue: "Issue"):  # noqa: ANN201
    return b("time", {"datetime": issue.date.isoformat()}, issue.labels.format_date(issue.date))


def title_page(issue: "Issue", css_href: str) -> bytes:
    """报头: marks, the red bulletin name, the issue line, issuer and date, then notes."""
    b = Builder()
    labels = issue.labels
    masthead = b("section", {"epub:type": "titlepage", "class": "masthead"})
    marks = [text for text in (issue.copy_number, issue.classification) if text]
    if marks:
        b.append(masthead, b("div", {"class": "marks"},
                             [b("p", {"class": "mark"}, text) for text in marks]))
    b.append(masthead,
             b("h1", {"class": "bulletin-name"}, issue.name),
             b("p", {"class": "issue-line"}, issue.issue_line),
             b("p", {"class": "masthead-line"},
               b("span", {"class": "issuer"}, issue.issuer), " ",
               b("span", {"class": "date"}, date_element(b, issue))))
    content = [masthead]
    if issue.leader_box is not None and issue.leader_box.text:
        content.append(b("section", {"class": "leader-box"},
                         b("h2", None, labels.leader_box), blocks(b, issue.leader_box.text)))
    if issue.editor_note:
        content.append(editor_note(b, labels.editor_note, issue.editor_note))
    return b.document(labels.title_page, issue.language, css_href, "title-page", content)


def article_page(issue: "Issue", column: "Column", article: "Article", first_in_column: bool,
                 css_href: str) -> bytes:
    """One article; the first article of a named column also carries the 〔column〕 heading."""
    b = Builder()
    labels = issue.labels
    content = []
    if first_in_column and column.name:
        content.append(b("p", {"class": "column-heading"}, labels.column_heading(column.name)))
        if column.editor_note:
            content.append(editor_note(b, labels.editor_note, column.editor_note))
    section = b("section", {"epub:type": "chapter", "class": "article", "id": article.id})
    header = b("header", None, b("h1", {"class": "article-title"}, article.title))
    if article.subtitle:
        b.append(header, b("p", {"class": "subtitle"}, labels.subtitle_dash + article.subtitle))
    if article.author:
        b.append(header, b("p", {"class": "author"}, labels.author.format(author=article.author)))
    b.append(section, header)
    if article.editor_note:
        b.append(section, editor_note(b, labels.editor_note, article.editor_note))
    b.append(section, blocks(b, article.body))
    if article.source:
        b.append(section, b("p", {"class": "source"}, labels.source.format(source=article.source)))
    content.append(section)
    return b.document(article.title, issue.language, css_href, "article-page", content)


def colophon_page(issue: "Issue", css_href: str) -> bytes:
    """报尾: distribution lists, the editorial line and the print run."""
    b = Builder()
    labels = issue.labels
    colophon = issue.colophon
    section = b("section", {"epub:type": "colophon", "class": "colophon"})
    for label, names in ((labels.report_to, colophon.report_to), (labels.send_to, colophon.send_to),
                         (labels.distribute_to, colophon.distribute_to),
                         (labels.extra_distribution, colophon.extra_distribution)):
        if names:
            b.append(section, b("p", {"class": "distribution"},
                                b("span", {"class": "label"}, label), labels.list_separator.join(names)))
    editorial = [(labels.handled_by, colophon.handled_by), (labels.reviewer, colophon.reviewer),
                 (labels.editor, colophon.editor), (labels.phone, colophon.phone)]
    parts = [b("span", {"class": "credit"}, b("span", {"class": "label"}, label), value)
             for label, value in editorial if value]
    if parts:
        line = b("p", {"class": "editorial"})
        for index, part in enumerate(parts):
            b.append(line, " " if index else None, part)
        b.append(section, line)
    if colophon.print_run is not None:
        b.append(section, b("p", {"class": "print-run"}, labels.print_run.format(number=colophon.print_run)))
    return b.document(labels.colophon, issue.language, css_href, "colophon-page", section)


def collection_title_page(title: str, issuers: Sequence[str], span: str, language: str, css_href: str) -> bytes:
    """The first page of a compilation: the book's title, its issuers and the dates it covers."""
    b = Builder()
    section = b("section", {"epub:type": "titlepage", "class": "masthead collection"},
                b("h1", {"class": "bulletin-name"}, title),
                [b("p", {"class": "issuer"}, issuer) for issuer in issuers],
                b("p", {"class": "span"}, span))
    return b.document(title, language, css_href, "title-page", section)
