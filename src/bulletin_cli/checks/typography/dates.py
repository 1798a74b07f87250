"""Dates in the official form (GB/T 9704 7.3.5.4)."""

from __future__ import annotations

import re

from bulletin_cli.checks.rules import RuleContext
from bulletin_cli.checks.typography.common import (
    _MARKUP_BETWEEN,
    _excerpt,
    _FieldText,
    _paragraphs,
    _report,
    _rule,
)
from bulletin_cli.files.patterns import lazy_compile

# -- T111 dates ---------------------------------------------------------------------------------

# the character before a match is checked by hand: a leading lookbehind slows every position
_LEADING_ZERO = lazy_compile(r"0(?=[1-9][ \t]*[月日])")
# the same, on the raw value: markup may stand between the characters that print side by side
_MAY_HAVE_LEADING_ZERO = lazy_compile(f"0{_MARKUP_BETWEEN}[1-9](?:[ \t]|\\*\\*|<!--.*?-->)*[月日]", re.S)
_MAY_HAVE_NUMERIC_DATE = lazy_compile(f"\\d{_MARKUP_BETWEEN}[-./]{_MARKUP_BETWEEN}\\d", re.S)


def _may_have_date(view: _FieldText) -> bool:
    return _may_have_date_in(view.field.value)


def _may_have_date_in(value: str) -> bool:
    if _MAY_HAVE_LEADING_ZERO.search(value):
        return True
    return ("-" in value or "." in value or "/" in value) and _MAY_HAVE_NUMERIC_DATE.search(value) is not None
_NUMERIC_DATE = lazy_compile(r"((?:19|20)\d\d)([-./])(\d{1,2})\2(\d{1,2})(?![\d.\-/])")


@_rule("T111", "date-format", "a date not in the official form 2023年8月14日 (leading zeros, 2023-08-14)")
def check_dates(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, having=_may_have_date, anywhere=_may_have_date_in):
        s = p.text
        for match in _LEADING_ZERO.finditer(s):
            a = match.start()
            if a and (s[a - 1].isdigit() or s[a - 1] == "."):
                continue
            _report(ctx, p, a, a + 2, f"leading zero in a date ({_excerpt(p, a, a + 2)})",
                    "official dates have no leading zeros: 2023年8月4日", fix=p.fix({a: ""}))
        for match in _NUMERIC_DATE.finditer(s):
            if match.start() and (s[match.start() - 1].isdigit() or s[match.start() - 1] in ".-/"):
                continue
            year, month, day = int(match[1]), int(match[3]), int(match[4])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            a, b = match.span()
            _report(ctx, p, a, b, f"date written \"{match.group()}\" in Chinese text",
                    f"write {year}年{month}月{day}日")
