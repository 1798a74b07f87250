"""Line structure: breaks inside one-line texts, paragraphs broken mid-sentence, split numbers."""

from __future__ import annotations

from bulletin_cli.checks import zh_forms
from bulletin_cli.checks.markup_units import HIDDEN
from bulletin_cli.checks.rules import RuleContext
from bulletin_cli.checks.typography import common
from bulletin_cli.checks.typography.common import _excerpt, _FieldText, _report, _rule
from bulletin_cli.checks.zh_text import (
    HSPACE,
    SPACE,
    Paragraph,
    is_chinese,
    is_han,
    is_latin,
)
from bulletin_cli.files.patterns import lazy_compile
from bulletin_cli.formats.markup import is_wide

# -- T107 broken lines ---------------------------------------------------------------------------

_BREAK_IN_LINE = lazy_compile(f"[{HSPACE}]*\n[{SPACE}]*")
_SPLIT_NUMBER = lazy_compile(f"(?<=\\d)(?:\\.)?([{HSPACE}]*\n[{HSPACE}]*)(?=\\d)")
_MID_SENTENCE_END = "，、；"


@_rule("T107", "broken-line", "a line break inside a one-line text, a paragraph break in mid-sentence, or a number "
       "split over two lines")
def check_broken_lines(ctx: RuleContext) -> None:
    # one-line texts can only break where they hold a line break; bodies break between paragraphs
    for field, paras in common._fields(ctx, having=_may_break):
        for n, p in enumerate(paras):
            if field.kind == "plain":
                _break_in_plain(ctx, p)
                continue
            for match in _SPLIT_NUMBER.finditer(p.text) if "\n" in p.text else ():
                a, b = match.span(1)
                _report(ctx, p, a, b, f"a number is split over two lines ({_excerpt(p, a, b)}); it prints with a space",
                        "join the lines", fix=p.fix({j: "" for j in range(a, b)}))
            if n + 1 < len(paras):
                _paragraph_break(ctx, p, paras[n + 1])


_MARKUP_AT_END = "*>\\"  # a bold marker, a comment's end or an escape: what prints ends elsewhere


def _may_break(view: _FieldText) -> bool:
    """False when the raw value shows that no line or paragraph break can be reported: every
    paragraph is written on one line, and every paragraph but the last ends in a character
    that ends a sentence (not in markup, not ，、； or a Han character)."""
    if view.field.kind == "plain":
        return "\n" in view.field.value
    chunks = [chunk for chunk in (c.strip(SPACE) for c in view.chunks) if chunk]
    for n, chunk in enumerate(chunks):
        if "\n" in chunk:
            return True
        if n + 1 < len(chunks):
            last = chunk[-1]
            if last in _MARKUP_AT_END or last in _MID_SENTENCE_END or is_han(last):
                return True
    return False


def _break_in_plain(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    if "\n" not in s:
        return
    content_start = len(s) - len(s.lstrip(SPACE))
    content_end = len(s.rstrip(SPACE))
    for match in _BREAK_IN_LINE.finditer(s, content_start, content_end):
        a, b = match.span()
        if a == content_start or b >= content_end + 1:
            continue
        joiner = "" if is_wide(s[a - 1]) or is_wide(s[b]) else " "
        edits = {j: "" for j in range(a, b)}
        edits[a] = joiner
        _report(ctx, p, a, b, f"line break inside a one-line text ({_excerpt(p, a, b)})",
                "titles, names and colophon entries are printed on one line", fix=p.fix(edits))


def _paragraph_break(ctx: RuleContext, p: Paragraph, following: Paragraph) -> None:
    if p.heading or following.heading or p.all_bold or zh_forms.looks_like_heading(p.text):
        return  # a heading, also one typed as a plain line (一、强化组织领导)
    text, nxt = p.text.rstrip(SPACE), following.text.lstrip(SPACE)
    if not text or not nxt:
        return
    last, first = text[-1], nxt[0]
    if HIDDEN in (text.lstrip(SPACE)[:1], first, last):  # a list item, table row, caption or note: its own unit
        return
    if not ((last in _MID_SENTENCE_END and (is_chinese(first) or is_latin(first)))
            or (is_han(last) and is_han(first))):
        return
    if not following.allows(ctx.rule.code, ctx.rule.name):
        return
    end = len(text)
    _report(ctx, p, end, end, f"the paragraph ends in mid-sentence (\"…{text[-6:]}\" / \"{nxt[:6]}…\"): "
            "a line break from copy-paste?", "remove the blank line to join the paragraphs, or end the sentence")
