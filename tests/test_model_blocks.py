"""The block and inline types exporters read (docs/plugins.md)."""

from bulletin_cli.model.issue import (
    Block, Figure, ListBlock, Note, Quote, Run, Table, plain_text, walk_blocks,
)


def test_run_keeps_its_two_argument_form():
    assert Run("要点", True) == Run("要点", strong=True)
    assert Run("a").link is None and Run("a").note is None


def test_block_text_leaves_out_footnote_references():
    block = Block((Run("增长"), Run("1", note=1), Run("。")))
    assert block.text == "增长。"


def test_each_block_kind_has_plain_text():
    table = Table(((( Run("指标"),), (Run("数值"),)), ((Run("产值"),), (Run("12", strong=True),))),
                  ("left", "right"), caption="表1 主要指标")
    figure = Figure("images/a.png", "图为现场")
    nested = ListBlock(False, ((Block((Run("一"),)), ListBlock(True, ((Block((Run("二"),)),),))),))
    quote = Quote((Block((Run("引文"),)),))
    assert [b.kind for b in (table, figure, nested, quote)] == ["table", "figure", "list", "quote"]
    assert table.text == "表1 主要指标\n指标\t数值\n产值\t12"
    assert figure.text == "图为现场"
    assert nested.text == "一\n\n二"
    assert plain_text((quote, figure)) == "引文\n\n图为现场"


def test_walk_blocks_reaches_nested_blocks():
    inner = Block((Run("深"),))
    outer = ListBlock(False, ((Quote((inner,)),),))
    assert inner in list(walk_blocks((outer,)))
    assert Note(1, (inner,)).text == "深"
