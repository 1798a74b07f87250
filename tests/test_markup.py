"""The body markup: paragraphs, joined lines, bold, in-body headings, escapes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bulletin_cli.model.issue import Block, Run
from bulletin_cli.formats.markup import parse_inline, parse_text, split_paragraphs, unparse_text


def test_paragraphs_and_line_joining():
    body = "\n  第一段第一行，\n　　接着写。\n\nFirst line\nsecond line.\n\n\n混排 text\n中文\n"
    assert split_paragraphs(body) == ["第一段第一行，接着写。", "First line second line.", "混排 text中文"]


def test_bold_and_escapes():
    assert parse_inline("**坚持“红色”引领。**优化阵地建设。") == (Run("坚持“红色”引领。", True), Run("优化阵地建设。"))
    assert parse_inline(r"5 \* 3 = 15 \\ ok") == (Run(r"5 * 3 = 15 \ ok"),)


def test_headings():
    blocks = parse_text("# 一、总体情况\n\n## （一）主要做法\n\n正文。\n\n#不是标题")
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "一、总体情况"), ("heading", 2, "（一）主要做法"), ("paragraph", 0, "正文。"),
        ("paragraph", 0, "#不是标题")]


text = st.text(alphabet=st.sampled_from(list("中文，。“”ab *\\#")), min_size=1, max_size=20).map(str.strip).filter(
    lambda s: s and not s.startswith("#"))
run = st.builds(Run, text, st.booleans())


@given(st.lists(st.builds(lambda runs, h: (runs, h), st.lists(run, min_size=1, max_size=3),
                          st.integers(0, 4)), min_size=1, max_size=4))
def test_unparse_then_parse_gives_the_same_blocks(spec):
    blocks = []
    for runs, level in spec:
        merged: list[Run] = []
        for r in runs:  # adjacent runs of the same weight are one run after parsing
            if merged and merged[-1].strong == r.strong:
                merged[-1] = Run(merged[-1].text + r.text, r.strong)
            else:
                merged.append(r)
        blocks.append(Block(tuple(merged), "heading" if level else "paragraph", level))
    source = unparse_text(tuple(blocks))
    reparsed = parse_text(source)
    normalise = lambda bs: [(b.kind, b.level, b.text.strip()) for b in bs]  # noqa: E731
    assert normalise(reparsed) == normalise(blocks)
