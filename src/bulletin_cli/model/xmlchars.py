"""Characters XML 1.0 cannot hold at all, even escaped.

XML 1.0 allows tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and
U+10000-U+10FFFF. Anything else (C0 control characters such as the form feed or vertical
tab that PDF copy-paste leaves behind, lone surrogates, U+FFFE and U+FFFF) makes an XML
export impossible, so `bulletin validate` reports it (S207) and the XML exporter refuses it.
The C1 control characters and DELETE (U+007F-U+009F) are counted with them: XML 1.0 holds
them, but HTML forbids them (the Nu checker rejects the page and so EPUBCheck the book).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

# the complement of what XML allows, written out: a negated class over the whole of Unicode
# takes 7 ms to compile and scans more slowly
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED",
    0x1B: "ESCAPE", 0xFFFE: "noncharacter", 0xFFFF: "noncharacter",
}


def invalid_xml_chars(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every character of ``text`` that XML 1.0 cannot represent."""
    for match in _NOT_XML.finditer(text):
        yield match.start(), match.group()


def has_invalid_xml_chars(text: str) -> bool:
    return _NOT_XML.search(text) is not None


def describe(char: str) -> str:
    """``U+000C (FORM FEED, a control character)`` and the like, for messages."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate, half of a broken character"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a noncharacter"
    else:
        name = _NAMES.get(code) or unicodedata.name(char, "")
        kind = f"{name}, a control character" if name else "a control character"
    return f"U+{code:04X} ({kind})"


__all__ = ["invalid_xml_chars", "has_invalid_xml_chars", "describe"]
