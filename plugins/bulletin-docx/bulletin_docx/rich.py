"""Rich body content: tables, lists, quotes, links, the 附件 line.

The core model's rich blocks (``kind`` "table", "list", "quote", "figure") and run marks
(``emphasis``, ``link``) are read by attribute, so this module works with any model that has
them and costs nothing when it has not. Footnotes are real Word footnotes (word/footnotes.xml);
figures print as their caption for now.
"""

from __future__ import annotations

from bulletin_docx import fragments
from bulletin_docx.layout import TYPE_WIDTH
from bulletin_docx.ooxml import TCPR_ORDER, make, put, table_borders, text_run

CELL_RULE = 4  # eighths of a point: half-point cell rules
R_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def runs(writer, block_runs) -> list:
    """w:r (and w:hyperlink) elements: bold, 楷体 for emphasis, links as external hyperlinks."""
    out = []
    for run in block_runs:
        note = getattr(run, "note", None)
        if note is not None and note in getattr(writer, "article_notes", {}):
            out.append(footnote_reference(writer, writer.article_notes[note]))
            continue
        properties = make("rPr")
        if getattr(run, "emphasis", False):
            properties.append(make("rFonts", eastAsia=writer.settings.fonts.note))
            properties.append(make("i"))
        if getattr(run, "strong", False):
            properties.append(make("b"))
            properties.append(make("bCs"))
        link = getattr(run, "link", None)
        if link:
            properties.append(make("color", val="0563C1"))
            properties.append(make("u", val="single"))
        element = text_run(run.text, properties if len(properties) else None)
        if link:
            hyperlink = make("hyperlink", element, history=1)
            hyperlink.set(f"{{{R_NAMESPACE}}}id", writer.link_id(link))
            element = hyperlink
        out.append(element)
    return out


