"""Issue model -> XML bytes, checked against the shipped schema before anyone sees them."""

from __future__ import annotations

from dataclasses import fields

from lxml import etree

from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.xml.blocks import STRUCTURAL, block_strings, write_attachments, write_blocks, write_notes
from bulletin_cli.formats.xml.names import NAMESPACE, XmlExportError
from bulletin_cli.formats.xml.schema import schema_errors
from bulletin_cli.model.issue import Issue, Text
from bulletin_cli.model.labels import labels_for
from bulletin_cli.model.xmlchars import describe, invalid_xml_chars

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Elements holding only other elements: the only places indentation may be added, since
# whitespace anywhere else is part of the text.
_STRUCTURAL = {
    "bulletin", "masthead", "labels", "leader-box", "editor-note", "columns", "column", "articles", "article",
    "body", "colophon", "report-to", "send-to", "distribute-to", "extra-distribution", *STRUCTURAL,
}
_COLOPHON_LISTS = (("report_to", "report-to"), ("send_to", "send-to"), ("distribute_to", "distribute-to"),
                   ("extra_distribution", "extra-distribution"))
_COLOPHON_LINES = (("handled_by", "handled-by"), ("reviewer", "reviewer"), ("editor", "editor"), ("phone", "phone"))


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _blocks(parent: etree._Element, blocks: Text) -> None:
    write_blocks(parent, blocks)


def build_tree(issue: Issue) -> etree._Element:
    """The issue as an element tree (not yet indented or checked)."""
    root = etree.Element(_q("bulletin"), nsmap={None: NAMESPACE})
    root.set("version", "1")
    root.set(XML_LANG, issue.language)
    root.set("series", issue.series_id)
    root.set("identifier", issue.identifier)

    masthead = _sub(root, "masthead")
    _sub(masthead, "name", issue.name)
    _sub(masthead, "issuer", issue.issuer)
    _sub(masthead, "number", str(issue.number) if issue.number is not None else "", style=issue.number_style, sequence=issue.numbering,
         supplement=_bool(issue.supplement), cumulative_numbers=_bool(issue.counts_cumulative),
         show_cumulative=_bool(issue.show_cumulative))
    if issue.cumulative_number is not None:
        _sub(masthead, "cumulative-number", str(issue.cumulative_number))
    _sub(masthead, "date", issue.date.isoformat())
    if issue.classification:
        _sub(masthead, "classification", issue.classification)
    if issue.copy_number:
        _sub(masthead, "copy-number", issue.copy_number)

    defaults = labels_for(issue.language)
    overrides = [(f.name, getattr(issue.labels, f.name)) for f in fields(issue.labels)
                 if getattr(issue.labels, f.name) != getattr(defaults, f.name)]
    if overrides:
        labels = _sub(root, "labels")
        for name, value in overrides:
            _sub(labels, "label", value, name=name)

    if issue.leader_box is not None:
        _blocks(_sub(root, "leader-box"), issue.leader_box.text)
    if issue.editor_note:
        _blocks(_sub(root, "editor-note"), issue.editor_note)

    notes = dict(issue.column_notes)
    undeclared = [name for name, _ in issue.column_notes if name not in issue.declared_columns]
    if issue.declared_columns or undeclared:
        columns = _sub(root, "columns")
        for name in issue.declared_columns:
            column = _sub(columns, "column", name=name)
            if name in notes:
                _blocks(_sub(column, "editor-note"), notes[name])
        for name in undeclared:
            column = _sub(columns, "column", name=name, declared="false")
            _blocks(_sub(column, "editor-note"), notes[name])

    articles = _sub(root, "articles", numbered=_bool(issue.article_numbers))
    for article in issue.articles:
        element = _sub(articles, "article", id=article.id)
        if article.column is not None:
            element.set("column", article.column)
        _sub(element, "title", article.title)
        for key in ("subtitle", "author", "source"):
            if getattr(article, key):
                _sub(element, key, getattr(article, key))
        if article.editor_note:
            _blocks(_sub(element, "editor-note"), article.editor_note)
        _blocks(_sub(element, "body"), article.body)
        write_notes(element, article.notes)
        write_attachments(element, article.attachments)
    write_attachments(root, issue.attachments)

    if not issue.colophon.is_empty:
        colophon = _sub(root, "colophon")
        for key, name in _COLOPHON_LISTS:
            recipients = getattr(issue.colophon, key)
            if recipients:
                listing = _sub(colophon, name)
                for recipient in recipients:
                    _sub(listing, "recipient", recipient)
        for key, name in _COLOPHON_LINES:
            if getattr(issue.colophon, key):
                _sub(colophon, name, getattr(issue.colophon, key))
        if issue.colophon.print_run is not None:
            _sub(colophon, "print-run", str(issue.colophon.print_run))
    return root


