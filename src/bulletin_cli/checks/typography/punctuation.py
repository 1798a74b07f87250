"""Punctuation (GB/T 15834): half-width marks, paired marks, dashes and ellipses, doubled marks."""

from __future__ import annotations

import functools
import re

from bulletin_cli.checks import zh_forms
from bulletin_cli.checks.rules import RuleContext
from bulletin_cli.checks.typography import common
from bulletin_cli.checks.typography.common import (
    _MARKUP_BETWEEN,
    _chinese_context,
    _excerpt,
    _FieldText,
    _issue_text,
    _paragraphs,
    _report,
    _rule,
)
from bulletin_cli.checks.zh_text import (
    CLOSERS,
    OPENERS,
    PAUSE_MARKS,
    SPACE,
    Paragraph,
    is_chinese,
    is_han,
    is_latin,
)
from bulletin_cli.files.patterns import lazy_compile

# -- T101 half-width punctuation ------------------------------------------------------------

HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_BRACKET = lazy_compile(r"[()]")
_HALFWIDTH = frozenset(',.;:?!()"')


@_rule("T101", "halfwidth-punctuation", "half-width , . ; : ? ! ( ) or \" in Chinese text")
def check_halfwidth_punctuation(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _HALFWIDTH):
        _marks(ctx, p)
        _brackets(ctx, p)
        _straight_quotes(ctx, p)


_HALF_RUN = lazy_compile(r"([,.;:?!])\1*")


