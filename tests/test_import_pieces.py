"""`bulletin import piece.docx… --into ISSUE.toml`: submitted articles (信息报送) added to an issue,
every other byte of the issue file kept, nothing left behind when it fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bulletin_cli import api
from tests.conftest import ROOT, _run_cli

PICTURE = ROOT / "examples" / "ducha-tongbao" / "images" / "xianchang.png"

SERIES = '''name = "工作简报"
issuer = "某某县人民政府办公室"
language = "zh-CN"
# the columns, in print order
columns = ["工作动态", "经验交流"]
numbering = "yearly"
'''

# Comments, odd spacing and quoting, CRLF line ends and no newline at the end: what a TOML
# round trip would rewrite, and an import must not.
ISSUE = ('# 2024年第3期 — hand-edited\r\n'
         'number   =   3      # 第3期\r\n'
         "date = 2024-03-01\r\n"
         "\r\n"
         "[[articles]]\r\n"
         "id = 'spring'   # literal string\r\n"
         'column = "工作动态"\r\n'
         "title = '全县春耕生产有序推进'\r\n"
         "body = '''\r\n"
         "今年以来，全县上下抓好春耕生产，各项工作进展顺利。\r\n"
         "'''\r\n"
         "# the last line is a comment without a newline")


def _series(tmp_path: Path) -> Path:
    folder = tmp_path / "jianbao"
    folder.mkdir()
    (folder / "series.toml").write_text(SERIES, encoding="utf-8")
    (folder / "2024-03.toml").write_bytes(ISSUE.encode("utf-8"))
    return folder / "2024-03.toml"


def _piece_docx(path: Path, *, picture: bool = True, title: str = "崂山区打造“山海课堂” 推动理论宣讲进景区") -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph("——把党的创新理论送到游客身边")
    document.add_paragraph("（崂山区委宣传部）")
    document.add_paragraph("崂山区依托景区资源，组建20支“山海宣讲队”，今年以来开展宣讲180余场，覆盖游客5万余人次。")
    document.add_paragraph("一、主要做法", style="Heading 2")
    paragraph = document.add_paragraph("宣讲队员用群众喜闻乐见的方式讲政策，")
    paragraph.add_run("讲变化").bold = True
    paragraph.add_run("，让游客在游山观海中感受发展成就。")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("场次", "人次"), ("180", "50000")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for text in ("进景区", "进社区"):
        document.add_paragraph(text, style="List Bullet")
    if picture:
        if not PICTURE.is_file():
            pytest.skip("the example's picture is not on this branch")
        document.add_picture(str(PICTURE))
        document.add_paragraph("图为宣讲队员在观景台宣讲")
    document.add_paragraph("下一步，崂山区将继续擦亮“山海课堂”品牌，让理论宣讲更接地气。")
    document.save(path)
    return path


def _text_piece(path: Path, title: str = "城阳区推动志愿服务常态化") -> Path:
    path.write_text(f"{title}\n\n作者：张三\n\n城阳区建立志愿服务积分制度，全年开展志愿服务活动1200余场次，"
                    "参与群众3万余人次。\n\n（城阳区委宣传部）\n", encoding="utf-8")
    return path


def test_word_piece_is_added_with_its_structure_and_picture_keeping_every_other_byte(tmp_path):
    issue_file = _series(tmp_path)
    before = issue_file.read_bytes()
    piece = _piece_docx(tmp_path / "崂山稿件.docx")
    run = _run_cli(["import", str(piece), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 0, run.stderr
    after = issue_file.read_bytes()
    assert after.startswith(before)  # comments, quoting, CRLF, the last comment: all kept
    added_text = after[len(before):].decode("utf-8")
    assert "\r\n" in added_text and "\n" not in added_text.replace("\r\n", "")  # the file's line ends
    issue = api.load(issue_file)
    assert [a.id for a in issue.articles] == ["spring", "article-2"]
    added = issue.articles[1]
    assert (added.column, added.title, added.subtitle, added.source) == (
        "经验交流", "崂山区打造“山海课堂” 推动理论宣讲进景区", "把党的创新理论送到游客身边", "崂山区委宣传部")
    kinds = [(b.kind, getattr(b, "level", 0)) for b in added.body]
    assert ("heading", 2) in kinds and ("table", 0) in kinds and ("list", 0) in kinds and ("figure", 0) in kinds
    figure = next(b for b in added.body if b.kind == "figure")
    assert figure.src == "images/崂山稿件-1.png" and figure.caption == "图为宣讲队员在观景台宣讲"
    assert (issue_file.parent / figure.src).read_bytes() == PICTURE.read_bytes()
    assert "**讲变化**" in added_text
    assert added.body[0].text.startswith("崂山区依托景区资源")  # the unit line under the title is the source
    assert _run_cli(["validate", str(issue_file.parent)]).exit_code == 0


def test_several_pieces_become_articles_in_order_and_pictures_never_overwrite(tmp_path):
    issue_file = _series(tmp_path)
    taken = issue_file.parent / "images" / "laoshan-1.png"
    taken.parent.mkdir()
    taken.write_bytes(b"an older picture of another issue")
    first = _piece_docx(tmp_path / "laoshan.docx")
    second = _text_piece(tmp_path / "chengyang.txt")
    run = _run_cli(["import", str(first), str(second), "--into", str(issue_file), "--column", "经验交流",
                    "--report", "json"])
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert [a["id"] for a in report["articles"]] == ["article-2", "article-3"]
    assert taken.read_bytes() == b"an older picture of another issue"
    assert report["articles"][0]["images"] == [str(issue_file.parent / "images" / "laoshan-1-2.png")]
    issue = api.load(issue_file)
    assert [a.title for a in issue.articles[1:]] == ["崂山区打造“山海课堂” 推动理论宣讲进景区", "城阳区推动志愿服务常态化"]
    assert (issue.articles[2].author, issue.articles[2].source) == ("张三", "城阳区委宣传部")
    assert next(b for b in issue.articles[1].body if b.kind == "figure").src == "images/laoshan-1-2.png"
    assert _run_cli(["validate", str(issue_file.parent)]).exit_code == 0


def test_a_failure_leaves_the_issue_and_the_folder_as_they_were(tmp_path):
    issue_file = _series(tmp_path)
    before = issue_file.read_bytes()
    good = _piece_docx(tmp_path / "laoshan.docx")
    bad = tmp_path / "control.txt"  # a character no XML can hold: the issue would not validate (S207)
    bad.write_text("城阳区推动志愿服务常态化\n\n城阳区建立志愿服务积分制度\x01，全年开展志愿服务活动1200余场次。\n",
                   encoding="utf-8")
    run = _run_cli(["import", str(good), str(bad), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 1 and "Traceback" not in run.stderr and "S207" in run.stderr, run.stderr
    assert "would not validate" in run.stderr
    assert issue_file.read_bytes() == before
    assert sorted(p.name for p in issue_file.parent.iterdir()) == ["2024-03.toml", "series.toml"]  # no images/


@pytest.mark.parametrize("case", ["corrupt-docx", "empty-txt", "empty-docx", "no-title", "missing-issue",
                                  "invalid-issue", "unknown-column", "no-column", "two-bulletin-articles"])
def test_clear_errors_and_nothing_written(tmp_path, case):
    issue_file = _series(tmp_path)
    piece = _text_piece(tmp_path / "piece.txt")
    column = ["--column", "经验交流"]
    expect = {"corrupt-docx": "not a readable Word file", "empty-txt": "the piece is empty",
              "empty-docx": "the piece is empty", "no-title": "no title found",
              "missing-issue": "no such issue file", "invalid-issue": "does not validate",
              "unknown-column": "did you mean '经验交流'?", "no-column": "give --column NAME",
              "two-bulletin-articles": "whole bulletin"}[case]
    if case == "corrupt-docx":
        piece = tmp_path / "broken.docx"
        piece.write_bytes(b"PK\x03\x04 this is no Word file")
    elif case == "empty-txt":
        piece.write_text("\n  \n", encoding="utf-8")
    elif case == "empty-docx":
        docx = pytest.importorskip("docx")
        piece = tmp_path / "empty.docx"
        docx.Document().save(piece)
    elif case == "no-title":
        piece.write_text("城阳区建立志愿服务积分制度，全年开展志愿服务活动1200余场次，参与群众3万余人次，形成了"
                         "人人参与志愿服务的良好氛围。\n\n第二段也是正文。\n", encoding="utf-8")
    elif case == "missing-issue":
        issue_file = issue_file.with_name("2024-99.toml")
    elif case == "invalid-issue":
        issue_file.write_bytes(issue_file.read_bytes().replace("column = \"工作动态\"".encode(), b"column = \"x\""))
    elif case == "unknown-column":
        column = ["--column", "经验交留"]
    elif case == "no-column":
        column = []
    elif case == "two-bulletin-articles":
        piece.write_text("工作简报\n\n第5期\n\n某某县人民政府办公室　2024年2月1日\n\n标题一\n\n"
                         "第一篇文章的正文，内容足够长以便识别为一个段落。\n\n（单位一）\n\n标题二\n\n"
                         "第二篇文章的正文，内容足够长以便识别为一个段落。\n\n（单位二）\n", encoding="utf-8")
    before = issue_file.read_bytes() if issue_file.exists() else None
    run = _run_cli(["import", str(piece), "--into", str(issue_file), *column])
    assert run.exit_code in (1, 2) and "Traceback" not in run.stderr, run.stderr
    assert expect in run.stderr, run.stderr
    if before is not None:
        assert issue_file.read_bytes() == before
    if case == "invalid-issue":
        assert f"{issue_file}:7:" in run.stderr and "R302" in run.stderr  # where the issue is wrong
    if case == "unknown-column":
        assert "series.toml:5:1" in run.stderr  # where the columns are declared
    assert not (issue_file.parent / "images").exists()


def test_a_piece_with_a_whole_bulletins_masthead_gives_its_one_article(tmp_path):
    issue_file = _series(tmp_path)
    piece = tmp_path / "bulletin.txt"
    piece.write_text("工作简报\n\n第5期\n\n崂山区委宣传部　2024年2月1日\n\n崂山区推进理论宣讲进景区\n\n"
                     "崂山区依托景区资源，组建20支宣讲队，今年以来开展宣讲180余场。\n\n（崂山区委宣传部）\n\n"
                     "报：区委常委\n\n共印20份\n", encoding="utf-8")
    run = _run_cli(["import", str(piece), "--into", str(issue_file), "--column", "工作动态"])
    assert run.exit_code == 0, run.stderr
    assert "whole bulletin (工作简报 第5期)" in run.stderr
    added = api.load(issue_file).articles[-1]
    assert (added.title, added.source, added.column) == ("崂山区推进理论宣讲进景区", "崂山区委宣传部", "工作动态")
    assert [b.text for b in added.body] == ["崂山区依托景区资源，组建20支宣讲队，今年以来开展宣讲180余场。"]


def test_the_piece_names_its_column(tmp_path):
    issue_file = _series(tmp_path)
    piece = tmp_path / "piece.txt"
    piece.write_text("栏目：经验交流\n\n城阳区推动志愿服务常态化\n\n城阳区建立志愿服务积分制度，全年开展活动1200余场次。\n",
                     encoding="utf-8")
    run = _run_cli(["import", str(piece), "--into", str(issue_file)])
    assert run.exit_code == 0, run.stderr
    assert api.load(issue_file).articles[-1].column == "经验交流"


def test_article_file_beside_the_issue(tmp_path):
    issue_file = _series(tmp_path)
    before = issue_file.read_bytes()
    piece = _piece_docx(tmp_path / "laoshan.docx")
    run = _run_cli(["import", str(piece), "--into", str(issue_file), "--column", "经验交流", "--article-file"])
    assert run.exit_code == 0, run.stderr
    article_file = issue_file.parent / "articles" / "2024-03-article-2.toml"
    added = issue_file.read_bytes()[len(before):].decode("utf-8")
    assert 'file = "articles/2024-03-article-2.toml"' in added and "body" not in added
    assert "](../images/laoshan-1.png)" in article_file.read_text(encoding="utf-8")  # relative to the article file
    issue = api.load(issue_file)
    assert issue.articles[-1].title == "崂山区打造“山海课堂” 推动理论宣讲进景区"
    assert _run_cli(["validate", str(issue_file.parent)]).exit_code == 0


def test_without_columns_the_article_has_none(tmp_path):
    folder = tmp_path / "alone"
    folder.mkdir()
    issue_file = folder / "2024-01.toml"
    issue_file.write_text('name = "工作简报"\nissuer = "某某县人民政府办公室"\nnumber = 1\ndate = 2024-01-05\n\n'
                          '[[articles]]\nid = "a"\ntitle = "标题"\nbody = "正文内容。"\n', encoding="utf-8")
    piece = _text_piece(tmp_path / "piece.txt")
    run = _run_cli(["import", str(piece), "--into", str(issue_file)])
    assert run.exit_code == 0, run.stderr
    assert api.load(issue_file).articles[-1].column is None
    run = _run_cli(["import", str(piece), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 1 and "declares no columns" in run.stderr


def test_pdf_piece(tmp_path):
    """A Word piece saved as PDF (by LibreOffice, as units do) comes in the same way."""
    pytest.importorskip("pdfplumber")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (to make the PDF) is not installed")
    import subprocess

    piece = _piece_docx(tmp_path / "laoshan.docx", picture=False)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(piece)], check=True, capture_output=True, timeout=180)
    issue_file = _series(tmp_path)
    run = _run_cli(["import", str(tmp_path / "laoshan.pdf"), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 0, run.stderr
    added = api.load(issue_file).articles[-1]
    assert added.title == "崂山区打造“山海课堂” 推动理论宣讲进景区"
    assert added.source == "崂山区委宣传部"
    assert "覆盖游客5万余人次" in "".join(b.text for b in added.body)


def test_a_title_in_words_heading_style_is_the_title(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("城阳区推动志愿服务常态化", style="Heading 1")
    document.add_paragraph("作者：张三")
    document.add_paragraph("城阳区建立志愿服务积分制度，全年开展志愿服务活动1200余场次，参与群众3万余人次。")
    document.add_paragraph("强化组织保障", style="Heading 2")
    document.add_paragraph("成立工作专班，定期调度推进，确保各项措施落地见效。")
    document.add_paragraph("（城阳区委宣传部）")
    document.save(tmp_path / "chengyang.docx")
    issue_file = _series(tmp_path)
    run = _run_cli(["import", str(tmp_path / "chengyang.docx"), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 0, run.stderr
    added = api.load(issue_file).articles[-1]
    assert (added.title, added.author, added.source) == ("城阳区推动志愿服务常态化", "张三", "城阳区委宣传部")
    assert [(b.kind, b.text) for b in added.body][1] == ("heading", "强化组织保障")


def test_a_picture_without_caption_at_the_end_is_a_figure_and_no_file_is_left_unreferenced(tmp_path):
    docx = pytest.importorskip("docx")
    if not PICTURE.is_file():
        pytest.skip("the example's picture is not on this branch")
    document = docx.Document()
    document.add_paragraph("城阳区推动志愿服务常态化")
    document.add_paragraph("城阳区建立志愿服务积分制度，全年开展志愿服务活动1200余场次，参与群众3万余人次。")
    document.add_picture(str(PICTURE))  # no alt text, no caption under it
    document.save(tmp_path / "chengyang.docx")
    issue_file = _series(tmp_path)
    run = _run_cli(["import", str(tmp_path / "chengyang.docx"), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 0, run.stderr
    figure = api.load(issue_file).articles[-1].body[-1]
    assert figure.kind == "figure" and figure.src == "images/chengyang-1.png" and figure.caption == ""
    assert [p.name for p in (issue_file.parent / "images").iterdir()] == ["chengyang-1.png"]


def test_contact_lines_are_kept_as_comments_and_a_second_article_is_refused(tmp_path):
    issue_file = _series(tmp_path)
    piece = tmp_path / "piece.txt"
    piece.write_text("城阳区推动志愿服务常态化\n\n城阳区建立志愿服务积分制度，全年开展活动1200余场次。\n\n（城阳区委宣传部）\n\n"
                     "联系人：李四\n\n联系电话：0532-88886666\n", encoding="utf-8")
    run = _run_cli(["import", str(piece), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 0, run.stderr
    added = api.load(issue_file).articles[-1]
    assert added.source == "城阳区委宣传部" and [b.text for b in added.body] == ["城阳区建立志愿服务积分制度，全年开展活动1200余场次。"]
    assert "contact line" in run.stderr
    written = issue_file.read_text(encoding="utf-8")
    assert "# 联系人：李四\n# 联系电话：0532-88886666\n[[articles]]" in written  # for the editors, never lost
    before = issue_file.read_bytes()
    piece.write_text("城阳区推动志愿服务常态化\n\n城阳区建立志愿服务积分制度，全年开展活动1200余场次。\n\n（城阳区委宣传部）\n\n"
                     "此稿已经单位领导审核\n", encoding="utf-8")  # after the source: not for print, and not known
    run = _run_cli(["import", str(piece), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 1 and "line 7: text after the piece's source line" in run.stderr, run.stderr
    assert issue_file.read_bytes() == before


def test_a_folder_of_pieces_in_name_order_and_english_ids_from_the_title(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    issue_file = folder / "2024-01.toml"
    issue_file.write_text('name = "Riverside News"\nissuer = "Riverside Council"\nlanguage = "en"\nnumber = 1\n'
                          'date = 2024-01-05\n\n[[articles]]\nid = "welcome"\ntitle = "Welcome"\nbody = "Hello."\n',
                          encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "b.txt").write_text("Library opens on Sundays\n\nBy Jane Doe\n\nFrom March the library opens on Sunday "
                                 "afternoons, the council said on Monday.\n", encoding="utf-8")
    (inbox / "a.txt").write_text("New footbridge over the river\n\nThe footbridge between the two parks opened this "
                                 "week, after a year of building.\n\n(Parks Department)\n", encoding="utf-8")
    run = _run_cli(["import", str(inbox), "--into", str(issue_file)])
    assert run.exit_code == 0, run.stderr
    issue = api.load(issue_file)
    assert [(a.id, a.author, a.source) for a in issue.articles[1:]] == [
        ("new-footbridge-over-the-river", "", "Parks Department"), ("library-opens-on-sundays", "Jane Doe", "")]
