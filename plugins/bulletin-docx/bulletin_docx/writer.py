"""One issue into a document body: 版头, 领导批示, contents, columns and articles, 版记.

Every block of an article body goes through ``BLOCK_WRITERS``, a dispatch on
``block.kind``; a kind this version does not know is written as a plain paragraph of its
``.text``, never dropped.
"""

from __future__ import annotations

import copy
import re
from typing import Callable

from docx.oxml.ns import qn
from lxml import etree

from bulletin_docx.layout import LEFT, LOOKS, TYPE_WIDTH
from bulletin_docx.ooxml import (
    PPR_ORDER, TBLPR_ORDER, TCPR_ORDER, W_NAMESPACE, bookmark, eighths_of_a_point, make, paragraph_borders, put,
    table_borders, text_run,
)
from bulletin_docx import figures, fragments, rich
from bulletin_docx.settings import Settings
from bulletin_docx.titles import title_lines

THICK_RULE = eighths_of_a_point(0.35)  # 8: the 版记's first and last rules (GB/T 9704 7.4.1)
THIN_RULE = eighths_of_a_point(0.25)  # 6: the rules between its lines
BOX_RULE = 6
LEADER_BOX_HEIGHT = 1984  # twips: 35 mm of space for a handwritten instruction
COLOPHON_PT = 14
_PLACEHOLDER = re.compile(r"\{(name|issue_line|issuer|date|number|year)\}")
# Parts that come out the same for the same inputs (the 版记 of a series, the spacing
# paragraphs), as the text they serialise to: built once per process, copied after that.
_REUSED: dict[tuple, str] = {}


