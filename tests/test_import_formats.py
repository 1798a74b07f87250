"""Round trips through every format the importer reads: each example exported to text, PDF (the
bulletin-pdf plugin, Typst) and DOCX (the bulletin-docx plugin) imports back to the same model.

The plugins and pdfplumber are optional: without them these tests skip, except in CI
(BULLETIN_REQUIRE_CHECKERS=1), where they must run.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from bulletin_cli import api
from bulletin_cli.model.issue import Block, Run, plain_text
from tests.conftest import CHROMIUM_FLAGS, EXAMPLE_ISSUES, ROOT, SEED_ISSUE, _need, _run_cli

# The third example lives in docs/examples/ on some branches and in examples/ on others.
_DUCHA = next((p for p in (ROOT / "examples" / "ducha-tongbao" / "2024-06.toml",
                           ROOT / "docs" / "examples" / "ducha-tongbao" / "2024-06.toml") if p.exists()), None)
ISSUES = sorted(set(EXAMPLE_ISSUES) | ({_DUCHA} if _DUCHA else set()))
NEEDS = {"pdf": ("pdfplumber", "bulletin_pdf", "typst"), "docx": ("docx", "bulletin_docx")}


def _require(fmt: str) -> None:
    for module in NEEDS.get(fmt, ()):
        _need(f"{module} (for the {fmt} round trip)", importlib.util.find_spec(module))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The example exported once per format (PDF export takes seconds)."""
    cache: dict[tuple[Path, str], Path] = {}

    def export(issue_path: Path, fmt: str) -> Path:
        if (issue_path, fmt) not in cache:
            target = tmp_path_factory.mktemp("exported") / f"{issue_path.parent.name}.{fmt if fmt != 'text' else 'txt'}"
            run = _run_cli(["export", str(issue_path), "--to", fmt, "-o", str(target)])
            assert run.exit_code == 0 and target.is_file(), run.stderr
            cache[(issue_path, fmt)] = target
        return cache[(issue_path, fmt)]

    return export


def _import(source: Path, folder: Path):
    run = _run_cli(["import", str(source), "-o", f"{folder}/", "--report", "json"])
    assert run.exit_code == 0, run.stderr
    files = [p for p in folder.glob("*.toml") if p.name != "series.toml"]
    assert len(files) == 1
    return api.load(files[0]), json.loads(run.stdout)[0]


def _body(issue) -> str:
    return "\n\n".join(plain_text(a.body) for a in issue.articles)


def _bold(issue) -> list[list[str]]:
    return [[run.text for block in a.body for run in getattr(block, "runs", ()) if run.strong] for a in issue.articles]


def _structure(imported, expected) -> None:
    for key in ("name", "issuer", "date", "number", "declared_columns", "colophon", "language"):
        assert getattr(imported, key) == getattr(expected, key), key
    assert [(a.title, a.subtitle, a.source, a.column) for a in imported.articles] == [
        (a.title, a.subtitle, a.source, a.column) for a in expected.articles_in_print_order]


def _similarity(imported, expected) -> float:
    ordered = type("Ordered", (), {"articles": expected.articles_in_print_order})
    return difflib.SequenceMatcher(None, _body(imported), _body(ordered), autojunk=False).ratio()


def _cases():
    for issue_path in ISSUES:
        for fmt in ("text", "pdf", "docx"):
            yield pytest.param(issue_path, fmt, id=f"{issue_path.parent.name}-{fmt}")


@pytest.mark.parametrize(("issue_path", "fmt"), list(_cases()))
def test_example_imports_back_to_the_same_structure(tmp_path, exported, issue_path, fmt):
    _require(fmt)
    expected = api.load(issue_path)
    imported, report = _import(exported(issue_path, fmt), tmp_path / "series")
    _structure(imported, expected)
    assert report["guesses"] and all(0 <= g["confidence"] <= 1 for g in report["guesses"])
    if fmt == "pdf":
        assert all("page" in g for g in report["guesses"] if g["line"])  # a PDF's guesses say the page


