"""bulletin-docx through the real `bulletin export --to docx`: the XML Word and WPS read."""

from __future__ import annotations

import json
import re

import docx
import pytest
from docx_helpers import NEWSLETTER, NS, SEED, bulletin, export, part, parts, w

from bulletin_cli.api import load
from bulletin_cli.testing import check_exporter


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory):
    return export(SEED, tmp_path_factory.mktemp("seed") / "seed.docx")


def test_passes_the_exporter_checks_for_plugin_authors():
    outputs = check_exporter("docx")  # reproducible bytes, the compilation too
    assert set(outputs) == {SEED, NEWSLETTER, SEED.parent.parent / "ducha-tongbao" / "2024-06.toml"}
    assert all(data[:2] == b"PK" for data in outputs.values())


def test_is_listed_as_a_third_party_format():
    formats = json.loads(bulletin("formats", "--json").stdout)["formats"]
    entry = [f for f in formats if f["name"] == "docx"][0]
    assert {"extension": ".docx", "plugin": "docx", "package": "bulletin-docx"}.items() <= entry.items()


def test_page_is_a4_with_the_gbt9704_margins_and_grid(seed_docx):
    sectPr = part(seed_docx, "word/document.xml").find("w:body/w:sectPr", NS)
    size, margins = sectPr.find("w:pgSz", NS), sectPr.find("w:pgMar", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # 210 x 297 mm
    page = {k: int(margins.get(w(k))) for k in ("top", "left", "right", "bottom")}
    assert page == {"top": 2098, "left": 1587, "right": 1475, "bottom": 1984}  # 37, 28, 26, 35 mm
    assert 11906 - page["left"] - page["right"] == 8844  # 156 mm
    assert 16838 - page["top"] - page["bottom"] == 12756  # 225 mm
    grid = sectPr.find("w:docGrid", NS)
    assert grid.get(w("type")) == "linesAndChars" and grid.get(w("linePitch")) == "579"
    pitch = 16 + int(grid.get(w("charSpace"))) / 4096  # points per character
    assert int(grid.get(w("charSpace"))) == -848 and 28 * pitch == pytest.approx(8844 / 20, abs=0.01)
    assert 22 * 579 <= 12756 < 23 * 579


def _style_fonts(docx_path) -> dict[str, dict[str, str]]:
    styles = part(docx_path, "word/styles.xml")
    out = {}
    for style in styles.findall("w:style", NS):
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None:
            out[style.get(w("styleId"))] = {k.split("}")[1]: v for k, v in fonts.attrib.items()}
    return out


def test_east_asian_fonts_by_name_and_latin_in_times(seed_docx):
    fonts = _style_fonts(seed_docx)
    expected = {"Normal": "仿宋", "ArticleTitle": "方正小标宋简体", "BulletinName": "方正小标宋简体",
                "BodyHeading1": "黑体", "BodyHeading2": "楷体", "BodyHeading3": "仿宋", "ColumnHeading": "黑体",
                "ContentsColumn": "黑体", "Subtitle": "楷体", "PageNumber": "宋体"}
    for style, face in expected.items():
        assert fonts[style]["eastAsia"] == face, style
    for style in set(expected) - {"PageNumber"}:
        assert fonts[style]["ascii"] == fonts[style]["hAnsi"] == "Times New Roman", style
        assert fonts[style]["hint"] == "eastAsia"  # “”—… in the Chinese face, full width
    defaults = part(seed_docx, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(w("eastAsia")) == "仿宋"
    assert defaults.find("w:sz", NS).get(w("val")) == "32"  # 16 pt
    assert defaults.find("w:lang", NS).get(w("eastAsia")) == "zh-CN"


def test_no_theme_font_attributes_anywhere(seed_docx):
    for name, data in parts(seed_docx).items():
        if name.endswith(".xml"):
            assert not re.search(rb"w:(ascii|hAnsi|eastAsia|cs)[tT]heme=", data), name
    table = part(seed_docx, "word/fontTable.xml")
    names = [font.get(w("name")) for font in table.findall("w:font", NS)]
    assert "ＭＳ 明朝" not in names and {"仿宋", "黑体", "楷体", "方正小标宋简体"} <= set(names)
    settings = part(seed_docx, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"


def test_footers_hold_page_fields_odd_right_even_left(seed_docx):
    document = part(seed_docx, "word/document.xml")
    rels = part(seed_docx, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    references = {ref.get(w("type")): targets[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                                       "relationships}id")]
                  for ref in document.findall("w:body/w:sectPr/w:footerReference", NS)}
    assert set(references) == {"default", "even"}
    assert part(seed_docx, "word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    for kind, side, inset in (("default", "right", "right"), ("even", "left", "left")):
        footer = part(seed_docx, "word/" + references[kind])
        paragraph = footer.find("w:p", NS)
        assert paragraph.find("w:pPr/w:jc", NS).get(w("val")) == side
        assert paragraph.find("w:pPr/w:ind", NS).get(w(inset + "Chars")) == "100"  # one character in
        text = "".join(t.text for t in paragraph.iter(w("t")))
        instructions = "".join(t.text for t in paragraph.iter(w("instrText")))
        assert text == "\u2014 1 \u2014" and instructions.strip() == "PAGE"
        assert [c.get(w("fldCharType")) for c in paragraph.iter(w("fldChar"))] == ["begin", "separate", "end"]
        assert paragraph.find("w:r/w:rPr/w:sz", NS).get(w("val")) == "28"  # 14 pt


def test_rules_and_boxes(seed_docx):
    body = part(seed_docx, "word/document.xml").find("w:body", NS)
    imprint = [p for p in body.findall("w:p", NS) if p.find("w:pPr/w:pStyle[@w:val='Imprint']", NS) is not None][0]
    rule = imprint.find("w:pPr/w:pBdr/w:bottom", NS)
    assert rule.get(w("color")) == "FF0000" and rule.get(w("val")) == "single"
    assert "".join(t.text for t in imprint.iter(w("t"))) == "中共青岛市委宣传部2023年8月14日"
    leader, colophon = body.findall("w:tbl", NS)
    assert "".join(t.text for t in leader.iter(w("t"))) == "领导批示"
    assert {leader.find(f"w:tblPr/w:tblBorders/w:{side}", NS).get(w("val")) for side in
            ("top", "left", "bottom", "right")} == {"single"}
    borders = colophon.find("w:tblPr/w:tblBorders", NS)
    assert borders.find("w:top", NS).get(w("sz")) == "8" and borders.find("w:bottom", NS).get(w("sz")) == "8"
    assert borders.find("w:insideH", NS).get(w("sz")) == "6"  # 0.35 mm outside, 0.25 mm between
    position = colophon.find("w:tblPr/w:tblpPr", NS)
    assert (position.get(w("vertAnchor")), position.get(w("tblpYSpec"))) == ("margin", "bottom")
    assert (position.get(w("horzAnchor")), position.get(w("tblpX"))) == ("page", "1587")  # at the left margin
    rows = ["".join(t.text for t in row.iter(w("t"))) for row in colophon.findall("w:tr", NS)]
    assert rows[0].startswith("报：省委宣传部，市委常委") and rows[2].startswith("发：")
    assert rows[3:] == ["承办：政策法规研究室\u3000审核：刘利兵\u3000编辑：耿海英", "电话：85911016"]
    hanging = colophon.find("w:tr/w:tc/w:p/w:pPr/w:ind", NS)
    assert int(hanging.get(w("hanging"))) == 2 * 14 * 20  # wrapped lines under the first name after 报：


def test_python_docx_reads_every_paragraph_back_in_order(seed_docx):
    issue = load(SEED)
    document = docx.Document(str(seed_docx))
    texts = [p.text for p in document.paragraphs if p.text]
    styles = {p.text: p.style.name for p in document.paragraphs if p.text}
    expected = []
    for column in issue.columns:
        expected.append(f"〔{column.name}〕")
        for article in column.articles:
            expected.append(article.title)
            expected += [block.text for block in article.body]
            expected.append(f"（{article.source}）")
    flat = ["".join(t.split()) for t in texts]  # a title broken at its space loses the space
    position = flat.index("宣传信息专报")
    for text in ("".join(t.split()) for t in expected):
        position = flat.index(text, position + 1)  # present, and after the one before
    assert styles["（文明实践工作处）"] == "Attribution"
    titles = [p for p in document.paragraphs if p.style.name == "Article Title"]
    assert ["".join(t.text.split()) for t in titles] == ["".join(a.title.split())
                                                         for a in issue.articles_in_print_order]
    assert titles[0].style.paragraph_format.keep_with_next and titles[0].style.paragraph_format.keep_together
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.1)


def test_long_titles_break_between_words(seed_docx):
    document = docx.Document(str(seed_docx))
    titles = [p.text for p in document.paragraphs if p.style.name == "Article Title"]
    assert "市北区突出三个导向\n推动新时代文明实践宣讲纵深发展" in titles  # at the typed space
    assert "全市新时代文明实践中心建设工作推进会召开" in titles  # 20 characters fit one line


def test_fonts_from_options(tmp_path):
    out = export(SEED, tmp_path / "f.docx", "-O", "body_font=仿宋_GB2312", "-O", "title_font=华文中宋",
                 "-O", "latin_font=Arial")
    fonts = _style_fonts(out)
    assert fonts["Normal"]["eastAsia"] == "仿宋_GB2312" and fonts["Normal"]["ascii"] == "Arial"
    assert fonts["ArticleTitle"]["eastAsia"] == "华文中宋"


def test_fonts_from_the_series_table_and_options_win(tmp_path):
    import shutil

    folder = tmp_path / "zb"
    shutil.copytree(SEED.parent, folder)
    with (folder / "series.toml").open("a", encoding="utf-8") as out:
        out.write('\n[fonts]\nbody = "仿宋_GB2312"\ntitle = "方正小标宋_GBK"\nheading = "方正黑体_GBK"\n'
                  'kai = "楷体_GB2312"\nlatin = "Arial"\n')
    fonts = _style_fonts(export(folder / SEED.name, tmp_path / "s.docx"))
    assert fonts["Normal"]["eastAsia"] == "仿宋_GB2312" and fonts["Normal"]["ascii"] == "Arial"
    assert fonts["ArticleTitle"]["eastAsia"] == "方正小标宋_GBK"
    assert fonts["BulletinName"]["eastAsia"] == "方正小标宋_GBK"  # the masthead follows the title
    assert fonts["ColumnHeading"]["eastAsia"] == fonts["BodyHeading1"]["eastAsia"] == "方正黑体_GBK"
    assert fonts["BodyHeading2"]["eastAsia"] == "楷体_GB2312"
    fonts = _style_fonts(export(folder / SEED.name, tmp_path / "o.docx", "-O", "body_font=仿宋"))
    assert fonts["Normal"]["eastAsia"] == "仿宋"  # -O wins over the series


@pytest.mark.parametrize("option, message", [
    ("body_fnot=x", "the docx format has no such option"),  # bulletin export checks declared keys
    ("red=crimson", "six hex digits"),
    ("reference=missing.docx", "no such file"),
    ("page_numbers=sometimes", "restart or continue"),
])
def test_bad_options_are_usage_errors_and_write_nothing(tmp_path, option, message):
    run = bulletin("export", SEED, "--to", "docx", "-o", tmp_path / "x.docx", "-O", option)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.docx").exists()


def test_unknown_block_kinds_are_written_as_their_text():
    from dataclasses import dataclass, replace

    from bulletin_docx.build import build_issue

    from bulletin_cli import ExportOptions

    @dataclass(frozen=True)
    class Formula:  # a block kind this version has no writer for
        text: str
        kind: str = "formula"

    issue = load(SEED)
    article = replace(issue.articles[0], body=issue.articles[0].body + (Formula("E = mc² 未知块"),))
    issue = replace(issue, articles=(article, *issue.articles[1:]))
    import io

    document = docx.Document(io.BytesIO(build_issue(issue, ExportOptions(source_date_epoch=0))))
    assert "E = mc² 未知块" in [p.text for p in document.paragraphs]


def test_english_newsletter(tmp_path):
    document = docx.Document(str(export(NEWSLETTER, tmp_path / "n.docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Riverside Campus Bulletin" and "Campus News" in texts
    assert [p.text for p in document.paragraphs if p.style.name == "Body Heading 1"] == [
        "Priorities for this round", "Next steps"]


@pytest.mark.parametrize("title, lines", [
    ("全市新时代文明实践中心建设工作推进会召开", ["全市新时代文明实践中心建设工作推进会召开"]),
    ("市北区突出三个导向 推动新时代文明实践宣讲纵深发展", ["市北区突出三个导向", "推动新时代文明实践宣讲纵深发展"]),
    ("全市“学习强国”工作座谈会暨青岛学习平台上线四周年活动举行",
     ["全市“学习强国”工作座谈会暨", "青岛学习平台上线四周年活动举行"]),
])
def test_title_breaks(title, lines):
    from bulletin_docx.titles import TITLE_LINE, title_lines, width

    got = title_lines(title)
    assert got == lines
    assert all(width(line) <= TITLE_LINE for line in got) and "".join(got) == title.replace(" ", "")


def test_title_breaks_keep_numbers_and_quotes_whole_and_lines_balanced():
    from bulletin_docx.titles import TITLE_LINE, title_lines, width

    title = "关于2023年度“学习强国”学习平台推广使用工作先进集体和先进个人的通报决定"
    got = title_lines(title)
    assert len(got) == 2 and all(width(line) <= TITLE_LINE for line in got)
    assert abs(width(got[0]) - width(got[1])) <= 3  # balanced, not 20 + the rest
    assert "2023" in got[0] and "“学习强国”" in got[0]


@pytest.mark.parametrize("language, tag", [("zh-TW", "zh-TW"), ("zh-HK", "zh-HK"), ("zh-Hant-HK", "zh-HK"),
                                           ("zh-CN", "zh-CN")])
def test_east_asian_language_is_the_issues(tmp_path, language, tag):
    import shutil

    folder = tmp_path / "series"
    shutil.copytree(SEED.parent, folder)
    series = folder / "series.toml"
    series.write_text(series.read_text(encoding="utf-8").replace('language = "zh-CN"', f'language = "{language}"'),
                      encoding="utf-8")
    out = export(folder / SEED.name, tmp_path / "x.docx")
    defaults = part(out, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (defaults.get(w("val")), defaults.get(w("eastAsia"))) == (tag, tag)
    theme = part(out, "word/settings.xml").find("w:themeFontLang", NS)
    assert theme.get(w("eastAsia")) == tag


def test_an_editors_note_holding_a_list_exports(tmp_path):
    import shutil

    folder = tmp_path / "series"
    shutil.copytree(SEED.parent, folder)
    issue = folder / SEED.name
    text = issue.read_text(encoding="utf-8")
    at = text.index("[[articles]]")
    at = text.index("\n", text.index("title = ", at)) + 1
    issue.write_text(text[:at] + 'editor_note = """\n按语：\n\n- 第一条要求；\n- 第二条要求。\n"""\n' + text[at:], encoding="utf-8")
    out = export(issue, tmp_path / "x.docx")
    document = parts(out)["word/document.xml"].decode("utf-8")
    assert document.index("按语：") < document.index("第一条要求；") < document.index("第二条要求。")
