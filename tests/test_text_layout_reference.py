"""The line breaker's fast paths against the rules written as plain loops over characters.

layout.break_allowed finds the positions a rule forbids with searches in C, and
layout._segments ends each line by bisection; the loops below are the same rules the obvious
way (as the module had them before), and must give the same breaks and the same lines.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.formats.text import layout
from bulletin_cli.formats.text.layout import NO_END, NO_START, REPEATED_MARKS, SPACE


def reference_breaks(text: str, cjk: bool) -> list[bool]:
    widths = layout._widths(text, cjk)
    allowed = [False] * (len(text) + 1)
    allowed[len(text)] = True
    last_visible = ""
    for i in range(1, len(text)):
        before, after, left, right = text[i - 1], text[i], widths[i - 1], widths[i]
        if before != SPACE:
            last_visible = before
            if (after == SPACE or after in NO_START or before in NO_END or (left == 1 and right == 1)
                    or left == 0 or right == 0 or (before == after and before in REPEATED_MARKS)):
                continue
        elif after == SPACE or not last_visible or after in NO_START or last_visible in NO_END:
            continue
        allowed[i] = True
    return allowed


def reference_segments(text: str, width: int, first_width: int | None, cjk: bool,
                       breaks: list[bool] | None) -> tuple[list[str], list[int]]:
    widths = layout._widths(text, cjk)
    if width <= 0:
        return [text], [sum(widths[:len(text.rstrip(SPACE))])]
    allowed = list(breaks) if breaks is not None else reference_breaks(text, cjk)
    allowed[len(text)] = True
    candidates = [i for i in range(1, len(text) + 1) if allowed[i]]
    prefix, trimmed, last = [0], [0], 0
    for i, char in enumerate(text):
        prefix.append(prefix[-1] + widths[i])
        last = i + 1 if char != SPACE else last
        trimmed.append(last)
    pieces, measured, start, k = [], [], 0, 0
    available = width if first_width is None else first_width
    while start < len(text):
        while candidates[k] <= start:
            k += 1
        best = None
        for end in candidates[k:]:
            if trimmed[end] > start and prefix[trimmed[end]] - prefix[start] > available:
                break
            best = end
        best = candidates[k] if best is None else best
        pieces.append(text[start:best])
        measured.append(prefix[trimmed[best]] - prefix[start] if trimmed[best] > start else 0)
        start, available = best, width
    return pieces, measured


# Han, Latin, digits, spaces, every kind of mark the rules name, a combining accent, a zero-width space
ALPHABET = st.sampled_from(list("一二三四五海天abcXYZ019") + [SPACE] * 3 + sorted(NO_START | NO_END | REPEATED_MARKS)
                           + ["\u0301", "\u200b", "\u3000", "é", "\t"])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.booleans())
def test_breaks_match_the_rules_as_a_loop(text, cjk):
    assert layout.break_allowed(text, cjk) == reference_breaks(text, cjk)


@settings(max_examples=1500, deadline=None)
@given(TEXTS.filter(bool), st.integers(-2, 40), st.none() | st.integers(-3, 40), st.booleans(), st.data())
def test_lines_match_trying_every_break(text, width, first_width, cjk, data):
    breaks = data.draw(st.none() | st.lists(st.booleans(), min_size=len(text) + 1, max_size=len(text) + 1))
    assert layout._segments(text, width, first_width, cjk, breaks) == \
        reference_segments(text, width, first_width, cjk, breaks)