@pytest.mark.parametrize(("issue_path", "fmt"), list(_cases()))
def test_example_body_text_comes_back(tmp_path, exported, issue_path, fmt):
    _require(fmt)
    expected = api.load(issue_path)
    imported, _ = _import(exported(issue_path, fmt), tmp_path / "series")
    assert _similarity(imported, expected) >= 0.995
    if fmt == "docx" or (fmt == "pdf" and expected.language == "zh-CN"):
        # bold survives where the output shows it: Word runs, and the PDF's 黑体 lead-ins (the PDF
        # plugin prints English bold in the body's face, so nothing tells it there); plain text has none
        ordered = type("Ordered", (), {"articles": expected.articles_in_print_order})
        assert _bold(imported) == _bold(ordered)


@pytest.mark.skipif(_DUCHA is None, reason="the 督查通报 example is not on this branch")
def test_word_tables_lists_and_quotes_come_back_as_such(tmp_path, exported):
    _require("docx")
    expected = api.load(_DUCHA)
    imported, report = _import(exported(_DUCHA, "docx"), tmp_path / "series")
    first, second = imported.articles
    table = next(b for b in first.body if b.kind == "table")
    assert table == dataclasses.replace(next(b for b in expected.articles[0].body if b.kind == "table"))
    listing = next(b for b in first.body if b.kind == "list")
    assert listing == next(b for b in expected.articles[0].body if b.kind == "list")  # nested numbered list too
    assert [b.kind for b in second.body][-1] == "quote"
    links = [run.link for block in second.body for run in getattr(block, "runs", ()) if run.link]
    assert links == ["https://www.binhe.gov.cn/", "mailto:chengguan@binhe.gov.cn"]
    whats = [g["what"] for g in report["guesses"]]
    assert any(w.startswith("table") for w in whats) and any(w.startswith("attachment line") for w in whats)


@pytest.mark.skipif(_DUCHA is None, reason="the 督查通报 example is not on this branch")
@pytest.mark.parametrize("fmt", ["text", "docx", "pdf"])
def test_rich_body_comes_back_with_its_footnotes(tmp_path, exported, fmt):
    _require(fmt)
    expected = api.load(_DUCHA)
    imported, report = _import(exported(_DUCHA, fmt), tmp_path / "series")
    first = imported.articles[0]
    kinds = [b.kind for b in first.body]
    assert kinds.count("table") == 1 and kinds.count("list") == 1
    assert [n.text for n in first.notes] == [n.text for n in expected.articles[0].notes]
    table = next(b for b in first.body if b.kind == "table")
    want = next(b for b in expected.articles[0].body if b.kind == "table")
    assert [[c for c in row] for row in table.rows] == [[c for c in row] for row in want.rows] or fmt == "text"
    assert table.text == want.text  # the caption and every cell, wrapped cells joined again
    if fmt == "pdf":  # the same model: alignment read from the cells' positions, the nested list, the quote
        assert table == want
        assert next(b for b in first.body if b.kind == "list") == next(b for b in expected.articles[0].body
                                                                         if b.kind == "list")
        assert imported.articles[1].body[-1] == expected.articles[1].body[-1]
        whats = [g["what"] for g in report["guesses"]]
        assert all(any(w.startswith(k) for w in whats) for k in ("table:", "list:", "footnotes", "block quote"))
        assert all(g.get("page") for g in report["guesses"] if g["what"].startswith(("table:", "list:")))
    assert imported.articles[1].body[-1].kind == "quote"
    comments = (tmp_path / "series" / f"{imported.year}-{imported.number:02d}.toml").read_text(encoding="utf-8")
    assert "附件：2024年上半年重点任务清单" in comments  # kept as a comment: the file is not in the source


def test_seed_printed_by_chromium_imports_back(tmp_path, chromium):
    """A harder PDF: the HTML page printed by a browser, with its date, title and page-count header
    and footer, ideographs mapped to Kangxi radicals, and bold drawn as a stroked regular face."""
    _require("pdf")
    site = tmp_path / "site"
    assert _run_cli(["export", str(SEED_ISSUE), "--to", "html", "-o", f"{site}/"]).exit_code == 0
    pdf = tmp_path / "seed-chromium.pdf"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    (site / "2023-06.html").resolve().as_uri()], capture_output=True, timeout=120, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 1000, "Chromium wrote no PDF"
    expected = api.load(SEED_ISSUE)
    imported, report = _import(pdf, tmp_path / "series")
    _structure(imported, expected)
    assert _similarity(imported, expected) >= 0.995
    assert any(g["what"].startswith("running head dropped") for g in report["guesses"])


