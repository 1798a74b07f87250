"""Word boundaries shared by the layouts (formats/words.py), and the text layout keeping words whole."""

from __future__ import annotations

import subprocess
import sys

from bulletin_cli.formats.text.layout import char_width, display_width, wrap_title
from bulletin_cli.formats.words import balanced_lines, break_opportunities, line_breaks, words
from bulletin_cli.formats.words import display_width as em_width


def pieces(text: str) -> list[str]:
    bounds = break_opportunities(text)
    return [text[a:b] for a, b in zip([0, *bounds], [*bounds, len(text)])]


def test_boundaries_fall_between_words():
    assert pieces("市委办公厅") == ["市委", "办公厅"]
    assert "新时代" in pieces("推动新时代文明实践")


def test_a_number_stays_with_its_unit_and_latin_stays_whole():
    assert "2022年度" in pieces("青岛市2022年度总结会")
    assert "1-6月" in pieces("1-6月全市GDP增长3.8%")
    assert all(not piece.startswith(("GD", "DP")) or piece == "GDP" for piece in pieces("全市GDP增长"))


def test_boundaries_are_inside_the_text_and_ordered():
    for text in ["", "会", "会议", "学习贯彻党的二十大精神", "abc def"]:
        bounds = break_opportunities(text)
        assert bounds == sorted(set(bounds)) and all(0 < i < len(text) for i in bounds)


def test_titles_keep_words_whole_in_the_text_layout():
    title = "推动新时代文明实践工作会议暨青岛市文明办总结会"
    for width in range(20, 46, 2):
        lines = wrap_title(title, width)
        assert "".join(lines) == title
        joins = [len("".join(lines[:n])) for n in range(1, len(lines))]
        assert set(joins) <= set(break_opportunities(title)), (width, lines)


def test_interpunct_and_circled_numbers_take_two_columns():
    assert char_width("·") == 2 and char_width("①") == 2 and char_width("⑳") == 2
    assert display_width("红·绿") == 6
    assert char_width("·", cjk=False) == 1


def test_the_segmenter_is_not_imported_by_the_cli_at_start():
    code = "import sys, bulletin_cli.cli, bulletin_cli.formats.text.plugin; print('rjieba' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_colophon_unit_names_are_not_split_in_the_text_layout(tmp_path, cli):
    series = tmp_path / "s"
    series.mkdir()
    names = ["市委办公厅", "市人大常委会办公厅", "市政府办公厅", "市政协办公厅", "市纪委监委机关", "市中级人民法院"]
    listed = ", ".join(f'"{name}"' for name in names)
    (series / "series.toml").write_text(f'name = "简报"\nissuer = "青岛市委办公厅"\n\n[colophon]\nsend_to = [{listed}]\n',
                                        encoding="utf-8")
    (series / "2023-06.toml").write_text(
        'number = 6\ndate = 2023-08-14\n\n[[articles]]\nid = "a"\ntitle = "会议召开"\nbody = "正文。"\n', encoding="utf-8")
    for width in (24, 30, 36):
        run = cli(["export", "--to", "text", "--width", str(width), "-o", "-", str(series / "2023-06.toml")])
        assert run.exit_code == 0, run.stderr
        lines = [line.strip("\u3000 ") for line in run.stdout.splitlines()]
        assert all(name in run.stdout.replace("\n", "").replace("\u3000", "") for name in names)
        for line, following in zip(lines, lines[1:]):
            for name in names:
                split = [cut for cut in range(1, len(name))
                         if line.endswith(name[:cut]) and following.startswith(name[cut:])]
                assert not split, (width, line, following)


def test_line_breaks_fall_between_words_and_respect_punctuation():
    text = "推动新时代文明实践宣讲纵深发展"
    positions = line_breaks(text)
    assert 3 not in positions and 4 not in positions  # 新时代 stays whole
    assert 2 in positions  # 推动 | 新时代
    quoted = "全市“学习强国”工作"
    assert line_breaks(quoted) and set(line_breaks(quoted)) <= set(break_opportunities(quoted))
    for position in line_breaks(quoted):
        assert quoted[position] not in "”，。" and quoted[position - 1] != "“"
    assert "".join(words(quoted)) == quoted and "学习强国" in words(quoted)


def test_balanced_title_lines_keep_words_and_prefer_the_space():
    assert balanced_lines("市北区突出三个导向 推动新时代文明实践宣讲纵深发展", 20) == [
        "市北区突出三个导向", "推动新时代文明实践宣讲纵深发展"]
    title = "全市“学习强国”工作座谈会暨青岛学习平台上线四周年活动举行"
    lines = balanced_lines(title, 20)
    assert "".join(lines) == title and len(lines) == 2
    assert not any(a.endswith("青") and b.startswith("岛") for a, b in zip(lines, lines[1:]))
    assert all(em_width(line) <= 20 for line in lines)
    assert balanced_lines("全市新时代文明实践中心建设工作推进会召开", 20) == ["全市新时代文明实践中心建设工作推进会召开"]


def test_a_word_longer_than_a_line_is_the_only_place_broken_anywhere():
    lines = balanced_lines("x" * 50, 20)
    assert "".join(lines) == "x" * 50 and all(em_width(line) <= 20 for line in lines)


def test_the_segmenter_loads_one_dictionary_and_leaves_rjieba_importable():
    """words.py builds its own segmenter without rjieba's default one (a second dictionary load),
    and a later `import rjieba` in the same process still works."""
    probe = (
        "import sys\n"
        "from bulletin_cli.formats.words import words\n"
        "print('/'.join(words('市政协党组书记')))\n"
        "print(hasattr(sys.modules.get('rjieba'), '_DEFAULT_JIEBA'))\n"
        "import rjieba\n"
        "print('/'.join(rjieba.cut('市政协党组书记')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["市政协/党组书记", "False", "市政协/党组书记"]


def test_distribution_names_are_pieces_a_line_breaks_between():
    from bulletin_cli.formats.words import fill_lines, name_pieces

    names = ["省委宣传部", "市委常委", "市委市直机关工委、市委教育工委、市政府国资委宣传部", "市委讲师团"]
    pieces = name_pieces(names, "，")
    assert pieces == ["省委宣传部，", "市委常委，", "市委市直机关工委、", "市委教育工委、", "市政府国资委宣传部，", "市委讲师团"]
    assert "".join(pieces) == "，".join(names)  # nothing added or lost
    lines = fill_lines(pieces, 12, 16)
    assert lines == ["省委宣传部，市委常委，", "市委市直机关工委、市委教育工委、", "市政府国资委宣传部，市委讲师团"]
    assert "".join(lines) == "".join(pieces)
    assert fill_lines(["一个比这一行还要宽的单位名称，"], 5, 5) == ["一个比这一行还要宽的单位名称，"]
