"""Compilations (several issues in one file) and a unit's reference file (-O reference=unit.docx)."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor
from docx_helpers import NEWSLETTER, NS, SEED, bulletin, export, part, pdfplumber, to_pdf, w

from bulletin_cli.api import load

ISSUES = [SEED, NEWSLETTER]


def _sections(docx_path):
    body = part(docx_path, "word/document.xml").find("w:body", NS)
    return body.findall(".//w:pPr/w:sectPr", NS) + [body.find("w:sectPr", NS)]


def test_each_issue_is_a_section_from_a_new_page_numbered_from_1(tmp_path):
    out = export(ISSUES, tmp_path / "all.docx")
    sections = _sections(out)
    assert len(sections) == 3  # the contents page, then one per issue
    for section in sections[:-1]:
        assert section.find("w:type", NS).get(w("val")) == "nextPage"
        assert section.find("w:pgSz", NS).get(w("w")) == "11906"
        assert len(section.findall("w:footerReference", NS)) == 2
    starts = [s.find("w:pgNumType", NS) for s in sections]
    assert starts[0] is None and all(s is not None and s.get(w("start")) == "1" for s in starts[1:])
    continued = _sections(export(ISSUES, tmp_path / "running.docx", "-O", "page_numbers=continue"))
    assert all(s.find("w:pgNumType", NS) is None for s in continued)


def test_contents_page_points_at_every_article(tmp_path):
    out = export(ISSUES, tmp_path / "all.docx")
    body = part(out, "word/document.xml").find("w:body", NS)
    targets = [t.text.split()[1] for t in body.iter(w("instrText")) if "PAGEREF" in t.text]
    bookmarks = {b.get(w("name")) for b in body.iter(w("bookmarkStart"))}
    articles = [a for path in ISSUES for a in load(path).articles]
    assert len(targets) == len(articles) and set(targets) == bookmarks
    assert part(out, "word/settings.xml").find("w:updateFields", NS) is not None
    document = docx.Document(str(out))
    assert sum(p.style.name == "Bulletin Name" for p in document.paragraphs) == 2
    assert "Riverside Campus Bulletin" in [p.text for p in document.paragraphs]
    none = part(export(ISSUES, tmp_path / "bare.docx", "-O", "contents=no"), "word/document.xml")
    assert not [t for t in none.iter(w("instrText")) if "PAGEREF" in t.text]


def test_compilation_lays_out_with_numbers_restarting_and_the_contents_right(tmp_path):
    plumber = pdfplumber()
    pdf = to_pdf(export(ISSUES, tmp_path / "all.docx"))
    with plumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    numbers = ["".join(text.split())[-5:] for text in pages]
    footers = [n[n.index("\u2014"):] for n in numbers]
    restart = [i for i, f in enumerate(footers) if f == "\u20141\u2014"]
    assert restart[:3] == [0, 1, restart[2]] and len(restart) == 3  # contents, issue 1, issue 2
    seed_pages = pages[1:restart[2]]
    contents = "".join(pages[0].split())
    for article in load(SEED).articles:
        title = "".join(article.title.split())
        # The last page showing it: the issue's own contents on its first page list it too.
        printed_on = max(n for n, text in enumerate(seed_pages, start=1) if title[:12] in "".join(text.split()))
        tail = title[-6:]
        assert f"{tail}" in contents
        entry = contents[contents.index(tail) + len(tail):].lstrip("·")
        assert entry.startswith(str(printed_on)), (article.title, entry[:4], printed_on)


def _reference(path):
    unit = docx.Document()
    name = unit.add_paragraph()
    run = name.add_run("{name}")
    run.font.size, run.font.color.rgb = Pt(36), RGBColor(0xC0, 0x00, 0x00)
    unit.add_paragraph("{issue_line}\u3000{issuer}\u3000{date}")
    title = unit.styles.add_style("Article Title", WD_STYLE_TYPE.PARAGRAPH)
    title.font.name, title.font.size = "Georgia", Pt(20)
    unit.save(str(path))
    return path


def test_reference_file_gives_the_masthead_and_the_styles(tmp_path):
    out = export(SEED, tmp_path / "unit.docx", "-O", f"reference={_reference(tmp_path / 'ref.docx')}")
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["宣传信息专报", "第6期\u3000中共青岛市委宣传部\u30002023年8月14日"]  # filled in
    assert document.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert not [p for p in document.paragraphs if p.style.name == "Bulletin Name"]  # the unit's own 版头
    titles = [p for p in document.paragraphs if p.style.name == "Article Title"]
    assert len(titles) == 6 and titles[0].style.font.name == "Georgia"  # its style kept, not ours
    assert [p.style.name for p in document.paragraphs if p.text == "（文明实践工作处）"] == ["Attribution"]
    styles = part(out, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='ArticleTitle']", NS) is not None  # our id on its style


def test_reference_that_is_not_a_docx(tmp_path):
    (tmp_path / "unit.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    run = bulletin("export", SEED, "--to", "docx", "-o", tmp_path / "x.docx", "-O",
                   f"reference={tmp_path / 'unit.doc'}")
    assert run.returncode == 2 and "not a .docx" in run.stderr


@pytest.mark.parametrize("bad", [b"not a zip", b"PK\x03\x04broken"])
def test_reference_that_cannot_be_read(tmp_path, bad):
    (tmp_path / "unit.docx").write_bytes(bad)
    run = bulletin("export", SEED, "--to", "docx", "-o", tmp_path / "x.docx", "-O",
                   f"reference={tmp_path / 'unit.docx'}")
    assert run.returncode == 2 and "cannot be read as a Word file" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