@pytest.mark.skipif(_DUCHA is None, reason="the 督查通报 example is not on this branch")
def test_rich_page_printed_by_chromium_comes_back_as_the_same_model(tmp_path, chromium):
    """A PDF this tool did not lay out: the 督查通报's HTML page printed by a browser draws its table
    with a rule round every cell, its list bullets as shapes, its footnote references as superscripts
    a line of their own, its notes as a numbered list with ↩ links back."""
    _require("pdf")
    site = tmp_path / "site"
    assert _run_cli(["export", str(_DUCHA), "--to", "html", "-o", f"{site}/"]).exit_code == 0
    pdf = tmp_path / "ducha-chromium.pdf"
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    (site / f"{_DUCHA.stem}.html").resolve().as_uri()], capture_output=True, timeout=120, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 1000, "Chromium wrote no PDF"
    expected = api.load(_DUCHA)
    imported, report = _import(pdf, tmp_path / "series")
    _structure(imported, expected)
    assert _similarity(imported, expected) >= 0.995
    first, want = imported.articles[0], expected.articles[0]
    table = next(b for b in first.body if b.kind == "table")
    assert table.text == next(b for b in want.body if b.kind == "table").text
    assert next(b for b in first.body if b.kind == "list") == next(b for b in want.body if b.kind == "list")
    assert [n.text for n in first.notes] == [n.text for n in want.notes]
    assert imported.articles[1].body[-1] == expected.articles[1].body[-1]  # the quote
    assert any("from its rules" in g["what"] for g in report["guesses"])


_PLAIN_ISSUE = """\
name = "工作简报"
issuer = "中共临川县委办公室"
number = 3
date = 2024-03-05

[[articles]]
id = "a1"
title = "全县春耕生产工作会议召开"
source = "县农业农村局"
body = '''
3月4日，全县春耕生产工作会议召开。会议总结去年农业农村工作，部署今年春耕备耕各项任务，要求各乡镇压实责任、抓好落实。

会议强调，要抓好粮食生产，稳定播种面积，做好农资供应和技术服务，确保春耕生产有序推进。
'''

[[articles]]
id = "a2"
title = "县委组织部开展基层党建专项调研"
source = "县委组织部"
body = '''
近日，县委组织部组成调研组，深入各乡镇开展基层党建工作专项调研，了解基层组织建设情况，听取意见建议。
'''
"""


def test_pdf_without_columns_or_colophon_gives_a_valid_issue(tmp_path):
    _require("pdf")
    source = tmp_path / "plain" / "2024-03.toml"
    source.parent.mkdir()
    source.write_text(_PLAIN_ISSUE, encoding="utf-8")
    pdf = tmp_path / "plain.pdf"
    assert _run_cli(["export", str(source), "--to", "pdf", "-o", str(pdf)]).exit_code == 0
    imported, report = _import(pdf, tmp_path / "series")
    assert imported.declared_columns == () and imported.colophon.is_empty
    assert [a.title for a in imported.articles] == ["全县春耕生产工作会议召开", "县委组织部开展基层党建专项调研"]
    assert [a.source for a in imported.articles] == ["县农业农村局", "县委组织部"]
    assert all(0 < g["confidence"] <= 1 for g in report["guesses"] if g["what"].startswith("title"))
    check = _run_cli(["validate", str(tmp_path / "series"), "--format", "json"])
    assert check.exit_code == 0 and not [d for d in json.loads(check.stdout)["diagnostics"] if d["severity"] == "error"]


