"""The line-breaking module on its own: widths, kinsoku rules, no text lost (with hypothesis).

The rule lists and the width measure below are written out independently of the module
(from GB/T 15834, W3C clreq and Word's zh-CN kinsoku defaults, see docs/cli/text-layout.md),
so a mistake in the module's tables shows up here.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.formats.text.layout import (
    break_allowed, centre, display_width, indent_like, right, split_segments, spread, wrap,
    wrap_balanced, wrap_title,
)

# Word's zh-CN "cannot start a line" / "cannot end a line" lists (reference §3.2), which include
# clreq's basic level (点号, closing quotes and brackets, 间隔号).
CANNOT_START = set(
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
)
CANNOT_END = set("$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥")
CJK_WIDE_MARKS = set("“”‘’—…")


def columns(text: str, cjk: bool = True) -> int:
    """Display width by Unicode East Asian Width, the marks above wide in Chinese text."""
    total = 0
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF" or (cjk and char in CJK_WIDE_MARKS)
        total += 2 if wide else 1
    return total


def narrow_word_char(char: str, cjk: bool = True) -> bool:
    return char != " " and columns(char, cjk) == 1


def break_is_legal(text: str, i: int, cjk: bool = True) -> bool:
    """The rules of reference §3, restated: may a line break fall before text[i]?"""
    before = text[:i].rstrip(" ")
    after = text[i:]
    if not before or not after or after[0] == " ":
        return False
    if after[0] in CANNOT_START or before[-1] in CANNOT_END:
        return False
    if text[i - 1] != " ":
        if text[i - 1] == after[0] and after[0] in "—…":
            return False  # —— and …… stay whole
        if narrow_word_char(text[i - 1], cjk) and narrow_word_char(after[0], cjk):
            return False  # inside a Latin word or a number
    return True


# Random paragraphs mixing Chinese, English words, numbers, spaces and every kind of mark.
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
MARKS = "，。、；：？！）》”’〕」…—（《“‘〔「·％"
LATIN = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789"
pieces = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=12),
    st.sampled_from(["——", "……", "“", "”", "（", "）", "《", "》", "，", "。", "、", "〔", "〕", "·"]),
    st.text(alphabet=MARKS, min_size=1, max_size=3),
    st.text(alphabet=LATIN, min_size=1, max_size=14),
    st.just(" "),
    st.just("  "),
)
paragraphs = st.lists(pieces, min_size=1, max_size=40).map("".join).map(lambda t: t.strip(" ") or "字")
widths = st.integers(min_value=6, max_value=80)


def check_segments(text: str, segments: list[str], width: int, cjk: bool = True) -> None:
    assert "".join(segments) == text  # no text lost, nothing added
    for number, segment in enumerate(segments):
        visible = segment.rstrip(" ")
        assert visible, "no line is empty"
        if columns(visible, cjk) > width:
            # The one allowed overflow: a unit with no legal break inside it.
            assert not any(break_is_legal(segment, i, cjk) for i in range(1, len(segment))), segment
        if number > 0:
            assert segment[0] not in CANNOT_START, (segments[number - 1], segment)
            assert segment[0] != " "
        if number < len(segments) - 1:
            following = segments[number + 1]
            assert visible[-1] not in CANNOT_END, (segment, following)
            assert not (segment[-1] == following[0] and following[0] in "—…"), "—— or …… split"
            if segment[-1] != " ":
                assert not (narrow_word_char(segment[-1], cjk) and narrow_word_char(following[0], cjk)), (
                    "Latin word or number split", segment, following)


@settings(max_examples=400, deadline=None)
@given(paragraphs, widths)
def test_random_paragraphs_wrap_within_the_rules(text, width):
    check_segments(text, split_segments(text, width), width)


@settings(max_examples=200, deadline=None)
@given(paragraphs, widths)
def test_random_paragraphs_in_english_context(text, width):
    check_segments(text, split_segments(text, width, cjk=False), width, cjk=False)


@settings(max_examples=300, deadline=None)
@given(paragraphs, st.integers(min_value=12, max_value=80))
def test_wrapped_lines_with_indent_fit_and_rejoin(text, width):
    lines = wrap(text, width, initial="\u3000\u3000", subsequent="")
    assert lines[0].startswith("\u3000\u3000")
    for line in lines:
        assert line == line.rstrip(" "), "no trailing spaces"
    body = [lines[0][2:], *lines[1:]]
    # Rejoined, only the spaces at the breaks are missing.
    assert "".join(body).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        if columns(line) > width:
            content = line.lstrip("\u3000")
            assert not any(break_is_legal(content, i) for i in range(1, len(content))), line


@settings(max_examples=200, deadline=None)
@given(paragraphs, st.integers(min_value=10, max_value=80))
def test_titles_are_balanced_and_lose_nothing(text, width):
    greedy = wrap(text, width)
    # a title keeps its words whole (GB/T 9704), which may take one line more than greedy wrapping
    for lines, spare in ((wrap_balanced(text, width), 0), (wrap_title(text, width), 1)):
        assert len(lines) <= len(greedy) + spare
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert line[:1] not in CANNOT_START or line is lines[0]


def test_width_counts_chinese_as_two_columns():
    assert display_width("中文") == 4
    assert display_width("ab") == 2
    assert display_width("，。（）") == 8
    # Ambiguous-width marks: full width in Chinese text, as Chinese fonts draw them.
    assert display_width("“——”") == 8
    assert display_width("“——”", cjk=False) == 4
    assert display_width("\u3000") == 2


def test_a_line_never_starts_with_a_closing_mark_push_out():
    # 12 columns hold six characters; the comma would start line 2, so 的 moves down with it.
    text = "一二三四五的，七八九十"
    assert split_segments(text, 12) == ["一二三四五", "的，七八九十"]


def test_a_line_never_ends_with_an_opening_mark():
    text = "一二三四五《六七》八"
    assert split_segments(text, 12) == ["一二三四五", "《六七》八"]


def test_dash_and_ellipsis_are_never_split():
    # 一二三四五— would fill 12 columns exactly; the dash moves down whole instead.
    assert split_segments("一二三四五——六七", 12) == ["一二三四五", "——六七"]
    # …… may not start a line either (Word's list), so 五 comes down with it.
    assert split_segments("一二三四五……六七", 12) == ["一二三四", "五……六七"]


def test_english_breaks_at_spaces_and_drops_them():
    lines = wrap("the quick brown fox jumps", 10, cjk=False)
    assert lines == ["the quick", "brown fox", "jumps"]


def test_numbers_and_latin_words_inside_chinese_stay_whole():
    assert split_segments("共有2022个APP", 7) == ["共有", "2022个", "APP"]
    assert split_segments("共有2022个APP", 10) == ["共有2022个", "APP"]
    assert split_segments("服务群众28.5万人", 11) == ["服务群众", "28.5万人"]


def test_an_unbreakable_unit_overflows_on_a_line_of_its_own():
    text = "见 https://example.org/a/very/long/path 网站"
    lines = wrap(text, 16)
    assert lines == ["见", "https://example.org/a/very/long/path", "网站"]


def test_width_zero_does_not_wrap():
    text = "一二三四五六七八九十" * 10
    assert wrap(text, 0, initial="\u3000\u3000") == ["\u3000\u3000" + text]


def test_break_allowed_marks_legal_positions():
    allowed = break_allowed("中文，ab cd")
    # 中|文 yes; 文|， no (comma); ，|a yes; a|b no (word); b| no (before space); after space
    # yes; c|d no; the end always.
    assert allowed == [False, True, False, True, False, False, True, False, True]


def test_title_breaks_at_the_phrase_space():
    title = "市北区突出三个导向 推动新时代文明实践宣讲纵深发展"
    assert wrap_title(title, 40) == ["市北区突出三个导向", "推动新时代文明实践宣讲纵深发展"]


def test_title_keeps_quoted_terms_whole_and_balances():
    title = "莱西市委宣传部围绕四个“聚焦”建设“四型”机关"
    lines = wrap_title(title, 40)
    assert len(lines) == 2
    assert all("“" not in line or "”" in line for line in lines)
    assert abs(columns(lines[0]) - columns(lines[1])) <= 8


def test_alignment_helpers_pad_without_trailing_spaces():
    assert centre("目录", 12) == "\u3000\u3000目录"
    assert centre("ab", 7, cjk=False) == "  ab"
    assert right("（来源）", 12) == "\u3000\u3000（来源）"
    assert spread("左边", "右边", 12) == ["左边\u3000\u3000右边"]
    assert spread("很长的左边文字", "右边", 12) == ["很长的左边文", "字", "\u3000\u3000\u3000\u3000右边"]
    assert indent_like("报：") == "\u3000\u3000"
    assert indent_like("To: ", cjk=False) == "    "


@pytest.mark.parametrize("width", [1, 2, 3])
def test_tiny_widths_still_terminate_and_keep_text(width):
    text = "一，二。三ab cd（四）"
    assert "".join(split_segments(text, width)) == text


def test_hanging_indent_gives_way_to_a_long_word():
    # "Communications" (14) after an 8-column hang would reach 22 > 20: it goes flush left.
    lines = wrap("Office of Communications", 20, initial="Office: ", subsequent=" " * 8, cjk=False)
    assert lines == ["Office: Office of", "Communications"]
    lines = wrap("Office of Comms", 14, initial="Office: ", subsequent=" " * 8, cjk=False)
    assert lines == ["Office: Office", "        of", "        Comms"]
