"""Line breaking for the plain-text official layout: display widths and Chinese kinsoku rules.

Pure functions on strings; nothing here knows about issues. docs/cli/text-layout.md
describes the rules in full.

Width unit: **display columns**, as a monospaced terminal or editor counts them: a Chinese
character or full-width mark takes 2 columns, an ASCII letter, digit or space 1. Widths come
from wcwidth (Unicode East Asian Width). In Chinese text (``cjk=True``) the marks
“”‘’—… count 2 columns: they are "ambiguous" in Unicode, and Chinese fonts set them full
width by design, so a line that fits in a terminal also fits in a Chinese editor.

Breaking rules, in order of precedence:

- A line never starts with a closing mark (NO_START: ，。、；：？！）》”’〕… ) and never ends
  with an opening mark (NO_END: （《“‘〔… ). The lists are GB/T 15834 / W3C clreq's basic
  level joined with Word's zh-CN kinsoku defaults.
- —— and …… (and any run of one dash or ellipsis character) are never split.
- Latin words and numbers are never split: no break between two narrow (1-column)
  non-space characters. Latin text breaks at spaces; the space at a break is dropped.
  A wide character next to a narrow one may break (海天|MALL).
- Strategy: **push-out** (推出). A line is filled up to the last legal break that fits;
  characters that may not end or start a line move down to the next line, so lines come
  out shorter, never longer. Push-in (挤进, hanging a comma past the margin) is not used,
  because a plain-text line past the width breaks the layout of whoever pastes it.
- The only line wider than the limit is one unit with no legal break inside, wider than
  the whole line (a very long URL, say); it is put on a line of its own, unsplit.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, compress
from typing import Sequence

from wcwidth import wcwidth

# Ambiguous-width marks that Chinese fonts set full width (noto-cjk: full width in SC by design).
# The 间隔号 · and circled numbers ①–⑳ likewise (Chinese faces set them full width).
WIDE_IN_CJK = frozenset("“”‘’—…·" + "".join(chr(c) for c in range(0x2460, 0x2474)))

# Word's zh-CN kinsoku "cannot start a line" list, plus GB/T 15834's 连接号 (-～), 间隔号 (·・)
# and 分隔号 (/), the dashes ―– and the two-em dash ⸺ when it stands alone.
NO_START = frozenset(
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
    "-/／・–〙〛｠｣"
)
# Word's zh-CN kinsoku "cannot end a line" list, plus 分隔号 (/) and the other opening brackets.
NO_END = frozenset("$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥" "/／〘〚｟｢")

# A run of the same one of these characters is one mark (——, ……, ⸺⸺) and never split.
REPEATED_MARKS = frozenset("—…⸺―⋯")

SPACE = " "


@lru_cache(maxsize=4096)
def char_width(char: str, cjk: bool = True) -> int:
    """Display columns of one character (control characters count 0)."""
    if cjk and char in WIDE_IN_CJK:
        return 2
    width = wcwidth(char)
    return width if width > 0 else 0


# Each character's width, measured once per process and layout (a dict lookup is several
# times cheaper than calling char_width for every character of every paragraph).
_WIDTHS: dict[bool, dict[str, int]] = {True: {}, False: {}}


def _widths(text: str, cjk: bool) -> list[int]:
    table = _WIDTHS[cjk]
    try:
        return list(map(table.__getitem__, text))
    except KeyError:
        for char in set(text).difference(table):
            table[char] = char_width(char, cjk)
        return list(map(table.__getitem__, text))


@functools.lru_cache(maxsize=512)  # prefixes and labels come back in every paragraph
def _short_width(text: str, cjk: bool) -> int:
    return sum(_widths(text, cjk))


def display_width(text: str, cjk: bool = True) -> int:
    """Display columns of a string."""
    return _short_width(text, cjk) if len(text) <= 16 else sum(_widths(text, cjk))


def break_allowed(text: str, cjk: bool = True, widths: Sequence[int] | None = None) -> list[bool]:
    """``allowed[i]``: may a line break fall between ``text[i-1]`` and ``text[i]``?

    The start (0) is never a break; the end (``len(text)``) always is. A break is placed
    after a run of spaces, never before or inside it.

    Every position starts allowed and the rules strike positions out, each found by a search
    in C (str.find, or a regular expression over the text or over its widths as bytes): the
    marks that forbid a break are few, so no Python code runs per character.
    (tests/test_text_layout.py holds the rules as a loop over characters and checks both agree.)
    """
    if widths is None:
        widths = _widths(text, cjk)
    size = len(text)
    allowed = [True] * (size + 1)
    if size > 1:
        try:
            measured = bytes(widths)
        except (ValueError, TypeError):  # widths no character has: clamp, as the rules only ask 0, 1 or more
            measured = bytes(0 if w == 0 else 1 if w == 1 else 2 for w in widths)
        # After a visible character: not inside a Latin word or number (two narrow characters) ...
        for match in _NARROW_RUN.finditer(measured):
            allowed[match.start() + 1:match.end()] = [False] * (match.end() - match.start() - 1)
        # ... nor beside a combining mark (zero width)
        for match in _ZERO_RUN.finditer(measured):
            allowed[match.start():match.end() + 1] = [False] * (match.end() - match.start() + 1)
        # After a space, the widths do not count: only the rules below.
        for match in _SPACE_RUN.finditer(text) if SPACE in text else ():
            allowed[match.start() + 1:match.end() + 1] = [True] * (match.end() - match.start())
        present = [mark for mark in _MARKS if mark in text]  # substring searches: no str per character
        for mark in present:
            if mark in NO_START or mark == SPACE:  # not before a space or a closing mark
                at = text.find(mark)
                while at >= 0:
                    allowed[at] = False
                    at = text.find(mark, at + 1)
        if text[0] == SPACE or not NO_END.isdisjoint(present):
            # not after an opening mark, nor after the spaces that follow one, nor after leading spaces
            for match in _AFTER_NO_END.finditer(text):
                allowed[match.start() + 1:match.end() + 1] = [False] * (match.end() - match.start())
        # Not inside a run of one dash or ellipsis character.
        for match in _REPEATED.finditer(text) if not REPEATED_MARKS.isdisjoint(present) else ():
            allowed[match.start() + 1] = False
    allowed[0] = False
    allowed[size] = True
    return allowed


def _class(characters: frozenset[str] | str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(characters)) + "]"


_NARROW_RUN = re.compile(rb"\x01{2,}")
_ZERO_RUN = re.compile(rb"\x00+")
_SPACE_RUN = re.compile(" +")
_MARKS = sorted(NO_START | NO_END | REPEATED_MARKS | {SPACE})
_AFTER_NO_END = re.compile(f"(?:{_class(NO_END)}|^ ) *")
_REPEATED = re.compile(f"({_class(REPEATED_MARKS)})(?=\\1)")


def _visible_width_table(text: str, widths: Sequence[int]) -> tuple[list[int], Sequence[int]]:
    """Prefix sums of widths, and for each position the end of the text without trailing spaces."""
    prefix = [0, *accumulate(widths)]
    if SPACE not in text:
        return prefix, range(len(text) + 1)
    trimmed = [0] * (len(text) + 1)
    last = 0
    for i, char in enumerate(text):
        if char != SPACE:
            last = i + 1
        trimmed[i + 1] = last
    return prefix, trimmed


def split_segments(text: str, width: int, *, first_width: int | None = None, cjk: bool = True,
                   breaks: Sequence[bool] | None = None) -> list[str]:
    """Cut ``text`` into consecutive pieces, one per line; ``"".join(pieces) == text``.

    Each piece, without its trailing spaces, fits in ``width`` columns (``first_width`` for the
    first piece, when given), except a single unit that has no legal break inside it. A
    ``width`` of 0 or less means no wrapping: one piece.
    """
    return _segments(text, width, first_width, cjk, breaks)[0]


def _segments(text: str, width: int, first_width: int | None, cjk: bool,
              breaks: Sequence[bool] | None) -> tuple[list[str], list[int]]:
    """The pieces of split_segments, and the display width of each without its trailing spaces
    (computed once here, so that callers need not measure the lines again).

    Each line ends at the last legal break whose text, without trailing spaces, fits: found by
    bisection in the prefix sums of the widths (which only grow), not by trying every break.
    """
    if not text:
        return [""], [0]
    widths = _widths(text, cjk)
    size = len(text)
    if width <= 0:
        return [text], [sum(widths[:len(text.rstrip(SPACE))])]
    allowed = list(breaks) if breaks is not None else break_allowed(text, cjk, widths)
    allowed[size] = True
    candidates = list(compress(range(1, size + 1), allowed[1:]))
    prefix, trimmed = _visible_width_table(text, widths)
    pieces: list[str] = []
    measured: list[int] = []
    start = 0
    available = width if first_width is None else first_width
    while start < size:
        # the last position whose width from start fits (or start itself), then the last break
        # whose visible end is at or before it
        fits = max(bisect_right(prefix, prefix[start] + available) - 1, start)
        index = bisect_right(candidates, bisect_right(trimmed, fits) - 1) - 1
        if index >= 0 and candidates[index] > start:
            best = candidates[index]
        else:  # one unit wider than the line: it stands alone, unsplit
            best = candidates[bisect_right(candidates, start)]
        pieces.append(text[start:best])
        measured.append(prefix[trimmed[best]] - prefix[start] if trimmed[best] > start else 0)
        start = best
        available = width
    return pieces, measured


def wrap(text: str, width: int, *, initial: str = "", subsequent: str = "", cjk: bool = True,
         breaks: Sequence[bool] | None = None) -> list[str]:
    """Lines of ``text`` wrapped to ``width`` columns, with ``initial`` before the first line and
    ``subsequent`` before the others (a paragraph indent, a hanging indent).

    Trailing spaces are removed from every line. ``width`` 0 keeps the text on one line.
    ``breaks`` narrows the legal breaks (a mask like :func:`break_allowed`'s). When a hanging
    indent would push a long word past the width, the continuation lines go flush left.
    """
    lines, widths = _wrap(text, width, initial, subsequent, cjk, breaks)
    if width > 0 and subsequent and any(w > width for w in widths[1:]):
        flush, flush_widths = _wrap(text, width, initial, "", cjk, breaks)
        if max(flush_widths[1:], default=0) <= width:
            return flush
    return lines


def _wrap(text: str, width: int, initial: str, subsequent: str, cjk: bool,
          breaks: Sequence[bool] | None) -> tuple[list[str], list[int]]:
    """The lines, and each line's display width (its prefix's and its piece's, measured once)."""
    initial_width, subsequent_width = display_width(initial, cjk), display_width(subsequent, cjk)
    first, rest = width - initial_width, width - subsequent_width
    if width > 0:
        first, rest = max(first, 1), max(rest, 1)
    pieces, measured = _segments(text, rest if width > 0 else 0, first, cjk, breaks)
    lines, widths = [], []
    for number, (piece, piece_width) in enumerate(zip(pieces, measured)):
        prefix, prefix_width = (initial, initial_width) if number == 0 else (subsequent, subsequent_width)
        line = (prefix + piece).rstrip(SPACE)
        lines.append(line)
        # a piece of spaces only leaves the prefix's own trailing spaces to strip: measure that rare line
        widths.append(prefix_width + piece_width if piece_width else display_width(line, cjk))
    return lines, widths


def wrap_balanced(text: str, width: int, *, subsequent: str = "", cjk: bool = True,
                  breaks: Sequence[bool] | None = None) -> list[str]:
    """Like :func:`wrap`, but with lines of even length, as GB/T 9704 asks of titles.

    Keeps the number of lines greedy wrapping gives at ``width`` and takes the narrowest
    width that still gives that many lines, so a title does not end in a short stub.
    """
    lines, widths = _wrap(text, width, "", subsequent, cjk, breaks)
    if width <= 0 or len(lines) < 2:
        return lines
    widest = max(widths)
    if widest > width:
        # An unbreakable unit overflows: balancing cannot help.
        return wrap(text, width, subsequent=subsequent, cjk=cjk, breaks=breaks)
    best = lines
    for trial in range(widest - 1, 0, -1):
        candidate, candidate_widths = _wrap(text, trial, "", subsequent, cjk, breaks)
        if len(candidate) != len(lines) or max(candidate_widths) > trial:
            break
        best = candidate
    return best


# Marks after which a headline breaks naturally (点号, and 暨 "together with", which only
# ever joins two phrases), and paired marks whose inside is a name or a term best kept whole.
PAUSES = frozenset("，、；：。！？暨")
PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "〔": "〕", "「": "」", "『": "』"}


