"""How marks are used (GB/T 15834-2011): commas between coordinate words, 顿号 between titles,
a single dash, a full stop in an inner bracket, nested quotes, range marks (T113, T114, T116,
T118, T120, T121).

Where the right mark is certain the finding carries a fix; where it needs the editor (逗号 or
顿号, 破折号 or 连接号) it carries a hint only.
"""

from __future__ import annotations

from bulletin_cli.checks import zh_forms
from bulletin_cli.checks.typography.common import (
    _MARKUP_BETWEEN,
    _raw,
    _excerpt,
    _paragraphs,
    _report,
    _rule,
)
from bulletin_cli.checks.zh_text import HAN_CLASS, is_han
from bulletin_cli.files.patterns import lazy_compile


# -- T113 commas between coordinate words --------------------------------------------------

# on the raw value: items of up to 4 (the last up to 6) characters, with room for bold markers;
# a comment may stand anywhere, so a value with one always goes to the close look
_MAY_LIST_PATTERN = lazy_compile(f"[，,](?:[{HAN_CLASS}*\\\\]{{1,12}}[，,])+[{HAN_CLASS}*\\\\]{{1,16}}等")


_LIST_WINDOW = 48  # raw characters before 等 that hold two commas and the items around them


def _may_list(value: str) -> bool:
    """Looks only before each 等 (rarer than commas), so a long body costs a few short searches."""
    if "<!--" in value:
        return True
    k = value.find("等")
    while k >= 0:
        window = value[max(0, k - _LIST_WINDOW):k + 1]
        if window.count("，") + window.count(",") >= 2 and _MAY_LIST_PATTERN.search(window):
            return True
        k = value.find("等", k + 1)
    return False


@_rule("T113", "comma-between-coordinates", "commas between coordinate words that a 顿号 separates "
       "(宣讲，展览，演出等)")
def check_coordinate_commas(ctx) -> None:
    for p in _paragraphs(ctx, having=lambda view: _may_list(view.field.value), anywhere=_may_list):
        for commas in zh_forms.coordinate_commas(p.text):
            a, b = commas[0], commas[-1] + 1
            _report(ctx, p, a, b, f"commas between coordinate words ({_excerpt(p, a, b)})",
                    "coordinate words are separated by 、 (GB/T 15834-2011 4.5); keep ， only if these are clauses")


# -- T114 顿号 between titles or quotations ----------------------------------------------------

_PAUSE_BETWEEN = lazy_compile("[》”](、)(?=[《“])")
_MAY_PAUSE_BETWEEN = _raw(f"[》”]{_MARKUP_BETWEEN}、{_MARKUP_BETWEEN}[《“]")


def _may_pause_between(value: str) -> bool:
    # 、 followed by an opening mark or by markup is rare: `in` rules most values out at once
    if not any(pair in value for pair in ("、《", "、“", "、*", "、<")):
        return False
    return _MAY_PAUSE_BETWEEN.search(value) is not None


@_rule("T114", "pause-between-titles", "a 顿号 between titles in 《》 or between quoted items (《方案》、《细则》)")
def check_pause_between_titles(ctx) -> None:
    for p in _paragraphs(ctx, having=lambda view: _may_pause_between(view.field.value),
                         anywhere=_may_pause_between):
        for match in _PAUSE_BETWEEN.finditer(p.text):
            a, b = match.span(1)
            _report(ctx, p, a, b, f"顿号 between titles or quoted items ({_excerpt(p, a, b)})",
                    "titles and quotations side by side take no 顿号 (GB/T 15834-2011 4.5.3.5)",
                    fix=p.fix({a: ""}))


# -- T116 a single dash as a 破折号 ---------------------------------------------------------------

_SINGLE_DASH = lazy_compile("(?<![—\\d])—(?![—\\d])")
_CLAUSE_END = lazy_compile("[，。、；：？！“”（）《》\n]")
_LINK_ITEM = 4  # 北京—上海, 区—街道—社区: a connecting mark joins short items


