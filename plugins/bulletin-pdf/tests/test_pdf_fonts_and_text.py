"""Fonts (pdffonts), text (pdftotext, pdfplumber), metadata and PDF/A of the seed's PDF."""

from __future__ import annotations

import re
import subprocess

import pytest

from bulletin_cli import api
from bulletin_pdf import fonts
from pdf_checks import (SEED, bulletin, engine, export_pdf, need, pdfplumber, poppler,  # noqa: F401
                        seed_pdf)

KANGXI = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")  # CJK radicals: look-alikes of 青 月 …


def compact(text: str) -> str:
    """Text without white space and without the page numbers a paragraph runs across."""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def printed_texts(issue) -> list[str]:
    texts = [issue.name, issue.issuer]
    for article in issue.articles:
        texts += [article.title, article.source] + [block.text for block in article.body]
    return [compact(text) for text in texts if text]


def test_every_font_is_embedded_and_subset_and_none_is_type3(seed_pdf, poppler):
    listing = subprocess.run(["pdffonts", str(seed_pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert len(rows) >= 4
    for row in rows:
        assert "Type 3" not in row, row
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # embedded, subset, with a ToUnicode map
        assert "CID" in row, row


def test_pdftotext_gives_back_every_title_and_paragraph(seed_pdf, poppler):
    extracted = compact(subprocess.run(["pdftotext", str(seed_pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout)
    for text in printed_texts(api.load(SEED)):
        assert text in extracted, text[:30]


def test_pdfplumber_reads_the_right_characters(seed_pdf, pdfplumber):
    with pdfplumber.open(seed_pdf) as pdf:
        extracted = compact("".join(page.extract_text() or "" for page in pdf.pages))
    assert not KANGXI.findall(extracted)
    for text in printed_texts(api.load(SEED)):
        assert text in extracted, text[:30]


def test_metadata_title_author_date_language(seed_pdf, pdfplumber):
    issue = api.load(SEED)
    with pdfplumber.open(seed_pdf) as pdf:
        info = pdf.metadata
        assert info["Title"] == f"{issue.name} {issue.issue_line}"
        assert info["Author"] == issue.issuer
        assert info["CreationDate"].startswith("D:20230814")
        assert pdf.doc.catalog["Lang"] == b"zh-CN"


def test_pdfa_2b(tmp_path, engine):
    pdf = export_pdf(SEED, tmp_path / "a.pdf", "-O", "pdfa=2b").read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf and b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf
    plain = export_pdf(SEED, tmp_path / "plain.pdf").read_bytes()
    assert b"pdfaid:part" not in plain


def test_same_issue_gives_the_same_bytes(tmp_path, engine):
    first = export_pdf(SEED, tmp_path / "1.pdf").read_bytes()
    second = export_pdf(SEED, tmp_path / "2.pdf").read_bytes()
    assert first == second


@pytest.mark.parametrize("option, message", [
    ("pdfa=9z", "pdfa=9z: choose one of"),
    ("color=red", "#RRGGBB"),
    ("font_body=/no/such/font.ttf", "no such font file"),
    ("papersize=a5", "no such option"),
])
def test_bad_options_are_usage_errors_and_write_nothing(tmp_path, engine, option, message):
    out = tmp_path / "x.pdf"
    run = bulletin("export", SEED, "--to", "pdf", "-o", out, "-O", option)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_series_colour_and_a_licensed_face_by_file(tmp_path, pdfplumber):
    body = fonts.find_face("Noto Serif CJK SC")
    assert body is not None
    pdf = export_pdf(SEED, tmp_path / "c.pdf", "-O", "color=#C8102E", "-O", f"font_body={body.file}")
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        name = [c for c in page.chars if c["size"] >= 36]
        assert tuple(round(v, 3) for v in name[0]["non_stroking_color"]) == (0.784, 0.063, 0.18)
        paragraph = [c for c in document.pages[1].chars if abs(c["size"] - 15.75) < 0.05]
        han = [c for c in paragraph if "\u4e00" <= c["text"] <= "\u9fff"]
        body = [c for c in han if "NotoSerifCJKsc" in c["fontname"]]  # the rest: a 黑体 column heading
        assert len(body) > 0.95 * len(han)


def test_default_roles_use_free_faces_of_their_own_style(engine):
    need("FandolFang (see .ci/install-checkers)", fonts.find_face("FandolFang"))
    lines, warnings = fonts.report()
    chosen = fonts.resolve()
    assert chosen["body"].face is not None
    assert "Fandol" in chosen["body"].face.file or "Zhuque" in chosen["body"].face.file, lines
    assert any("Kai" in family for family in chosen["kai"].face.families)
    assert not warnings, warnings


def test_report_warns_when_a_role_falls_back_to_another_style(monkeypatch):
    without_fangsong = tuple(face for face in fonts.installed_faces()
                             if not any("Fang" in name for name in face.families))
    monkeypatch.setattr(fonts, "installed_faces", lambda: without_fangsong)
    lines, warnings = fonts.report()
    assert any(line.startswith("仿宋") and "stand-in" in line for line in lines)
    assert any("仿宋 falls back to" in warning for warning in warnings)


def test_fonts_command(engine):
    import sys

    run = subprocess.run([sys.executable, "-m", "bulletin_pdf", "fonts"], capture_output=True, text=True)
    assert run.returncode == (1 if fonts.report()[1] else 0), run.stderr
    for role in fonts.ROLES:
        assert role.name in run.stdout
    bad = subprocess.run([sys.executable, "-m", "bulletin_pdf", "fonts", "-O", "font_kai=/none.otf"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "no such font file" in bad.stderr


def test_a_machine_without_cjk_faces_still_gets_a_pdf(monkeypatch):
    """The suite runs on machines with only Python; the fonts report is where missing faces show."""
    pytest.importorskip("typst")
    from bulletin_cli import ExportOptions
    from bulletin_pdf import render

    monkeypatch.setattr(fonts, "installed_faces", lambda: ())
    pdf = render.render(api.load(SEED), ExportOptions())
    assert pdf.startswith(b"%PDF-") and b"LibertinusSerif" in pdf
    lines, warnings = fonts.report()
    assert len(warnings) == len(fonts.ROLES)


def _series_with_fonts(tmp_path, fonts_table: str):
    import shutil

    folder = tmp_path / "zb"
    shutil.copytree(SEED.parent, folder)
    with (folder / "series.toml").open("a", encoding="utf-8") as out:
        out.write("\n[fonts]\n" + fonts_table)
    return folder / SEED.name


def test_the_series_fonts_table_gives_files_and_families(engine, pdfplumber, tmp_path):
    """[fonts] body_file embeds that file for the text; a family named for Word but not installed
    here (方正小标宋简体) leaves the free default; latin puts digits in the Latin face, quotes not."""
    kai = fonts.resolve()["kai"].face
    serif = fonts.find_face("DejaVu Serif")
    if kai is None or serif is None:
        pytest.skip("needs a 楷体 face and DejaVu Serif")
    issue = _series_with_fonts(tmp_path, f'title = "方正小标宋简体"\nbody_file = "fonts/own{kai.file[-4:]}"\n'
                                         'latin = "DejaVu Serif"\n')
    (issue.parent / "fonts").mkdir()
    (issue.parent / "fonts" / f"own{kai.file[-4:]}").write_bytes(open(kai.file, "rb").read())
    out = export_pdf(issue, tmp_path / "fonts.pdf")
    body = api.load(issue).articles[0].body[0].text
    with pdfplumber.open(out) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text_chars = {c["fontname"].split("+")[-1] for c in chars if c["text"] == body[1] and abs(c["size"] - 15.75) < .1}
    assert any("kai" in name.lower() for name in text_chars), text_chars  # the series' file prints the text
    digits = {c["fontname"].split("+")[-1] for c in chars if c["text"].isdigit() and abs(c["size"] - 15.75) < .1}
    assert digits == {"DejaVuSerif"}
    quotes = {c["fontname"] for c in chars if c["text"] in "“”"}
    assert quotes and not any("DejaVu" in name for name in quotes)  # full-width, from the Chinese face
    titles = {c["fontname"] for c in chars if abs(c["size"] - 22) < .1 and not c["text"].isascii()}
    assert titles and all("Bold" in name for name in titles)  # the free 小标宋 stand-in, not an error
    lines, warnings = fonts.report(series=fonts.series_fonts(api.load(issue).fonts))
    assert any("[fonts] 方正小标宋简体 not installed" in warning for warning in warnings)


def test_fonts_command_reads_a_series(engine, tmp_path):
    import sys

    issue = _series_with_fonts(tmp_path, 'kai = "No Such Face"\n')
    run = subprocess.run([sys.executable, "-m", "bulletin_pdf", "fonts", issue.parent], capture_output=True,
                         text=True)
    assert run.returncode == 1 and "[fonts] No Such Face not installed" in run.stderr
    bad = _series_with_fonts(tmp_path / "b", 'kia = "x"\n')
    run = subprocess.run([sys.executable, "-m", "bulletin_pdf", "fonts", bad], capture_output=True, text=True)
    assert run.returncode == 2 and "did you mean 'kai'" in run.stderr
