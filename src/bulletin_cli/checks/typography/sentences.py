"""Sentences and paragraphs of official text: a doubled 的, spaces between Chinese words,
ordinal forms at the start of a paragraph (GB/T 9704-2012 7.3.3), an article's last sentence
left open (T115, T117, T119, T122).
"""

from __future__ import annotations

from bulletin_cli.checks import zh_forms
from bulletin_cli.checks.typography import common
from bulletin_cli.checks.typography.common import (
    _MARKUP_BETWEEN,
    _raw,
    _excerpt,
    _FieldText,
    _paragraphs,
    _report,
    _rule,
)
from bulletin_cli.checks.typography.spacing import _SPACES
from bulletin_cli.checks.zh_text import HAN_CLASS, HSPACE, SPACE, is_han
from bulletin_cli.files.patterns import lazy_compile


# -- T115 a doubled 的 -----------------------------------------------------------------------

_DOUBLED_DE = lazy_compile("的的(?!确)")  # 的的确确 is a word
_MAY_DOUBLE = _raw(f"的{_MARKUP_BETWEEN}的")


@_rule("T115", "doubled-character", "a doubled 的 (工作的的成效)")
def check_doubled_de(ctx) -> None:
    for p in _paragraphs(ctx, having=lambda view: _MAY_DOUBLE.search(view.field.value), anywhere=_MAY_DOUBLE.search):
        for match in _DOUBLED_DE.finditer(p.text):
            a = match.start()
            if a and p.text[a - 1] == "的":
                continue  # the third of 的的的 is reported with the second
            _report(ctx, p, a, a + 2, f"\"的\" written twice ({_excerpt(p, a, a + 2)})", "remove one",
                    fix=p.fix({a + 1: ""}))


# -- T117 a space between Chinese words ---------------------------------------------------------

_HAN_SPACE_HAN = lazy_compile(f"(?<=[{HAN_CLASS}])[{HSPACE}]+(?=[{HAN_CLASS}])")
_SPACE_CHARS = tuple(HSPACE)
_BEFORE_A_SPACE_TOO = "*>\\"  # markup that may stand between a Han character and the space


def _han_before_a_space(value: str) -> bool:
    """Some space of the raw value follows a Han character or markup (spaces are few: found with find)."""
    for space in _SPACE_CHARS:
        k = value.find(space, 1)
        while k > 0:
            before = value[k - 1]
            if is_han(before) or before in _BEFORE_A_SPACE_TOO:
                return True
            k = value.find(space, k + 1)
    return False


@_rule("T117", "space-between-chinese", "a space between Chinese words in running text (会议要求 各单位)")
def check_space_between_chinese(ctx) -> None:
    def may_have(view: _FieldText) -> bool:
        return view.field.kind == "text" and _han_before_a_space(view.field.value)

    for p in _paragraphs(ctx, _SPACES, may_have):
        if p.field.kind != "text" or p.heading or p.all_bold or zh_forms.looks_like_heading(p.text):
            continue  # titles and headings may space phrases apart (headline style)
        for match in _HAN_SPACE_HAN.finditer(p.text):
            a, b = match.span()
            if _inside_quotation(p.text, a):
                continue  # a slogan or title keeps its spacing: “声承青春之火 品读墨韵人生”
            _report(ctx, p, a, b, f"space between Chinese words ({_excerpt(p, a, b)})",
                    "running text has no spaces between Chinese characters", fix=p.fix({j: "" for j in range(a, b)}))


def _inside_quotation(s: str, k: int) -> bool:
    return s.rfind("“", 0, k) > s.rfind("”", 0, k) or s.rfind("《", 0, k) > s.rfind("》", 0, k)


# -- T119 ordinal forms -------------------------------------------------------------------------------

_ORDINAL_STARTS = frozenset("（(0123456789" + zh_forms.CHINESE_DIGITS + "<\\")  # with comments and escapes


def _opening(chunk: str) -> str:
    """The first character of a raw paragraph after indentation, heading marker and bold markers."""
    head = chunk.lstrip(SPACE)
    while head.startswith(("**", "#")):
        head = head[2:] if head.startswith("**") else head.lstrip("#").lstrip(HSPACE)
    return head[:1]


def _may_open_with_ordinal(view: _FieldText) -> bool:
    """A raw paragraph of the body opens with a bracket, a number, a comment or an escape."""
    return view.field.kind == "text" and any(_opening(chunk) in _ORDINAL_STARTS for chunk in view.chunks)


@_rule("T119", "ordinal-form", "an ordinal at the start of a paragraph not in the GB/T 9704 forms "
       "一、 （一） 1. （1） (（二）、 2、 一.)")
def check_ordinal_forms(ctx) -> None:
    for p in _paragraphs(ctx, having=_may_open_with_ordinal):
        if p.field.kind != "text":
            continue
        start = len(p.text) - len(p.text.lstrip(SPACE))
        wrong = zh_forms.wrong_ordinal(p.text, start)
        if wrong is None:
            continue
        a, b, right = wrong
        written = p.text[start:b]
        mended = p.text[start:a] + right
        _report(ctx, p, start, b, f"ordinal written \"{written}\"; GB/T 9704 writes \"{mended}\"",
                "the levels are 一、 （一） 1. （1） (GB/T 9704-2012 7.3.3)", fix=p.fix({a: right}))


# -- T122 the last sentence left open -----------------------------------------------------------------

_DATE_LINE = lazy_compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_SIGNATURE = 16  # a unit's name on a line of its own closes a text without punctuation


def _is_article_body(path: tuple) -> bool:
    """An [[articles]] body in the issue file, or the body of an article file (its key path is ("body",))."""
    return path == ("body",) or (len(path) == 3 and path[0] == "articles" and path[2] == "body")


def _may_end_open(view: _FieldText) -> bool:
    if not _is_article_body(view.field.key_path):
        return False
    last = view.field.value.rstrip(SPACE)[-1:]
    return is_han(last) or (last in "*>\\")


@_rule("T122", "missing-final-stop", "an article whose last paragraph ends without a full stop")
def check_final_stop(ctx) -> None:
    for field, paras in common._fields(ctx, having=_may_end_open):  # looked up at call time: tests swap it
        # the rule is about article bodies: decided here, not only by the quick test, which may let more through
        if not paras or not _is_article_body(field.key_path):
            continue
        p = paras[-1]
        text = p.text.rstrip(SPACE)
        if not text or not is_han(text[-1]) or p.heading or p.all_bold or zh_forms.looks_like_heading(text):
            continue
        if _DATE_LINE.fullmatch(text) or (len(text) <= _SIGNATURE and not any(m in text for m in "，。；：")):
            continue  # a date or a signature closes the text
        end = len(text)
        _report(ctx, p, end - 1, end, f"the article's last sentence has no final mark (\"…{text[-8:]}\")",
                "end it with 。 (GB/T 15834-2011 4.1), or ？ ！ where the sentence asks or exclaims",
                fix=p.insert_after(end - 1, "。"))  # inside a closing ** too: the fix stays where it is reported
