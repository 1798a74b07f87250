"""Where Chinese text may break between words: one answer for every exporter's layout.

GB/T 9704-2012 keeps words whole in titles, contents entries and the colophon's unit names
(a line never ends in 市委办公｜厅). Chinese has no spaces between words, so a segmenter
finds them: rjieba (jieba compiled, MIT; wheels for Linux, macOS and Windows; the segmenter
bulletin-pdf uses too), imported on first use. A number stays with the unit after
it (2022年度, 1-6月), and Latin words and numbers are never split.
"""

from __future__ import annotations

import re
from functools import lru_cache

# terms of official text the segmenter's dictionary cuts in two (新｜时代)
OFFICIAL_TERMS = ("新时代", "新征程", "新阶段", "新格局", "二十大", "文明实践", "志愿服务", "高质量发展", "主题教育",
                  "学习强国", "四周年", "推进会", "宣传部", "精神文明", "党员干部")

_NUMBER_THEN_UNIT = re.compile(r"[0-9][0-9.\-—～~%]*(?=[\u3400-\u9fff])")
_LATIN_OR_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-_%/@:]*")


@lru_cache(maxsize=1)
def _segmenter():
    import rjieba  # jieba compiled: 20 ms to load its dictionary instead of jieba's 0.7 s

    jieba = rjieba.Jieba()  # a segmenter of our own, so the terms below change no one else's
    for term in OFFICIAL_TERMS:
        jieba.add_word(term, 50_000, None)
    return jieba


@lru_cache(maxsize=4096)  # titles and unit names come back in every layout of an issue
def break_opportunities(text: str) -> list[int]:
    """Indexes ``i`` (0 < i < len(text)) between two words of ``text``, in order.

    Only word boundaries: whether a line may break there also depends on the marks around it
    (a closing mark never starts a line), which each layout decides.
    """
    if not text:
        return []
    bounds: set[int] = set()
    k = 0
    for token in _segmenter().cut(text):
        k += len(token)
        bounds.add(k)
    for pattern in (_NUMBER_THEN_UNIT, _LATIN_OR_NUMBER):
        for match in pattern.finditer(text):
            bounds.difference_update(range(match.start() + 1, match.end() + 1 if pattern is _NUMBER_THEN_UNIT
                                           else match.end()))
    return sorted(i for i in bounds if 0 < i < len(text))
