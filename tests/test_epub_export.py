"""EPUB export: EPUBCheck 5.3.0 conformance, reading order, navigation, metadata, reproducibility.

EPUBCheck costs a few seconds per book, so one session fixture builds every book once
(the examples, a compilation of the examples, generated edge cases) and checks them all,
in one JVM; the tests then look at its reports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import EXAMPLE_ISSUES, NEWSLETTER_SERIES, SEED_ISSUE

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportOptions

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"

LONG_ZH = "关于进一步深化新时代文明实践中心建设" * 6 + "的若干意见"
LONG_EN = "A Very Long Headline " * 12 + "That Still Has to Fit on a Small Screen"

# Generated edge cases: (folder, {file name: TOML text}).
EDGE_CASES: dict[str, dict[str, str]] = {
    # One article, no columns, no colophon, no series file.
    "one-article": {
        "2025-01.toml": """
name = "测试简报"
issuer = "测试单位"
number = 1
date = 2025-01-06

[[articles]]
id = "only"
title = "唯一的一篇文章"
body = "这是唯一的一段正文。"
""",
    },
    # Very long titles, notes, a leader's instruction, marks, Chinese numerals, a supplement.
    "long-zh": {
        "series.toml": """
name = "宣传信息专报"
issuer = "中共青岛市委宣传部"
columns = ["工作动态", "经验交流"]
number_style = "chinese"
classification = "内部资料，注意保存"
article_numbers = true

[colophon]
report_to = ["省委宣传部"]
extra_distribution = ["各区（市）文明办"]
print_run = 120
""",
        "2025-02.toml": f"""
number = 2
date = 2025-02-10
supplement = true
cumulative_number = 58
copy_number = "000123"
editor_note = "本期集中刊发两篇经验材料，供各单位学习借鉴。"

[leader_box]
text = "请各区（市）认真学习借鉴。"

[column_notes]
"经验交流" = "这是一条栏目编者按。"

[[articles]]
id = "long-one"
column = "工作动态"
title = "{LONG_ZH}"
subtitle = "{LONG_ZH}"
author = "张三"
source = "文明实践工作处"
editor_note = "这是一条文章编者按。"
body = \"\"\"
# 一、总体要求

**坚持问题导向。**这是正文的第一段。

## （一）工作目标

这是正文的第二段。
\"\"\"

[[articles]]
id = "Long-Two_2"
column = "经验交流"
title = "{LONG_ZH}（二）"
body = "这是另一篇文章的正文。"
""",
    },
    # English, no declared columns, very long titles, a full colophon.
    "long-en": {
        "series.toml": """
name = "Riverside Campus Bulletin"
issuer = "Office of Communications, Riverside University"
language = "en"

[colophon]
send_to = ["Deans of all schools and colleges"]
handled_by = "Office of Communications"
reviewer = "Sam Okafor"
editor = "Maya Lindqvist"
phone = "555-0142"
""",
        "2025-04.toml": f"""
number = 4
date = 2025-04-07

[[articles]]
id = "first"
title = "{LONG_EN}"
subtitle = "{LONG_EN}"
author = "Maya Lindqvist"
body = "Short first story with **bold** text & an ampersand < and a less-than sign."

[[articles]]
id = "second"
title = "Second story"
body = \"\"\"
First paragraph.

# A heading

