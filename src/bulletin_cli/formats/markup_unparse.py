"""Blocks back to body markup: ``parse_body(unparse_body(b, n))`` gives ``b`` and ``n`` again.

Used by `bulletin import` (XML to TOML) and by the Markdown plugin, so both write the subset
docs/format.md describes and nothing else.
"""

from __future__ import annotations

import re

from bulletin_cli.model.issue import Block, Figure, ListBlock, Note, Quote, Run, Runs, Table, Text

_ESCAPE = re.compile(r"([\\*`\[\]<>!_@|]|:(?=//))")
_LINE_START = re.compile(r"^(?:[-+*](?=[ \t]|$)|[>#|]|\d{1,9}[.)](?=[ \t]|$))")
_ALIGN = {None: "---", "left": ":--", "center": ":-:", "right": "--:"}


def escape(text: str) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    return text


def _wrap(text: str, marker: str) -> str:
    """``marker`` around ``text``, with its outer spaces left outside (so the markers pair up)."""
    stripped = text.strip(" ")
    if not stripped:
        return text
    start = text.index(stripped)
    return text[:start] + marker + stripped + marker + text[start + len(stripped):]


def _run(run: Run) -> str:
    if run.note is not None:
        return f"[^{run.note}]"
    if run.code:
        fence = "``" if "`" in run.text else "`"
        pad = " " if fence == "``" or run.text.startswith(" ") and run.text.endswith(" ") else ""
        text = f"{fence}{pad}{run.text}{pad}{fence}"
    else:
        text = escape(run.text)
    if run.link and not run.code and run.text in (run.link, run.link.removeprefix("mailto:")) and \
            not (run.strong or run.emphasis):
        return f"<{run.text}>"
    if run.emphasis and run.strong:
        text = _wrap(text, "***")
    elif run.strong:
        text = _wrap(text, "**")
    elif run.emphasis:
        text = _wrap(text, "*")
    if run.link:
        url = run.link
        destination = f"<{url}>" if re.search(r"[\s()<>]", url) else url
        text = f"[{text}]({destination})"
    return text


def unparse_runs(runs: Runs) -> str:
    return "".join(_run(run) for run in runs)


def _paragraph(runs: Runs) -> str:
    text = unparse_runs(runs)
    if _LINE_START.match(text):
        text = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", text) if text[0].isdigit() else "\\" + text
    return text


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [(rest + line) if line else "" for line in lines[1:]])


def unparse_block(block) -> str:
    if isinstance(block, Table):
        lines = [escape(block.caption), ""] if block.caption else []
        for index, row in enumerate(block.rows):
            lines.append("| " + " | ".join(unparse_runs(cell) or " " for cell in row) + " |")
            if index == 0:
                lines.append("| " + " | ".join(_ALIGN[a] for a in block.align or (None,) * len(row)) + " |")
        return "\n".join(lines)
    if isinstance(block, Figure):
        return f"![{escape(block.caption)}]({block.src})"
    if isinstance(block, ListBlock):
        items = []
        for number, item in enumerate(block.items, block.start):
            marker = f"{number}. " if block.ordered else "- "
            items.append(_indent(unparse_blocks(item) or "", marker, " " * len(marker)))
        return "\n".join(items)
    if isinstance(block, Quote):
        return "\n".join(("> " + line) if line else ">" for line in unparse_blocks(block.blocks).split("\n"))
    if block.kind == "heading":
        # a closing run of # would be taken off the heading: write every # escaped
        return "#" * block.level + " " + unparse_runs(block.runs).replace("#", "\\#")
    return _paragraph(block.runs)


def unparse_blocks(blocks: Text) -> str:
    return "\n\n".join(unparse_block(block) for block in blocks)


def unparse_body(blocks: Text, notes: tuple[Note, ...] = ()) -> str:
    parts = [unparse_blocks(blocks)] if blocks else []
    for note in notes:
        parts.append(_indent(unparse_blocks(note.blocks), f"[^{note.number}]: ", "    "))
    return "\n\n".join(parts)
