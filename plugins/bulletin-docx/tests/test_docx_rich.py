"""Rich blocks, written by kind. The core's rich model (branch ``rich``) is not merged yet, so the
blocks here are stand-ins with the same fields (Table.rows/align/caption/header_rows,
ListBlock.ordered/items/start, Quote.blocks, Run.link/emphasis, Article.attachments)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from typing import ClassVar

import docx
from docx_helpers import NS, SEED, export, parts, pdfplumber, to_pdf, w
from lxml import etree

from bulletin_cli import ExportOptions
from bulletin_cli.api import load
from bulletin_cli.model.issue import Block, Figure, Run
from bulletin_cli.testing import EXAMPLES
from bulletin_docx.layout import TYPE_WIDTH


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


DUCHA = EXAMPLES / "ducha-tongbao" / "2024-06.toml"  # its one figure: images/xianchang.png, 480 x 300
PHOTO = EXAMPLES / "ducha-tongbao" / "images" / "xianchang.png"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
TYPE_WIDTH_EMU = TYPE_WIDTH * 635  # twips to EMU


def _extents(body) -> list[tuple[int, int]]:
    return [(int(e.get("cx")), int(e.get("cy"))) for e in body.iter(f"{{{WP}}}extent")]


def test_a_figure_is_an_inline_picture_at_its_aspect_ratio_then_its_caption(tmp_path):
    out = export(DUCHA, tmp_path / "ducha.docx")
    package = parts(out)
    media = [name for name in package if name.startswith("word/media/")]
    assert media == ["word/media/image1.png"] and package[media[0]] == PHOTO.read_bytes()
    rels = package["word/_rels/document.xml.rels"].decode()
    assert 'Target="media/image1.png"' in rels and "relationships/image" in rels
    assert 'Extension="png" ContentType="image/png"' in package["[Content_Types].xml"].decode()
    body = etree.fromstring(package["word/document.xml"])
    [(cx, cy)] = _extents(body)
    assert 0 < cx <= TYPE_WIDTH_EMU and abs(cx / cy - 480 / 300) < 1e-4
    assert (cx, cy) == (480 * 9525, 300 * 9525)  # 480 px at 96 dpi is narrower than the type width
    document = docx.Document(str(out))
    assert len(document.inline_shapes) == 1
    texts = [p.text for p in document.paragraphs]
    caption = "图为督查组在城关镇老旧小区改造现场检查施工进度"
    assert caption in texts and not any("〔图" in t for t in texts)
    picture = next(p for p in document.paragraphs if p._p.find(f".//{{{WP}}}inline") is not None)
    assert picture.paragraph_format.alignment == 1  # centred
    assert texts[texts.index(caption) - 1] == picture.text  # the caption right under the picture


def _figures(*figures):
    return _render(figures)


def test_a_wide_figure_shrinks_to_the_type_width_and_one_image_is_stored_once(tmp_path):
    wide = Figure(src="a.png", caption="宽图", path=PHOTO, media_type="image/png", width=4800, height=3000)
    again = Figure(src="a.png", caption="再次", path=PHOTO, media_type="image/png")  # size read from the file
    data = _figures(wide, again)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert [n for n in package.namelist() if n.startswith("word/media/")] == ["word/media/image1.png"]
        body = etree.fromstring(package.read("word/document.xml"))
    (cx, cy), second = _extents(body)
    assert cx == TYPE_WIDTH_EMU and abs(cx / cy - 1.6) < 1e-4 and second == (480 * 9525, 300 * 9525)
    ids = [e.get("id") for e in body.iter(f"{{{WP}}}docPr")]
    assert len(ids) == len(set(ids)) == 2
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 2


def test_a_missing_file_or_an_svg_keeps_the_bracketed_caption(tmp_path):
    svg = tmp_path / "chart.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    data = _figures(Figure(src="gone.png", caption="缺图", path=None, media_type="image/png"),
                    Figure(src="chart.svg", caption="矢量图", path=svg, media_type="image/svg+xml"))
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "〔图：缺图〕" in texts and "〔图：矢量图〕" in texts and len(document.inline_shapes) == 0
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [n for n in package.namelist() if n.startswith("word/media/")]


def test_a_compilation_embeds_each_issues_figures(tmp_path):
    out = export([DUCHA, SEED], tmp_path / "all.docx")
    assert len(docx.Document(str(out)).inline_shapes) == 1
    assert "word/media/image1.png" in parts(out)


def test_libreoffice_prints_the_picture(tmp_path):
    plumber = pdfplumber()
    pdf = to_pdf(export(DUCHA, tmp_path / "ducha.docx"))
    with plumber.open(pdf) as document:
        images = [image for page in document.pages for image in page.images]
    assert len(images) == 1
    width_pt = images[0]["x1"] - images[0]["x0"]
    height_pt = images[0]["bottom"] - images[0]["top"]
    assert abs(width_pt - 480 * 0.75) < 2 and abs(height_pt - 300 * 0.75) < 2  # 96 dpi: whole, not cropped
