"""Chinese paragraphs cut into the units the template fits into lines of 28 cells.

Typst's own line breaker cannot hang a mark into the margin only where a line would
otherwise start with it (typst/typst #7643), so a line that met a closing mark at its 29th
cell was pushed down and spaced out to 27 characters. The template breaks Chinese lines
itself instead (``fit-lines`` in bulletin.typ), as Word does with 允许标点溢出边界: it needs
to know where a line may break and how wide each piece is. Both are decided here, with
the same break rules as every other layout (``formats.words.may_break``: no line starts
with ，or ends with （, —— and …… stay whole, Latin words and numbers are never split).

A unit is a list of pieces ``[text, kind, strong, cells]``; a line may break only between units:

- ``W``: a run of Chinese characters, one cell (one em) each, between any two of which a
  line may break (a unit of its own);
- ``w``: full-width characters kept with a mark, one cell each;
- ``c`` / ``o``: one closing / opening mark, one cell, which the template may set in half a
  cell (its glyph fills only one half) or, for a closing mark at a line's end, hang past it;
- ``l``: anything else (Latin letters, digits, —— …), measured by the template in its face;
- ``s``: a space, measured, dropped where a line ends on it;
- ``n``: a footnote's circled number (a run with ``"note"``), raised and measured by the
  template, kept with the character before it (a line never starts with ①).
"""

from __future__ import annotations

import re
import unicodedata

from bulletin_cli.formats.words import NO_LINE_END, NO_LINE_START, bold_width, may_break

CLOSING_MARKS = "，。、；：？！）》」』】〕〉”’"
OPENING_MARKS = "（《「『【〔〈“‘"
# A run of letters, digits and symbols with no break in it, too long to be sure of fitting a
# line (a URL, a code): it may break between any two of its characters.
_UNBREAKABLE = re.compile(r"[!-~]{28,}")
# A unit wider than this many cells (erring wide: bold capitals) might not fit a line: it
# breaks between any two characters instead, marks kept with their neighbours.
_WIDEST_UNIT = 24
# In place of ``strong`` for a note's mark among a unit's (char, strong) pairs.
NOTE = None


def _kind(char: str) -> str:
    if char in CLOSING_MARKS:
        return "c"
    if char in OPENING_MARKS:
        return "o"
    if char.isspace():
        return "s"
    return "w" if unicodedata.east_asian_width(char) in "WF" else "l"


# Ideographs between which a line may always break: the middle of a run of them needs no
# look at the rules (the loop below is the cost of a PDF's Python side otherwise).
_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}")


def units(runs) -> list[list[list]]:
    """The runs ([{"text", "strong"}] or objects with .text/.strong) as units for the template."""
    cut: list = []  # units as lists of (char, strong), or a run of ideographs as (text, strong)
    free: set[int] = set()  # indexes where a break is allowed whatever the marks say
    offset, previous = 0, ""

    def add(char: str, strong: bool, index: int) -> None:
        if not cut or isinstance(cut[-1], tuple) or index in free or may_break(previous, char):
            cut.append([])
        cut[-1].append((char, strong))

    for run in runs:
        if isinstance(run, dict) and run.get("note"):
            # with the unit before it (the last character of a run is always added one by one)
            if cut and isinstance(cut[-1], list):
                cut[-1].append((run["text"], NOTE))
            else:
                cut.append([(run["text"], NOTE)])
            continue
        text = run["text"] if isinstance(run, dict) else run.text
        strong = bool(run["strong"] if isinstance(run, dict) else getattr(run, "strong", False))
        for match in _UNBREAKABLE.finditer(text):
            free.update(range(offset + match.start() + 1, offset + match.end()))
        position = 0
        for match in _IDEOGRAPHS.finditer(text):
            for index in range(position, match.start() + 1):  # up to the run's first ideograph
                add(text[index], strong, offset + index)
                previous = text[index]
            cut.append((text[match.start() + 1:match.end() - 1], strong))
            position = match.end() - 1
        for index in range(position, len(text)):
            add(text[index], strong, offset + index)
            previous = text[index]
        offset += len(text)
    out: list[list[list]] = []
    for unit in cut:
        if isinstance(unit, tuple):
            groups = [[[unit[0], "W", unit[1]]]]
        else:
            too_wide = len(unit) > _WIDEST_UNIT // 2 and bold_width("".join(c for c, _ in unit)) > _WIDEST_UNIT
            groups = [_pieces(part) for part in _apart(unit)] if too_wide else [_pieces(unit)]
        for pieces in groups:
            # A line may break between any two of a run of lone Chinese characters: one unit "W"
            # for the run (the template takes as many as fit) instead of one unit each.
            if len(pieces) == 1 and (pieces[0][1] == "W" or (pieces[0][1] == "w" and len(pieces[0][0]) == 1)):
                before = out[-1][0] if out and len(out[-1]) == 1 else None
                if before is not None and before[1] == "W" and before[2] == pieces[0][2]:
                    before[0] += pieces[0][0]
                else:
                    out.append([[pieces[0][0], "W", pieces[0][2]]])
            else:
                out.append(pieces)
    for unit in out:  # each piece's cells, so that the template need not count them
        for piece in unit:
            piece.append(len(piece[0]) if piece[1] in "wWco" else 0)
    return out


def _apart(unit: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """A unit too long for a line, in parts between which it may break: each character its own,
    but a mark that may not start a line stays with the character before it, and one that may
    not end a line with the character after it, up to three marks (a run of hundreds of ，
    still breaks)."""
    parts: list[list[tuple[str, bool]]] = []
    glued = False  # the last part ends with a mark that may not end a line
    for char, strong in unit:
        if parts and (glued or char in NO_LINE_START or strong is NOTE) and len(parts[-1]) < 4:
            parts[-1].append((char, strong))
        else:
            parts.append([(char, strong)])
        glued = char in NO_LINE_END
    return parts


def _pieces(unit: list[tuple[str, bool]]) -> list[list]:
    pieces: list[list] = []
    for char, strong in unit:
        kind = "n" if strong is NOTE else _kind(char)
        strong = bool(strong)
        if pieces and pieces[-1][1] == kind and pieces[-1][2] == strong and kind not in "con":
            pieces[-1][0] += char
        else:
            pieces.append([char, kind, strong])
    return pieces