Second paragraph.
\"\"\"
""",
    },
}


def _write_edge_cases(root: Path) -> dict[str, Path]:
    paths = {}
    for folder, files in EDGE_CASES.items():
        (root / folder).mkdir(parents=True)
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
            if name != "series.toml":
                paths[folder] = root / folder / name
    return paths


@pytest.fixture(scope="session")
def edge_issues(tmp_path_factory) -> dict[str, Path]:
    return _write_edge_cases(tmp_path_factory.mktemp("edge"))


BATCH = Path(__file__).with_name("EpubCheckBatch.java")


def _epubcheck(java: str, jar: Path, books: dict[str, Path]) -> dict[str, dict]:
    """EPUBCheck's JSON report for each book: all in one JVM when the JDK can launch a source
    file (tests/EpubCheckBatch.java), else one `java -jar` per book."""
    reports = {name: path.with_suffix(".json") for name, path in books.items()}
    pairs = [str(arg) for name in books for arg in (books[name], reports[name])]
    subprocess.run([java, "-cp", str(jar), str(BATCH), *pairs], capture_output=True)
    for name, book in books.items():
        if not reports[name].is_file():  # a runtime without the compiler: check books one by one
            subprocess.run([java, "-jar", str(jar), "-q", "--json", str(reports[name]), str(book)],
                           capture_output=True)
    assert all(report.is_file() for report in reports.values()), "EPUBCheck wrote no report"
    return {name: json.loads(report.read_text(encoding="utf-8")) for name, report in reports.items()}


@pytest.fixture(scope="session")
def epubcheck_reports(java, epubcheck_jar, edge_issues, tmp_path_factory) -> dict[str, dict]:
    """Every book the suite checks, built once and checked by one EPUBCheck run."""
    out = tmp_path_factory.mktemp("epub")
    examples = [api.load(path) for path in EXAMPLE_ISSUES]
    edges = {name: api.load(path) for name, path in edge_issues.items()}
    books = {f"example-{path.parent.name}": api.export(issue, "epub") for path, issue in zip(EXAMPLE_ISSUES, examples)}
    books["compilation-examples"] = api.export_collection(examples, "epub")
    books.update({f"edge-{name}": api.export(issue, "epub") for name, issue in edges.items()})
    books["compilation-edge"] = api.export_collection(list(edges.values()), "epub")
    books["control-broken"] = _without_member(books[BOOKS[0]], "EPUB/colophon.xhtml")
    paths = {}
    for name, data in books.items():
        paths[name] = out / f"{name}.epub"
        paths[name].write_bytes(data)
    return _epubcheck(java, epubcheck_jar, paths)


BOOKS = [f"example-{p.parent.name}" for p in EXAMPLE_ISSUES] + [
    "compilation-examples", *(f"edge-{name}" for name in EDGE_CASES), "compilation-edge"]


def _without_member(data: bytes, name: str) -> bytes:
    """A copy of the book missing one file: EPUBCheck must report it (checks the checking)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def test_epubcheck_reports_a_broken_book(epubcheck_reports):
    report = epubcheck_reports["control-broken"]
    assert report["checker"]["nError"] > 0
    assert "RSC-001" in {message["ID"] for message in report["messages"]}


@pytest.mark.parametrize("book", BOOKS)
def test_epubcheck_reports_nothing(epubcheck_reports, book):
    report = epubcheck_reports[book]
    messages = [f"{m['severity']} {m['ID']}: {m['message']} {m.get('locations')}" for m in report["messages"]]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), "\n".join(messages)
    assert report["publication"]["ePubVersion"].startswith("3")


# -- reading the package ------------------------------------------------------------------

