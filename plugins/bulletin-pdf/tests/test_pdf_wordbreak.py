"""Word boundaries for titles and contents entries (no engine needed)."""

from __future__ import annotations

from bulletin_pdf.wordbreak import balanced_lines, break_opportunities, display_width


def test_breaks_fall_between_words_and_respect_punctuation():
    text = "推动新时代文明实践宣讲纵深发展"
    positions = break_opportunities(text)
    assert 3 not in positions and 4 not in positions  # 新时代 stays whole
    assert 2 in positions  # 推动 | 新时代
    quoted = "全市“学习强国”工作"
    for position in break_opportunities(quoted):
        assert quoted[position] not in "”，。" and quoted[position - 1] != "“"
    assert all(0 < p < len(text) for p in positions)


def test_balanced_title_lines_keep_words_and_prefer_the_space():
    assert balanced_lines("市北区突出三个导向 推动新时代文明实践宣讲纵深发展", 20) == [
        "市北区突出三个导向", "推动新时代文明实践宣讲纵深发展"]
    lines = balanced_lines("全市“学习强国”工作座谈会暨青岛学习平台上线四周年活动举行", 20)
    assert "".join(lines) == "全市“学习强国”工作座谈会暨青岛学习平台上线四周年活动举行"
    assert not any(a.endswith("青") and b.startswith("岛") for a, b in zip(lines, lines[1:]))
    assert all(display_width(line) <= 20 for line in lines)
    assert balanced_lines("全市新时代文明实践中心建设工作推进会召开", 20) == ["全市新时代文明实践中心建设工作推进会召开"]


def test_a_word_longer_than_a_line_is_the_only_place_broken_anywhere():
    lines = balanced_lines("x" * 50, 20)
    assert "".join(lines) == "x" * 50 and all(display_width(line) <= 20 for line in lines)
