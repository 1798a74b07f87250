"""The issue model: what one issue of a bulletin holds, independent of any file format.

Exporters read these objects; the loader (:mod:`bulletin_cli.formats.toml.loader`) builds them
from TOML, and the XML importer builds them from XML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from bulletin_cli.model.fonts import Font
from bulletin_cli.model.labels import Labels
from bulletin_cli.model.pickling import quick_pickling


@quick_pickling
@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of inline text with one set of attributes.

    Runs are flat: ``**bold [link](https://a.example)**`` is one run with ``strong=True`` and
    ``link="https://a.example"``, so an exporter maps each run to one styled span.
    A footnote reference is a run with ``note`` set to the article's note number; its
    ``text`` is that number as digits, and plain text (``Block.text``) leaves it out.
    """

    text: str
    strong: bool = False
    emphasis: bool = False  # *italic* (楷体 where a Chinese text uses it)
    code: bool = False  # `inline code`: product names, commands
    link: str | None = None  # an http, https or mailto URL, as written (not percent-encoded)
    note: int | None = None  # a footnote reference: the Note.number it points at


Runs = tuple[Run, ...]


def runs_text(runs: Runs) -> str:
    """The runs as plain text, footnote references left out."""
    return "".join(run.text for run in runs if run.note is None)


@quick_pickling
@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, or an in-body heading of the official hierarchy (level 1-4: 一、（一）1.（1））."""

    runs: Runs
    kind: Literal["paragraph", "heading"] = "paragraph"
    level: int = 0

    @property
    def text(self) -> str:
        return runs_text(self.runs)


Alignment = Literal["left", "center", "right"] | None


@dataclass(frozen=True)
class Table:
    """A table: ``rows`` of cells, each cell a tuple of runs; the first ``header_rows`` rows are the header.

    Every row has ``len(align)`` cells (the parser pads short rows and reports them).
    ``caption`` is the printed 表1 … line, or "" when the table has none.
    """

    rows: tuple[tuple[Runs, ...], ...]
    align: tuple[Alignment, ...] = ()
    caption: str = ""
    header_rows: int = 1
    kind: ClassVar[str] = "table"

    @property
    def text(self) -> str:
        lines = [self.caption] if self.caption else []
        lines += ["\t".join(runs_text(cell) for cell in row) for row in self.rows]
        return "\n".join(lines)


@dataclass(frozen=True)
class Figure:
    """An image with its caption (the alt text of ``![caption](src)``).

    ``src`` is the path as written, relative to the issue file with ``/`` separators; ``path``
    the file it names (None when the file is missing or the figure came from XML without
    one). ``media_type`` (image/jpeg, image/png, image/gif, image/webp, image/svg+xml) is
    detected from the content; ``width``/``height`` in pixels when known.
    """

    src: str
    caption: str = ""
    path: Path | None = None
    media_type: str = ""
    width: int | None = None
    height: int | None = None
    kind: ClassVar[str] = "figure"

    @property
    def text(self) -> str:
        return self.caption


@dataclass(frozen=True)
class ListBlock:
    """A bulleted (``ordered=False``) or numbered list; each item is a tuple of blocks (which may nest lists)."""

    ordered: bool
    items: tuple[tuple[BodyBlock, ...], ...]
    start: int = 1
    kind: ClassVar[str] = "list"

    @property
    def text(self) -> str:
        return "\n".join(plain_text(item) for item in self.items)


@dataclass(frozen=True)
class Quote:
    """A block quote (``> …``) holding blocks."""

    blocks: tuple[BodyBlock, ...]
    kind: ClassVar[str] = "quote"

    @property
    def text(self) -> str:
        return plain_text(self.blocks)


BodyBlock = Block | Table | Figure | ListBlock | Quote
Text = tuple[BodyBlock, ...]


def plain_text(blocks: Text) -> str:
    """The blocks as plain text, paragraphs separated by blank lines."""
    return "\n\n".join(block.text for block in blocks)


def walk_blocks(blocks: Text):
    """Every block, depth first, including those inside lists and quotes."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)
        elif isinstance(block, Quote):
            yield from walk_blocks(block.blocks)


@quick_pickling
@dataclass(frozen=True, slots=True)
class Note:
    """A footnote (注释) of an article: ``[^label]`` references become ``Run(note=number)``.

    Notes are numbered 1, 2, 3 … per article in the order they are first referenced.
    """

    number: int
    blocks: Text

    @property
    def text(self) -> str:
        return plain_text(self.blocks)


@quick_pickling
@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment (附件): a title, the file as written (relative to the issue file) and the file it names."""

    title: str
    file: str
    path: Path | None = None


@quick_pickling
@dataclass(frozen=True, slots=True)
class Origin:
    """Where a model object came from: a file and the TOML key path inside it."""

    path: Path | None
    key_path: tuple[str | int, ...] = ()


@quick_pickling
@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    body: Text
    column: str | None = None
    subtitle: str = ""
    author: str = ""
    source: str = ""
    editor_note: Text = ()
    origin: Origin = Origin(None)
    notes: tuple[Note, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@quick_pickling
@dataclass(frozen=True, slots=True)
class Column:
    name: str
    articles: tuple[Article, ...] = ()
    editor_note: Text = ()


@quick_pickling
@dataclass(frozen=True, slots=True)
class LeaderBox:
    """The 领导批示 box: blank space for a leader's instruction, or its text once given."""

    text: Text = ()


@quick_pickling
@dataclass(frozen=True, slots=True)
class Colophon:
    """The 报尾: distribution lists and the editorial line."""

    report_to: tuple[str, ...] = ()
    send_to: tuple[str, ...] = ()
    distribute_to: tuple[str, ...] = ()
    extra_distribution: tuple[str, ...] = ()
    handled_by: str = ""
    reviewer: str = ""
    editor: str = ""
    phone: str = ""
    print_run: int | None = None

    @property
    def is_empty(self) -> bool:
        return self == Colophon()

    def distribution(self, labels: Labels) -> list[tuple[str, tuple[str, ...]]]:
        """The 报 / 送 / 发 / 增发 lines that have recipients, in print order, as (label, names)."""
        pairs = ((labels.report_to, self.report_to), (labels.send_to, self.send_to),
                 (labels.distribute_to, self.distribute_to), (labels.extra_distribution, self.extra_distribution))
        return [(label, names) for label, names in pairs if names]

    def credits(self, labels: Labels) -> list[tuple[str, str]]:
        """The 承办 / 审核 / 编辑 / 电话 entries that are filled in, in print order, as (label, value)."""
        pairs = ((labels.handled_by, self.handled_by), (labels.reviewer, self.reviewer),
                 (labels.editor, self.editor), (labels.phone, self.phone))
        return [(label, value) for label, value in pairs if value]


@quick_pickling
@dataclass(frozen=True, slots=True)
class Issue:
    name: str
    issuer: str
    date: dt.date
    number: int | None  # None only in a series with numbering = "none": the issue line is its edition
    articles: tuple[Article, ...]
    language: str = "zh-CN"
    series_id: str = ""
    cumulative_number: int | None = None
    supplement: bool = False
    classification: str = ""
    copy_number: str = ""
    leader_box: LeaderBox | None = None
    editor_note: Text = ()
    declared_columns: tuple[str, ...] = ()
    column_notes: tuple[tuple[str, Text], ...] = ()
    colophon: Colophon = Colophon()
    labels: Labels = field(default_factory=Labels)
    number_style: Literal["arabic", "chinese"] = "arabic"
    numbering: Literal["yearly", "running", "none"] = "yearly"
    article_numbers: bool = False  # the series numbers articles in the contents (1. 2. 3.)
    counts_cumulative: bool = False  # the series sets cumulative_numbers = true
    show_cumulative: bool = True  # print （总第N期） when the issue has a cumulative number
    path: Path | None = None
    series_path: Path | None = None
    attachments: tuple[Attachment, ...] = ()  # the issue's own 附件, after the last article
    # [fonts]: (role, Font) in FONT_ROLES order, only the roles set. A printing setting, not
    # content: formats that do not carry it (XML) still give back an equal issue.
    fonts: tuple[tuple[str, Font], ...] = field(default=(), compare=False)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def columns(self) -> tuple[Column, ...]:
        """Columns in declared order, each with its articles in issue order; empty columns left out.

        An issue without declared columns gives one unnamed column (name ``""``) holding every article.
        """
        if not self.declared_columns:
            return (Column("", self.articles, ()),) if self.articles else ()
        notes = dict(self.column_notes)
        grouped = []
        for name in self.declared_columns:
            members = tuple(a for a in self.articles if a.column == name)
            if members:
                grouped.append(Column(name, members, notes.get(name, ())))
        return tuple(grouped)

    @property
    def articles_in_print_order(self) -> tuple[Article, ...]:
        return tuple(article for column in self.columns for article in column.articles)

    @property
    def issue_line(self) -> str:
        """第6期（总第123期） / Issue 6 (No. 123 overall), as printed under the name."""
        return self.labels.issue_line(self)

    @property
    def identifier(self) -> str:
        """A stable identifier: the same series, year and number (or date, for an issue without
        a number) always give the same string."""
        kind = "supplement" if self.supplement else "issue"
        if self.number is None:
            return f"{self.series_id or 'bulletin'}/{self.year}/{kind}-{self.date.isoformat()}"
        return f"{self.series_id or 'bulletin'}/{self.year}/{kind}-{self.number}"

    @property
    def order_key(self) -> tuple:
        """Publication order: date, regular issues before supplements, then number (an issue
        without one first); sorting by it never compares a number with None."""
        return (self.date, self.supplement, self.number or 0)


def media_of(issue: Issue) -> list[Figure | Attachment]:
    """Every figure and attachment of the issue, for exporters that copy or package the files."""
    texts: list[Text] = [issue.editor_note, *(note for _, note in issue.column_notes)]
    if issue.leader_box is not None:
        texts.append(issue.leader_box.text)
    items: list[Figure | Attachment] = []
    for article in issue.articles:
        texts += [article.body, article.editor_note, *(note.blocks for note in article.notes)]
        items += article.attachments
    items += issue.attachments
    for text in texts:
        items += [block for block in walk_blocks(text) if isinstance(block, Figure)]
    return items