def run_texts(writer, block_runs) -> list[str] | None:
    """``runs`` as text (fragments.py), or None when one of them needs an element (a link,
    text XML cannot hold): then ``runs`` writes them all, and nothing was recorded here."""
    notes = getattr(writer, "article_notes", {})
    for run in block_runs:
        if getattr(run, "link", None) or not fragments.writable(run.text):
            return None
    out = []
    for run in block_runs:
        note = getattr(run, "note", None)
        if note is not None and note in notes:
            writer.footnotes.append((len(writer.footnotes) + 1, notes[note]))
            out.append('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                       f'<w:footnoteReference w:id="{len(writer.footnotes)}"/></w:r>')
            continue
        properties = ""
        if getattr(run, "emphasis", False):
            properties += f'<w:rFonts w:eastAsia="{fragments.attribute(writer.settings.fonts.note)}"/><w:i/>'
        if getattr(run, "strong", False):
            properties += "<w:b/><w:bCs/>"
        out.append(fragments.run(run.text, f"<w:rPr>{properties}</w:rPr>" if properties else ""))
    return out


def footnote_reference(writer, note):
    """A real Word footnote (word/footnotes.xml) in place of the note's number: Word numbers it,
    prints its text at the foot of the page, and an importer can read it back."""
    writer.footnotes.append((len(writer.footnotes) + 1, note))
    return make("r", make("rPr", make("vertAlign", val="superscript")),
                make("footnoteReference", id=len(writer.footnotes)))


def footnote_part(writer) -> bytes:
    """word/footnotes.xml: the two separators Word expects, then each footnote's paragraphs."""
    from lxml import etree

    root = make("footnotes")
    for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
        root.append(make("footnote", make("p", make("r", make(kind))), type=kind, id=number))
    for number, note in writer.footnotes:
        element = make("footnote", id=number)
        for index, block in enumerate(getattr(note, "blocks", ())):
            lead = [make("r", make("rPr", make("vertAlign", val="superscript")), make("footnoteRef")),
                    text_run(" ")] if index == 0 else []
            content = runs(writer, getattr(block, "runs", ())) or [text_run(getattr(block, "text", ""))]
            properties = make("pPr", make("ind", firstLine=0, firstLineChars=0),
                              make("rPr", make("sz", val=24)))
            for run in content:  # footnotes in 12 pt, below the body's 16
                if run.tag.endswith("}r"):
                    found = run.find(properties.tag.replace("pPr", "rPr"))
                    if found is None:
                        found = make("rPr")
                        run.insert(0, found)
                    found.append(make("sz", val=24))
            element.append(make("p", properties, *lead, *content))
        root.append(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_table(writer, table, style: str) -> None:
    """A ruled table as wide as the type area; the header rows bold and repeated on each page."""
    rows = getattr(table, "rows", ())
    if not rows:
        return
    if getattr(table, "caption", ""):
        writer.text("TableCaption", table.caption)
    columns = max(len(row) for row in rows)
    width = TYPE_WIDTH // columns
    align = tuple(getattr(table, "align", ())) + (None,) * columns
    rule = (CELL_RULE, "000000")
    borders = table_borders(top=rule, left=rule, bottom=rule, right=rule, insideH=rule, insideV=rule)
    element = writer.table([], borders)
    grid = element.find(f"{{{element.nsmap['w']}}}tblGrid")
    for child in list(grid):
        grid.remove(child)
    for _ in range(columns):
        grid.append(make("gridCol", w=width))
    header_rows = getattr(table, "header_rows", 1)
    for number, row in enumerate(rows):
        trPr = make("trPr", make("cantSplit"), make("tblHeader") if number < header_rows else None)
        cells = []
        for index in range(columns):
            cell_runs = row[index] if index < len(row) else ()
            paragraph = make("p", make("pPr", make("pStyle", val="TableText"),
                                       make("jc", val={"center": "center", "right": "right"}.get(align[index], "left"))))
            for run in runs(writer, cell_runs):
                if number < header_rows and run.tag.endswith("}r"):
                    properties = run.find(f"{{{run.nsmap['w']}}}rPr")
                    if properties is None:
                        properties = make("rPr")
                        run.insert(0, properties)
                    properties.append(make("b"))
                paragraph.append(run)
            tcPr = make("tcPr")
            put(tcPr, make("tcW", w=width, type="dxa"), TCPR_ORDER)
            cells.append(make("tc", tcPr, paragraph))
        element.append(make("tr", trPr, *cells))
    writer.gap()


def write_list(writer, listing, style: str, depth: int = 0) -> None:
    """Items marked 1. 2. … or •, wrapped lines under the item's first character."""
    start = getattr(listing, "start", 1)
    for number, item in enumerate(getattr(listing, "items", ()), start=start):
        mark = f"{number}." if getattr(listing, "ordered", False) else "•"
        for index, block in enumerate(item):
            if getattr(block, "kind", "") == "list":
                write_list(writer, block, style, depth + 1)
                continue
            left = 640 * (depth + 1) + 320
            indent = make("ind", left=left, hanging=320 if index == 0 else 0, firstLine=0, firstLineChars=0)
            content = runs(writer, getattr(block, "runs", ())) or [text_run(getattr(block, "text", ""))]
            lead = [text_run(mark + "\t")] if index == 0 else []
            writer.paragraph(style, [*lead, *content], ind=indent,
                             tabs=make("tabs", make("tab", val="left", pos=left)))


def write_quote(writer, quote, style: str) -> None:
    writer.blocks(getattr(quote, "blocks", ()), style="Quote")


def write_attachments(writer, issue, article) -> None:
    """附件：1.×× under the body, one blank line down, indented two characters (GB/T 9704 7.3.4)."""
    attachments = getattr(article, "attachments", ())
    if not attachments:
        return
    label = getattr(issue.labels, "attachments", "附件：")
    writer.gap(579)
    for number, attachment in enumerate(attachments, start=1):
        numbered = f"{number}.{attachment.title}" if len(attachments) > 1 else attachment.title
        text = (label if number == 1 else "\u3000" * len(label)) + numbered
        writer.text("Normal", text)


__all__ = ["run_texts", "footnote_reference", "footnote_part", "runs", "write_table", "write_list", "write_quote", "write_attachments"]