class Writer:
    """Appends one issue (or several, for a compilation) to a document's ``w:body``."""

    def __init__(self, body, settings: Settings, masthead_template=None, texts: fragments.Fragments | None = None):
        self.settings = settings
        self.fragments = texts if texts is not None else fragments.Fragments()  # paragraphs written as text
        self.body = body
        self.end = self.body.find(qn("w:sectPr"))  # everything goes before the final section
        self.masthead_template = masthead_template
        self.bookmarks = 0
        self.links: dict[str, str] = {}  # URL -> relationship id, for word/_rels/document.xml.rels
        self.footnotes: list[tuple[int, object]] = []  # (footnote id, Note), for word/footnotes.xml
        self.article_notes: dict[int, object] = {}  # the notes of the article being written, by number
        self.labels = None
        self.media: dict[str, tuple[str, str, bytes]] = {}  # content hash -> (rel id, word/ target, bytes)
        self.drawings = 0  # wp:docPr ids, unique in the document

    def link_id(self, url: str) -> str:
        return self.links.setdefault(url, f"rIdLink{len(self.links) + 1}")

    # -- primitives ------------------------------------------------------------------------

    def append(self, element):
        self.end.addprevious(element)
        return element

    def paragraph(self, style: str, runs=(), run_properties=None, bookmark_at: tuple[str, int] | None = None,
                  **direct):
        """A paragraph of ``style``; ``runs`` are (text, bold) pairs, ready w:r elements, or
        runs as text (``rich.run_texts``). ``direct`` holds w:pPr children by name (ind=…,
        tabs=…) that override the style; ``bookmark_at`` (name, id) wraps the content in a bookmark.

        Returns the paragraph, or its placeholder when it went as text (the common case: see
        fragments.py); ``element`` makes that an element for code that edits it."""
        if not direct and run_properties is None:
            texts = _run_texts(runs)
            if texts is not None:
                return self.append(self.fragments.placeholder(fragments.paragraph(style, texts, bookmark_at)))
        pPr = make("pPr", make("pStyle", val=style))
        for tag, element in direct.items():
            put(pPr, element, PPR_ORDER)
        paragraph = make("p", pPr)
        for item in runs:
            if isinstance(item, tuple):
                text, bold = item
                properties = copy.deepcopy(run_properties) if run_properties is not None else None
                if bold:
                    properties = properties if properties is not None else make("rPr")
                    properties.append(make("b"))
                    properties.append(make("bCs"))
                paragraph.append(text_run(text, properties))
            elif isinstance(item, str):
                paragraph.append(etree.fromstring(f'<w:x xmlns:w="{W_NAMESPACE}">{item}</w:x>')[0])
            else:
                paragraph.append(item)
        if bookmark_at is not None:
            bookmark(paragraph, *bookmark_at)
        return self.append(paragraph)

    def text(self, style: str, text: str, run_properties=None, bookmark_at: tuple[str, int] | None = None,
             **direct):
        return self.paragraph(style, [(text, False)], run_properties, bookmark_at, **direct)

    def element(self, node):
        """The paragraph ``paragraph`` returned, as an element in the body (for code that edits it)."""
        return self.fragments.element(node)

    def table(self, rows: list[list], borders, floating: bool = False, height: int | None = None):
        """A one-column table as wide as the type area; ``rows`` hold each cell's paragraphs."""
        tblPr = make("tblPr")
        if floating:
            # Anchored to the bottom of the type area (the margin box), centred: the 版记
            # stands at the foot of the last page whatever the body above it leaves free.
            # Placed from the paper's left edge rather than centred in the margins: LibreOffice
            # makes a floating table as wide as the type area a frame only when it is placed
            # relative to the page (otherwise it lays it out inline, after the text).
            put(tblPr, make("tblpPr", leftFromText=0, rightFromText=0, topFromText=0, bottomFromText=0,
                            vertAnchor="margin", horzAnchor="page", tblpX=LEFT, tblpYSpec="bottom"),
                TBLPR_ORDER)
            put(tblPr, make("tblOverlap", val="never"), TBLPR_ORDER)
        width = TYPE_WIDTH
        put(tblPr, make("tblW", w=width, type="dxa"), TBLPR_ORDER)
        put(tblPr, make("jc", val="center"), TBLPR_ORDER)
        put(tblPr, make("tblInd", w=0, type="dxa"), TBLPR_ORDER)
        put(tblPr, borders, TBLPR_ORDER)
        put(tblPr, make("tblLayout", type="fixed"), TBLPR_ORDER)
        put(tblPr, make("tblCellMar", make("left", w=0 if floating else 108, type="dxa"),
                        make("right", w=0 if floating else 108, type="dxa")), TBLPR_ORDER)
        put(tblPr, make("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1,
                        noVBand=1), TBLPR_ORDER)
        table = make("tbl", tblPr, make("tblGrid", make("gridCol", w=width)))
        for paragraphs in rows:
            trPr = make("trPr", make("cantSplit"), make("trHeight", val=height, hRule="atLeast") if height else None)
            tcPr = make("tcPr")
            put(tcPr, make("tcW", w=width, type="dxa"), TCPR_ORDER)
            cell = make("tc", tcPr, *paragraphs)
            table.append(make("tr", trPr, cell))
        return self.append(table)

    def detached(self, build: Callable[[], object]) -> list:
        """Paragraphs made by ``build`` (which appends), taken out of the body for a table cell."""
        marker = make("p")
        self.append(marker)
        start = len(self.body) - 2  # the marker's index; sectPr stays last
        build()
        made = []
        while self.body[start + 1] is not self.end:
            made.append(self.body[start + 1])
            self.body.remove(self.body[start + 1])
        self.body.remove(marker)
        return made

    def reuse(self, key: tuple, build: Callable[[], object]) -> None:
        """What ``build`` appends, made once per process for ``key`` and copied as text after
        that. ``key`` must hold everything the part depends on, and the part must leave no
        trace on the writer (no links, notes, images or bookmarks)."""
        text = _REUSED.get(key)
        if text is None:
            text = "".join(self.fragments.text_of(element) for element in self.detached(build))
            if len(_REUSED) >= 512:  # a long run over many series: start over rather than grow
                _REUSED.clear()
            _REUSED[key] = text
        if text:
            self.append(self.fragments.placeholder(text))

    # -- the issue ---------------------------------------------------------------------------

    def issue(self, issue, bookmark_prefix: str = "") -> list[tuple[str, str, str]]:
        """Write one issue; returns the (level, text, bookmark) entries a contents page can point at."""
        self.labels = issue.labels
        self.masthead(issue)
        if issue.leader_box is not None:
            self.leader_box(issue)
        if issue.articles:
            self.contents(issue)
        self.note(issue, issue.editor_note)
        entries = []
        for column in issue.columns:
            if column.name:
                self.text("ColumnHeading", issue.labels.column_heading(column.name))
                self.note(issue, column.editor_note)
            for article in column.articles:
                entries.append(self.article(issue, article, bookmark_prefix))
        self.colophon(issue)
        return entries

    def masthead(self, issue) -> None:
        """报头: marks, the name in red, the issue line, issuer left and date right over the red rule."""
        labels = issue.labels
        if self.masthead_template is not None:
            values = {"name": issue.name, "issue_line": issue.issue_line, "issuer": issue.issuer,
                      "date": labels.format_date(issue.date), "number": str(issue.number) if issue.number is not None else "", "year": str(issue.year)}
            for element in self.masthead_template:
                filled = copy.deepcopy(element)
                for text in filled.iter(qn("w:t")):
                    if text.text and "{" in text.text:
                        text.text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], text.text)
                self.append(filled)
            return
        tabs = make("tabs", make("tab", val="right", pos=TYPE_WIDTH))
        if issue.classification or issue.copy_number:
            self.text("MastheadMarks", f"{issue.classification}\t{issue.copy_number}", tabs=copy.deepcopy(tabs))
        self.text("BulletinName", issue.name, self._fitted_name(issue.name))
        self.text("IssueLine", issue.issue_line)
        rule = paragraph_borders(bottom=(12, self.settings.red, 4))
        self.text("Imprint", f"{issue.issuer}\t{labels.format_date(issue.date)}", pBdr=rule, tabs=tabs)

    def _fitted_name(self, name: str):
        """Nothing, or run properties with a smaller size when the 42 pt name would not fit on one line."""
        from bulletin_cli.formats.words import fill_lines, name_pieces
        from bulletin_docx.titles import width

        ems = width(name) * 1.1  # the masthead face is set wide
        if ems * 42 <= TYPE_WIDTH / 20:
            return None
        size = max(26, int(TYPE_WIDTH / 20 / ems))
        return make("rPr", make("sz", val=size * 2), make("szCs", val=size * 2))

    def leader_box(self, issue) -> None:
        """领导批示: a ruled box, blank for the instruction or holding its text."""
        def build():
            self.text("LeaderBoxLabel", issue.labels.leader_box)
            self.blocks(issue.leader_box.text, style="LeaderBoxText")

        box = (BOX_RULE, "000000")
        self.gap()
        self.table([self.detached(build)], table_borders(top=box, left=box, bottom=box, right=box),
                   height=LEADER_BOX_HEIGHT)
        self.gap()

    def gap(self, twips: int = LOOKS["Normal"].line // 2) -> None:
        """An empty paragraph of the given height: space around a table, which has no spacing of its own."""
        self.reuse(("gap", twips), lambda: self.text(
            "Normal", "", spacing=make("spacing", before=0, after=0, line=twips, lineRule="exact")))

    def contents(self, issue) -> None:
        """目录: the titles grouped by 〔column〕, as the seed prints them under the masthead."""
        numbered = issue.article_numbers
        number = 0
        for column in issue.columns:
            if column.name:
                self.text("ContentsColumn", issue.labels.column_heading(column.name))
            for article in column.articles:
                number += 1
                self.text("ContentsEntry", (f"{number}. " if numbered else "") + article.title)

    def note(self, issue, note, label: str | None = None) -> None:
        """编者按: its label in 黑体, then the note's paragraphs in 楷体."""
        if not note:
            return
        for index, block in enumerate(_note_paragraphs(note)):
            runs = [(run.text, run.strong) for run in block.runs]
            if index == 0:
                label_run = text_run(label or issue.labels.editor_note,
                                     make("rPr", make("rFonts", eastAsia=self.settings.fonts.heading1)))
                runs = [label_run, *runs]
            self.paragraph("EditorNote", runs)

    def article(self, issue, article, bookmark_prefix: str = "") -> tuple[str, str, str]:
        labels = issue.labels
        lines = title_lines(article.title)
        self.bookmarks += 1
        name = f"_{bookmark_prefix}{article.id}"[:40]
        self.text("ArticleTitle", "\n".join(lines), bookmark_at=(name, self.bookmarks))
        if article.subtitle:
            self.text("Subtitle", labels.subtitle_dash + article.subtitle)
        if article.author:
            self.text("Byline", labels.author.format(author=article.author))
        self.note(issue, article.editor_note)
        self.article_notes = {note.number: note for note in getattr(article, "notes", ())}
        self.blocks(article.body)
        self.article_notes = {}
        if article.source:
            self.text("Attribution", labels.source.format(source=article.source))
        rich.write_attachments(self, issue, article)
        return ("article", article.title, name)

    # -- body blocks -------------------------------------------------------------------------

    def blocks(self, blocks, style: str = "Normal") -> None:
        for block in blocks:
            writer = BLOCK_WRITERS.get(getattr(block, "kind", "paragraph"), write_unknown)
            writer(self, block, style)

    # -- 版记 ----------------------------------------------------------------------------------

    def colophon(self, issue) -> None:
        """报尾: 报/送/发 with hanging indents, then 承办/审核/编辑/电话 and 共印N份, under a
        thick rule, thin rules between the lines, a thick rule last (GB/T 9704 7.4.1).

        The lines form one frame anchored to the bottom of the type area, so the last rule
        lies on the type area's bottom edge of the last page, as 7.4.1 asks; body text
        never runs beside or under it.
        """
        if not issue.colophon.is_empty:  # the same for every issue of a series, mostly
            self.reuse(("colophon", issue.colophon, issue.labels, self.settings), lambda: self._colophon(issue))

    def _colophon(self, issue) -> None:
        colophon, labels = issue.colophon, issue.labels
        from bulletin_cli.formats.words import fill_lines, name_pieces
        from bulletin_docx.titles import width

        inset = COLOPHON_PT * 20  # 7.4.2: one character in from both sides
        lines = []  # (text, w:ind, w:tabs)
        room = (TYPE_WIDTH - 2 * inset) / (COLOPHON_PT * 20)  # ems on one line
        for label, names in colophon.distribution(labels):
            hanging = round(width(label) * COLOPHON_PT * 20)
            # broken here, between unit names (Word would break inside one: 市委办公｜厅); the
            # lines after the first hang under the names
            names_room = room - width(label)
            text = "\n".join(fill_lines(name_pieces(names, labels.list_separator), names_room, names_room, width))
            lines.append((label + text, make("ind", left=inset + hanging, hanging=hanging, right=inset), None))
        credit_lines: list[str] = []
        for label, value in colophon.credits(labels):
            part = label + value
            if credit_lines and width(credit_lines[-1]) + 1 + width(part) <= room:
                credit_lines[-1] += "\u3000" + part
            else:
                credit_lines.append(part)  # wrap between entries, never inside a name or number
        if colophon.print_run:
            print_run = labels.print_run.format(number=colophon.print_run)
            if credit_lines and width(credit_lines[-1]) + 2 + width(print_run) <= room:
                credit_lines[-1] += "\t" + print_run
            else:
                credit_lines.append("\t" + print_run)
        for line in credit_lines:
            tabs = make("tabs", make("tab", val="right", pos=TYPE_WIDTH - inset)) if "\t" in line else None
            lines.append((line, make("ind", left=inset, right=inset, firstLine=0), tabs))
        rows = []
        for text, indent, tabs in lines:
            direct = {"ind": indent, **({"tabs": tabs} if tabs is not None else {})}
            rows.append(self.detached(lambda: self.text("Colophon", text, **direct)))
        thick, thin = (THICK_RULE, "000000"), (THIN_RULE, "000000")
        self.table(rows, table_borders(top=thick, left=None, bottom=thick, right=None, insideH=thin,
                                       insideV=None), floating=True)
        self.gap(20)  # the paragraph the floating table is anchored to


def write_paragraph(writer: Writer, block, style: str) -> None:
    writer.paragraph(style, rich.run_texts(writer, block.runs) or rich.runs(writer, block.runs))


def write_heading(writer: Writer, block, style: str) -> None:
    """一、（一）1.（1）: levels 1-4 in their faces (黑体, 楷体, 仿宋, 仿宋)."""
    level = min(max(getattr(block, "level", 1), 1), 4)
    writer.paragraph(f"BodyHeading{level}", rich.run_texts(writer, block.runs) or rich.runs(writer, block.runs))


def write_unknown(writer: Writer, block, style: str) -> None:
    """A block kind this version cannot lay out: its text as a paragraph, so nothing is lost."""
    text = getattr(block, "text", "")
    if text:
        writer.text(style, text)


BLOCK_WRITERS: dict[str, Callable[[Writer, object, str], None]] = {
    "paragraph": write_paragraph,
    "heading": write_heading,
    "table": rich.write_table,
    "list": rich.write_list,
    "quote": rich.write_quote,
    "figure": figures.write_figure,
}


__all__ = ["Writer", "BLOCK_WRITERS", "THICK_RULE", "THIN_RULE"]


def _run_texts(runs) -> list[str] | None:
    """The runs as text when they all can be: (text, bold) pairs of writable text, or text already."""
    out = []
    for item in runs:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, tuple) and fragments.writable(item[0]):
            out.append(fragments.run(item[0], fragments.BOLD if item[1] else ""))
        else:
            return None
    return out


def _note_paragraphs(blocks) -> list:
    """A note's blocks as paragraphs: a list or quote in a note gives one paragraph per item
    paragraph, a table or figure its text (notes are a few lines in 楷体, not a second body)."""
    from types import SimpleNamespace

    out: list = []
    for block in blocks:
        if hasattr(block, "runs"):
            out.append(block)
        elif hasattr(block, "items"):
            for item in block.items:
                out.extend(_note_paragraphs(item))
        elif hasattr(block, "blocks"):
            out.extend(_note_paragraphs(block.blocks))
        elif block.text:
            out.append(SimpleNamespace(runs=(SimpleNamespace(text=block.text, strong=False),)))
    return out