def _indent(element: etree._Element, depth: int = 0) -> None:
    children = list(element)
    if not children or etree.QName(element).localname not in _STRUCTURAL:
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in children:
        _indent(child, depth + 1)
        child.tail = "\n" + "  " * (depth + 1)
    children[-1].tail = "\n" + "  " * depth


def _where(issue: Issue) -> list[tuple[str, str]]:
    """Every string the XML would carry, with a description of where it comes from."""
    out = [("the series id", issue.series_id), ("the name", issue.name), ("the issuer", issue.issuer),
           ("the classification", issue.classification), ("the copy number", issue.copy_number),
           ("the language", issue.language)]
    out += [(f"label '{f.name}'", getattr(issue.labels, f.name)) for f in fields(issue.labels)]

    def text(where: str, blocks: Text) -> None:
        out.extend((where, value) for value in block_strings(blocks))

    text("the leader box", issue.leader_box.text if issue.leader_box else ())
    text("the issue's editor's note", issue.editor_note)
    out += [("a column name", name) for name in issue.declared_columns]
    for name, note in issue.column_notes:
        out.append(("a column name", name))
        text(f"the editor's note of column '{name}'", note)
    for article in issue.articles:
        label = f"article '{article.id}'"
        out += [(f"{label} id", article.id), (f"{label} column", article.column or "")]
        out += [(f"{label} {key}", getattr(article, key)) for key in ("title", "subtitle", "author", "source")]
        text(f"{label} editor's note", article.editor_note)
        text(f"{label} body", article.body)
        for note in article.notes:
            text(f"{label} note {note.number}", note.blocks)
        out += [(f"{label} attachment", value) for a in article.attachments for value in (a.title, a.file)]
    out += [(f"colophon {key}", value) for key in ("handled_by", "reviewer", "editor", "phone")
            for value in [getattr(issue.colophon, key)]]
    out += [(f"colophon {key}", item) for key, _ in _COLOPHON_LISTS for item in getattr(issue.colophon, key)]
    return out


def check_characters(issue: Issue) -> None:
    """Raise XmlExportError naming the first text that holds a character XML 1.0 cannot represent."""
    source = issue.path.name if issue.path else issue.identifier
    for where, value in _where(issue):
        for index, char in invalid_xml_chars(value):
            raise XmlExportError(
                f"{source}: {where} holds {describe(char)} at character {index + 1}, which XML 1.0 cannot represent; "
                "remove it from the source (`bulletin validate` shows where: S207)")


def render_xml(issue: Issue, options: ExportOptions) -> str:
    """The XML document as text; the export command encodes it and applies the newline option.

    The declaration names ``options.encoding``, the encoding the text will be written in.
    Line ends may become CRLF: XML readers turn them back into LF, and a carriage return
    inside the text is written as ``&#13;``, so nothing changes meaning.
    """
    check_characters(issue)
    root = build_tree(issue)
    _indent(root)
    body = etree.tostring(root, encoding="unicode")
    # Check the serialised text, not the tree: what is validated is exactly what a reader gets.
    try:
        parsed = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:  # pragma: no cover - lxml escapes everything it writes
        raise XmlExportError(f"the XML for {issue.identifier} is not well-formed: {error}") from None
    problems = schema_errors(parsed)
    if problems:
        line, message = problems[0]
        raise XmlExportError(
            f"the XML for {issue.identifier} does not match the bulletin schema (line {line + 1}: {message}); "
            "nothing was written. Run `bulletin validate` on the source")
    encoding = (options.encoding or "utf-8").upper()
    return f'<?xml version="1.0" encoding="{encoding}"?>\n{body}\n'
