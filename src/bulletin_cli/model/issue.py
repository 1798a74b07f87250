"""The issue model: what one issue of a bulletin holds, independent of any file format.

Exporters read these objects; the loader (:mod:`bulletin_cli.formats.toml.loader`) builds them
from TOML, and the XML importer builds them from XML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from bulletin_cli.model.labels import Labels


@dataclass(frozen=True)
class Run:
    """A stretch of inline text, emphasised (``**bold**`` in the source) or not."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph, or an in-body heading of the official hierarchy (level 1-4: 一、（一）1.（1））."""

    runs: tuple[Run, ...]
    kind: Literal["paragraph", "heading"] = "paragraph"
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


Text = tuple[Block, ...]


def plain_text(blocks: Text) -> str:
    """The blocks as plain text, paragraphs separated by blank lines."""
    return "\n\n".join(block.text for block in blocks)


@dataclass(frozen=True)
class Origin:
    """Where a model object came from: a file and the TOML key path inside it."""

    path: Path | None
    key_path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Column:
    name: str
    articles: tuple[Article, ...] = ()
    editor_note: Text = ()


@dataclass(frozen=True)
class LeaderBox:
    """The 领导批示 box: blank space for a leader's instruction, or its text once given."""

    text: Text = ()


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Issue:
    name: str
    issuer: str
    date: dt.date
    number: int
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
    numbering: Literal["yearly", "running"] = "yearly"
    article_numbers: bool = False  # the series numbers articles in the contents (1. 2. 3.)
    counts_cumulative: bool = False  # the series sets cumulative_numbers = true
    show_cumulative: bool = True  # print （总第N期） when the issue has a cumulative number
    path: Path | None = None
    series_path: Path | None = None

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
        """A stable identifier: the same series, year and number always give the same string."""
        kind = "supplement" if self.supplement else "issue"
        return f"{self.series_id or 'bulletin'}/{self.year}/{kind}-{self.number}"
