"""A Word file (.docx) as the text the recogniser reads: one paragraph a line, blank lines between.

Paragraphs and table cells are taken in document order; a line break inside a paragraph (a
title set over two lines) stays a line break, and the contents shows where it was one. Bold
runs inside a paragraph become ``**…**`` (a paragraph bold throughout is a heading or a title
set by hand, and stays plain); a paragraph style named like ``Heading 2`` gives the heading
level. Needs python-docx, the optional extra ``bulletin-cli[import]``; imported only when a
.docx is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from bulletin_cli.formats.plaintext.docx_rich import W, ListReader, footnote_texts, is_data_table, list_markup, table_markup

_HEADING_STYLE = re.compile(r"heading\s*([1-4])\b", re.I)
_QUOTE_STYLE = re.compile(r"^(?:intense\s*)?quote$", re.I)


class MissingExtra(Exception):
    """python-docx (or pdfplumber, for PDF) is not installed."""


def _bold(run) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = getattr(run, "style", None)
    return bool(style is not None and style.font is not None and style.font.bold)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


def _link(item) -> str | None:
    return getattr(item, "address", None) or getattr(item, "url", None) or None


def _pieces(paragraph, notes: dict[str, str]) -> list[tuple[str, bool, str | None]]:
    """(markup text, bold, link) for each run; a footnote reference as ``[^id]`` when its text is known."""
    out = []
    for item in paragraph.iter_inner_content():
        link = _link(item) if not hasattr(item, "bold") else None
        for run in getattr(item, "runs", [item]):  # a hyperlink holds runs of its own
            reference = run._r.find(f"{{{W}}}footnoteReference")
            if reference is not None and reference.get(f"{{{W}}}id") in notes:
                out.append((f"[^{reference.get(f'{{{W}}}id')}]", False, None))
            elif run.text:
                out.append((_escape(run.text), _bold(run), link))
    return out


def _marked(paragraph, notes: dict[str, str] | None = None, keep_all_bold: bool = False) -> str:
    """The paragraph's text with bold runs as **…** (none when every run is bold, unless
    ``keep_all_bold``: a table cell), links as [text](url) and footnote references as [^id]."""
    pieces = _pieces(paragraph, notes or {})
    merged: list[list] = []
    for text, bold, link in pieces:  # a link's runs as one link
        if merged and link and merged[-1][2] == link:
            merged[-1][0] += text
        else:
            merged.append([text, bold, link])
    pieces = [(f"[{t}]({link})" if link else t, b) for t, b, link in merged]
    texts = [t for t, b in pieces if not t.startswith("[^")]
    if not texts:
        return "".join(t for t, _ in pieces)
    bolds = [b for t, b in pieces if not t.startswith("[^")]
    if (all(bolds) and not keep_all_bold) or not any(bolds):
        return "".join(t for t, _ in pieces)
    out, strong = [], False
    for text, bold in pieces:
        if bold != strong:
            out.append("**")
            strong = bold
        out.append(text)
    if strong:
        out.append("**")
    return re.sub(r"\*\*(\s+)\*\*", r"\1", "".join(out))


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_CAPTION = re.compile(r"^(?:图为|图\s*\d+|Figure\s*\d+|Photo[:：])")


def _pictures(paragraph, document, stem: str, images: dict[str, bytes]) -> list[tuple[str, str]]:
    """(file written beside the issue, alt text) for each picture in the paragraph; the bytes go into ``images``."""
    out = []
    for blip in paragraph._p.iter(_BLIP):
        part = document.part.related_parts.get(blip.get(_EMBED))
        if part is None:
            continue
        extension = Path(str(part.partname)).suffix.lower() or ".png"
        name = f"images/{stem}-{len(images) + 1}{extension}"
        images[name] = part.blob
        described = next(paragraph._p.iter(_DOC_PR), None)
        out.append((name, (described.get("descr") or "").strip() if described is not None else ""))
    return out


def docx_text(path: Path, images: dict[str, bytes] | None = None) -> tuple[str, dict[int, str]]:
    """The text (bold as **…**, ``*`` escaped) and the hints by line number ({line: "heading2"}).
    Pictures become figures naming ``images/STEM-N.ext``; their bytes go into ``images`` by that name
    (pictures are left out when ``images`` is None)."""
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise MissingExtra("reading .docx needs python-docx: pip install 'bulletin-cli[import]'") from None
    document = docx.Document(str(path))
    notes = footnote_texts(document)
    lists = ListReader(document)
    chunks: list[tuple[str, str]] = []  # (text, hint); hint "markup": body markup, parsed as such
    items: list[tuple[int, bool, str]] = []
    pending_notes: list[str] = []
    waiting = None  # the index of the last figure, whose caption may be the next paragraph
    alt_of_waiting = ""  # its alt text: a caption that repeats it is not body text

    def end_list() -> None:
        if items:
            chunks.append((list_markup(items), "markup"))
            items.clear()
        while pending_notes:
            label = pending_notes.pop(0)
            chunks.append((f"[^{label}]: {_escape(notes[label])}", "markup"))

    def note_references(text: str) -> None:
        pending_notes.extend(label for label in re.findall(r"\[\^([^\]]+)\]", text) if label in notes)

    def cell_text(cell, header: bool) -> str:
        text = " ".join(_marked(p, notes, keep_all_bold=not header).replace("\n", " ") for p in cell.paragraphs)
        note_references(text)
        return text.replace("|", "\\|").strip()

    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            text = _marked(paragraph, notes)
            if waiting is not None and not text.strip():
                continue  # an empty paragraph between the picture and its caption
            if waiting is not None and text.strip() == alt_of_waiting:
                waiting = None
                continue  # the caption under the picture repeats its alt text (the DOCX exporter's figures)
            if waiting is not None and not alt_of_waiting and _CAPTION.match(text.strip()) and len(text) <= 80:
                chunks[waiting] = (f"![{text.strip()}]({chunks[waiting][0].rsplit('](', 1)[1]}", "markup")
                waiting = None
                continue  # the caption under the picture
            waiting = None
            pictures = _pictures(paragraph, document, path.stem, images) if images is not None else []
            if pictures:
                end_list()
                for name, alt in pictures:
                    chunks.append((f"![{_escape(alt).replace(']', '')}]({name})", "markup"))
                waiting, alt_of_waiting = len(chunks) - 1, _escape(pictures[-1][1])
                if not text.strip():
                    continue
            item = lists.item(paragraph, text) if text.strip() else None
            if item:
                items.append(item[:3])
                note_references(text)
                continue
            end_list()
            heading = _HEADING_STYLE.search(style or "")
            note_references(text)
            if _QUOTE_STYLE.search(style or "") and text.strip():
                chunks.append(("> " + text.strip(), "markup"))
            else:
                rich = "[^" in text or any(_link(i) for i in paragraph.iter_inner_content() if not hasattr(i, "bold"))
                chunks.append((text, f"heading{heading[1]}" if heading else ("markup" if rich else "")))
        elif tag == "tbl":
            end_list()
            table = Table(element, document)
            if is_data_table(table):
                chunks.append((table_markup(table, cell_text)[0], "markup"))
            else:  # a layout table (the colophon's box): its cells are paragraphs
                for row in table.rows:
                    for cell in row.cells:
                        chunks.extend((_marked(p), "") for p in cell.paragraphs)
        if not items:  # footnote texts right after the paragraph (or list) that refers to them
            end_list()
    end_list()
    lines: list[str] = []
    hints: dict[int, str] = {}
    number = 1
    for chunk, hint in chunks:
        text = chunk.strip() if hint == "markup" else chunk.replace("\t", "    ").strip()
        if not text:
            continue
        if lines:
            number += 1  # the blank line between paragraphs
        for offset in range(text.count("\n") + 1 if hint == "markup" else 1):
            if hint:
                hints[number + offset] = hint
        lines.append(text)
        number += text.count("\n") + 1
    return "\n\n".join(lines) + "\n", hints
