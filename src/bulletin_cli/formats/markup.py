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
from functools import lru_cache

from bulletin_cli.model.issue import Block, Run, Text

_HEADING = re.compile(r"^(#{1,4})[ \t\u3000]+(.*)$", re.S)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_PARAGRAPH_BREAK = PARAGRAPH_BREAK
# A comment closes within its paragraph; an unclosed "<!--" is ordinary text.
# Never search with COMMENT past comments_end(): from every unclosed "<!--" the lazy match
# runs to the end of the text, so 100 KB of "<!--" would cost quadratic time.
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


def comments_end(text: str, start: int = 0, end: int | None = None) -> int:
    """Where the last comment of text[start:end] can end: after its last "-->" (start if none).

    No comment closes after this point, so a COMMENT search stops here (linear time)."""
    close = text.rfind("-->", start, len(text) if end is None else end)
    return start if close < 0 else close + 3


def strip_comments(chunk: str) -> str:
    """One paragraph without its comments (repeated, so that no comment can survive)."""
    while True:
        limit = comments_end(chunk)
        stripped = COMMENT.sub("", chunk[:limit]) + chunk[limit:]
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
                _append(runs, Run("".join(buffer), strong))
                buffer = []
            strong = not strong
        elif len(token) == 2 and token[0] == "\\" and token[1] in "*\\":
            buffer.append(token[1])
        elif token:
            buffer.append(token)
    if buffer:
        _append(runs, Run("".join(buffer), strong))
    return tuple(runs)


def _append(runs: list[Run], run: Run) -> None:
    """Add a run, joining it to the last one when they look the same (``**a****b**`` is one bold run)."""
    if runs and runs[-1].strong == run.strong:
        runs[-1] = Run(runs[-1].text + run.text, run.strong)
    else:
        runs.append(run)


def unclosed_emphasis(text: str) -> bool:
    """True when a paragraph opens ``**`` without closing it."""
    if "\\" not in text:
        return text.count("**") % 2 == 1
    return sum(1 for token in _INLINE_TOKEN.findall(text) if token == "**") % 2 == 1


# What sends a block to the full parser: block markers at a line start, or inline markup
# beyond **bold** and \\* escapes. A body is cut at its blank lines; plain blocks (almost every
# one) never reach markdown-it, and are told apart with str scans and patterns that start with
# a literal (docs/performance.md, Rich bodies). Only runs of rich blocks are parsed by it.
# (one-character scans first: a longer needle is slower to find in Chinese text)
_BLOCK_MARK = re.compile(r"\n[ \t]*(?:[-*+](?![^ \t\n])|>|\d{1,9}[.)](?![^ \t\n])|\[\^|#)")
# a heading alone on its line, read the same by both paths (markdown-it drops a closing "#")
_PLAIN_HEADING = re.compile(r"#{1,4}[ \t]+[^\n]*[^#\s][ \t\u3000]*")
_LEADING_BLANK_LINES = re.compile(r"^(?:[ \t\u3000]*\n)+")
_CAPTION_LINE = re.compile(r"\n[ \t\u3000]*(?:表|Table)")
_ESCAPE_OTHER = re.compile(r"\\[^*\\]")
_TAG = re.compile(r"<(?!!--)")


def _inline_is_rich(chunk: str) -> bool:
    if "|" in chunk or "`" in chunk or "[" in chunk or "@" in chunk or "/" in chunk and "://" in chunk:
        return True
    if "*" in chunk:
        # count only stars that are not escaped (escaped backslashes first: in \\* the star is
        # bare); \** is an escaped star and the opening of *…*, not a **
        bare = chunk.replace("\\\\", "").replace("\\*", "") if "\\" in chunk else chunk
        if bare.count("*") != 2 * bare.count("**"):  # a * that is not half of **
            return True
        if "***" in bare:  # ****: one run of delimiters, which CommonMark pairs by its own rules
            return True
        if unclosed_emphasis(chunk):  # the full parser prints an unpaired ** as written
            return True
    if "\\" in chunk and _ESCAPE_OTHER.search(chunk):
        return True
    if "<" not in chunk:
        return False
    # a comment left open across a blank line prints as text, and the full parser reports it
    return _TAG.search(chunk) is not None or "<!--" in strip_comments(chunk)


