"""units.py: where a Chinese line may break, as the template's line fitting is told (no Typst needed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bulletin_cli.formats.words import NO_LINE_END, NO_LINE_START
from bulletin_pdf.units import units


def texts(runs):
    return ["".join(piece[0] for piece in unit) for unit in units(runs)]


def plain(text, strong=False):
    return [{"text": text, "strong": strong}]


def test_a_mark_stays_with_its_neighbour_and_a_run_of_characters_is_one_unit():
    assert texts(plain("会议指出，经过“四年”的推进。")) == ["会议指", "出，", "经过", "“四", "年”", "的推", "进。"]
    kinds = [[piece[1] for piece in unit] for unit in units(plain("会议指出，经过"))]
    assert kinds == [["W"], ["w", "c"], ["W"]]


def test_numbers_latin_words_and_dashes_stay_whole():
    assert texts(plain("举办100余场——Hello world，电话85911016。")) == \
        ["举办", "100", "余", "场——", "Hello ", "world，", "电话", "85911016。"]


def test_a_unit_too_wide_for_a_line_breaks_but_keeps_marks_with_their_neighbours():
    word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    cut = texts(plain("（" + word + "。”好"))
    assert "".join(cut) == "（" + word + "。”好"
    assert cut[0] == "（A" and cut[-2] == "Z。”" and len(cut) > 20
    assert texts(plain("internationalization”。")) == ["internationalization”。"]  # fits a line: whole


def test_bold_runs_keep_their_weight_piece_by_piece():
    pieces = [piece for unit in units([*plain("编者按：", True), *plain("本期刊发")]) for piece in unit]
    assert [(p[0], p[2]) for p in pieces] == [("编者", True), ("按", True), ("：", True), ("本期刊发", False)]


@given(st.lists(st.sampled_from(["新时代", "文明", "，", "。", "“", "”", "（", "）", "2023", "ABC", " ", "——", "……"]),
                max_size=60).map("".join))
def test_units_give_the_text_back_and_never_break_where_a_mark_forbids(text):
    cut = texts(plain(text))
    assert "".join(cut) == text
    for before, after in zip(cut, cut[1:]):
        assert after[0] not in NO_LINE_START or len(before) >= 4 or before[-1] == " "  # after a space: may break
        assert before[-1] not in NO_LINE_END or len(after) >= 4


def test_a_footnote_mark_stays_with_the_character_before_it_and_the_mark_after_it():
    runs = [*plain("进度滞后1项"), {"text": "①", "strong": False, "note": True}, *plain("。现将")]
    assert texts(runs) == ["进度滞后", "1", "项①。", "现将"]
    note = next(piece for unit in units(runs) for piece in unit if piece[0] == "①")
    assert note[1:] == ["n", False, 0]  # raised and measured by the template, not a cell of the grid
