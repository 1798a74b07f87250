"""Where Chinese text may break between words: one answer for every exporter's layout.

GB/T 9704-2012 keeps words whole in titles (7.3.1 词意完整), contents entries and the
colophon's unit names (a line never ends in 市委办公｜厅). Chinese has no spaces between
words, so a segmenter finds them: rjieba (jieba compiled, MIT; wheels for Linux, macOS and
Windows), imported on first use. A number stays with the unit after it (2022年度, 1-6月),
and Latin words and numbers are never split.

The text layout, the PDF plugin (titles, contents entries, the masthead) and the DOCX
plugin (titles, as explicit line breaks) all break here, so they break alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Terms of official text the segmenter's dictionary cuts in two (新｜时代, the break GB/T 9704
# readers notice first). Added to a segmenter of our own, not the global one.
OFFICIAL_TERMS = ("新时代", "新征程", "新阶段", "新格局", "二十大", "文明实践", "精神文明", "志愿服务", "高质量发展",
                  "高质量", "主题教育", "学习强国", "四周年", "推进会", "宣传部", "党员干部")

# Characters a line may not start with, and characters it may not end with (GB/T 15834, clreq).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}>-/")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")

_NUMBER_THEN_UNIT = re.compile(r"[0-9][0-9.\-—～~%]*(?=[\u3400-\u9fff])")
_LATIN_OR_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_%/@:]*")


def _jieba_class():
    """rjieba's Jieba type, without running the package's ``__init__``, which builds a default
    segmenter (loading the dictionary, 0.12 s here) that this module would never use."""
    import importlib.machinery
    import importlib.util
    import os
    import sys

    if "rjieba" in sys.modules or "rjieba.rjieba" in sys.modules:
        import rjieba

        return rjieba.Jieba
    try:
        folders = importlib.util.find_spec("rjieba").submodule_search_locations or []
        paths = [os.path.join(folder, "rjieba" + suffix) for folder in folders
                 for suffix in importlib.machinery.EXTENSION_SUFFIXES]
        path = next(p for p in paths if os.path.isfile(p))
        spec = importlib.util.spec_from_file_location("rjieba.rjieba", path)
        module = importlib.util.module_from_spec(spec)
        # registered, so that a later ``import rjieba`` finds it instead of initialising the
        # compiled module a second time (which such modules refuse)
        sys.modules["rjieba.rjieba"] = module
        spec.loader.exec_module(module)
        return module.Jieba
    except Exception:  # another layout of the package: import it the usual way
        sys.modules.pop("rjieba.rjieba", None)
        import rjieba

        return rjieba.Jieba


@lru_cache(maxsize=1)
def _segmenter():
    # rjieba: jieba compiled, 20 ms to load its dictionary instead of jieba's 0.7 s
    jieba = _jieba_class()()  # a segmenter of our own, so the terms below change no one else's
    for term in OFFICIAL_TERMS:
        jieba.add_word(term, 50_000, None)
    return jieba


@lru_cache(maxsize=4096)  # titles and unit names come back in every layout of an issue
def _boundaries(text: str) -> tuple[int, ...]:
    bounds: set[int] = set()
    k = 0
    for token in _segmenter().cut(text):
        k += len(token)
        bounds.add(k)
    for pattern in (_NUMBER_THEN_UNIT, _LATIN_OR_NUMBER):
        for match in pattern.finditer(text):
            bounds.difference_update(range(match.start() + 1, match.end() + 1 if pattern is _NUMBER_THEN_UNIT
                                           else match.end()))
    return tuple(sorted(i for i in bounds if 0 < i < len(text)))


def break_opportunities(text: str) -> list[int]:
    """Indexes ``i`` (0 < i < len(text)) between two words of ``text``, in order.

    Only word boundaries: whether a line may break there also depends on the marks around
    it (a closing mark never starts a line); :func:`line_breaks` decides that too.
    """
    return list(_boundaries(text)) if text else []


def words(text: str) -> list[str]:
    """The text cut at its word boundaries; joined, they give the text back."""
    stops = [0, *break_opportunities(text), len(text)]
    return [text[a:b] for a, b in zip(stops, stops[1:]) if b > a]


def may_break(before: str, after: str) -> bool:
    """Whether a line may end between these two characters, as far as the marks go."""
    if before.isspace():
        return not after.isspace()
    if after.isspace():
        return False  # break after the space, not before it
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == after and before in "…—":
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def line_breaks(text: str) -> list[int]:
    """Indices where a line may end before ``text[i]``: between two words, and where the marks allow.

    Never before closing punctuation or after opening punctuation, never inside a run of the
    same mark (…… ——). After a space the break drops nothing: callers strip the space.
    """
    return [i for i in break_opportunities(text) if may_break(text[i - 1], text[i])]


@lru_cache(maxsize=8192)
def _char_width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5


@lru_cache(maxsize=8192)
def _bold_char_width(char: str) -> float:
    if char.isascii() and (char.isupper() or char.isdigit()):
        return 0.9
    return 0.65 if char.isascii() and char.isalpha() else _char_width(char)


def display_width(text: str) -> float:
    """Width in 字 (ems): wide, full-width and ambiguous characters 1 (“” are full width in CJK faces), others 0.5."""
    return sum(map(_char_width, text))


def bold_width(text: str) -> float:
    """A title's width in 字, erring wide: Latin letters and digits of a bold face run 0.6-0.9 em."""
    return sum(map(_bold_char_width, text))


