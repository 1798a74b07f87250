"""Chinese paragraphs cut into the units the template fits into lines of 28 cells.

Typst's own line breaker cannot hang a mark into the margin only where a line would
otherwise start with it (typst/typst #7643), so a line that met a closing mark at its 29th
cell was pushed down and spaced out to 27 characters. The template breaks Chinese lines
itself instead (``fit-lines`` in bulletin.typ), as Word does with 允许标点溢出边界: it needs
to know where a line may break and how wide each piece is. Both are decided here, with
the same break rules as every other layout (``formats.words.may_break``: no line starts
with ，or ends with （, —— and …… stay whole, Latin words and numbers are never split).

A unit is a list of pieces ``[text, kind, strong]``; a line may break only between units:

- ``w``: full-width characters, one cell (one em) each, so the template need not measure them;
- ``c`` / ``o``: one closing / opening mark, one cell, which the template may set in half a
  cell (its glyph fills only one half) or, for a closing mark at a line's end, hang past it;
- ``l``: anything else (Latin letters, digits, —— …), measured by the template in its face;
- ``s``: a space, measured, dropped where a line ends on it.
"""

from __future__ import annotations

import re
import unicodedata

from bulletin_cli.formats.words import may_break

CLOSING_MARKS = "，。、；：？！）》」』】〕〉”’"
OPENING_MARKS = "（《「『【〔〈“‘"
# A run of letters, digits and symbols with no break in it, too long to be sure of fitting a
# line (a URL, a code): it may break between any two of its characters.
_UNBREAKABLE = re.compile(r"[!-~]{28,}")
# A unit wider than this many characters would not fit a line: it breaks anywhere instead.
_LONGEST_UNIT = 20


def _kind(char: str) -> str:
    if char in CLOSING_MARKS:
        return "c"
    if char in OPENING_MARKS:
        return "o"
    if char.isspace():
        return "s"
    return "w" if unicodedata.east_asian_width(char) in "WF" else "l"


def units(runs) -> list[list[list]]:
    """The runs ([{"text", "strong"}] or objects with .text/.strong) as units for the template."""
    chars: list[tuple[str, bool]] = []
    free: set[int] = set()  # indexes where a break is allowed whatever the marks say
    for run in runs:
        text = run["text"] if isinstance(run, dict) else run.text
        strong = bool(run["strong"] if isinstance(run, dict) else getattr(run, "strong", False))
        for match in _UNBREAKABLE.finditer(text):
            free.update(range(len(chars) + match.start() + 1, len(chars) + match.end()))
        chars += [(char, strong) for char in text]
    cut: list[list[tuple[str, bool]]] = []
    for index, (char, strong) in enumerate(chars):
        if not cut or index in free or may_break(chars[index - 1][0], char):
            cut.append([])
        cut[-1].append((char, strong))
    out = []
    for unit in cut:
        if len(unit) > _LONGEST_UNIT:  # e.g. a long run of marks: one character a unit
            out += [_pieces([pair]) for pair in unit]
        else:
            out.append(_pieces(unit))
    return out


def _pieces(unit: list[tuple[str, bool]]) -> list[list]:
    pieces: list[list] = []
    for char, strong in unit:
        kind = _kind(char)
        if pieces and pieces[-1][1] == kind and pieces[-1][2] == strong and kind not in "co":
            pieces[-1][0] += char
        else:
            pieces.append([char, kind, strong])
    return pieces
