"""Where a long title breaks (GB/T 9704 7.3.1: words kept whole, lines balanced).

A word processor breaks a Chinese title wherever the line is full, often inside a word
(学习平|台). Here a title wider than the line is split into the fewest lines, each break
chosen near the balanced position at a place that keeps words whole: a space the editor
typed, after a comma or enumeration mark, beside 暨/和/与/及, never inside quotation marks
or 书名号 and never before closing punctuation.
"""

from __future__ import annotations

import math
import unicodedata

TITLE_LINE = 20.0  # ems: 156 mm of 22 pt type holds 20 characters
_OPEN = "“‘《（〔【「『([{"
_CLOSE = "”’》）〕】」』)]}"
_NO_LINE_START = _CLOSE + "、，。：；！？·…—%"
_AFTER_GOOD = "，、：；"
_CONNECTIVES = "暨和与及并"


def width(text: str) -> float:
    """Width in ems: wide and full-width characters 1, others one half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _depth(text: str) -> list[int]:
    """How many brackets or quotes are open before each position."""
    out, depth = [], 0
    for char in text:
        out.append(depth)
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
    out.append(depth)
    return out


def _cost(text: str, index: int, depth: list[int]) -> float:
    """How bad a break before ``text[index]`` is (lower is better); inf where it is not allowed."""
    before, after = text[index - 1], text[index]
    if after in _NO_LINE_START or before in _OPEN:
        return math.inf
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return math.inf  # inside a Latin word or a number
    if before == " " or after == " ":
        return 0.0
    if before in _AFTER_GOOD:
        return 0.5
    if after in _CONNECTIVES or before in _CONNECTIVES:
        return 1.5
    if depth[index]:
        return 6.0  # inside “…” or 《…》: a last resort
    return 3.0


def title_lines(title: str, line: float = TITLE_LINE) -> list[str]:
    """The title as its printed lines; one line when it fits."""
    text = " ".join(title.split())
    widths = [1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text]
    before = [0.0]  # before[i]: the width of text[:i]
    for value in widths:
        before.append(before[-1] + value)
    total = before[-1]
    if total <= line:
        return [text]

    def span(start: int, end: int) -> float:  # width of text[start:end] without its edge spaces
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        return before[end] - before[start]

    count = math.ceil(total / line)
    depth = _depth(text)
    lines, start = [], 0
    for remaining in range(count, 1, -1):
        target = span(start, len(text)) / remaining
        best, best_score = None, math.inf
        for index in range(start + 1, len(text)):
            first = span(start, index)
            if first > line:
                break
            if span(index, len(text)) > line * (remaining - 1):
                continue
            score = _cost(text, index, depth) + abs(first - target)
            if score < best_score:
                best, best_score = index, score
        if best is None:
            break  # no good break fits: the word processor breaks the rest
        lines.append(text[start:best].strip())
        start = best
    lines.append(text[start:].strip())
    return [part for part in lines if part]


__all__ = ["title_lines", "width", "TITLE_LINE"]
