"""Lines grouped into units (paragraphs, titles, contents groups), and the patterns every part shares."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bulletin_cli.formats.plaintext.colophon import CREDIT, LIST_LABEL
from bulletin_cli.formats.plaintext.reader import Line, display_width
from bulletin_cli.formats.markup import join_lines

COLUMN = re.compile(r"^[〔【\[［]\s*(?P<name>[^〔〕【】\[\]］［]{1,20}?)\s*[〕】\]］]$")
SUBTITLE = re.compile(r"^(?:——|—|--)\s*(?=\S)")

# In-body headings of the official hierarchy, by level: 一、 （一） 1. （1）
HEADINGS = ((1, re.compile(r"^[一二三四五六七八九十]+、")), (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
             (3, re.compile(r"^\d{1,2}[.．](?!\d)")), (4, re.compile(r"^[（(]\d{1,2}[）)]")))


@dataclass
class Unit:
    """Lines that belong together: a paragraph, a title over two lines, a group of contents entries."""

    lines: list[Line]
    after_blank: bool = True
    position: float = 0.0  # typeset lines before its end, counted from the top (page-break evidence)

    @property
    def number(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        if self.lines[0].hint == "markup":  # body markup (a Word table or list): its lines and indents kept
            return "\n".join(" " * line.indent + line.text for line in self.lines)
        return join_lines([line.text for line in self.lines])


def make_units(lines: list[Line | None], typed: bool) -> list[Unit]:
    """Group lines into units: blank lines and rules separate them; in the typed layout a line
    indented like a paragraph (two characters) or centred starts a new one."""
    units: list[Unit] = []
    current: list[Line] = []

    blank = [True]

    def flush() -> None:
        if current:
            units.append(Unit(list(current), blank[0]))
            current.clear()
            blank[0] = False

    for line in lines:
        if current and line is not None and line.hint == "markup" and current[-1].hint == "markup":
            current.append(line)
            continue
        if current and line is not None and (line.hint == "markup") != (current[-1].hint == "markup"):
            flush()  # body markup (a table, a list) is a unit of its own
        if line is None or line.text == "\x00rule":
            flush()
            blank[0] = True
            if line is not None:
                units.append(Unit([line]))
            continue
        if current and SUBTITLE.match(line.text) and not SUBTITLE.match(current[-1].text):
            flush()
        if current and (LIST_LABEL.match(line.text) or CREDIT.match(line.text)):
            flush()
        centred_run = current and current[-1].indent > 5 and line.indent > 5
        if typed and current and (line.indent >= 4 and not centred_run or current[-1].indent > 4 and line.indent == 0
                                  and display_width(current[-1].text) + current[-1].indent < 40):
            flush()
        current.append(line)
    flush()
    return units


def norm(text: str) -> str:
    """Text compared without spaces and with full-width forms folded (contents against body)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


