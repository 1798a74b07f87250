"""What typography rules must not read in a rich body, and where its units begin.

URLs, e-mail addresses, code spans, link destinations, footnote marks and the syntax of
lists, quotes and tables are replaced by OBJECT REPLACEMENT CHARACTER (U+FFFC, which no rule
looks at) in a copy of the same length, so every index still points into the TOML string.
List items, table rows, quotes and footnote texts start units of their own, so a rule that
looks across a line end (T107, a broken line) never joins two items.
"""

from __future__ import annotations

from bulletin_cli.files.patterns import lazy_compile
from bulletin_cli.formats.markup import needs_full_parser

HIDDEN = "\ufffc"
_HIDE = lazy_compile(
    r"`[^`\n]+`"  # code spans
    r"|https?://[^\s<>\"\u2E80-\u9FFF\u3000-\u303F\uFF00-\uFFEF“”‘’]+"  # URLs (as the parser ends them)
    r"|(?<![\w.+-])[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # e-mail addresses
    r"|\]\([^)\s]*\)|!?\[(?=[^\]\n]*\]\()"  # link and image syntax around the visible text
    r"|\[\^[^\]\s]+\]:?"  # footnote marks and definitions
    r"|(?m:^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)|(?m:^[ \t]*(?:>[ \t]?)+)"  # list and quote markers
    r"|(?m:^[ \t]*(?:表|Table)[ \t]*[0-9一二三四五六七八九十]+[ \t\u3000])"  # a caption's number: 表1　…
    r"|(?m:^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$)"  # a table's delimiter row
)
_TABLE_LINE = lazy_compile(r"(?m)^[ \t]*\|.*$")
_UNIT_START = lazy_compile(r"\n(?=[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||\[\^[^\]\s]+\]:))")


def is_rich(value: str) -> bool:
    return needs_full_parser(value)


def hide_markup(value: str) -> str:
    """``value`` with what rules must not read replaced by U+FFFC, index for index."""
    hidden = _HIDE.sub(lambda m: HIDDEN * len(m.group()), value)
    return _TABLE_LINE.sub(lambda m: m.group().replace("|", HIDDEN), hidden)


def split_units(value: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each unit of value[start:end]: a new one at each list item, table row,
    quote line and footnote definition."""
    out = []
    for match in _UNIT_START.finditer(value, start, end):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, end))
    return out