def balanced_lines(text: str, max_width: float, measure: Callable[[str], float] = display_width) -> list[str]:
    """The text in as few lines as fit ``max_width`` 字, broken at word boundaries, balanced.

    Among the breakings with the fewest lines, the one whose lines differ least in width is
    chosen, preferring breaks at spaces (where a title's parts meet). A word wider than a
    line is the one place where breaking falls back to any character boundary.
    """
    text = text.strip()
    if measure(text) <= max_width:
        return [text] if text else []
    stops = [0, *_fitting_breaks(text, max_width, measure), len(text)]
    space_penalty = 100.0 if " " in text or "\u3000" in text else 0.0
    # best[j] = (lines, cost, previous stop) for the text up to stops[j]
    best: list[tuple[int, float, int] | None] = [None] * len(stops)
    best[0] = (0, 0.0, -1)
    for j in range(1, len(stops)):
        # the lines that can end at stops[j]: going back from j, a line only widens, so the
        # search stops at the first too wide (then they are tried in order, as ties go to the first)
        fitting = []
        for i in range(j - 1, -1, -1):
            width = measure(text[stops[i]:stops[j]].strip())
            if width > max_width:
                break
            fitting.append((i, width))
        for i, width in reversed(fitting):
            if best[i] is None:
                continue
            lines, cost, _ = best[i]  # type: ignore[misc]
            penalty = (max_width - width) ** 2
            if j < len(stops) - 1 and not text[stops[j] - 1].isspace():
                penalty += space_penalty  # where a title has parts, a break between them reads best
            candidate = (lines + 1, cost + penalty, i)
            if best[j] is None or candidate[:2] < best[j][:2]:  # type: ignore[index]
                best[j] = candidate
    result = []
    j = len(stops) - 1
    while j > 0:
        i = best[j][2]  # type: ignore[index]
        result.append(text[stops[i]:stops[j]].strip())
        j = i
    return result[::-1]


def _fitting_breaks(text: str, max_width: float, measure: Callable[[str], float]) -> list[int]:
    """Word-boundary breaks, plus character breaks inside any stretch too wide for a line."""
    stops = [0, *line_breaks(text), len(text)]
    out = []
    for start, end in zip(stops, stops[1:]):
        if measure(text[start:end]) > max_width:
            out += [i for i in range(start + 1, end) if may_break(text[i - 1], text[i]) or not text[i].isspace()]
        if end < len(text):
            out.append(end)
    return sorted(set(out))


WHOLE_NAME = 24  # characters: a longer unit name may break inside, as it must to fit a line


def name_pieces(names: list[str] | tuple[str, ...], separator: str) -> list[str]:
    """A distribution list (报/送/发) as the pieces a line may break between: each unit name with
    the separator after it. A name longer than WHOLE_NAME is cut after its own 、 (市委市直机关
    工委、市委教育工委、…), so that even then no line breaks inside one unit's name."""
    pieces: list[str] = []
    for index, name in enumerate(names):
        tail = separator if index < len(names) - 1 else ""
        if len(name) <= WHOLE_NAME or "、" not in name:
            pieces.append(name + tail)
            continue
        parts = name.split("、")
        pieces += [part + "、" for part in parts[:-1]] + [parts[-1] + tail]
    return pieces


def fill_lines(pieces: list[str], first: float, rest: float, measure: Callable[[str], float] = display_width
               ) -> list[str]:
    """``pieces`` set in lines, first fit: ``first`` ems on the first line, ``rest`` on the others;
    a piece wider than its line starts a line of its own (the layout then breaks inside it)."""
    lines: list[str] = []
    used = 0.0
    for piece in pieces:
        wide = measure(piece)
        if lines and used + wide <= (first if len(lines) == 1 else rest) + 1e-9:
            lines[-1] += piece
            used += wide
        else:
            lines.append(piece)
            used = wide
    return lines
