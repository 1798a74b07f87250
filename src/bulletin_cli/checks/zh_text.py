"""Reading printed strings the way the typography rules need them.

A rule looks at one paragraph at a time, as the reader will see it: the body markup that
does not print (``**`` bold markers, ``\\*`` escapes, ``#`` heading markers, ``<!-- … -->``
comments) is taken out, and every visible character keeps the index it has in the TOML
string, so a finding lands on the exact line and column and a fix edits only the
characters it means to.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from bulletin_cli.checks.markup_units import HIDDEN, hide_markup, is_rich, split_units
from bulletin_cli.diagnostics.codes import Fix
from bulletin_cli.files.patterns import lazy_compile
from bulletin_cli.formats.markup import COMMENT, PARAGRAPH_BREAK, comments_end
from bulletin_cli.formats.toml.loader import TextField

# Han ideographs (BMP, extension A, compatibility block, supplementary planes) and 〇.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"
HAN = lazy_compile(f"[{HAN_CLASS}]")
ZH_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』〖〗—…～·"
PAUSE_MARKS = "，。、；：？！"  # 点号
OPENERS = "“‘（《〈【〔「『〖"
CLOSERS = "”’）》〉】〕」』〗"
HSPACE = " \t\u00a0\u3000"
SPACE = HSPACE + "\n"
SUPPRESS = lazy_compile(r"<!--\s*bulletin:\s*ignore\b(?P<what>.*?)-->", re.S)
SUPPRESS_COMMENT = lazy_compile(r"^bulletin:\s*ignore\b(?P<what>.*)$")  # a TOML comment beside a value
_HEADING = lazy_compile(r"#{1,4}[ \t\u3000]+")
# what does not print inside a paragraph: comments, bold markers; escapes print their second character
_MARKUP_TOKEN = lazy_compile(r"<!--.*?-->|\*\*|\\[*\\]", re.S)
_BOLD_OR_ESCAPE = lazy_compile(r"\*\*|\\[*\\]")  # _MARKUP_TOKEN where no comment can close


def _markup_tokens(value: str, start: int, end: int):
    """_MARKUP_TOKEN's matches in value[start:end], in linear time (see comments_end)."""
    limit = comments_end(value, start, end)
    yield from _MARKUP_TOKEN.finditer(value, start, limit)
    yield from _BOLD_OR_ESCAPE.finditer(value, limit, end)


def is_han(char: str) -> bool:
    return bool(char) and HAN.match(char) is not None


def is_chinese(char: str) -> bool:
    """A Han character or full-width Chinese punctuation."""
    return bool(char) and (is_han(char) or char in ZH_PUNCTUATION)


def is_latin(char: str) -> bool:
    return bool(char) and char.isascii() and char.isalnum()


class Origins:
    """Where each visible character came from, stored as runs (one entry per run, not per
    character): run ``n`` maps visible indexes ``starts[n]..`` to ``sources[n]..``."""

    __slots__ = ("starts", "sources", "length")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.sources: list[int] = []
        self.length = 0

    def add(self, source_start: int, count: int) -> None:
        if count <= 0:
            return
        if self.starts and self.sources[-1] + (self.length - self.starts[-1]) == source_start:
            self.length += count  # continues the previous run
            return
        self.starts.append(self.length)
        self.sources.append(source_start)
        self.length += count

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, k: int) -> int:
        if k < 0:
            k += self.length
        if not 0 <= k < self.length:
            raise IndexError(k)
        run = bisect.bisect_right(self.starts, k) - 1
        return self.sources[run] + (k - self.starts[run])


