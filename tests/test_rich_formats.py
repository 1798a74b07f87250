"""Each rich construct through each format."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich_helpers import write_rich_series

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.text.layout import display_width


@pytest.fixture
def rich_issue(tmp_path: Path):
    folder = write_rich_series(tmp_path / "s")
    return api.load(folder / "2024-03.toml")


def _text(issue, width=None) -> str:
    from bulletin_cli.formats.text.render import render_text
    return render_text(issue, ExportOptions(width=width))


@pytest.mark.parametrize("width", [56, 30, 20])
def test_text_keeps_every_line_within_the_width(rich_issue, width):
    lines = _text(rich_issue, width).splitlines()
    too_wide = [line for line in lines if display_width(line) > width and "://" not in line and "@" not in line]
    assert too_wide == []


def test_text_lays_out_each_construct(rich_issue):
    text = _text(rich_issue)
    lines = text.splitlines()
    header = next(line for line in lines if "序号" in line)
    row = next(line for line in lines if "老旧小区改造" in line)
    # columns line up: the second column starts at the same display column in header and rows
    assert display_width(header[:header.index("任务")]) == display_width(row[:row.index("老旧")])
    assert display_width(row) == display_width(next(line for line in lines if "背街小巷" in line))  # right-aligned
    assert "〔图：图为督查组在现场检查施工进度〕" in text
    assert "● 进度不均衡" in text and "  1. 审批环节多；" in text
    assert "市政府网站[1]" in text and "[1] https://www.example.gov.cn/dc?id=1&x=中" in text
    assert "30日①。" in text and "①自通报印发之日起计算。" in text
    assert "附件：重点任务清单" in text


def test_text_wraps_table_cells_in_a_narrow_line(rich_issue):
    lines = _text(rich_issue, 20).splitlines()
    start = next(i for i, line in enumerate(lines) if "表1" in line)
    assert any("老" in line and "改造" not in line for line in lines[start:start + 12])


def test_xml_is_schema_valid_and_imports_back_losslessly(rich_issue, tmp_path):
    from lxml import etree

    from bulletin_cli.formats.xml.plugin import SCHEMA_FILES
    from bulletin_cli.operations.import_xml import differences, to_toml

    data = api.export(rich_issue, "xml")
    root = etree.fromstring(data)
    rng = etree.RelaxNG(etree.parse(str(SCHEMA_FILES["rng"])))
    xsd = etree.XMLSchema(etree.parse(str(SCHEMA_FILES["xsd"])))
    assert rng.validate(root), rng.error_log
    assert xsd.validate(root), xsd.error_log
    xml_file = rich_issue.path.with_suffix(".xml")
    xml_file.write_bytes(data)
    from bulletin_cli.formats.xml.reader import read_xml_issue

    from_xml, problems = read_xml_issue(xml_file)
    assert problems == []
    assert differences(rich_issue, from_xml) == []
    result = to_toml(from_xml, rich_issue.path.parent / "copy.toml")
    assert differences(rich_issue, result.issue) == []
    assert "| 2 | **背街小巷**整治 | 市城管局 | 100% |" in result.toml


def test_xml_is_valid_for_jing_and_xmllint(rich_issue, tmp_path):
    import shutil
    import subprocess

    from bulletin_cli.formats.xml.plugin import SCHEMA_FILES

    if not shutil.which("jing") or not shutil.which("xmllint"):
        pytest.skip("jing or xmllint not installed (run .ci/install-checkers)")
    out = tmp_path / "issue.xml"
    out.write_bytes(api.export(rich_issue, "xml"))
    jing = subprocess.run(["jing", str(SCHEMA_FILES["rng"]), str(out)], capture_output=True, text=True)
    assert jing.returncode == 0, jing.stdout + jing.stderr
    lint = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMA_FILES["xsd"]), str(out)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stderr


def test_html_carries_each_construct(rich_issue):
    page = api.export(rich_issue, "html").decode()
    assert '<caption>表1 重点任务进展情况</caption>' in page and '<th scope="col" class="align-center">序号</th>' in page
    assert '<td class="align-right">85%</td>' in page and "<strong>背街小巷</strong>整治" in page
    assert '<img src="data:image/png;base64,' in page and 'width="40" height="30">' in page
    assert "<figcaption>图为督查组在现场检查施工进度</figcaption>" in page
    assert "<ul>" in page and "<ol>" in page and "<blockquote>" in page
    assert '<a href="https://www.example.gov.cn/dc?id=1&amp;x=%E4%B8%AD">市政府网站</a>' in page
    assert '<a href="mailto:duban@example.gov.cn">' in page and "<code>OA-2</code>" in page
    assert 'href="#ducha-note-1"' in page and 'id="ducha-note-1"' in page and 'href="#ducha-note-1-ref"' in page
    assert 'download="qingdan.csv">重点任务清单</a>' in page


def test_nu_checker_accepts_the_rich_page(rich_issue, tmp_path, vnu_jar):
    from test_html_export import vnu_messages

    out = tmp_path / "rich.html"
    out.write_bytes(api.export(rich_issue, "html"))
    assert vnu_messages(vnu_jar, [out]) == []


def test_epub_packages_the_image_and_epubcheck_accepts_it(rich_issue, tmp_path, java, epubcheck_jar):
    import json
    import subprocess
    import zipfile

    book = tmp_path / "rich.epub"
    book.write_bytes(api.export(rich_issue, "epub"))
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
        opf = archive.read("EPUB/content.opf").decode()
    image = next(name for name in names if name.startswith("EPUB/media/") and name.endswith(".png"))
    assert image.removeprefix("EPUB/") in opf and 'media-type="image/png"' in opf
    report = tmp_path / "report.json"
    subprocess.run([java, "-jar", str(epubcheck_jar), "-q", "--json", str(report), str(book)], capture_output=True)
    messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    assert messages == [], messages


def test_the_ducha_example_validates_clean_and_exports_to_every_format(cli, tmp_path):
    folder = Path(__file__).resolve().parent.parent / "examples" / "ducha-tongbao"
    result = cli(["validate", str(folder)])
    assert result.exit_code == 0 and "no problems" in result.stdout, result.stdout
    issue = api.load(folder / "2024-06.toml")
    body = issue.articles[0].body
    assert {block.kind for block in body} >= {"table", "figure", "list", "heading"}
    assert issue.articles[0].notes and issue.articles[0].attachments[0].path.is_file()
    for name in ("text", "html", "epub", "xml", "markdown"):
        assert api.export(issue, name)
    markdown = api.export(issue, "markdown").decode()
    assert "| :-: | --- | --- | :-: | --- |" in markdown and "[^2]: 依据" in markdown


def test_typography_skips_urls_codes_and_table_syntax(cli, tmp_path):
    from helpers import article, issue, write_series

    body = ("详见 https://www.example.gov.cn/a_b 或 duban@example.gov.cn，系统名`OA-2 and x`。\\n\\n"
            "表1　指标\\n\\n| 指标 | 数值 |\\n| --- | --: |\\n| 产值 | 12 |\\n\\n- 第一项\\n- 第二项\\n\\n正文[^1]。\\n\\n[^1]: 注释。")
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(articles=article(body=body))})
    result = cli(["validate", str(folder)])
    assert result.exit_code == 0 and "no problems" in result.stdout, result.stdout
