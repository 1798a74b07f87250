"""Plain text of a bulletin: bytes to lines, with the artefacts of PDF extraction and typing repaired.

What this module removes is listed as guesses (``Guess``) so the import report can show it:
page-number lines (``— 3 —``), rules (＝＝＝ / ----), form feeds. The spaces an extraction puts
between Chinese and digits or Latin letters (``等 40 余人``) are removed; spaces between two
Latin words and between two Chinese phrases (headline style) are kept.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Guess:
    """One decision the importer made that a person may want to check."""

    line: int  # 1-based line of the source text (0: the whole file)
    what: str
    confidence: float  # 0..1
    text: str = ""

    def shown(self) -> str:
        """The report's line for this guess after its place: what, confidence, and the text on
        one line (a table or list read back holds line breaks)."""
        text = " ⏎ ".join(part.strip() for part in self.text.splitlines() if part.strip())
        return f"[{self.confidence:.2f}] {self.what}" + (f": {text}" if text else "")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source
    text: str  # without leading and trailing blanks
    indent: int  # display columns of leading blanks (a full-width space counts 2)
    hint: str = ""  # what the page showed (PDF, Word): "title", "body", "heading1".."heading4"; "" for text


class UnreadableText(Exception):
    """The file is not text this importer can decode."""


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 (BOM or not), UTF-16 with a BOM, or GB18030/GBK."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise UnreadableText("this is a binary file, not text (a .docx or .pdf with a .txt name?)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableText(f"line {line}: the text is neither UTF-8 nor GB18030/GBK; save it as UTF-8") from None


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…·"
_LATIN = "A-Za-z0-9%"
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{_CJK}]) +(?=[{_LATIN}(+\-])")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=[{_LATIN})+.]) +(?=[{_CJK}])")
PAGE_NUMBER = re.compile(r"^[—–\-－]\s*\d{1,4}\s*[—–\-－]$|^(?:第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?|Page \d+(?: of \d+)?)$")
_RULE = re.compile(r"^[＝=－\-_—━─]{8,}$")


def is_chinese(text: str) -> bool:
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return han >= latin / 4


# English function words found between Chinese words are words of the original (a slip the
# typography checks report), not spacing: ``思想 and 党的`` keeps its spaces; ``捡跑 ing`` does not.
_LONE_WORD = re.compile(rf"(?<=[{_CJK}]) (and|or|the|of|with|for|to|in) (?=[{_CJK}])")
# A web or mail address keeps the spaces that set it apart from the Chinese around it (a link
# is only found where a space or punctuation ends it).
_ADDRESS = re.compile(r" ?(?:(?:https?://|mailto:)[!-~]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+) ?", re.ASCII)


def repair_spacing(text: str) -> str:
    """Spaces the extraction put between Chinese and digits or Latin removed; a lowercase English word
    standing between Chinese words (``思想 and 党的``) keeps its spaces: it is a word of the original."""
    words = {}

    def hold(match: re.Match) -> str:
        key = f"\x00{len(words)}\x00"
        words[key] = match.group(0)
        return key

    held = _ADDRESS.sub(hold, _LONE_WORD.sub(hold, text))
    out = _SPACE_BEFORE_CJK.sub("", _SPACE_AFTER_CJK.sub("", held))
    for key, value in words.items():
        out = out.replace(key, value)
    return out


def display_width(text: str) -> int:
    return sum(2 if not c.isascii() else 1 for c in text)


def read_lines(text: str, guesses: list[Guess]) -> list[Line | None]:
    """The lines of the text; ``None`` stands for a blank line. Page numbers and rules are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").replace("\v", "\n")
    out: list[Line | None] = []
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip().replace("\t", "    ")
        stripped = raw.lstrip(" \u3000")
        if not stripped:
            out.append(None)
            continue
        if PAGE_NUMBER.match(stripped):
            guesses.append(Guess(number, "page number dropped", 0.95, stripped))
            continue
        if _RULE.match(stripped):
            out.append(Line(number, "\x00rule", 0))
            continue
        indent = display_width(raw[: len(raw) - len(stripped)])
        out.append(Line(number, stripped, indent))
    return out