def _marks(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    left_alone = _other_rules_marks(p)
    for match in _HALF_RUN.finditer(s):
        k, end = match.span()
        char = s[k]
        if k not in left_alone and _wants_fullwidth(p, char, k, end):
            full = HALF_TO_FULL[char]
            edits = {k: full, **{j: "" for j in range(k + 1, end)}}
            written = s[k:end]
            _report(ctx, p, k, end, f"half-width \"{written}\" in Chinese text ({_excerpt(p, k, end)}); use \"{full}\"",
                    fix=p.fix(edits))


def _other_rules_marks(p: Paragraph) -> set[int]:
    """Half-width marks another rule reports with the right mark: commas between coordinate
    words (T113: a 顿号 is meant, not ，) and the mark of an ordinal opening the paragraph
    (T119: 一. is 一、, never 一。)."""
    s = p.text
    marks: set[int] = set()
    if "," in s:
        marks.update(k for run in zh_forms.coordinate_commas(s) for k in run if s[k] == ",")
    start = len(s) - len(s.lstrip(SPACE))
    wrong = zh_forms.wrong_ordinal(s, start) if p.field.kind == "text" else None
    if wrong is not None:
        marks.add(wrong[0])
    return marks


def _wants_fullwidth(p: Paragraph, char: str, start: int, end: int) -> bool:
    s = p.text
    before = s[start - 1] if start else ""
    after = s[end] if end < len(s) else ""
    if char == ".":
        # Only a sentence end after Chinese or a percentage (3.8%.): 28.5, No.1, the heading
        # number "1." and abbreviations stay; two or more dots are an ellipsis (T109).
        if end - start != 1 or is_latin(after):
            return False
        return is_han(before) or before in CLOSERS or (before == "%" and start >= 2 and s[start - 2].isdigit())
    if char == ":" and s.startswith("//", end):
        return False  # a URL
    return is_chinese(p.prev_visible(start)[0]) or is_chinese(p.next_visible(end - 1)[0])


def _brackets(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    if "(" not in s and ")" not in s:
        return
    stack: list[int] = []
    single: list[int] = []
    for match in _ASCII_BRACKET.finditer(s):
        k, char = match.start(), match.group()
        if char == "(":
            stack.append(k)
        elif char == ")":
            if stack:
                start = stack.pop()
                inside = s[start + 1:k]
                outside = (p.prev_visible(start)[0], p.next_visible(k)[0])
                if not any(is_han(c) for c in inside) and is_latin(outside[0]):
                    continue  # an English gloss: resilience (n.), Python (v3.11)
                if any(is_han(c) for c in inside) or any(is_han(c) for c in outside):
                    _report(ctx, p, start, k + 1,
                            f"ASCII brackets in Chinese text: \"{_clip(s[start:k + 1])}\"; use full-width （）",
                            fix=p.fix({start: "（", k: "）"}))
            else:
                single.append(k)
    for k in sorted(single + stack):
        if is_han(p.prev_visible(k)[0]) or is_han(p.next_visible(k)[0]):
            full = "（" if s[k] == "(" else "）"
            _report(ctx, p, k, k + 1, f"ASCII \"{s[k]}\" in Chinese text ({_excerpt(p, k, k + 1)}); use \"{full}\"",
                    fix=p.fix({k: full}))


def _clip(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def _straight_quotes(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    if '"' not in s:
        return
    quotes = [k for k, c in enumerate(s) if c == '"']
    for i in range(0, len(quotes) - 1, 2):
        start, end = quotes[i], quotes[i + 1]
        inside = s[start + 1:end]
        outside = (p.prev_visible(start)[0], p.next_visible(end)[0])
        if any(is_han(c) for c in inside) or any(is_han(c) for c in outside):
            _report(ctx, p, start, end + 1, f"straight quotes in Chinese text: {_clip(s[start:end + 1])}; use “”",
                    fix=p.fix({start: "“", end: "”"}))
    if len(quotes) % 2:
        k = quotes[-1]
        if is_han(p.prev_visible(k)[0]) or is_han(p.next_visible(k)[0]):
            _report(ctx, p, k, k + 1, f"straight quote \" without a partner in Chinese text ({_excerpt(p, k, k + 1)})",
                    "use “ to open a quotation and ” to close it")


# -- T104 paired marks ------------------------------------------------------------------------

PAIRS = dict(zip(OPENERS, CLOSERS))
CLOSER_OF = {close: open_ for open_, close in PAIRS.items()}


@_rule("T104", "unbalanced-pair", "an opening quote, bracket or title mark without its partner, or a mismatched pair")
def check_pairs(ctx: RuleContext) -> None:
    for field, paras in common._fields(ctx, having=_may_be_unbalanced, anywhere=_may_be_unbalanced_anywhere):
        for n, p in enumerate(paras):
            following = paras[n + 1].text.lstrip(SPACE)[:1] if n + 1 < len(paras) else ""
            _check_pairs_in(ctx, p, following)


_PAIR_MARK = lazy_compile(f"[{OPENERS}{CLOSERS}]")
_PAIR_STRINGS = [opener + closer for opener, closer in PAIRS.items()]


def _may_be_unbalanced(view: _FieldText) -> bool:
    """False when every line of the raw value pairs its marks: then every paragraph (one line
    or more) does too, and so does what prints, since the markup that does not print holds no
    marks (comments aside, hence their test)."""
    value = view.field.value
    if view.field.kind == "text" and "<!--" in value:
        return True
    return not _lines_balanced(value)


def _may_be_unbalanced_anywhere(texts: str) -> bool:
    return "<!--" in texts or not _lines_balanced(texts)


def _lines_balanced(text: str) -> bool:
    return all(map(_balanced, "".join(_MARK_OR_NEWLINE.findall(text)).split("\n")))


_MARK_OR_NEWLINE = lazy_compile(f"[{OPENERS}{CLOSERS}\n]")


@functools.lru_cache(maxsize=4096)  # the same few strings of marks come back in every paragraph
def _balanced(marks: str) -> bool:
    """True when the marks pair up properly (removing innermost pairs empties the string)."""
    while marks:
        reduced = marks
        for pair in _PAIR_STRINGS:
            reduced = reduced.replace(pair, "")
        if reduced == marks:
            return False
        marks = reduced
    return True


def _check_pairs_in(ctx: RuleContext, p: Paragraph, following: str) -> None:
    s = p.text
    if _balanced("".join(_PAIR_MARK.findall(s))):
        return  # the common case, decided without walking the marks
    stack: list[int] = []
    for match in _PAIR_MARK.finditer(s):
        k, char = match.start(), match.group()
        if char in PAIRS:
            stack.append(k)
        elif char in CLOSER_OF:
            opener = CLOSER_OF[char]
            if char == "’" and k and is_latin(s[k - 1]) and k + 1 < len(s) and is_latin(s[k + 1]):
                continue  # an apostrophe: Xi’an
            if stack and s[stack[-1]] == opener:
                stack.pop()
            elif any(s[i] == opener for i in stack):
                while s[stack[-1]] != opener:
                    start = stack.pop()
                    _report(ctx, p, start, start + 1,
                            f"\"{s[start]}\" is not closed before \"{char}\" ({_excerpt(p, start, k + 1)})",
                            f"close it with {PAIRS[s[start]]} or remove it")
                stack.pop()
            else:
                _report(ctx, p, k, k + 1, f"closing \"{char}\" without an opening \"{opener}\" ({_excerpt(p, k, k + 1)})",
                        f"add the opening {opener}, or check that the marks are not reversed")
    first = len(s) - len(s.lstrip(SPACE))
    for start in stack:
        if s[start] == "“" and start == first and following == "“":
            continue  # a quotation over several paragraphs closes only in its last one
        _report(ctx, p, start, start + 1, f"\"{s[start]}\" is never closed in this paragraph ({_excerpt(p, start, start + 1)})",
                f"add the closing {PAIRS[s[start]]}")


# -- T109 dash and ellipsis forms --------------------------------------------------------------

_DASHES = lazy_compile(r"([-－―])\1+")  # a backreference scans faster than an alternation
# 。 is everywhere, so its runs have a pattern of their own and single full stops cost nothing
_ELLIPSIS_RUNS = (lazy_compile(r"([.·・．⋯…])\1*"), lazy_compile("。{3,}"))


_DOTS_OR_DASHES = frozenset(".·・．⋯…-－―")


_FULL_STOPS = lazy_compile(f"。{_MARKUP_BETWEEN}。{_MARKUP_BETWEEN}。", re.S)

_ELLIPSIS_MIN = {".": 2, "。": 3, "·": 3, "・": 3, "．": 3, "⋯": 1, "…": 1}


@_rule("T109", "dash-ellipsis", "a dash or ellipsis not written —— or ……")
def check_dash_ellipsis(ctx: RuleContext) -> None:
    dots = _DOTS_OR_DASHES & _issue_text(ctx).all_chars

    def may_have(view: _FieldText) -> bool:
        return view.holds(dots) or (_FULL_STOPS.search(view.field.value) is not None)

    anywhere = None if dots else _FULL_STOPS.search
    for p in _paragraphs(ctx, having=may_have, anywhere=anywhere):
        for match in _DASHES.finditer(p.text):
            a, b = match.span()
            if _chinese_context(p, a, b):
                edits = {k: ("—" if k < a + 2 else "") for k in range(a, b)}
                _report(ctx, p, a, b, f"dash written \"{match.group()}\" ({_excerpt(p, a, b)}); use \"——\"",
                        "the Chinese dash is two em dashes (U+2014)", fix=p.fix(edits))
        for match in (m for pattern in _ELLIPSIS_RUNS for m in pattern.finditer(p.text)):
            a, b = match.span()
            written = match.group()
            if len(written) < _ELLIPSIS_MIN[written[0]] or (written[0] == "…" and len(written) != 1):
                continue  # a full stop, a 间隔号, or …… (……… is left to the editor)
            if written.startswith(".") and not _chinese_context(p, a, b):
                continue
            if written == "..":
                _report(ctx, p, a, b, f"\"..\" in Chinese text ({_excerpt(p, a, b)})", "end the sentence with 。 or "
                        "write the ellipsis ……")
                continue
            if len(written) == 1:
                edits = {a: "……"}
            else:
                edits = {k: ("…" if k < a + 2 else "") for k in range(a, b)}
            _report(ctx, p, a, b, f"ellipsis written \"{written}\" ({_excerpt(p, a, b)}); use \"……\"",
                    "the Chinese ellipsis is two ellipsis characters (U+2026)", fix=p.fix(edits))


# -- T110 doubled punctuation -------------------------------------------------------------------

_PAUSE_RUN = lazy_compile(f"[{PAUSE_MARKS}]{{2,}}")
_HAS_PAUSE_PAIR = lazy_compile(f"[{PAUSE_MARKS}]{_MARKUP_BETWEEN}[{PAUSE_MARKS}]", re.S)
_ALLOWED_STACKS = {"？！", "！？"}


@_rule("T110", "doubled-punctuation", "punctuation marks doubled or stacked (。。 ，， ，。)")
def check_doubled_punctuation(ctx: RuleContext) -> None:
    # on the raw value: the pattern lets bold markers and comments stand between the marks
    for p in _paragraphs(ctx, having=lambda view: _HAS_PAUSE_PAIR.search(view.field.value),
                         anywhere=_HAS_PAUSE_PAIR.search):
        for match in _PAUSE_RUN.finditer(p.text):
            a, b = match.span()
            run = match.group()
            if run in _ALLOWED_STACKS:
                continue
            if len(set(run)) == 1:
                if run[0] == "。" and len(run) >= 3:
                    continue  # an ellipsis written with full stops (T109)
                _report(ctx, p, a, b, f"doubled punctuation \"{run}\" ({_excerpt(p, a, b)})", f"write one \"{run[0]}\"",
                        fix=p.fix({k: "" for k in range(a + 1, b)}))
            else:
                _report(ctx, p, a, b, f"punctuation marks stacked \"{run}\" ({_excerpt(p, a, b)})",
                        "keep the one the sentence needs")
