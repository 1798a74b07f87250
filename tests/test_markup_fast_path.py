"""The fast path (plain blocks read without markdown-it, rich runs parsed alone) gives exactly what
parsing the whole body with markdown-it gives: the same blocks, footnotes and problems."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich_helpers import RICH_BODY

from bulletin_cli.formats.markup import body_pieces, needs_full_parser, parse_body

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def fast(source: str):
    return parse_body.__wrapped__(source)


def full(source: str):
    return parse_body.__wrapped__(source, fast=False)


def same(source: str) -> None:
    a, b = fast(source), full(source)
    assert a.blocks == b.blocks, source
    assert a.notes == b.notes, source
    assert a.problems == b.problems, source


WORDS = st.sampled_from([
    "督查发现", "进度慢，", "资金少。", "Work goes on", "text", "**坚持“红色”引领。**", "**粗体**", "*斜体*",
    "`OA-2`", "[网站](https://www.example.gov.cn/a?b=1)", "[坏](javascript:x)", "https://a.cn/x",
    "duban@example.gov.cn", "[^1]", "[^2]", "<!-- 注 -->", "<!-- 未闭合", "-->", "<b>", "\\*", "\\_",
    "![图为现场](images/a.png)", "**未闭合", "5 * 3", "表1 任务", "|", "1.", "中文", " ", "　",
])
LINE_STARTS = st.sampled_from([
    "", "", "", "", "- ", "* ", "+ ", "1. ", "2) ", "> ", ">", "# ", "## ", "#### ", "##### ", "#", "#　",
    "  ", "    ", "  - ", "   1. ", "[^1]: ", "[^2]: ", "　　", "| ", "表1 ", "Table 2 ", "\t",
])


@st.composite
def lines(draw):
    words = draw(st.lists(WORDS, min_size=0, max_size=5))
    return draw(LINE_STARTS) + "".join(words)


TABLE = "| 序号 | 任务 |\n| :-: | --: |\n| 1 | **改造** |\n| 2 | 整治 | 多 |"


@st.composite
def bodies(draw):
    blocks = draw(st.lists(st.one_of(
        st.lists(lines(), min_size=1, max_size=4).map("\n".join),
        st.just(TABLE), st.just("表1 进展\n\n" + TABLE), st.just("# 一、总体 #"),
    ), min_size=1, max_size=7))
    separators = draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n  \n", "\n　\n", "\r\n\r\n", "\n"]),
                               min_size=len(blocks), max_size=len(blocks)))
    return "".join(block + sep for block, sep in zip(blocks, separators)).rstrip("\n")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_the_fast_path_reads_every_body_as_the_full_parser(source):
    same(source)


def test_the_examples_and_the_rich_body_read_the_same():
    texts = [RICH_BODY]

    def collect(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
    for path in sorted(EXAMPLES.glob("*/*.toml")):
        collect(tomllib.loads(path.read_text(encoding="utf-8")))
    assert len(texts) > 50
    for text in texts:
        same(text)


def test_only_the_rich_runs_go_to_markdown_it():
    source = "第一段。\n\n- 一项\n- 两项\n\n  续写\n\n第二段。\n\n# 一、总体\n\n> 引文"
    pieces = body_pieces(source)
    runs = [piece for piece in pieces if isinstance(piece[0], int)]
    assert [source[start:end] for start, end, _ in runs] == ["- 一项\n- 两项\n\n  续写", "> 引文"]
    assert [line for _, _, line in runs] == [2, 11]
    assert [len(piece) for piece in pieces if not isinstance(piece[0], int)] == [1, 2]
    same(source)


def test_a_problem_after_plain_blocks_keeps_its_place():
    source = "第一段。\n\n第二段。\n\n| a | b |\n| - | - |\n| 1 | 2 | 3 |"
    problem = fast(source).problems[0]
    assert problem.code == "M706" and source[problem.index:].startswith("| 1 |")
    same(source)


def test_plain_bodies_never_need_the_parser():
    assert not needs_full_parser("第一段。\n\n## （一）总体要求\n\n**坚持。**优化")
    assert body_pieces("第一段。\n\n第二段。") is None
    # a heading followed by a line is a heading and a paragraph, as CommonMark reads it
    assert needs_full_parser("# 一、总体\n正文")
    assert [b.kind for b in parse_body("# 一、总体\n正文").blocks] == ["heading", "paragraph"]


def test_a_body_of_comments_only_has_no_blocks_on_either_path():
    for source in ("<!-- 注 -->", "<!-- 注 -->\n\n- 一项", "正文。\n\n<!-- 注 -->\n\n> 引文"):
        same(source)