def _headline_masks(text: str, cjk: bool) -> list[list[bool]]:
    """Ever wider sets of breaks for a headline: at phrase spaces; also after pauses (，、暨);
    anywhere outside quotes and brackets."""
    allowed = break_allowed(text, cjk)
    inside = [False] * (len(text) + 1)
    closers: list[str] = []
    for i, char in enumerate(text):
        if closers and char == closers[-1]:
            closers.pop()
        elif char in PAIRS:
            closers.append(PAIRS[char])
        inside[i + 1] = bool(closers)
    spaces = [ok and i > 0 and text[i - 1] == SPACE for i, ok in enumerate(allowed)]
    pauses = [ok and (spaces[i] or (i > 0 and text[i - 1] in PAUSES and not inside[i]))
              for i, ok in enumerate(allowed)]
    outside = [ok and not inside[i] for i, ok in enumerate(allowed)]
    return [spaces, pauses, outside]


def wrap_title(text: str, width: int, *, subsequent: str = "", cjk: bool = True) -> list[str]:
    """A headline in balanced lines, broken where a reader would break it.

    Tries, in order: breaks only at the phrase spaces of a Chinese headline (市北区突出三个导向
    推动…), then also after pauses (，、), then anywhere outside quotes and brackets, then any
    legal break; the first that fits in as few lines as plain wrapping needs wins.
    """
    plain = wrap_balanced(text, width, subsequent=subsequent, cjk=cjk)
    if not cjk or width <= 0 or len(plain) < 2:
        return plain
    whole = word_breaks(text, cjk)
    masks = [[ok and keep for ok, keep in zip(mask, whole)] for mask in _headline_masks(text, cjk)] + [whole]
    for mask in masks:
        lines = wrap_balanced(text, width, subsequent=subsequent, cjk=cjk, breaks=mask)
        if len(lines) <= len(plain) + (mask is whole) and all(display_width(line, cjk) <= width for line in lines):
            return lines
    return plain