@dataclass
class Paragraph:
    """One paragraph of a field as printed, mapped back to the field's string."""

    field: TextField
    text: str  # what prints, markup taken out
    origin: "Origins | range"  # origin[k]: index in field.value of text[k]
    heading: bool = False
    all_bold: bool = False
    suppressed: frozenset[str] = frozenset()  # codes and names; "*" for every rule
    end: int = 0  # index in field.value just after the paragraph

    def prev_visible(self, k: int, skip: str = SPACE) -> tuple[str, int]:
        """The nearest character before text[k] that is not in ``skip``, and its index ('' and -1: none)."""
        k -= 1
        while k >= 0 and self.text[k] in skip:
            k -= 1
        return (self.text[k], k) if k >= 0 else ("", -1)

    def next_visible(self, k: int, skip: str = SPACE) -> tuple[str, int]:
        k += 1
        while k < len(self.text) and self.text[k] in skip:
            k += 1
        return (self.text[k], k) if k < len(self.text) else ("", len(self.text))

    def index(self, k: int) -> int:
        """Index in the field value of visible character ``k`` (or just after the last one)."""
        if k < len(self.origin):
            return self.origin[k]
        return self.origin[-1] + 1 if self.origin else self.end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Field-value index and length covering visible characters start..end-1."""
        first = self.index(start)
        return first, (self.origin[end - 1] + 1 - first) if end > start else 0

    def fix(self, edits: dict[int, str]) -> Fix:
        """A Fix replacing visible characters (by visible index) with new text ('' deletes).

        Characters that do not print (bold markers between the edited ones) are kept.
        """
        positions = sorted(edits)
        first, last = self.origin[positions[0]], self.origin[positions[-1]]
        value = self.field.value
        by_origin = {self.origin[k]: text for k, text in edits.items()}
        replacement = "".join(by_origin.get(i, value[i]) for i in range(first, last + 1))
        return Fix(self.field.key_path, first, last + 1 - first, replacement)

    def insert(self, k: int, text: str) -> Fix:
        """A Fix inserting ``text`` before visible character ``k``."""
        return Fix(self.field.key_path, self.index(k), 0, text)

    def insert_after(self, k: int, text: str) -> Fix:
        """A Fix inserting ``text`` right after visible character ``k``, before any markup that
        follows it (a closing ``**``): the same place as ``insert(k + 1)`` where there is none."""
        return Fix(self.field.key_path, self.origin[k] + 1, 0, text)

    def allows(self, code: str, name: str) -> bool:
        return not ({"*", code.upper(), name} & self.suppressed)


def suppressed_by_comment(comment: str) -> frozenset[str]:
    """What ``# bulletin: ignore T101, T102`` beside a value turns off for the whole string."""
    match = SUPPRESS_COMMENT.match(comment.strip())
    return _names(match) if match else frozenset()


def _suppressed(raw: str) -> frozenset[str]:
    found: set[str] = set()
    for match in SUPPRESS.finditer(raw, 0, comments_end(raw)):  # linear time: see comments_end
        found |= _names(match)
    return frozenset(found)


def _names(match: re.Match) -> frozenset[str]:
    """The codes and names after ``ignore``; none means every rule ("*")."""
    words = [w for w in re.split(r"[\s,，]+", match["what"].strip()) if w]
    if not words:
        return frozenset("*")
    return frozenset(w.upper() if re.fullmatch(r"[A-Za-z]\d+", w) else w for w in words)


def _visible(value: str, start: int, end: int, markup: bool) -> tuple[str, "Origins | range", bool, bool]:
    """The printed characters of value[start:end] and their indexes; also heading and all-bold flags."""
    if not markup:
        return value[start:end], range(start, end), False, False
    chunk = value[start:end]
    if "*" not in chunk and "\\" not in chunk and "<!--" not in chunk and "#" not in chunk:
        # the common case: only indentation to skip (a range maps indexes without a list)
        skip = len(chunk) - len(chunk.lstrip(SPACE))
        return chunk[skip:], range(start + skip, end), False, False
    i = start
    comments_stop = comments_end(value, start, end)
    # leading indentation and comments do not print; a heading marker neither
    while i < end:
        comment = COMMENT.match(value, i, comments_stop)
        if comment:
            i = comment.end()
        elif value[i] in SPACE:
            i += 1
        else:
            break
    heading = _HEADING.match(value, i, end)
    if heading:
        i = heading.end()
    body_start = i
    pieces: list[str] = []
    origin = Origins()
    bold_markers = 0
    for token in _markup_tokens(value, i, end):
        a, b = token.span()
        if a > i:
            pieces.append(value[i:a])
            origin.add(i, a - i)
        text = token.group()
        if text == "**":
            bold_markers += 1
        elif text[0] == "\\":
            pieces.append(text[1])
            origin.add(a + 1, 1)
        i = b
    if i < end:
        pieces.append(value[i:end])
        origin.add(i, end - i)
    stripped = value[body_start:end].strip(SPACE)
    all_bold = bold_markers == 2 and stripped.startswith("**") and stripped.endswith("**")
    return "".join(pieces), origin, heading is not None, all_bold


def paragraphs(field: TextField, suppressed: frozenset[str] = frozenset()) -> list[Paragraph]:
    """The paragraphs of a field: blank-line separated for bodies and notes, the whole string otherwise."""
    value = field.value
    markup = field.kind == "text"
    bounds: list[tuple[int, int]] = []
    if markup:
        start = 0
        for match in PARAGRAPH_BREAK.finditer(value):
            bounds.append((start, match.start()))
            start = match.end()
        bounds.append((start, len(value)))
    else:
        bounds.append((0, len(value)))
    shown = value
    if markup and is_rich(value):  # lists, tables, links: see checks/markup_units.py
        shown = hide_markup(value)
        bounds = [unit for start, end in bounds for unit in split_units(value, start, end)]
    out = []
    for start, end in bounds:
        text, origin, heading, all_bold = _visible(shown, start, end, markup)
        if not text.strip(SPACE + HIDDEN):
            continue
        ignored = suppressed | (_suppressed(value[start:end]) if markup else frozenset())
        out.append(Paragraph(field, text, origin, heading, all_bold, ignored, end))
    return out
