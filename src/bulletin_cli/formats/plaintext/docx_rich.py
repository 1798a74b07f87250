"""Rich content of a Word file as body markup: tables, list paragraphs, footnotes, quotes.

Each construct becomes one chunk of body markup (``| a | b |`` rows, ``- `` / ``1. `` items,
``[^n]: text`` definitions, ``> `` lines) that the recogniser parses with the body parser
instead of reading it as paragraphs. Lists are recognised two ways: Word's own numbering
(``w:numPr``: the level ``w:ilvl`` gives the nesting, numbering.xml's ``w:numFmt`` bullet or
number) and the hand-set marks the DOCX plugin writes (``•`` or ``1.`` and a tab, the nesting
from the left indent). python-docx has no footnote API: word/footnotes.xml is read with lxml.
"""

from __future__ import annotations

import re

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_HAND_MARK = re.compile(r"^(?:(?P<bullet>[•●○■◆▪·])|(?P<number>\d{1,3})[.．、])\t")
_LIST_STYLE = re.compile(r"list\s*(bullet|number)\s*(\d?)", re.I)
_ITEM_LEFT, _ITEM_STEP = 960, 640  # twips: the DOCX plugin's first level and its step (rich.write_list)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def footnote_texts(document) -> dict[str, str]:
    """{footnote id: its text} from word/footnotes.xml (separators left out); {} when there is none."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == _FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            out = {}
            for note in root.iter(_w("footnote")):
                if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = "".join(t.text or "" for t in note.iter(_w("t"))).strip()
                if text:
                    out[note.get(_w("id"))] = text
            return out
    return {}


def _numbering_formats(document) -> dict[tuple[str, str], str]:
    """{(numId, ilvl): numFmt} from numbering.xml ("bullet", "decimal", …)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.iter(_w("abstractNum")):
        abstract[node.get(_w("abstractNumId"))] = {
            lvl.get(_w("ilvl")): (lvl.find(_w("numFmt")).get(_w("val")) if lvl.find(_w("numFmt")) is not None else "")
            for lvl in node.iter(_w("lvl"))}
    out = {}
    for num in numbering.iter(_w("num")):
        ref = num.find(_w("abstractNumId"))
        for ilvl, fmt in abstract.get(ref.get(_w("val")) if ref is not None else "", {}).items():
            out[(num.get(_w("numId")), ilvl)] = fmt
    return out


class ListReader:
    """Tells list paragraphs apart and gives each its depth, kind and text without the mark."""

    def __init__(self, document):
        self.formats = _numbering_formats(document)

    def item(self, paragraph, text: str) -> tuple[int, bool, str, str] | None:
        """(depth, ordered, text without the mark, how it was seen) or None for an ordinary paragraph."""
        properties = paragraph._p.pPr
        num = properties.find(_w("numPr")) if properties is not None else None
        if num is not None and num.find(_w("numId")) is not None:
            num_id = num.find(_w("numId")).get(_w("val"))
            level = num.find(_w("ilvl"))
            ilvl = level.get(_w("val")) if level is not None else "0"
            if num_id != "0":
                fmt = self.formats.get((num_id, ilvl), "bullet")
                return int(ilvl), fmt not in ("bullet", "none", ""), text, "Word numbering"
        style = paragraph.style.name if paragraph.style is not None else ""
        by_style = _LIST_STYLE.search(style or "")
        if by_style:
            return max(0, int(by_style[2] or 1) - 1), by_style[1].lower() == "number", text, f"style {style}"
        mark = _HAND_MARK.match(text)
        if mark:
            indent = properties.find(_w("ind")) if properties is not None else None
            left = int(indent.get(_w("left")) or indent.get(_w("start")) or 0) if indent is not None else 0
            depth = max(0, round((left - _ITEM_LEFT) / _ITEM_STEP))
            return depth, bool(mark["number"]), text[mark.end():].strip(), "hand-set mark and indent"
        return None


def list_markup(items: list[tuple[int, bool, str]]) -> str:
    """Consecutive items as nested list markup; a deeper item indented under its parent's text."""
    lines: list[str] = []
    stack: list[dict] = []  # one entry a level: depth, ordered, next number, mark indent, child indent
    for depth, ordered, text in items:
        while stack and stack[-1]["depth"] > depth:
            stack.pop()
        base = stack[-1]["child"] if stack and stack[-1]["depth"] < depth else 0
        if stack and stack[-1]["depth"] == depth:
            level = stack.pop()
            base = level["base"]
            if level["ordered"] == ordered:
                stack.append(level)
        if not stack or stack[-1]["depth"] < depth:
            if stack:
                base = stack[-1]["child"]
            stack.append({"depth": depth, "ordered": ordered, "number": 1, "base": base, "child": base})
        level = stack[-1]
        mark = f"{level['number']}. " if ordered else "- "
        lines.append(" " * level["base"] + mark + text)
        level["number"] += 1
        level["child"] = level["base"] + len(mark)
    return "\n".join(lines)


def _cell_align(cell) -> str | None:
    for paragraph in cell.paragraphs:
        jc = paragraph._p.pPr.find(_w("jc")) if paragraph._p.pPr is not None else None
        value = jc.get(_w("val")) if jc is not None else None
        return {"center": "center", "right": "right", "end": "right"}.get(value or "")
    return None


def _header_rows(table) -> int:
    count = 0
    for row in table.rows:
        properties = row._tr.trPr
        if properties is None or properties.find(_w("tblHeader")) is None:
            break
        count += 1
    return count


def is_data_table(table) -> bool:
    """A table of data (two columns and two rows at least), not a box drawn round text."""
    rows = list(table.rows)
    return len(rows) >= 2 and max(len(row.cells) for row in rows) >= 2


def table_markup(table, cell_text) -> tuple[str, str]:
    """A Word table as pipe-table markup (the first row the header, alignment from the body cells'
    paragraphs), and a note when Word marked more than one header row (markup has one)."""
    rows = [[cell_text(cell, number == 0) for cell in row.cells] for number, row in enumerate(table.rows)]
    if not rows:
        return "", ""
    columns = max(len(row) for row in rows)
    body = list(table.rows)[1:]
    aligns = []
    for index in range(columns):
        seen = {_cell_align(row.cells[index]) for row in body if index < len(row.cells)}
        aligns.append(seen.pop() if len(seen) == 1 else None)
    rule = {"center": ":-:", "right": "--:", None: "---"}
    out = ["| " + " | ".join(row + [""] * (columns - len(row))) + " |" for row in rows]
    out.insert(1, "| " + " | ".join(rule[a] for a in aligns) + " |")
    headers = _header_rows(table)
    return "\n".join(out), (f"Word marks {headers} header rows; the first is the header" if headers > 1 else "")