def _block_is_rich(chunk: str) -> bool:
    """True when one blank-line-separated block needs markdown-it to be read as it reads it."""
    if _inline_is_rich(chunk):
        return True
    chunk = _LEADING_BLANK_LINES.sub("", chunk, count=1)
    if chunk.lstrip(" \t\u3000").startswith(("表", "Table")):  # may caption a table that follows
        return True
    probe = "\n" + chunk
    mark = _BLOCK_MARK.search(probe)
    if mark is None:
        return False
    if mark.start() == 0 and probe[1] == "#" and "<!--" in chunk:
        return True  # a heading with a comment in it may hold nothing else: the full parser decides
    return not (mark.start() == 0 and probe[1] == "#" and _PLAIN_HEADING.fullmatch(probe, 1, len(probe.rstrip())))


def body_pieces(source: str) -> list | None:
    """The body cut for parsing: blocks of plain paragraphs (a tuple) and (start, end, first line)
    of each run of rich blocks, in order; None when every block is plain.

    A rich block ends at a blank line unless the next block is indented (a list item or
    footnote continued), which joins it to the run."""
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    pieces: list = []
    plain: list[str] = []
    run_start = run_end = None
    previous_rich = any_rich = False
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(source), None]:
        end = match.start() if match else len(source)
        chunk = source[position:end]
        next_position = match.end() if match else len(source)
        if chunk.strip(" \t\u3000\n"):
            first = _LEADING_BLANK_LINES.sub("", chunk, count=1)
            rich = _block_is_rich(chunk) or previous_rich and first[:1] in (" ", "\t")
            if rich:
                if plain:
                    pieces.append(plain_blocks("\n\n".join(plain)))
                    plain = []
                if run_start is None:
                    run_start, any_rich = position, True
                run_end = end
            else:
                if run_start is not None:
                    pieces.append((run_start, run_end, source.count("\n", 0, run_start)))
                    run_start = None
                plain.append(chunk)
            previous_rich = rich
        position = next_position
    if run_start is not None:
        pieces.append((run_start, run_end, source.count("\n", 0, run_start)))
    if not any_rich:
        return None
    if plain:
        pieces.append(plain_blocks("\n\n".join(plain)))
    return pieces


# Asked by the loader and again by the text checks, for the same string: one issue's bodies
# are enough (4,096 entries held about 7 MB of old bodies in every worker).
@lru_cache(maxsize=256)
def needs_full_parser(source: str) -> bool:
    """True when some block of the body needs markdown-it (then parse_body parses those)."""
    if "|" in source or "`" in source or "[" in source or "@" in source or "/" in source and "://" in source:
        return True
    if "\\" in source or "<" in source or "#" in source:  # rare: ask block by block
        return body_pieces(source) is not None
    probe = "\n" + source
    if _BLOCK_MARK.search(probe):  # any such line makes its block rich
        return True
    if "*" in source:
        if source.count("*") != 2 * source.count("**"):  # a * that is not half of **
            return True
        if "***" in source:  # one run of delimiters, which CommonMark pairs by its own rules
            return True
        # an unpaired ** in one block: the full parser prints it as written
        if any(chunk.count("**") % 2 for chunk in _PARAGRAPH_BREAK.split(source)):
            return True
    # a line that starts like a table caption: rich only where it starts a block
    return _CAPTION_LINE.search(probe) is not None and body_pieces(source) is not None


def plain_blocks(source: str) -> Text:
    """Paragraphs and headings of a body that needs_full_parser() calls plain."""
    blocks = []
    for paragraph in split_paragraphs(source):
        match = _HEADING.match(paragraph) if paragraph[0] == "#" else None
        if match:
            blocks.append(Block(parse_inline(match.group(2).strip()), "heading", len(match.group(1))))
        else:
            blocks.append(Block(parse_inline(paragraph)))
    return tuple(blocks)


@lru_cache(maxsize=64)  # validation asks for a body's problems after the loader parsed it
def parse_body(source: str, fast: bool = True):
    """A body as :class:`bulletin_cli.formats.markup_blocks.Body`: blocks, footnotes, problems found.

    Only the runs of rich blocks go through markdown-it; ``fast=False`` sends the whole body
    (the reference the fast path is tested against: the same blocks, notes and problems)."""
    from bulletin_cli.formats.markup_blocks import Body, parse_rich

    if not fast:
        return parse_rich(source, join_lines, strip_comments)
    if not needs_full_parser(source):
        return Body(plain_blocks(source))
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    return parse_rich(source, join_lines, strip_comments, body_pieces(source))


def parse_text(source: str) -> Text:
    """A body or note string as blocks (footnotes, if any, are in ``parse_body(source).notes``)."""
    if not needs_full_parser(source):
        return plain_blocks(source)
    return parse_body(source).blocks


def unparse_text(blocks: Text) -> str:
    """Blocks back to markup: ``parse_text(unparse_text(b)) == b`` for blocks made by parse_text."""
    from bulletin_cli.formats.markup_unparse import unparse_blocks

    return unparse_blocks(blocks)