def word_breaks(text: str, cjk: bool = True) -> list[bool]:
    """:func:`break_allowed`, and between two wide characters only at a word boundary
    (formats.words), so titles and names keep their words whole (GB/T 9704)."""
    from bulletin_cli.formats.words import break_opportunities

    widths = _widths(text, cjk)
    allowed = break_allowed(text, cjk, widths)
    bounds = set(break_opportunities(text))
    for i in range(1, len(text)):
        if allowed[i] and i not in bounds and widths[i - 1] == 2 and widths[i] == 2 \
                and text[i - 1] not in NO_START_AFTER and text[i] not in NO_END_BEFORE:
            allowed[i] = False
    return allowed


# marks beside which a break stays legal whatever the words: after a pause or closing mark,
# before an opening one
NO_START_AFTER = frozenset("，、；：。！？”’）》〉」』】〕")
NO_END_BEFORE = frozenset("“‘（《〈「『【〔")


def pad(columns: int, cjk: bool = True) -> str:
    """Blank space ``columns`` wide: full-width spaces in Chinese text (so the gap matches in a
    Chinese proportional font too), with one ASCII space for an odd column."""
    if columns <= 0:
        return ""
    if cjk:
        return "\u3000" * (columns // 2) + SPACE * (columns % 2)
    return SPACE * columns


def indent_like(label: str, cjk: bool = True) -> str:
    """Blank space as wide as ``label``: full-width spaces under wide characters, ASCII under narrow
    ones, so continuation lines align after the label in monospaced and Chinese fonts alike."""
    return "".join("\u3000" if char_width(c, cjk) == 2 else SPACE * char_width(c, cjk) for c in label)


def centre(line: str, width: int, cjk: bool = True) -> str:
    """``line`` centred in ``width`` columns (left padding only; no trailing spaces)."""
    return pad((width - display_width(line, cjk)) // 2, cjk) + line


def right(line: str, width: int, cjk: bool = True) -> str:
    """``line`` set flush right in ``width`` columns."""
    return pad(width - display_width(line, cjk), cjk) + line


def spread(left: str, right_text: str, width: int, cjk: bool = True, gap: int = 4) -> list[str]:
    """``left`` at the left margin and ``right_text`` at the right, on one line when both fit
    with at least ``gap`` columns between them, else on two lines (the right one flush right)."""
    space = width - display_width(left, cjk) - display_width(right_text, cjk)
    if space >= gap:
        return [left + pad(space, cjk) + right_text]
    return [*wrap(left, width, cjk=cjk), right(right_text, width, cjk)]


__all__ = [
    "NO_START", "NO_END", "REPEATED_MARKS", "WIDE_IN_CJK", "char_width", "display_width",
    "break_allowed", "word_breaks", "split_segments", "wrap", "wrap_balanced", "wrap_title", "pad", "indent_like", "centre",
    "right", "spread",
]
