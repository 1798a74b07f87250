"""The small inline markup used in article bodies and notes.

- Paragraphs are separated by a blank line. Lines inside a paragraph are joined: with no
  space between two Chinese characters, with one space otherwise, so an editor may wrap
  long lines freely. Leading indentation (ASCII or full-width spaces) is dropped: the
  layout indents paragraphs itself.
- A paragraph starting with ``#``, ``##``, ``###`` or ``####`` and a space is an in-body
  heading of level 1-4 of the official hierarchy (一、 （一） 1. （1））. The heading text
  carries its own number, e.g. ``## （一）总体要求``.
- ``**text**`` is bold (the lead-in sentence of a paragraph, say). ``\\*`` is a literal
  asterisk and ``\\\\`` a literal backslash.
- ``<!-- … -->`` inside one paragraph is an editor's comment and does not print.
  ``<!-- bulletin: ignore T103 -->`` turns typography rules off for its paragraph
  (docs/rules.md).
"""

from __future__ import annotations

import re

from bulletin_cli.model.issue import Block, Run, Text

_HEADING = re.compile(r"^(#{1,4})[ \t\u3000]+(.*)$", re.S)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_PARAGRAPH_BREAK = PARAGRAPH_BREAK
# A comment closes within its paragraph; an unclosed "<!--" is ordinary text.
COMMENT = re.compile(r"<!--.*?-->", re.S)
HEADING_MARKERS = {1: "#", 2: "##", 3: "###", 4: "####"}


def _is_wide(char: str) -> bool:
    # CJK ideographs, kana, Hangul, CJK and full-width punctuation: no space when joining.
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
        or char in "“”‘’—…·"
    )


is_wide = _is_wide


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph, CJK-aware."""
    out = ""
    for line in lines:
        line = line.strip(" \t\u3000")
        if not line:
            continue
        if out and not (_is_wide(out[-1]) or _is_wide(line[0])):
            out += " "
        out += line
    return out


def strip_comments(chunk: str) -> str:
    """One paragraph without its comments (repeated, so that no comment can survive)."""
    while True:
        stripped = COMMENT.sub("", chunk)
        if stripped == chunk:
            return chunk
        chunk = stripped


def split_paragraphs(source: str) -> list[str]:
    """The paragraphs of a body string, each joined onto one line."""
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(source):
        if "<!--" in chunk:
            chunk = strip_comments(chunk)
        text = chunk.strip(" \t\u3000\n")
        if "\n" in text:  # most paragraphs are written on one line and need no joining
            text = join_lines(text.split("\n"))
        if text:
            paragraphs.append(text)
    return paragraphs


_INLINE_TOKEN = re.compile(r"(\\[*\\]|\*\*)")


def parse_inline(text: str) -> tuple[Run, ...]:
    if "*" not in text and "\\" not in text:  # the common case: plain text
        return (Run(text),)
    runs: list[Run] = []
    buffer: list[str] = []
    strong = False
    for token in _INLINE_TOKEN.split(text):
        if token == "**":
            if buffer:
                runs.append(Run("".join(buffer), strong))
                buffer = []
            strong = not strong
        elif len(token) == 2 and token[0] == "\\" and token[1] in "*\\":
            buffer.append(token[1])
        elif token:
            buffer.append(token)
    if buffer:
        runs.append(Run("".join(buffer), strong))
    return tuple(runs)


def unclosed_emphasis(text: str) -> bool:
    """True when a paragraph opens ``**`` without closing it."""
    if "\\" not in text:
        return text.count("**") % 2 == 1
    return sum(1 for token in _INLINE_TOKEN.findall(text) if token == "**") % 2 == 1


def parse_text(source: str) -> Text:
    """A body or note string as blocks (paragraphs and headings)."""
    blocks = []
    for paragraph in split_paragraphs(source):
        match = _HEADING.match(paragraph) if paragraph[0] == "#" else None
        if match:
            blocks.append(Block(parse_inline(match.group(2).strip()), "heading", len(match.group(1))))
        else:
            blocks.append(Block(parse_inline(paragraph)))
    return tuple(blocks)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


def unparse_text(blocks: Text) -> str:
    """Blocks back to markup: ``parse_text(unparse_text(b)) == b`` for blocks made by parse_text."""
    paragraphs = []
    for block in blocks:
        inline = "".join(f"**{_escape(r.text)}**" if r.strong else _escape(r.text) for r in block.runs)
        if block.kind == "heading":
            inline = f"{HEADING_MARKERS[block.level]} {inline}"
        paragraphs.append(inline)
    return "\n\n".join(paragraphs)
