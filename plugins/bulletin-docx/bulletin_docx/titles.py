"""Where a long title breaks (GB/T 9704 7.3.1: words kept whole, lines balanced).

A word processor breaks a Chinese title wherever the line is full, often inside a word
(暨青｜岛学习平台). Here a title wider than the line is split by the core's segmenter
(``bulletin_cli.formats.words``, shared with the text layout and the PDF) into the fewest
balanced lines of whole words, preferring a space the editor typed. The writer puts an
explicit line break between them; each line is measured wide (bold Latin at up to 0.9 em),
so it fits its line and Word, WPS or LibreOffice have no reason to break inside it.
"""

from __future__ import annotations

import unicodedata

TITLE_LINE = 20.0  # ems: 156 mm of 22 pt type holds 20 characters


def width(text: str) -> float:
    """Width in ems: wide and full-width characters 1, others one half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def title_lines(title: str, line: float = TITLE_LINE) -> list[str]:
    """The title as its printed lines; one line when it fits."""
    from bulletin_cli.formats.words import balanced_lines, bold_width  # the segmenter loads on first use

    return balanced_lines(" ".join(title.split()), line, bold_width)


__all__ = ["title_lines", "width", "TITLE_LINE"]
