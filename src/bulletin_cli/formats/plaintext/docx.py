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

_HEADING_STYLE = re.compile(r"heading\s*([1-4])\b", re.I)


class MissingExtra(Exception):
    """python-docx (or pdfplumber, for PDF) is not installed."""


def _bold(run) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    style = getattr(run, "style", None)
    return bool(style is not None and style.font is not None and style.font.bold)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


def _marked(paragraph) -> str:
    """The paragraph's text with bold runs as **…** (none when every run is bold)."""
    runs = []
    for item in paragraph.iter_inner_content():
        runs += list(getattr(item, "runs", [item]))  # a hyperlink holds runs of its own
    pieces = [(run.text, _bold(run)) for run in runs if run.text]
    if not pieces or all(bold for _, bold in pieces) or not any(bold for _, bold in pieces):
        return _escape(paragraph.text)
    out, strong = [], False
    for text, bold in pieces:
        if bold != strong:
            out.append("**")
            strong = bold
        out.append(_escape(text))
    if strong:
        out.append("**")
    return re.sub(r"\*\*(\s+)\*\*", r"\1", "".join(out))


def docx_text(path: Path) -> tuple[str, dict[int, str]]:
    """The text (bold as **…**, ``*`` escaped) and the hints by line number ({line: "heading2"})."""
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise MissingExtra("reading .docx needs python-docx: pip install 'bulletin-cli[import]'") from None
    document = docx.Document(str(path))
    chunks: list[tuple[str, str]] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            heading = _HEADING_STYLE.search(style or "")
            chunks.append((_marked(paragraph), f"heading{heading[1]}" if heading else ""))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                for cell in row.cells:
                    chunks.extend((_marked(p), "") for p in cell.paragraphs)
    lines: list[str] = []
    hints: dict[int, str] = {}
    number = 1
    for chunk, hint in chunks:
        text = chunk.replace("\t", "    ").strip()
        if not text:
            continue
        if lines:
            number += 1  # the blank line between paragraphs
        if hint:
            hints[number] = hint
        lines.append(text)
        number += text.count("\n") + 1
    return "\n\n".join(lines) + "\n", hints
