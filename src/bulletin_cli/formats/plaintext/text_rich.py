"""Rich content in the typed layout `bulletin export --to text` writes, back to body markup.

The text exporter sets a table as a header line, a rule of －, and rows whose cells wrap
within their columns; a list as ``● `` or ``1. `` items indented under their parent; footnote
marks as ①②, their texts after a short rule below the article. Each is rewritten here as body
markup (``| a | b |``, ``- ``, ``[^1]``) on the same lines, so report line numbers stay true, and
those lines are hinted ``"markup"`` for the recogniser. Columns are found where every line of
the table is blank in the same place, so the cells' alignment does not matter.
"""

from __future__ import annotations

import re

from bulletin_cli.formats.plaintext.docx_rich import list_markup
from bulletin_cli.formats.plaintext.reader import Guess, display_width

_RULE = re.compile(r"^[\s\u3000]*[－-]{4,}[\s\u3000]*$")
_CAPTION = re.compile(r"^[\s\u3000]*(?:表|Table\s*)\d+")
_ITEM = re.compile(r"^(?P<lead>[\s\u3000]*)(?P<mark>[●•]|\d{1,2}\.) (?P<text>\S.*)$")
_QUOTE_LEAD = re.compile(r"^\u3000{4}(?=[^\s\u3000])")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NOTE_TEXT = re.compile(rf"^[\s\u3000]*(?P<mark>[{_CIRCLED}])(?P<text>\S.*)$")


def _cells(line: str) -> list[str]:
    """The line as one character per display column (a wide character then a '' filler)."""
    out: list[str] = []
    for char in line:
        out.append(char)
        if display_width(char) == 2:
            out.append("")
    return out


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """Column spans: runs of display columns holding a character in at least one line."""
    grids = [_cells(line) for line in lines]
    width = max(len(g) for g in grids)
    used = [any(i < len(g) and g[i] not in (" ", "\u3000") for g in grids) for i in range(width)]
    spans, start = [], None
    for i, filled in enumerate(used + [False]):
        if filled and start is None:
            start = i
        elif not filled and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _split(line: str, spans: list[tuple[int, int]]) -> list[str]:
    grid = _cells(line)
    return ["".join(grid[a:b]).strip(" \u3000") for a, b in spans]


def _glue(a: str, b: str) -> str:
    if not a or not b:
        return a + b
    return a + (" " if a[-1].isascii() and b[0].isascii() and a[-1].isalnum() else "") + b


def _table(lines: list[str], start: int, guesses: list[Guess]) -> tuple[int, list[str]] | None:
    """The table whose header is ``lines[start]`` (its rule next): (lines it spans, markup lines)."""
    end = start + 2
    while end < len(lines) and lines[end].strip(" \u3000"):
        end += 1
    body = lines[start + 2:end]
    if not body:
        return None
    spans = _spans([lines[start]] + body)
    if len(spans) < 2:
        return None
    header = _split(lines[start], spans)
    rows: list[list[str]] = []
    for line in body:
        cells = _split(line, spans)
        if cells[0] or not rows:
            rows.append(cells)
        else:  # a wrapped line of the row above
            rows[-1] = [_glue(a, b) for a, b in zip(rows[-1], cells)]
    markup = ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in [header] + rows]
    markup.insert(1, "| " + " | ".join("---" for _ in spans) + " |")
    guesses.append(Guess(start + 1, f"table: {len(spans)} columns, {len(rows)} rows (a header, a rule of －, "
                         "cells in columns)", 0.8, header[0]))
    return end - start, markup


def _list(lines: list[str], start: int, guesses: list[Guess]) -> tuple[int, list[str]] | None:
    """A run of ``● `` / ``1. `` items (at least one ●, or two numbered items), nested by indent."""
    items: list[tuple[int, bool, str]] = []
    end = start
    while end < len(lines):
        match = _ITEM.match(lines[end])
        if match:
            items.append((display_width(match["lead"]), match["mark"][0].isdigit(), match["text"]))
        elif items and lines[end].strip(" \u3000") and display_width(lines[end]) - display_width(
                lines[end].lstrip(" \u3000")) > items[-1][0]:
            depth, ordered, text = items[-1]  # a wrapped line of the item
            items[-1] = (depth, ordered, _glue(text, lines[end].strip(" \u3000")))
        else:
            break
        end += 1
    if not items or (all(o for _, o, _ in items) and len(items) < 2):
        return None
    indents = sorted({i for i, _, _ in items})

    markup = list_markup([(indents.index(i), o, t) for i, o, t in items]).split("\n")
    guesses.append(Guess(start + 1, f"list: {len(items)} items (● and 1. marks, nesting by indent)", 0.8,
                         items[0][2][:20]))
    return end - start, markup


def _quote(lines: list[str], start: int, guesses: list[Guess]) -> tuple[int, list[str]] | None:
    """Lines set four characters in (the exporter's block quote) that end a sentence."""
    end = start
    while end < len(lines) and _QUOTE_LEAD.match(lines[end]):
        end += 1
    text = "".join(line.strip(" \u3000") for line in lines[start:end])
    if text[-1] not in "。！？”!?." or _ITEM.match(lines[start].strip(" \u3000") + " "):
        return None
    guesses.append(Guess(start + 1, "block quote (set four characters in)", 0.6, text[:20]))
    return end - start, ["> " + line.strip(" \u3000") for line in lines[start:end]]


def mark_rich(text: str, guesses: list[Guess]) -> tuple[str, set[int]]:
    """The text with the exporter's tables, lists and footnotes as body markup on the same lines,
    and the numbers of the lines that now hold markup."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    marked: set[int] = set()
    notes = {m["mark"] for line in lines if (m := _NOTE_TEXT.match(line))}
    i = 0
    while i < len(lines):
        found = None
        if i + 1 < len(lines) and _RULE.match(lines[i + 1]) and lines[i].strip(" \u3000") \
                and not _RULE.match(lines[i]) and (i == 0 or not lines[i - 1].strip(" \u3000")
                                                   or _CAPTION.match(lines[i - 1])):
            found = _table(lines, i, guesses)
        if found is None and _ITEM.match(lines[i]) and (i == 0 or not _ITEM.match(lines[i - 1])):
            found = _list(lines, i, guesses)
        if found is None and _QUOTE_LEAD.match(lines[i]) and i > 0 and lines[i - 1].strip(" \u3000") \
                and not _QUOTE_LEAD.match(lines[i - 1]):
            found = _quote(lines, i, guesses)
        note = _NOTE_TEXT.match(lines[i])
        if found is None and note and i > 0 and (_RULE.match(lines[i - 1]) or i - 1 in marked):
            number = _CIRCLED.index(note["mark"]) + 1
            found = (1, [f"[^{number}]: {note['text']}"])
            guesses.append(Guess(i + 1, f"footnote {note['mark']} text", 0.85, note["text"][:20]))
        if found is None:
            i += 1
            continue
        count, markup = found
        if i > 0 and _CAPTION.match(lines[i - 1]) and markup[0].startswith("|"):
            lines[i - 1] = lines[i - 1].strip(" \u3000")
            marked.add(i - 1)
        lines[i:i + count] = markup + [""] * (count - len(markup))
        marked.update(range(i, i + len(markup)))
        i += count
    for index, line in enumerate(lines):  # the marks in the text, where their notes are below
        if index not in marked and any(mark in line for mark in notes):
            lines[index] = "".join(f"[^{_CIRCLED.index(c) + 1}]" if c in notes else c for c in line)
    return "\n".join(lines), {i + 1 for i in marked}
