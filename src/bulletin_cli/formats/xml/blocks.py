"""Body blocks <-> XML elements: p, heading, table, figure, list, quote; inline strong, em,
code, a and note-ref; an article's notes and attachments. Both directions live here so they
cannot drift: ``read_blocks(write_blocks(b)) == b`` for every model the loader builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from bulletin_cli.formats.xml.names import NAMESPACE
from bulletin_cli.model.issue import (
    Attachment, Block, Figure, ListBlock, Note, Quote, Run, Runs, Table, Text,
)

STRUCTURAL = {"table", "row", "list", "item", "quote", "notes", "note", "attachments", "figure"}
_WRAPPERS = (("link", "a"), ("strong", "strong"), ("emphasis", "em"), ("code", "code"))  # outermost first


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _local(element) -> str:
    return etree.QName(element).localname


def _sub(parent, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, _q(tag), {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _append_text(parent, text: str) -> None:
    children = list(parent)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def write_runs(parent, runs: Runs) -> None:
    for run in runs:
        if run.note is not None:
            _sub(parent, "note-ref", n=str(run.note))
            continue
        target = parent
        outer = None
        for attribute, tag in _WRAPPERS:
            value = getattr(run, attribute)
            if value:
                target = _sub(target, tag, href=value) if tag == "a" else _sub(target, tag)
                outer = outer if outer is not None else target
        if outer is None:
            _append_text(parent, run.text)
        else:
            target.text = run.text


def write_blocks(parent, blocks: Text) -> None:
    for block in blocks:
        if isinstance(block, Table):
            element = _sub(parent, "table", header_rows=str(block.header_rows))
            if block.caption:
                _sub(element, "caption", block.caption)
            for align in block.align:
                _sub(element, "col", align=align) if align else _sub(element, "col")
            for row in block.rows:
                row_element = _sub(element, "row")
                for cell in row:
                    write_runs(_sub(row_element, "cell"), cell)
        elif isinstance(block, Figure):
            attributes = {"src": block.src}
            if block.media_type:
                attributes["media_type"] = block.media_type
            if block.width and block.height:
                attributes.update(width=str(block.width), height=str(block.height))
            element = _sub(parent, "figure", **attributes)
            if block.caption:
                _sub(element, "caption", block.caption)
        elif isinstance(block, ListBlock):
            element = _sub(parent, "list", ordered="true" if block.ordered else "false")
            if block.ordered and block.start != 1:
                element.set("start", str(block.start))
            for item in block.items:
                write_blocks(_sub(element, "item"), item)
        elif isinstance(block, Quote):
            write_blocks(_sub(parent, "quote"), block.blocks)
        else:
            element = _sub(parent, "heading", level=str(block.level)) if block.kind == "heading" else _sub(parent, "p")
            write_runs(element, block.runs)


def write_notes(parent, notes: tuple[Note, ...]) -> None:
    if notes:
        element = _sub(parent, "notes")
        for note in notes:
            write_blocks(_sub(element, "note", n=str(note.number)), note.blocks)


def write_attachments(parent, attachments: tuple[Attachment, ...]) -> None:
    if attachments:
        element = _sub(parent, "attachments")
        for attachment in attachments:
            _sub(element, "attachment", attachment.title, file=attachment.file)


# -- reading (the document is schema-valid here) ----------------------------------------

def _merge(runs: list[Run], run: Run) -> None:
    if not run.text and run.note is None:
        return
    if runs and run.note is None and runs[-1].note is None and replace(runs[-1], text="") == replace(run, text=""):
        runs[-1] = replace(run, text=runs[-1].text + run.text)
    else:
        runs.append(run)


def read_runs(element, style: Run = Run("")) -> Runs:
    runs: list[Run] = []
    if element.text:
        _merge(runs, replace(style, text=element.text))
    for child in element:
        name = _local(child)
        if name == "note-ref":
            runs.append(Run(child.get("n", "").strip(), note=int(child.get("n", "0").strip())))
        else:
            inner = {"a": {"link": child.get("href", "")}, "strong": {"strong": True}, "em": {"emphasis": True},
                     "code": {"code": True}}.get(name, {})
            for run in read_runs(child, replace(style, **inner)):
                _merge(runs, run)
        if child.tail:
            _merge(runs, replace(style, text=child.tail))
    return tuple(runs)


def read_blocks(element, base: Path | None = None) -> Text:
    if element is None:
        return ()
    blocks: list = []
    for child in element:
        name = _local(child)
        if name == "heading":
            blocks.append(Block(read_runs(child), "heading", int(child.get("level", "1").strip())))
        elif name == "p":
            blocks.append(Block(read_runs(child)))
        elif name == "table":
            caption = child.find(_q("caption"))
            align = tuple(col.get("align") for col in child.findall(_q("col")))
            rows = tuple(tuple(read_runs(cell) for cell in row.findall(_q("cell"))) for row in child.findall(_q("row")))
            blocks.append(Table(rows, align, caption.text or "" if caption is not None else "",
                                int(child.get("header-rows", "1"))))
        elif name == "figure":
            caption = child.find(_q("caption"))
            src = child.get("src", "")
            path = base / src if base is not None and (base / src).is_file() else None
            width, height = child.get("width"), child.get("height")
            blocks.append(Figure(src, caption.text or "" if caption is not None else "", path,
                                 child.get("media-type", ""), int(width) if width else None,
                                 int(height) if height else None))
        elif name == "list":
            items = tuple(read_blocks(item, base) for item in child.findall(_q("item")))
            blocks.append(ListBlock(child.get("ordered") == "true", items, int(child.get("start", "1"))))
        elif name == "quote":
            blocks.append(Quote(read_blocks(child, base)))
    return tuple(blocks)


def read_notes(article, base: Path | None = None) -> tuple[Note, ...]:
    notes = article.find(_q("notes"))
    if notes is None:
        return ()
    return tuple(Note(int(note.get("n")), read_blocks(note, base)) for note in notes.findall(_q("note")))


def read_attachments(parent, base: Path | None = None) -> tuple[Attachment, ...]:
    element = parent.find(_q("attachments"))
    if element is None:
        return ()
    out = []
    for attachment in element.findall(_q("attachment")):
        file = attachment.get("file", "")
        path = base / file if base is not None and (base / file).is_file() else None
        out.append(Attachment(attachment.text or "", file, path))
    return tuple(out)


def block_strings(blocks: Text):
    """Every string the blocks hold (for the XML character check)."""
    from bulletin_cli.model.issue import walk_blocks

    for block in walk_blocks(blocks):
        if isinstance(block, Block):
            yield from (run.text for run in block.runs)
        elif isinstance(block, Table):
            yield block.caption
            yield from (run.text for row in block.rows for cell in row for run in cell)
        elif isinstance(block, Figure):
            yield block.caption
            yield block.src
