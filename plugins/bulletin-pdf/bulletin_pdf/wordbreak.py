"""Where a line of Chinese (or mixed) text may break without splitting a word.

Self-contained on purpose (it needs only ``rjieba``), so that it can move to the core and be
shared with the text exporter's title breaking. GB/T 9704 7.3.1 asks that a wrapped title
keep its words whole (词意完整) and that its lines be balanced.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Characters a line may not start with, and characters it may not end with (GB/T 15834, clreq).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}>-/")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")


# Words of official writing that jieba's general dictionary cuts apart (新｜时代 is the
# break GB/T 9704 readers notice first). Added to a segmenter of our own, not the global one.
OFFICIAL_WORDS = ("新时代", "学习强国", "四周年", "文明实践", "精神文明", "志愿服务", "党员干部", "高质量")


@lru_cache(maxsize=1)
def _segmenter():
    import rjieba  # a compiled jieba: 20 ms to load its dictionary instead of jieba's 0.7 s

    jieba = rjieba.Jieba()
    for word in OFFICIAL_WORDS:
        jieba.add_word(word, 50_000, None)
    return jieba.cut


def words(text: str) -> list[str]:
    """The text cut into words (jieba's dictionary and HMM); joined, they give the text back."""
    return list(_segmenter()(text)) if text else []


def break_opportunities(text: str) -> list[int]:
    """Indices ``i`` (0 < i < len(text)) where a line may end before ``text[i]``.

    A break falls between two words, never inside one, never before closing punctuation or
    after opening punctuation, and never inside a run of the same mark (…… ——). After a
    space the break drops nothing: callers strip the space at a line's end.
    """
    positions = []
    offset = 0
    for word in words(text):
        offset += len(word)
        if 0 < offset < len(text) and _may_break(text[offset - 1], text[offset]):
            positions.append(offset)
    return positions


def _may_break(before: str, after: str) -> bool:
    if before.isspace():
        return not after.isspace()
    if after.isspace():
        return False  # break after the space, not before it
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if before == after and before in "…—":
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def display_width(text: str) -> float:
    """Width in 字 (ems): wide, full-width and ambiguous characters 1 (“” are full width in CJK faces), others 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text)


def balanced_lines(text: str, max_width: float, measure: Callable[[str], float] = display_width) -> list[str]:
    """The text in as few lines as fit ``max_width`` 字, broken at word boundaries, balanced.

    Among the breakings with the fewest lines, the one whose lines differ least in width is
    chosen, preferring breaks at spaces (where a title's parts meet). A word wider than a
    line is the one place where breaking falls back to any character boundary.
    """
    text = text.strip()
    if measure(text) <= max_width:
        return [text] if text else []
    stops = [0, *_fitting_opportunities(text, max_width, measure), len(text)]
    space_penalty = 100.0 if " " in text or "\u3000" in text else 0.0
    # best[j] = (lines, cost, previous stop) for the text up to stops[j]
    best: list[tuple[int, float, int] | None] = [None] * len(stops)
    best[0] = (0, 0.0, -1)
    for j in range(1, len(stops)):
        for i in range(j):
            if best[i] is None:
                continue
            line = text[stops[i]:stops[j]].strip()
            width = measure(line)
            if width > max_width:
                continue
            lines, cost, _ = best[i]
            penalty = (max_width - width) ** 2
            if j < len(stops) - 1 and not text[stops[j] - 1].isspace():
                penalty += space_penalty  # where a title has parts, a break between them reads best
            candidate = (lines + 1, cost + penalty, i)
            if best[j] is None or candidate[:2] < best[j][:2]:
                best[j] = candidate
    result = []
    j = len(stops) - 1
    while j > 0:
        i = best[j][2]
        result.append(text[stops[i]:stops[j]].strip())
        j = i
    return result[::-1]


def _fitting_opportunities(text: str, max_width: float, measure: Callable[[str], float]) -> list[int]:
    """Word-boundary breaks, plus character breaks inside any stretch too wide for a line."""
    word_breaks = break_opportunities(text)
    stops = [0, *word_breaks, len(text)]
    out = []
    for start, end in zip(stops, stops[1:]):
        if measure(text[start:end]) > max_width:
            out += [i for i in range(start + 1, end) if _may_break(text[i - 1], text[i]) or not text[i].isspace()]
        if end < len(text):
            out.append(end)
    return sorted(set(out))
