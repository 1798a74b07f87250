"""Issue identity (issue 13.6): month editions without a number, the issue line from a label
with the date's placeholders, and Traditional Chinese series tagged zh-Hant."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import write_series

from bulletin_cli import api, plugins
from bulletin_cli.formats.xml.reader import read_xml_issue
from bulletin_cli.operations.export import export_paths

SERIES_TW = """name = "校園通訊"
issuer = "某某大學秘書處"
language = "zh-TW"
numbering = "none"

[colophon]
report_to = ["校長室"]
"""


def _edition(date: str, title: str) -> str:
    return f'date = {date}\n\n[[articles]]\nid = "a1"\ntitle = "{title}"\nbody = """\n本校活動順利舉行[^1]。\n\n[^1]: 詳見網站。\n"""\n'


@pytest.fixture
def editions(tmp_path: Path) -> Path:
    return write_series(tmp_path / "s", {"2024-07.toml": _edition("2024-07-15", "暑期活動"),
                                         "2024-06.toml": _edition("2024-06-15", "畢業典禮")}, SERIES_TW)


def test_a_month_edition_needs_no_number_and_validates_clean(cli, editions):
    result = cli(["validate", str(editions)])
    assert result.exit_code == 0 and "no problems" in result.stdout, result.stdout
    issue = api.load(editions / "2024-06.toml")
    assert issue.number is None and issue.issue_line == "2024年6月號"
    assert issue.language == "zh-Hant-TW" and issue.labels.contents == "目錄"
    assert issue.identifier.endswith("/2024/issue-2024-06-15")


def test_without_numbering_none_the_number_is_still_required(cli, tmp_path):
    folder = write_series(tmp_path / "s", {"2024-06.toml": _edition("2024-06-15", "標題")},
                          SERIES_TW.replace('numbering = "none"\n', ""))
    result = cli(["validate", str(folder)])
    assert result.exit_code == 1
    assert "2024-06.toml:1:1: error S202" in result.stdout and "missing required key 'number'" in result.stdout
    assert 'numbering = "none"' in result.stdout  # the hint names the way out


def test_the_issue_line_takes_the_date_placeholders_and_refuses_others(cli, tmp_path):
    series = SERIES_TW.replace('numbering = "none"\n', "") + '\n[labels]\nissue_number = "{year}年{month}月第{number}期"\n'
    folder = write_series(tmp_path / "s", {"2024-06.toml": "number = 5\n" + _edition("2024-06-15", "標題")}, series)
    assert cli(["validate", str(folder)]).exit_code == 0
    assert api.load(folder / "2024-06.toml").issue_line == "2024年6月第5期"
    (folder / "series.toml").write_text(series.replace("{month}", "{week}"), encoding="utf-8")
    result = cli(["validate", str(folder)])
    assert result.exit_code == 1 and "{week}" in result.stdout and "{month}" in result.stdout


def test_hong_kong_labels_and_tag(tmp_path):
    folder = write_series(tmp_path / "s", {"2024-06.toml": _edition("2024-06-15", "標題")},
                          SERIES_TW.replace("zh-TW", "zh-HK"))
    issue = api.load(folder / "2024-06.toml")
    assert issue.language == "zh-Hant-HK" and issue.labels.notes == "注釋：" and issue.labels.report_to == "報："
    text = api.export(issue, "text").decode()
    assert "2024年6月號" in text and "報：校長室" in text
    page = api.export(issue, "html").decode()
    assert '<html lang="zh-Hant-HK">' in page and "注釋：" in page


def test_text_html_epub_and_markdown_print_the_edition(editions):
    issue = api.load(editions / "2024-06.toml")
    assert "2024年6月號" in api.export(issue, "text").decode()
    page = api.export(issue, "html").decode()
    assert '<html lang="zh-Hant-TW">' in page and "<title>校園通訊 2024年6月號</title>" in page
    assert ">目錄<" in page or "目錄" in page
    with zipfile.ZipFile(__import__("io").BytesIO(api.export(issue, "epub"))) as book:
        opf = book.read("EPUB/content.opf").decode()
    assert "<dc:language>zh-Hant-TW</dc:language>" in opf and ">校園通訊 2024年6月號<" in opf
    assert "2024年6月號" in api.export(issue, "markdown").decode()


def test_xml_carries_no_number_and_reads_back(editions, tmp_path):
    issue = api.load(editions / "2024-06.toml")
    out = tmp_path / "i.xml"
    out.write_bytes(api.export(issue, "xml"))
    text = out.read_text(encoding="utf-8")
    assert 'xml:lang="zh-Hant-TW"' in text and re.search(r'<number [^>]*sequence="none"[^>]*>\s*</number>|<number [^>]*sequence="none"[^>]*/>', text)
    back, diagnostics = read_xml_issue(out)
    assert [d for d in diagnostics if d.severity.name == "ERROR"] == []
    assert back.number is None and back.numbering == "none" and back.issue_line == "2024年6月號"


@pytest.mark.parametrize("format", ["text", "html", "epub", "xml", "markdown", "docx", "pdf"])
def test_every_format_exports_a_folder_of_editions(editions, tmp_path, format):
    try:
        plugins.get_exporter(format)
    except Exception:  # noqa: BLE001 - a plugin not installed here
        pytest.skip(f"no {format} exporter installed")
    out = tmp_path / "out"
    result = export_paths([editions], format, str(out) + "/", jobs=1)
    if not result.ok and format == "pdf" and any("typst" in f.lower() for f in result.failures):
        pytest.skip("PDF typesetting not available")
    assert result.ok, result.failures
    names = sorted(p.name for p in result.written)
    assert any(n.startswith("2024-06") for n in names) and any(n.startswith("2024-07") for n in names)


def test_the_archive_lists_editions_by_date(editions, tmp_path):
    site = tmp_path / "site"
    assert export_paths([editions], "html", str(site) + "/", jobs=1).ok
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.index("2024年7月號") < index.index("2024年6月號")  # newest first
    june = (site / "2024-06.html").read_text(encoding="utf-8")
    assert "2024-07.html" in june  # 下一期 links the next edition


def test_checkers_accept_a_traditional_edition(editions, tmp_path, java, vnu_jar, epubcheck_jar):
    from test_html_export import vnu_messages

    issue = api.load(editions / "2024-06.toml")
    page, book = tmp_path / "p.html", tmp_path / "b.epub"
    page.write_bytes(api.export(issue, "html"))
    book.write_bytes(api.export(issue, "epub"))
    assert vnu_messages(vnu_jar, [page]) == []
    report = tmp_path / "r.json"
    subprocess.run([java, "-jar", str(epubcheck_jar), "-q", "--json", str(report), str(book)], capture_output=True)
    assert json.loads(report.read_text(encoding="utf-8"))["messages"] == []
