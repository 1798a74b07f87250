"""Rich blocks, written by kind. The core's rich model (branch ``rich``) is not merged yet, so the
blocks here are stand-ins with the same fields (Table.rows/align/caption/header_rows,
ListBlock.ordered/items/start, Quote.blocks, Run.link/emphasis, Article.attachments)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from typing import ClassVar

import docx
from docx_helpers import NS, SEED, w
from lxml import etree

from bulletin_cli import ExportOptions
from bulletin_cli.api import load
from bulletin_cli.model.issue import Block, Run


@dataclass(frozen=True)
class LinkRun:
    text: str
    strong: bool = False
    emphasis: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Table:
    rows: tuple
    align: tuple = ()
    caption: str = ""
    header_rows: int = 1
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple
    start: int = 1
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class Quote:
    blocks: tuple
    kind: ClassVar[str] = "quote"


@dataclass(frozen=True)
class Attachment:
    title: str
    file: str = ""


def _render(body, attachments=()):
    from bulletin_docx.build import build_issue

    issue = load(SEED)
    first = issue.articles[0]
    article = replace(first, body=body)
    object.__setattr__(article, "attachments", attachments)  # not a field of today's Article
    return build_issue(replace(issue, articles=(article, *issue.articles[1:])), ExportOptions(source_date_epoch=0))


def test_tables_lists_quotes_links_and_attachments():
    para = Block((Run("见"), LinkRun("青岛市政府网站", link="https://www.qingdao.gov.cn/"), Run("。")))
    table = Table(rows=(((Run("区（市）"),), (Run("场次"),)), ((Run("市南区"),), (Run("20"),))),
                  align=(None, "right"), caption="表1　活动场次")
    listing = ListBlock(ordered=True, items=((Block((Run("阵地建设"),)),), (Block((Run("理论宣讲"),)),)))
    quote = Quote(blocks=(Block((Run("讲好青岛故事，传播时代声音。"),)),))
    data = _render((para, table, listing, quote), (Attachment("活动安排表"), Attachment("联系人名单")))
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "表1　活动场次" in texts and "1.\t阵地建设" in texts and "2.\t理论宣讲" in texts
    assert "讲好青岛故事，传播时代声音。" in texts
    assert "附件：1.活动安排表" in texts and "\u3000\u3000\u30002.联系人名单" in texts
    grid = document.tables[1]  # after the 领导批示 box
    assert [[c.text for c in row.cells] for row in grid.rows] == [["区（市）", "场次"], ["市南区", "20"]]
    assert grid.rows[0].cells[0].paragraphs[0].runs[0].bold
    quote_style = [p.style.name for p in document.paragraphs if p.text.startswith("讲好青岛")]
    assert quote_style == ["Quote"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        rels = package.read("word/_rels/document.xml.rels").decode()
    link = body.find(".//w:hyperlink", NS)
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert "".join(t.text for t in link.iter(w("t"))) == "青岛市政府网站"
    assert f'Id="{rid}"' in rels and 'Target="https://www.qingdao.gov.cn/"' in rels and "External" in rels