@_rule("T116", "single-dash", "a single — where a 破折号 (——) is meant")
def check_single_dash(ctx) -> None:
    for p in _paragraphs(ctx, having=lambda view: "—" in view.field.value, anywhere=lambda text: "—" in text):
        s = p.text
        for match in _SINGLE_DASH.finditer(s):
            k = match.start()
            if not (k and is_han(s[k - 1]) and k + 1 < len(s) and is_han(s[k + 1])):
                continue
            clause_start = max((m.end() for m in _CLAUSE_END.finditer(s, 0, k)), default=0)
            left = s[clause_start:k]
            if "—" in left or s.find("—", k + 1, k + 1 + _LINK_ITEM + 1) > 0 or len(left) <= _LINK_ITEM:
                continue  # a chain of short items: a 连接号
            _report(ctx, p, k, k + 1, f"a single \"—\" between phrases ({_excerpt(p, k, k + 1)})",
                    "a 破折号 is two dashes —— (GB/T 15834-2011 4.10); a single — only joins items such as 北京—上海")


# -- T118 a full stop inside a bracket within a sentence ------------------------------------------

_STOP_CLOSE = lazy_compile("。(?=）)")
_MAY_STOP_CLOSE = _raw(f"。{_MARKUP_BETWEEN}）")
_SENTENCE_ENDS = "。？！…"


@_rule("T118", "stop-in-inner-bracket", "a 句号 closing the words in a bracket inside a sentence "
       "(（由区文明办牵头。）)")
def check_stop_in_inner_bracket(ctx) -> None:
    for p in _paragraphs(ctx, having=lambda view: _MAY_STOP_CLOSE.search(view.field.value),
                         anywhere=_MAY_STOP_CLOSE.search):
        s = p.text
        for match in _STOP_CLOSE.finditer(s):
            k = match.start()
            opener = _opening_bracket(s, k + 1)
            if opener < 0:
                continue
            before = p.prev_visible(opener)[0]
            if not before or before in _SENTENCE_ENDS:
                continue  # a bracket after the sentence holds sentences of its own
            _report(ctx, p, k, k + 1, f"句号 inside a bracket within the sentence ({_excerpt(p, k, k + 2)})",
                    "words in brackets inside a sentence end without 。 (GB/T 15834-2011 4.9)", fix=p.fix({k: ""}))


def _opening_bracket(s: str, close: int) -> int:
    depth = 0
    for k in range(close - 1, -1, -1):
        if s[k] == "）":
            depth += 1
        elif s[k] == "（":
            if depth == 0:
                return k
            depth -= 1
    return -1


# -- T120 ASCII single quotes nested in “” ----------------------------------------------------------

_DOUBLE_QUOTED = lazy_compile("“[^“”]*”")


@_rule("T120", "nested-quote", "ASCII single quotes inside “” (“学习'四史'”); nested quotes are ‘’")
def check_nested_quotes(ctx) -> None:
    for p in _paragraphs(ctx, frozenset("'")):
        s = p.text
        for quoted in _DOUBLE_QUOTED.finditer(s):
            marks = [k for k in range(quoted.start() + 1, quoted.end() - 1)
                     if s[k] == "'" and not (s[k - 1].isascii() and s[k - 1].isalpha()
                                             and s[k + 1].isascii() and s[k + 1].isalpha())]
            for a, b in zip(marks[::2], marks[1::2]):
                _report(ctx, p, a, b + 1, f"ASCII quotes nested in “” ({_excerpt(p, a, b + 1)}); use ‘’",
                        "a quotation inside “” takes ‘’ (GB/T 15834-2011 4.8)", fix=p.fix({a: "‘", b: "’"}))


# -- T121 range marks ----------------------------------------------------------------------------------

# a number (with its date unit) - or ~ a number followed by a unit: 5月10日-5月20日, 3~5名, 2021-2023年
_RANGE = lazy_compile(f"(?<![A-Za-z0-9.\\-/])(\\d+(?:\\.\\d+)?)([年月日号时]?)([-~－])(\\d+(?:\\.\\d+)?)(?=[年月日号时]|[{HAN_CLASS}%])")
_DATE_UNITS = "年月日号时"


@_rule("T121", "range-mark", "a hyphen or ~ as a range mark (3月1日-3月5日, 50~80人); ranges take — or ～")
def check_range_marks(ctx) -> None:
    for p in _paragraphs(ctx, frozenset("-~－")):
        for match in _RANGE.finditer(p.text):
            k = match.start(3)
            dated = bool(match[2]) or (len(match[1]) == 4 and p.text.startswith("年", match.end()))
            right = "—" if dated else "～"
            _report(ctx, p, k, k + 1, f"\"{match[3]}\" as a range mark ({_excerpt(p, k, k + 1)}); use \"{right}\"",
                    "a range of dates takes —, of quantities ～ (GB/T 15834-2011 4.13)", fix=p.fix({k: right}))
