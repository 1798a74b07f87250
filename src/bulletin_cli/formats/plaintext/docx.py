"""A Word file (.docx) as the text the recogniser reads: one paragraph a line, blank lines between.

Paragraphs and table cells are taken in document order; a line break inside a paragraph (a
title set over two lines) stays a line break, and the contents shows where it was one. Needs
python-docx, the optional extra ``bulletin-cli[import]``; imported only when a .docx is read.
"""

from __future__ import annotations

from pathlib import Path


class MissingExtra(Exception):
    """python-docx is not installed."""


def docx_text(path: Path) -> str:
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise MissingExtra("reading .docx needs python-docx: pip install 'bulletin-cli[import]'") from None
    document = docx.Document(str(path))
    chunks: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            chunks.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                for cell in row.cells:
                    chunks.extend(p.text for p in cell.paragraphs)
    lines = []
    for chunk in chunks:
        text = chunk.replace("\t", "    ").strip()
        if text:
            lines.append(text)
    return "\n\n".join(lines) + "\n"
