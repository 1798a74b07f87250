"""The rich body subset: structure, positions of problems, and what CommonMark would do."""

from __future__ import annotations

import json

import pytest
from rich_helpers import RICH_BODY, png_bytes, write_rich_series

from helpers import article, issue, write_series

from bulletin_cli.model.issue import Block, Figure, ListBlock, Quote, Run, Table, walk_blocks
from bulletin_cli.formats.markup import needs_full_parser, parse_body, parse_text
from bulletin_cli.files.media import image_size, sniff


def test_every_construct_becomes_its_block():
    body = parse_body(RICH_BODY)
    kinds = [block.kind for block in body.blocks]
    assert kinds == ["paragraph", "table", "figure", "paragraph", "list", "quote", "paragraph"]
    table = body.blocks[1]
    assert table.caption == "表1 重点任务进展情况"
    assert table.align == ("center", None, None, "right") and table.header_rows == 1
    assert table.rows[2][1] == (Run("背街小巷", strong=True), Run("整治"))
    assert body.blocks[2] == Figure("images/site.png", "图为督查组在现场检查施工进度")
    outer = body.blocks[4]
    assert not outer.ordered and len(outer.items) == 2
    inner = outer.items[1][1]
    assert isinstance(inner, ListBlock) and inner.ordered and inner.items[1][0].text == "配套资金未到位。"
    last = body.blocks[6].runs
    assert Run("市政府网站", link="https://www.example.gov.cn/dc?id=1&x=中") in last
    assert Run("duban@example.gov.cn", link="mailto:duban@example.gov.cn") in last
    assert Run("OA-2", code=True) in last and Run("1", note=1) in last
    assert [n.number for n in body.notes] == [1] and body.notes[0].text == "自通报印发之日起计算。"
    assert body.problems == []


def test_old_bodies_keep_their_meaning():
    # bold lead-ins before Chinese text (CommonMark would not close them), escapes, comments, joining
    assert parse_text("**坚持“红色”引领。**优化阵地。") == (Block((Run("坚持“红色”引领。", True), Run("优化阵地。"))),)
    assert not needs_full_parser("**坚持。**优化\n\n# 一、总体\n\n5 \\* 3 <!-- 注 --> 中文\n断行")
    rich = parse_text("- 项目\n\n第一行\n第二行 <!-- 注 -->text \\* \\\\ a")
    assert rich[1] == Block((Run("第一行第二行 text * \\ a"),))


def test_a_list_item_is_not_joined_into_the_paragraph():
    blocks = parse_text("督查发现：\n- 进度慢\n- 资金少")
    assert [b.kind for b in blocks] == ["paragraph", "list"]


@pytest.mark.parametrize("source, code, needle", [
    ("见[这里](javascript:alert(1))。", "M703", "[这里]"),
    ("见<file:///etc/passwd>。", "M703", "<file:"),
    ("正文<div>块</div>", "M701", "<div>"),
    ("开始<!-- 注释\n\n跨段 -->结束", "M701", "<!--"),
    ("见[文件][1]\n\n[1]: https://a.cn", "M702", "[文件]"),
    ("引用[^9]。", "M705", "[^9]"),
    ("正文。\n\n[^2]: 没人引用", "M705", "[^2]:"),
    ("| a | b |\n| - | - |\n| 1 | 2 | 3 |", "M706", "| 1 |"),
    ("文字![图](images/a.png)文字", "M704", "(images/a.png)"),
])
def test_problems_point_at_what_is_wrong(source, code, needle):
    problems = [p for p in parse_body(source).problems if p.code == code]
    assert problems, parse_body(source).problems
    assert source.startswith(needle, problems[0].index) or source.find(needle) // 1 == problems[0].index or \
        source[problems[0].index:].startswith(needle.lstrip("(")) or needle in source[problems[0].index - 2:]


def test_unsafe_link_text_is_kept_but_not_linked():
    runs = parse_text("见[这里](javascript:alert(1))。")[0].runs
    assert all(run.link is None for run in runs) and "".join(r.text for r in runs) == "见这里。"


def test_raw_html_is_text_never_markup():
    assert parse_text("a <script>x</script> b")[0].text == "a <script>x</script> b"


def test_subset_matches_commonmark_structure():
    """The block structure markdown-it's CommonMark renderer gives for the same source."""
    from markdown_it import MarkdownIt

    source = "- a\n  - b\n- c\n\n> q\n>\n> r\n\n3. x\n4. y\n\n| h | i |\n|---|:-:|\n| 1 | 2 |"
    html = MarkdownIt("commonmark").enable("table").render(source)
    blocks = parse_text(source)
    assert html.count("<ul>") == sum(isinstance(b, ListBlock) and not b.ordered for b in walk_blocks(blocks))
    assert '<ol start="3">' in html and any(isinstance(b, ListBlock) and b.start == 3 for b in blocks)
    assert html.count("<p>") == sum(isinstance(b, Block) for b in blocks[1].blocks)
    assert isinstance(blocks[1], Quote) and isinstance(blocks[3], Table)
    assert 'style="text-align:center"' in html and blocks[3].align == (None, "center")


def test_image_type_and_size_come_from_the_content():
    data = png_bytes(40, 30)
    assert sniff(data) == "image/png" and image_size("image/png", data) == (40, 30)
    assert sniff(b"GIF89a\x05\x00\x07\x00") == "image/gif"
    assert sniff(b"<?xml version='1.0'?><svg width='12' height='8'/>") == "image/svg+xml"
    assert sniff(b"%PDF-1.7") == ""


def _validate(cli, folder):
    result = cli(["validate", str(folder), "--format", "json"])
    return result, json.loads(result.stdout)


def test_rich_series_validates_clean_and_loads_files(cli, tmp_path):
    from bulletin_cli import api

    folder = write_rich_series(tmp_path / "s")
    result, report = _validate(cli, folder)
    assert result.exit_code == 0, result.stdout
    issue_ = api.load(folder / "2024-03.toml")
    figure = next(b for b in walk_blocks(issue_.articles[0].body) if isinstance(b, Figure))
    assert (figure.media_type, figure.width, figure.height) == ("image/png", 40, 30)
    assert figure.path == folder / "images" / "site.png"
    assert issue_.articles[0].attachments[0].path == folder / "fujian" / "qingdan.csv"


def test_missing_and_fake_images_and_attachments_are_reported_where_written(cli, tmp_path):
    body = "![图一](images/none.png)\n\n![图二](images/fake.png)\n\n![图三](../out.png)"
    text = issue(articles=article(body=body) + 'attachments = [{ title = "清单", file = "fujian/none.xlsx" }]\n')
    folder = write_series(tmp_path / "s", {"2024-01.toml": text})
    (folder / "images").mkdir()
    (folder / "images" / "fake.png").write_bytes(b"%PDF-1.7 not a picture")
    result, report = _validate(cli, folder)
    assert result.exit_code == 1
    found = {(d["code"], d["line"], d["column"]) for d in report["diagnostics"]}
    lines = text.splitlines()
    line_of = lambda s: next(i + 1 for i, line in enumerate(lines) if s in line)  # noqa: E731
    assert ("R303", line_of("none.png"), lines[line_of("none.png") - 1].index("images/none") + 1) in found
    assert ("M711", line_of("fake.png"), lines[line_of("fake.png") - 1].index("images/fake") + 1) in found
    assert any(code == "R304" and line == line_of("out.png") for code, line, _ in found)
    assert any(code == "R303" and line == line_of("none.xlsx") for code, line, _ in found)