def test_pdf_without_pdfplumber_names_the_extra(tmp_path):
    blocker = tmp_path / "blocker" / "pdfplumber"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('pdfplumber is not installed here')\n")
    source = tmp_path / "issue.pdf"
    source.write_bytes(b"%PDF-1.7 not really a PDF")
    run = _run_cli(["import", str(source), "-o", str(tmp_path / "out")], env={"PYTHONPATH": str(blocker.parent)})
    assert run.exit_code == 1 and "bulletin-cli[import]" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_damaged_pdf_is_a_clear_error(tmp_path):
    _require("pdf")
    source = tmp_path / "broken.pdf"
    source.write_bytes(b"%PDF-1.7\nthis is not a PDF body\n")
    run = _run_cli(["import", str(source), "-o", str(tmp_path / "out")])
    assert run.exit_code == 1 and "broken.pdf" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def _english_docx(path: Path) -> None:
    """An English newsletter typed in Word with no styles of its own: plain paragraphs, one bold run."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in ("Harbour Town Newsletter", "Issue 7", "Town Hall Communications\t2 May 2024", "Town News",
                 "New Ferry Timetable Starts in June", "Library Roof Repairs Finished", "Events",
                 "Summer Concert Series Announced", "Town News", "New Ferry Timetable Starts in June"):
        document.add_paragraph(text)
    body = document.add_paragraph("From June 3 the harbour ferry will run ")
    body.add_run("every twenty minutes").bold = True
    body.add_run(" on weekdays, with later sailings on Fridays and Saturdays for the summer season.")
    for text in ("(Harbour Ferries)", "Library Roof Repairs Finished",
                 "The repairs to the library roof were finished two weeks early, and the reading room "
                 "has reopened with new lighting and more seats by the windows.", "(Library Services)",
                 "Events", "Summer Concert Series Announced",
                 "Six free concerts will be held in the harbour park on Sunday evenings in July and August, "
                 "starting with the town band on July 7.", "(Arts Office)"):
        document.add_paragraph(text)
    document.save(str(path))


def test_english_newsletter_typed_in_word(tmp_path):
    source = tmp_path / "harbour.docx"
    _english_docx(source)
    imported, report = _import(source, tmp_path / "series")
    assert (imported.name, imported.number, str(imported.date), imported.language) == (
        "Harbour Town Newsletter", 7, "2024-05-02", "en")
    assert imported.declared_columns == ("Town News", "Events")
    assert [(a.title, a.column, a.source) for a in imported.articles] == [
        ("New Ferry Timetable Starts in June", "Town News", "Harbour Ferries"),
        ("Library Roof Repairs Finished", "Town News", "Library Services"),
        ("Summer Concert Series Announced", "Events", "Arts Office")]
    assert _bold(imported)[0] == ["every twenty minutes"]
    assert any(g["what"].startswith("contents without a label") and 0 < g["confidence"] < 1
               for g in report["guesses"])
    assert _run_cli(["validate", str(tmp_path / "series")]).exit_code == 0


def test_pdf_with_two_bulletins_gives_two_issues(tmp_path):
    """A year's issues printed into one PDF: each masthead starts a bulletin; the collection's own
    contents before the first is reported, not imported."""
    import shutil

    _require("pdf")
    series = tmp_path / "xz"
    shutil.copytree(SEED_ISSUE.parent, series)
    text = SEED_ISSUE.read_text(encoding="utf-8")
    (series / "2023-07.toml").write_text(text.replace("number = 6", "number = 7", 1).replace(
        "date = 2023-08-14", "date = 2023-08-28", 1), encoding="utf-8")
    pdf = tmp_path / "both.pdf"
    assert _run_cli(["export", str(series), "--to", "pdf", "-o", str(pdf)]).exit_code == 0
    folder = tmp_path / "imported"
    run = _run_cli(["import", str(pdf), "-o", f"{folder}/", "--report", "json"])
    assert run.exit_code == 0, run.stderr
    issues = [api.load(folder / name) for name in ("2023-06.toml", "2023-07.toml")]
    assert [(i.number, str(i.date)) for i in issues] == [(6, "2023-08-14"), (7, "2023-08-28")]
    expected = api.load(SEED_ISSUE)
    for issue in issues:
        assert [a.title for a in issue.articles] == [a.title for a in expected.articles_in_print_order]
    report = json.loads(run.stdout)
    assert any("one of 2 bulletins" in g["what"] for g in report[1]["guesses"])
    assert _run_cli(["validate", str(folder)]).exit_code == 0


def test_word_numbering_tables_and_footnotes_of_a_hand_made_file(tmp_path):
    """A Word file as people make them: List styles, a table with a right-aligned column, a real footnote."""
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    from bulletin_cli.formats.markup import parse_body
    from bulletin_cli.formats.plaintext.docx import docx_text

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_paragraph("正文第一段")
    for text, style in (("甲项", "List Bullet"), ("子项一", "List Number 2"), ("子项二", "List Number 2"),
                        ("乙项", "List Bullet")):
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("名称", "数量"), ("苹果", "3")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("见说明")._p.append(parse_xml(f'<w:r {w}><w:footnoteReference w:id="1"/></w:r>'))
    notes = (f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
             ' 说明的文字。</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                notes.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(tmp_path / "made.docx")
    text, hints = docx_text(tmp_path / "made.docx")
    assert "- 甲项\n  1. 子项一\n  2. 子项二\n- 乙项" in text
    assert "| 名称 | 数量 |\n| --- | --: |\n| 苹果 | 3 |" in text
    body = parse_body(text)
    assert [b.kind for b in body.blocks] == ["paragraph", "list", "table", "paragraph"] and not body.problems
    assert [n.text for n in body.notes] == ["说明的文字。"]
    first, nested = body.blocks[1].items[0]  # 甲项 holds the numbered sub-list (List Number 2)
    assert first == Block((Run("甲项"),)) and nested.ordered and [i[0].text for i in nested.items] == ["子项一", "子项二"]
    assert hints[3] == "markup" and "heading" not in hints.values()


def test_word_picture_becomes_a_figure_with_its_file_beside_the_issue(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in ("内部资料", "工作简报", "第3期", "某某县人民政府办公室　2024年3月1日", "关于春耕生产的情况报告",
                 "今年以来，全县上下抓好春耕生产，各项工作进展顺利，现将有关情况报告如下。"):
        document.add_paragraph(text)
    picture = ROOT / "examples" / "ducha-tongbao" / "images" / "xianchang.png"
    if not picture.is_file():
        pytest.skip("the example's picture is not on this branch")
    document.add_picture(str(picture))
    document.add_paragraph("图为农技人员在田间指导春播")  # the caption under the picture
    document.add_paragraph("下一步，我们将继续加强指导，确保春耕生产顺利推进，为全年粮食丰收打下坚实基础。")
    document.add_paragraph("（县农业农村局）")
    document.save(tmp_path / "chungeng.docx")
    imported, report = _import(tmp_path / "chungeng.docx", tmp_path / "series")
    figure = next(b for b in imported.articles[0].body if b.kind == "figure")
    assert (figure.src, figure.caption) == ("images/chungeng-1.png", "图为农技人员在田间指导春播")
    assert (tmp_path / "series" / figure.src).read_bytes() == picture.read_bytes()
    assert [b.kind for b in imported.articles[0].body] == ["paragraph", "figure", "paragraph"]
    assert any("picture written" in g["what"] for g in report["guesses"])
    again = _run_cli(["import", str(tmp_path / "chungeng.docx"), "-o", f"{tmp_path / 'series'}/"])
    assert again.exit_code != 0 and "nothing is overwritten" in again.stderr  # the picture's name is taken


def test_a_word_figure_comes_back_once_with_its_caption_and_image(tmp_path, exported):
    """The DOCX exporter embeds the picture (alt text = caption) and prints the caption under it:
    the import gives one figure with that caption and the same bytes, not a figure plus a paragraph."""
    if _DUCHA is None:
        pytest.skip("examples/ducha-tongbao is missing")
    _require("docx")
    expected = [b for a in api.load(_DUCHA).articles for b in a.body if b.kind == "figure"]
    imported, _ = _import(exported(_DUCHA, "docx"), tmp_path / "series")
    blocks = [b for a in imported.articles for b in a.body]
    figures = [b for b in blocks if b.kind == "figure"]
    assert [f.caption for f in figures] == [f.caption for f in expected]
    assert figures[0].path.read_bytes() == expected[0].path.read_bytes()
    assert not [b for b in blocks if b.kind == "paragraph" and b.text.strip() == expected[0].caption]