class Book:
    """The parts of an EPUB the tests look at, parsed with lxml from the zip."""

    def __init__(self, data: bytes):
        from lxml import etree

        self.zip = zipfile.ZipFile(BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.folder = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        manifest = self.opf.find(f"{OPF}manifest")
        self.items = {item.get("id"): item for item in manifest}
        self.spine = [self.items[ref.get("idref")].get("href") for ref in self.opf.find(f"{OPF}spine")]
        nav_href = next(i.get("href") for i in manifest if "nav" in (i.get("properties") or "").split())
        self.nav_href = nav_href
        self.nav = etree.fromstring(self.zip.read(self.folder + nav_href))
        ncx_id = self.opf.find(f"{OPF}spine").get("toc")
        self.ncx = etree.fromstring(self.zip.read(self.folder + self.items[ncx_id].get("href")))

    def metadata(self, tag: str) -> list[str]:
        return [element.text for element in self.opf.find(f"{OPF}metadata").iter(f"{DC}{tag}")]

    def meta_property(self, name: str) -> str:
        return next(m.text for m in self.opf.find(f"{OPF}metadata").iter(f"{OPF}meta") if m.get("property") == name)

    def document(self, href: str):
        from lxml import etree

        return etree.fromstring(self.zip.read(self.folder + href))

    def toc_tree(self) -> list:
        """The navigation document's toc as nested (text, href, children)."""
        toc = next(n for n in self.nav.iter(f"{XHTML}nav") if n.get(OPS_TYPE) == "toc")

        def walk(ol):
            entries = []
            for li in ol.findall(f"{XHTML}li"):
                link = li.find(f"{XHTML}a")
                child = li.find(f"{XHTML}ol")
                entries.append((link.text, link.get("href"), walk(child) if child is not None else []))
            return entries

        return walk(toc.find(f"{XHTML}ol"))

    def ncx_tree(self) -> list:
        def walk(parent):
            return [(point.find(f"{NCX}navLabel/{NCX}text").text, point.find(f"{NCX}content").get("src"),
                     walk(point)) for point in parent.findall(f"{NCX}navPoint")]

        return walk(self.ncx.find(f"{NCX}navMap"))


def _export(path: Path, **options) -> bytes:
    return api.export(api.load(path), "epub", ExportOptions(**options))


def _titles(entries) -> list:
    return [(text, [_titles(children)] if children else []) for text, _, children in entries]


# -- structure ----------------------------------------------------------------------------

def test_reading_order_is_title_page_contents_articles_colophon():
    issue = api.load(SEED_ISSUE)
    book = Book(api.export(issue, "epub"))
    spine = book.spine
    assert spine[0] == "titlepage.xhtml" and spine[1] == book.nav_href and spine[-1] == "colophon.xhtml"
    article_ids = [book.document(href).find(f".//{XHTML}article[@class='article']").get("id") for href in spine[2:-1]]
    assert article_ids == [a.id for a in issue.articles_in_print_order]
    # Every document is XHTML with a .xhtml name made of ASCII without spaces.
    for href in spine:
        assert href.endswith(".xhtml") and href.isascii() and " " not in href
        assert book.items[next(k for k, v in book.items.items() if v.get("href") == href)].get(
            "media-type") == "application/xhtml+xml"


def test_title_page_is_the_masthead_and_colophon_has_the_distribution():
    issue = api.load(SEED_ISSUE)
    book = Book(api.export(issue, "epub"))
    title_page = book.document("titlepage.xhtml")
    masthead = title_page.find(f".//{XHTML}section")
    assert masthead.get(OPS_TYPE) == "titlepage"
    text = "".join(masthead.itertext())
    for expected in (issue.name, issue.issue_line, issue.issuer, issue.labels.format_date(issue.date)):
        assert expected in text
    assert title_page.find(f".//{XHTML}h1").text == issue.name
    colophon = "".join(book.document("colophon.xhtml").itertext())
    assert "报：省委宣传部，市委常委" in colophon and "编辑：" + issue.colophon.editor in colophon
    # The first article of each column carries the 〔column〕 heading, the others do not.
    headings = [book.document(href).find(f".//{XHTML}p[@class='column-heading']") for href in book.spine[2:-1]]
    assert [h.text if h is not None else None for h in headings] == [
        "〔工作动态〕", None, "〔经验交流〕", None, None, None]


def test_navigation_matches_the_issue_in_nav_and_ncx():
    issue = api.load(SEED_ISSUE)
    book = Book(api.export(issue, "epub"))
    expected = [(issue.labels.title_page, [])]
    for column in issue.columns:
        expected.append((f"〔{column.name}〕", [[(article.title, []) for article in column.articles]]))
    expected.append((issue.labels.colophon, []))
    assert _titles(book.toc_tree()) == expected
    assert _titles(book.ncx_tree()) == expected
    # Every entry points at a document of the spine, articles in spine order.
    hrefs = [href for _, href, children in book.toc_tree() for href in [href, *(h for _, h, _ in children)]]
    assert set(hrefs) <= set(book.spine)
    assert [h for h in dict.fromkeys(hrefs)] == [h for h in book.spine if h != book.nav_href]
    # The landmarks are kept for reading systems but hidden on the visible contents page.
    landmarks = next(n for n in book.nav.iter(f"{XHTML}nav") if n.get(OPS_TYPE) == "landmarks")
    assert landmarks.get("hidden") is not None


def test_edge_cases_structure(edge_issues):
    single = Book(_export(edge_issues["one-article"]))
    assert single.spine == ["titlepage.xhtml", single.nav_href, "a01-only.xhtml"]  # no colophon page
    assert _titles(single.toc_tree()) == [("报头", []), ("唯一的一篇文章", [])]
    english = Book(_export(edge_issues["long-en"]))
    assert _titles(english.toc_tree()) == [("Masthead", []), (" ".join(LONG_EN.split()), []), ("Second story", []),
                                           ("Colophon", [])]
    article = english.document(english.spine[2])
    assert article.get("lang") == "en"
    assert "an ampersand < and a less-than sign" in "".join(article.itertext())
    chinese = Book(_export(edge_issues["long-zh"]))
    page = "".join(chinese.document("titlepage.xhtml").itertext())
    for expected in ("增刊第二期（总第五十八期）", "内部资料，注意保存", "000123", "请各区（市）认真学习借鉴。",
                     "编者按：本期集中刊发两篇经验材料"):
        assert expected in page
    second = "".join(chinese.document(chinese.spine[3]).itertext())
    assert "〔经验交流〕" in second and "编者按：这是一条栏目编者按。" in second
    # The series numbers its articles: so do the contents, across columns.
    assert [children[0][0] for _, _, children in chinese.toc_tree() if children] == [
        f"1. {LONG_ZH}", f"2. {LONG_ZH}（二）"]
    headings = [h.text for h in chinese.document(chinese.spine[2]).iter(f"{XHTML}h2", f"{XHTML}h3")]
    assert headings == ["一、总体要求", "（一）工作目标"]


def test_compilation_nests_issue_column_article():
    issues = [api.load(path) for path in EXAMPLE_ISSUES]
    book = Book(api.export_collection(issues, "epub"))
    tree = book.toc_tree()
    assert len(tree) == len(issues)
    for (text, href, children), issue in zip(tree, issues):
        assert issue.issue_line in text and href.endswith("titlepage.xhtml")
        columns = [entry for entry in children if entry[2]]
        assert [[t for t, _, _ in entry[2]] for entry in columns] == [
            [a.title for a in column.articles] for column in issue.columns]
        assert children[-1][0] == issue.labels.colophon
    assert _titles(book.ncx_tree()) == _titles(tree)
    # Reading order: the book's title page, the contents, then each issue in order.
    assert book.spine[:2] == ["title.xhtml", book.nav_href]
    expected = []
    for number, issue in enumerate(issues, start=1):
        prefix = f"i{number:02d}-"
        expected += [f"{prefix}titlepage.xhtml",
                     *(f"{prefix}a{n:02d}-{a.id}.xhtml" for n, a in enumerate(issue.articles_in_print_order, 1)),
                     f"{prefix}colophon.xhtml"]
    # then the attachments, non-linear, after every page (epub/attachments.py)
    assert book.spine[2:len(expected) + 2] == expected
    assert all(name.startswith("files/") for name in book.spine[len(expected) + 2:])
    assert book.metadata("language") == list(dict.fromkeys(i.language for i in issues))
    # Entries of an issue in another language than the book say so, for the reader's fonts.
    marked = [li for li in book.nav.iter(f"{XHTML}li") if li.get("lang")]
    assert [li.get("lang") for li in marked] == [i.language for i in issues[1:] if i.language != issues[0].language]
    others = [i for i in issues[1:] if i.language != issues[0].language]
    assert all(issue.name in "".join(li.itertext()) for issue, li in zip(others, marked))


# -- metadata -----------------------------------------------------------------------------

def test_metadata_title_language_publisher_dates_identifier():
    issue = api.load(SEED_ISSUE)
    book = Book(api.export(issue, "epub"))
    assert book.metadata("title") == ["宣传信息专报 2023年第6期"]
    assert book.metadata("language") == ["zh-CN"]
    assert book.metadata("publisher") == ["中共青岛市委宣传部"]
    assert book.metadata("date") == ["2023-08-14"]
    dt.date.fromisoformat(book.metadata("date")[0])
    assert book.meta_property("dcterms:modified") == "2023-08-14T00:00:00Z"
    identifier = book.metadata("identifier")
    assert len(identifier) == 1 and identifier[0].startswith("urn:uuid:")
    assert book.opf.get("unique-identifier") == book.opf.find(f"{OPF}metadata/{DC}identifier").get("id")
    accessibility = [(m.get("property"), m.text) for m in book.opf.find(f"{OPF}metadata").iter(f"{OPF}meta")
                     if (m.get("property") or "").startswith("schema:")]
    assert ("schema:accessModeSufficient", "textual") in accessibility
    assert ("schema:accessibilityFeature", "tableOfContents") in accessibility
    english = Book(_export(NEWSLETTER_SERIES / "2024-03.toml"))
    assert english.metadata("title") == ["Riverside Campus Bulletin, 2024, Issue 3"]
    assert english.metadata("language") == ["en"]


def test_identifier_is_stable_and_distinct_per_issue(edge_issues, tmp_path):
    first = Book(_export(SEED_ISSUE)).metadata("identifier")
    again = Book(_export(SEED_ISSUE, source_date_epoch=1)).metadata("identifier")
    assert first == again
    # Another number of the same series gets another identifier.
    folder = tmp_path / "xuanchuan-zhuanbao"
    folder.mkdir()
    for source in SEED_ISSUE.parent.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    issue_file = folder / SEED_ISSUE.name
    issue_file.write_text(issue_file.read_text(encoding="utf-8").replace("number = 6", "number = 7", 1),
                          encoding="utf-8")
    identifiers = {first[0], Book(_export(issue_file)).metadata("identifier")[0]}
    identifiers |= {Book(_export(path)).metadata("identifier")[0] for path in [*edge_issues.values(), *EXAMPLE_ISSUES]}
    assert len(identifiers) == 2 + len(edge_issues) + len(EXAMPLE_ISSUES) - 1
    # A compilation has its own identifier, fixed by the issues it holds.
    issues = [api.load(path) for path in EXAMPLE_ISSUES]
    compilation = Book(api.export_collection(issues, "epub")).metadata("identifier")[0]
    assert compilation not in identifiers
    assert Book(api.export_collection(issues, "epub")).metadata("identifier")[0] == compilation


# -- reproducibility ----------------------------------------------------------------------

def test_same_input_gives_identical_bytes(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    issues = [api.load(path) for path in EXAMPLE_ISSUES]
    first = [api.export(issues[0], "epub"), api.export_collection(issues, "epub")]
    time.sleep(2.1)  # past the zip format's 2-second timestamp resolution
    second = [api.export(api.load(EXAMPLE_ISSUES[0]), "epub"),
              api.export_collection([api.load(path) for path in EXAMPLE_ISSUES], "epub")]
    assert first == second
    # No clock anywhere: every member carries the issue date; mimetype is first and stored.
    archive = zipfile.ZipFile(BytesIO(first[0]))
    infos = archive.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert first[0][30:38] == b"mimetype" and archive.read("mimetype") == b"application/epub+zip"
    date = issues[0].date
    assert {info.date_time for info in infos} == {(date.year, date.month, date.day, 0, 0, 0)}


def test_source_date_epoch_sets_every_timestamp(monkeypatch):
    epoch = 1700000000  # 2023-11-14T22:13:20Z
    by_option = _export(SEED_ISSUE, source_date_epoch=epoch)
    book = Book(by_option)
    assert book.meta_property("dcterms:modified") == "2023-11-14T22:13:20Z"
    assert {info.date_time for info in book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert by_option != _export(SEED_ISSUE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    assert _export(SEED_ISSUE) == by_option
    # An epoch before 1980 (the zip format's first date) still gives a valid archive.
    early = Book(_export(SEED_ISSUE, source_date_epoch=0))
    assert early.meta_property("dcterms:modified") == "1970-01-01T00:00:00Z"
    assert {info.date_time for info in early.zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_plugin_module_loads_no_implementation():
    """Registering the format (what `bulletin validate` does) loads neither ebooklib, lxml nor the page code."""
    code = ("import sys, bulletin_cli.formats.epub.plugin as m; from bulletin_cli import plugins; plugins.exporters(); "
            "print(sorted(k for k in sys.modules if k.split('.')[0] in ('ebooklib', 'lxml') or k in "
            "('bulletin_cli.formats.epub.pages', 'bulletin_cli.formats.html.parts')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# -- through the command ------------------------------------------------------------------

def _second_issue(folder: Path) -> Path:
    """A copy of the seed series with a second issue (number 7, a month later)."""
    folder.mkdir()
    for source in SEED_ISSUE.parent.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    text = SEED_ISSUE.read_text(encoding="utf-8")
    later = folder / "2023-07.toml"
    later.write_text(text.replace("number = 6", "number = 7", 1).replace("date = 2023-08-14", "date = 2023-09-11", 1),
                     encoding="utf-8")
    return later


def test_cli_exports_an_issue_folder_to_an_epub(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    target = tmp_path / "out.epub"
    result = cli(["export", SEED_ISSUE.parent, "--to", "epub", "-o", target], env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert target.read_bytes() == _export(SEED_ISSUE)  # the command writes what the library renders
    assert Book(target.read_bytes()).metadata("title") == ["宣传信息专报 2023年第6期"]
    result = cli(["export", SEED_ISSUE, "--to", "epub", "-o", target], env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert Book(target.read_bytes()).meta_property("dcterms:modified") == "2023-11-14T22:13:20Z"


def test_cli_compiles_several_issue_files_into_one_epub(cli, tmp_path):
    later = _second_issue(tmp_path / "xuanchuan-zhuanbao")
    earlier = later.with_name(SEED_ISSUE.name)
    target = tmp_path / "2023.epub"
    # Given latest first: the book still runs in date order.
    result = cli(["export", later, earlier, "--to", "epub", "-o", target, "-O", "title=宣传信息专报2023年合订本"],
                 env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.stdout + result.stderr
    book = Book(target.read_bytes())
    assert book.metadata("title") == ["宣传信息专报2023年合订本"]
    assert book.metadata("date") == ["2023-09-11"]
    assert [text for text, _, _ in book.toc_tree()] == ["第6期 · 2023年8月14日", "第7期 · 2023年9月11日"]
    assert [len(children) for _, _, children in book.toc_tree()] == [3, 3]  # two columns and the colophon
    # The folder gives the same book as the list of its issues.
    again = tmp_path / "again.epub"
    result = cli(["export", later.parent, "--to", "epub", "-o", again, "-O", "title=宣传信息专报2023年合订本"],
                 env={"SOURCE_DATE_EPOCH": ""})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert again.read_bytes() == target.read_bytes()


def test_another_reader_finds_every_article(tmp_path):
    """pandoc's EPUB reader (not ours) reads the book: every title, the colophon, in order."""
    pandoc = shutil.which("pandoc")
    if not pandoc:
        pytest.skip("pandoc not installed")
    issue = api.load(SEED_ISSUE)
    book = tmp_path / "seed.epub"
    book.write_bytes(api.export(issue, "epub"))
    proc = subprocess.run([pandoc, "-f", "epub", "-t", "plain", "--wrap=none", str(book)],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    positions = [text.rfind(article.title) for article in issue.articles_in_print_order]
    assert -1 not in positions and positions == sorted(positions)
    assert text.rfind("报：省委宣传部") > positions[-1]
