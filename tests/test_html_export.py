"""The HTML exporter: valid HTML5 (vnu), working links, escaping, A4 print in Chromium, the archive."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import CHROMIUM_FLAGS, _run_cli, EXAMPLES, EXAMPLE_ISSUES, NEWSLETTER_SERIES, SEED_ISSUE

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.model.issue import Article, Colophon, Issue, LeaderBox
from bulletin_cli.model.labels import labels_for
from bulletin_cli.formats.markup import parse_text

HOSTILE = "<script>alert('x')</script> & \"quoted\" <b>not bold</b>"


# -- helpers ---------------------------------------------------------------------------

class Page(HTMLParser):
    """What the tests need from a page: elements, ids, links, text by element."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text_parts: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self.texts_by_class: dict[str, list[str]] = {}
        self._capture: list[tuple[str, list[str]]] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
        if tag in {"meta", "link", "img", "br", "hr", "input", "source"}:
            return
        for name in (attributes.get("class") or "").split():
            self._capture.append((name, []))
        self._stack.append((tag, attributes))

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, attributes = self._stack.pop()
            for name in reversed((attributes.get("class") or "").split()):
                captured_name, parts = self._capture.pop()
                self.texts_by_class.setdefault(captured_name, []).append("".join(parts))
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.text_parts.append(data)
        for _, parts in self._capture:
            parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    def first(self, tag: str) -> dict[str, str | None]:
        return next(a for t, a in self.tags if t == tag)


def export_html(issue: Issue, **extra: str) -> str:
    return api.export(issue, "html", ExportOptions(extra=extra)).decode("utf-8")


def export_site(paths: list[Path], out: Path) -> list[Path]:
    """`bulletin export PATHS --to html -o OUT/`, the real command; the files it wrote."""
    result = _run_cli(["export", *paths, "--to", "html", "-o", f"{out}/"])
    assert result.exit_code == 0, result.stdout + result.stderr
    return sorted(out.rglob("*.html"))


def full_featured_issue() -> Issue:
    """Every optional element: marks, cumulative number, notes, leader text, four heading levels."""
    body = parse_text(
        "**导语加粗。**正文第一段。\n\n# 一、总体情况\n\n第一层级下的正文。\n\n## （一）主要做法\n\n"
        "第二层级下的正文。\n\n### 1.建立机制\n\n第三层级。\n\n#### （1）明确分工\n\n第四层级下的正文。"
    )
    return Issue(
        name="工作简报", issuer="某某办公室", date=dt.date(2024, 1, 5), number=1, cumulative_number=87,
        classification="内部资料，注意保存", copy_number="000123",
        leader_box=LeaderBox(parse_text("请各单位认真学习。")),
        editor_note=parse_text("本期刊发两篇文章。"),
        declared_columns=("综合", "交流"),
        column_notes=(("交流", parse_text("栏目按语。")),),
        articles=(
            Article("a1", "第一篇文章的标题", body, column="综合", subtitle="副标题文字", author="张三",
                    source="办公室", editor_note=parse_text("文章按语。")),
            Article("a2", "第二篇文章", parse_text("第二篇正文。"), column="交流", source="研究室"),
        ),
        colophon=Colophon(report_to=("甲",), send_to=("乙", "丙"), distribute_to=("丁",),
                          extra_distribution=("戊",), handled_by="办公室", reviewer="李四", editor="王五",
                          phone="12345678", print_run=40),
    )


def hostile_issue() -> Issue:
    return Issue(
        name=f"简报{HOSTILE}", issuer=f"单位{HOSTILE}", date=dt.date(2024, 2, 1), number=2,
        classification=HOSTILE, copy_number=HOSTILE,
        leader_box=LeaderBox(parse_text(HOSTILE)), editor_note=parse_text(HOSTILE),
        declared_columns=(HOSTILE,),
        articles=(
            Article("x1", HOSTILE, parse_text(f"{HOSTILE}\n\n# {HOSTILE}\n\n**{HOSTILE}**"), column=HOSTILE,
                    subtitle=HOSTILE, author=HOSTILE, source=HOSTILE),
        ),
        colophon=Colophon(report_to=(HOSTILE,), handled_by=HOSTILE, phone=HOSTILE),
    )


def minimal_issue() -> Issue:
    """No columns, no leader box, no colophon: the articles stand directly under the masthead."""
    body = parse_text("正文。\n\n# 一、小标题\n\n正文。")
    return Issue(name="简报", issuer="某单位", date=dt.date(2024, 3, 1), number=3, supplement=True,
                 articles=(Article("only", "唯一的文章", body),))


def english_issue_from_example() -> Issue:
    return api.load(NEWSLETTER_SERIES / "2024-03.toml")


def vnu_messages(vnu_jar: Path, files: list[Path]) -> list[dict]:
    """One JVM for every file: the messages vnu reports, with the file they are about."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)["messages"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("site")
    return out, export_site([EXAMPLES], out)


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    """Every example issue in one file: `bulletin export examples --to html -o all.html`."""
    target = tmp_path_factory.mktemp("collection") / "all.html"
    result = _run_cli(["export", EXAMPLES, "--to", "html", "-o", target])
    assert result.exit_code == 0, result.stdout + result.stderr
    return target


@pytest.fixture(scope="module")
def extra_pages(tmp_path_factory, collection) -> list[Path]:
    out = tmp_path_factory.mktemp("pages")
    pages = [collection]
    from dataclasses import replace

    numbered = replace(full_featured_issue(), article_numbers=True, leader_box=None)
    for name, issue in (("full.html", full_featured_issue()), ("hostile.html", hostile_issue()),
                        ("numbered.html", numbered), ("minimal.html", minimal_issue())):
        pages.append(out / name)
        pages[-1].write_bytes(api.export(issue, "html"))
    return pages


# -- validity and links ----------------------------------------------------------------

def test_vnu_reports_nothing_on_every_example_issue_and_archive_page(vnu_jar, site, extra_pages):
    out, written = site
    files = sorted(written) + extra_pages
    assert {p.name for p in written} >= {"index.html", "index-2023.html", "index-2024.html", "2023-06.html"}
    messages = vnu_messages(vnu_jar, files)
    # Not even "info" messages (such as a trailing slash on a void element) are accepted.
    assert messages == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['type']}: {m['message']}"
                                     for m in messages)


def test_every_link_in_the_site_resolves(site):
    out, written = site
    pages = {path.resolve(): Page(path.read_text(encoding="utf-8")) for path in written}
    checked = 0
    for path, page in pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):  # a link an article's body makes
                continue
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), f"{path}: {href}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.suffix != ".html" and not parts.fragment:  # an image or attachment in media/
                in_media = out.resolve() / "media" in target.parents
                assert in_media and target.is_file(), f"{path.name}: link {href} goes to a missing file"
                checked += 1
                continue
            assert target in pages, f"{path.name}: link {href} goes to a missing page"
            if parts.fragment:
                assert parts.fragment in pages[target].ids, f"{path.name}: {href} has no such id"
            checked += 1
    assert checked > 30


def test_issue_page_structure_and_contents_links():
    issue = api.load(SEED_ISSUE)
    page = Page(export_html(issue))
    assert page.first("html")["lang"] == "zh-CN"
    assert page.count("header") >= 1 + len(issue.articles)  # the masthead and one per article
    assert page.count("article") == len(issue.articles)
    assert page.count("footer") == 1 and page.count("main") == 1
    article_ids = [a["id"] for t, a in page.tags if t == "article"]
    assert article_ids == [a.id for a in issue.articles_in_print_order]
    contents_links = [h for h in page.hrefs if h.startswith("#")]
    assert contents_links == [f"#{a.id}" for a in issue.articles_in_print_order]
    assert page.texts_by_class["bulletin-name"] == ["宣传信息专报"]
    assert page.texts_by_class["issue-line"] == ["第6期"]
    assert page.texts_by_class["issuer"] == ["中共青岛市委宣传部"]
    assert page.texts_by_class["date"] == ["2023年8月14日"]
    assert page.texts_by_class["column-heading"] == ["〔工作动态〕", "〔经验交流〕"]
    assert page.texts_by_class["contents-column"] == ["〔工作动态〕", "〔经验交流〕"]
    assert page.texts_by_class["article-title"] == [a.title for a in issue.articles_in_print_order]
    assert page.texts_by_class["subtitle"] == ["——“遇见学习达人”抖音号正式上线，持续助推全民学习热潮"]
    assert page.texts_by_class["source"][0] == "（文明实践工作处）"
    assert "领导批示" in page.texts_by_class["leader-box"][0]
    distribution = page.texts_by_class["distribution"]
    assert distribution[0] == "报：省委宣传部，市委常委，市人大常委会党组书记，市政协党组书记"
    assert [line[:2] for line in distribution] == ["报：", "送：", "发："]
    assert page.texts_by_class["credits"][0].split() == ["承办：政策法规研究室", "审核：刘利兵", "编辑：耿海英", "电话：85911016"]


def test_page_is_standalone_without_script_or_network():
    source = export_html(api.load(SEED_ISSUE))
    page = Page(source)
    assert source.startswith("<!DOCTYPE html>")
    assert page.count("script") == 0 and page.count("link") == 0 and page.count("img") == 0
    assert page.count("style") == 1
    assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]", source.replace("http://www.w3.org", ""))
    assert "@import" not in source and "url(" not in source
    viewport = [a for t, a in page.tags if t == "meta" and a.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0]["content"]


def test_stylesheet_sets_a4_gbt9704_margins_and_sizes():
    from bulletin_cli.formats.html.parts import stylesheet

    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    assert re.search(r"@page\s*\{[^}]*size:\s*A4;[^}]*margin:\s*37mm 26mm 35mm 28mm;", css)
    printed = css[css.index("@media print"):]
    assert "font-size: 16pt" in printed and "font-size: 22pt" in printed
    pitch = float(re.search(r"line-height:\s*([\d.]+)pt", printed).group(1))
    assert 28 <= pitch <= 29 and int(225 / 25.4 * 72 / pitch) == 22  # 22 lines in the type area
    # A Chinese face comes first in the body stack, free Linux faces close it.
    body_stack = re.search(r"html \{[^}]*font-family:([^;]*);", css).group(1)
    faces = [f.strip().strip('"') for f in body_stack.split(",")]
    assert faces[0] == "FangSong" and "Noto Serif CJK SC" in faces and faces[-1] == "serif"


def test_full_featured_issue_renders_every_optional_element():
    page = Page(export_html(full_featured_issue()))
    marks = page.texts_by_class
    assert marks["classification"] == ["内部资料，注意保存"] and marks["copy-number"] == ["000123"]
    assert marks["issue-line"] == ["第1期（总第87期）"]
    assert "请各单位认真学习。" in marks["leader-box"][0]
    assert [n.strip().startswith("编者按：") for n in marks["editor-note"]] == [True, True, True]
    assert marks["byline"] == ["张三"]
    assert marks["level-1"] == ["一、总体情况"] and marks["level-2"] == ["（一）主要做法"]
    assert marks["level-3"] == ["1.建立机制"] and marks["level-4"] == ["（1）明确分工"]
    # The heading ranks follow the official hierarchy under the article title (h3).
    ranks = {a["class"]: t for t, a in page.tags if (a.get("class") or "").startswith("level-")}
    assert ranks == {"level-1": "h4", "level-2": "h5", "level-3": "h6", "level-4": "p"}
    assert marks["print-run"] == ["共印40份"]
    assert marks["distribution"][-1] == "本期增发：戊"
    assert page.count("strong") >= 3  # the bold lead-in and the 编者按 labels
    assert "article-number" not in marks  # the series does not number its articles


def test_issue_without_columns_leader_box_or_colophon():
    page = Page(export_html(minimal_issue()))
    assert page.texts_by_class["issue-line"] == ["增刊第3期"]
    assert [t for t, a in page.tags if a.get("class") == "article-title"] == ["h2"]
    assert page.texts_by_class["level-1"] == ["一、小标题"]
    assert [t for t, a in page.tags if a.get("class") == "level-1"] == ["h3"]
    assert page.count("footer") == 0 and page.count("section") == 0
    assert page.hrefs == ["#only"]


def test_contents_number_the_articles_when_the_series_asks():
    from dataclasses import replace

    page = Page(export_html(replace(full_featured_issue(), article_numbers=True)))
    assert page.texts_by_class["article-number"] == ["1.", "2."]
    contents = [t for t, a in page.tags if t == "li"]
    assert len(contents) == 2


# -- escaping --------------------------------------------------------------------------

def test_every_string_is_escaped_and_shown_as_text():
    source = export_html(hostile_issue())
    page = Page(source)
    assert page.count("script") == 0
    assert page.count("b") == 0  # <b> in the text stays text
    assert "<script>" not in source.split("</style>", 1)[1]
    marks = page.texts_by_class
    for name in ("article-title", "classification", "copy-number"):
        assert marks[name] == [HOSTILE], name
    assert marks["bulletin-name"] == [f"简报{HOSTILE}"]
    assert marks["issuer"] == [f"单位{HOSTILE}"]
    assert marks["column-heading"] == [f"〔{HOSTILE}〕"]
    assert marks["subtitle"] == [f"——{HOSTILE}"]
    assert marks["source"] == [f"（{HOSTILE}）"]
    assert marks["level-1"] == [HOSTILE]
    assert page.text.count(HOSTILE) >= 12
    strong = [a for t, a in page.tags if t == "strong"]
    assert strong  # the **…** run is bold, its content still text


def test_escaped_fragments_are_well_formed_xml_for_epub():
    from lxml import etree

    from bulletin_cli.formats.html import parts as html_parts

    for issue in (hostile_issue(), full_featured_issue(), api.load(SEED_ISSUE)):
        fragment = f'<div xmlns="http://www.w3.org/1999/xhtml">{html_parts.render_issue_body(issue)}</div>'
        root = etree.fromstring(fragment.encode("utf-8"))
        assert root.find(".//{http://www.w3.org/1999/xhtml}script") is None


# -- the archive -----------------------------------------------------------------------

def test_archive_index_lists_each_series_then_its_issues_by_year_newest_first(site):
    out, _ = site
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    # Three series: the top index lists them, each in its own language, newest first.
    assert index.texts_by_class["archive-year"] == ["督查通报 总目录", "Riverside Campus Bulletin Archive",
                                                    "宣传信息专报 总目录"]
    assert index.first("html")["lang"] == "zh-CN"  # the newest issue's language (督查通报, 2024-06)
    assert [a.get("lang") for t, a in index.tags if t == "section"] == [None, "en", None]
    assert [h for h in index.hrefs if h.endswith("/index.html")] == ["ducha-tongbao/index.html", "newsletter/index.html",
                                                                    "xuanchuan-zhuanbao/index.html"]
    issue_links = [h for h in index.hrefs if "#" not in h and h.endswith(".html") and not h.endswith("index.html")]
    assert issue_links == ["ducha-tongbao/2024-06.html", "newsletter/2024-03.html", "xuanchuan-zhuanbao/2023-06.html"]
    # Each series' index: its years, its issues and their titles.
    for folder, year_heading in (("newsletter", "All articles of 2024"), ("xuanchuan-zhuanbao", "2023年度总目录")):
        own = Page((out / folder / "index.html").read_text(encoding="utf-8"))
        assert own.texts_by_class["archive-year"] == [year_heading]
        for path in (p for p in EXAMPLE_ISSUES if p.parent.name == folder):
            for article in api.load(path).articles:
                assert article.title in own.text


def test_year_index_groups_every_article_by_column(site):
    out, _ = site
    seed = api.load(SEED_ISSUE)
    year = Page((out / "index-2023.html").read_text(encoding="utf-8"))
    # the articles by column, then the year's issues (issue 18)
    assert year.texts_by_class["archive-column-heading"] == ["〔工作动态〕", "〔经验交流〕", "2023年各期"]
    links = [h for h in year.hrefs if "#" in h]
    assert links == [f"xuanchuan-zhuanbao/2023-06.html#{a.id}" for a in seed.articles_in_print_order]
    assert "index.html" in year.hrefs
    assert "xuanchuan-zhuanbao/2023-06.html" in year.hrefs


def test_issue_page_links_back_to_the_archive_only_as_part_of_a_site(site):
    out, _ = site
    page = Page((out / "xuanchuan-zhuanbao" / "2023-06.html").read_text(encoding="utf-8"))
    assert "../index.html" in page.hrefs and "../index-2023.html" in page.hrefs
    alone = Page(export_html(api.load(SEED_ISSUE)))
    assert not [h for h in alone.hrefs if not h.startswith("#")]


def test_pages_link_where_the_export_command_wrote_them(tmp_path):
    """The export command names each page after its path in the folder; the links follow it."""
    source = tmp_path / "in"
    shutil.copytree(SEED_ISSUE.parent, source / "zhuanbao" / "2023")
    out = tmp_path / "out"
    written = export_site([source], out)
    assert [p.relative_to(out).as_posix() for p in written] == [
        "index-2023.html", "index.html", "zhuanbao/2023/2023-06.html"]
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    assert "zhuanbao/2023/2023-06.html" in index.hrefs
    page = Page((out / "zhuanbao/2023/2023-06.html").read_text(encoding="utf-8"))
    assert "../../index.html" in page.hrefs and "../../index-2023.html" in page.hrefs


def test_render_site_without_the_export_command_uses_the_folder_holding_every_issue():
    from bulletin_cli.formats.html import site as html_site

    issues = api.load_many([EXAMPLES])
    files = html_site.render_site(issues, ExportOptions())
    assert set(files) == {"index.html", "index-2023.html", "index-2024.html",
                          "ducha-tongbao/index.html", "newsletter/index.html", "xuanchuan-zhuanbao/index.html", "feed.xml"}
    assert 'href="xuanchuan-zhuanbao/2023-06.html"' in files["index.html"]
    assert 'href="2023-06.html"' in files["xuanchuan-zhuanbao/index.html"]
    one = html_site.render_site([api.load(SEED_ISSUE)], ExportOptions())
    assert 'href="2023-06.html"' in one["index.html"]


def test_one_issue_exported_alone_is_a_page_without_archive(tmp_path):
    result = _run_cli(["export", SEED_ISSUE, "--to", "html", "-o", tmp_path / "seed.html"])
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["seed.html"]
    page = Page((tmp_path / "seed.html").read_text(encoding="utf-8"))
    assert page.count("article") == 6 and not [h for h in page.hrefs if not h.startswith("#")]


# -- several issues in one file ---------------------------------------------------------

def test_collection_holds_every_issue_on_its_own_sheet_with_unique_ids(collection):
    source = collection.read_text(encoding="utf-8")
    page = Page(source)
    issues = api.load_many([EXAMPLES])
    assert page.texts_by_class["bulletin-name"] == [i.name for i in issues]  # oldest first
    assert page.count("main") == 1 and page.count("h1") == 1  # each masthead is an h2 under the cover
    ids = [a["id"] for t, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    for href in page.hrefs:
        if href.startswith(("data:", "https:", "mailto:")):  # an embedded attachment, an article's own link
            continue
        assert href.startswith("#") and href[1:] in page.ids, href
    titles = page.texts_by_class["article-title"]
    assert titles == [a.title for i in issues for a in i.articles_in_print_order]
    sheets = [a for t, a in page.tags if t == "article" and "collected-issue" in a.get("class", "")]
    assert [s.get("lang") for s in sheets] == [None, "en", None]  # the page speaks the newest issue's language (zh-CN)


def test_collection_prints_each_issue_from_a_new_page(chromium, collection, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    pdf = tmp_path / "all.pdf"
    print_to_pdf(chromium, collection, pdf, tmp_path / "profile")
    starts = [squeeze(text)[:12] for text in pdf_text(pdf).split("\f")]
    assert sum(1 for s in starts if s.startswith("宣传信息专报第6期")) == 1
    assert sum(1 for s in starts if s.startswith("RiversideCam")) == 1


# -- English ---------------------------------------------------------------------------

def test_english_newsletter_uses_english_labels_and_language():
    issue = english_issue_from_example()
    page = Page(export_html(issue))
    assert page.first("html")["lang"] == "en"
    marks = page.texts_by_class
    assert marks["issue-line"] == ["Issue 3"] and marks["date"] == ["18 March 2024"]
    assert marks["column-heading"] == ["Campus News", "Research & Teaching"]
    assert marks["distribution"][0] == "To: President's Office, Board of Trustees"
    assert "共印" not in page.text and "报：" not in page.text and "〔" not in page.text
    assert marks["source"][0] == "(University Library)"
    assert marks["level-1"] == ["Priorities for this round", "Next steps"]
    assert labels_for("en").print_run.format(number=300) in marks["print-run"]


# -- small screens ---------------------------------------------------------------------

PHONE_PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pending</title></head>
<body style="margin:0">{frames}
<script>
var results = {{}}, frames = document.querySelectorAll("iframe");
frames.forEach(function (frame) {{
  frame.addEventListener("load", function () {{
    var d = frame.contentDocument, p = d.querySelector(".article-body p");
    results[frame.dataset.name] = [d.documentElement.scrollWidth, d.documentElement.clientWidth,
                                   parseFloat(getComputedStyle(p).fontSize)];
    if (Object.keys(results).length === frames.length) document.title = "probe " + JSON.stringify(results);
  }});
}});
</script></body></html>"""


def test_pages_fit_a_phone_screen_without_sideways_scrolling(chromium, tmp_path):
    """At 360 CSS pixels no line overflows (not even a long unbroken word) and text stays >= 16px."""
    long_word = Article("long", "长链接", parse_text("链接：https://example.org/" + "a" * 150 + " 。"))
    cases = {
        "seed.html": api.load(SEED_ISSUE),
        "english.html": english_issue_from_example(),
        "long.html": Issue(name="简报", issuer="单位", date=dt.date(2024, 1, 1), number=1, articles=(long_word,)),
    }
    frames = []
    for name, issue in cases.items():
        (tmp_path / name).write_bytes(api.export(issue, "html"))
        frames.append(f'<iframe data-name="{name}" src="{name}" style="width:360px;height:700px;border:0"></iframe>')
    probe = tmp_path / "probe.html"
    probe.write_text(PHONE_PROBE.format(frames="".join(frames)), encoding="utf-8")
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files",
         "--dump-dom", probe.resolve().as_uri()],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    found = re.search(r"<title>probe (.*?)</title>", result.stdout)
    assert found, f"the probe did not run: {result.stdout[-300:]}"
    measured = json.loads(found[1].replace("&quot;", '"'))
    assert set(measured) == set(cases)
    for name, (scroll_width, client_width, font_px) in measured.items():
        assert scroll_width <= client_width, f"{name}: {scroll_width}px wide in a {client_width}px screen"
        assert font_px >= 16, f"{name}: body text {font_px}px"


# -- print -----------------------------------------------------------------------------

def print_to_pdf(chromium: str, html_file: Path, pdf: Path, profile: Path) -> None:
    subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html_file.resolve().as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert pdf.is_file() and pdf.stat().st_size > 1000, "Chromium wrote no PDF"


def pdf_text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, encoding="utf-8", check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def media_boxes(pdf: Path) -> list[tuple[float, float]]:
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def test_chromium_prints_the_seed_on_a4_with_masthead_and_every_title(chromium, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    issue = api.load(SEED_ISSUE)
    page = tmp_path / "seed.html"
    page.write_bytes(api.export(issue, "html"))
    pdf = tmp_path / "seed.pdf"
    print_to_pdf(chromium, page, pdf, tmp_path / "profile")
    boxes = media_boxes(pdf)
    assert boxes and all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in boxes), boxes
    text = squeeze(pdf_text(pdf))
    for expected in ("宣传信息专报", "第6期", "中共青岛市委宣传部", "2023年8月14日", "领导批示", "〔工作动态〕"):
        assert expected in text
    for article in issue.articles:
        assert text.count(squeeze(article.title)) >= 2, article.title  # in the contents and above the article
    assert "报：省委宣传部" in text and "电话：85911016" in text
    first_page = squeeze(pdf_text(pdf, 1))
    assert first_page.startswith("宣传信息专报第6期中共青岛市委宣传部2023年8月14日")
    # The Chinese faces come first, so no character (not even “”, digits or Latin) fell back
    # to a Latin face such as DejaVu.
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" not in fonts and "Liberation" not in fonts, fonts


def test_no_article_title_is_left_alone_at_the_foot_of_a_page(chromium, tmp_path):
    """Forty articles of uneven length: wherever a title falls, its text starts on the same page."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) not installed")
    articles = []
    for n in range(1, 41):
        sentences = "这是用于检验分页效果的一句正文。" * (3 + (n * 7) % 17)
        body = f"甲{n:02d}乙开头。{sentences}\n\n" + "第二段补充说明文字。" * ((n * 5) % 9 + 1)
        articles.append(Article(f"a{n}", f"丙{n:02d}丁第{n}篇文章的标题比较长需要换行排版显示效果", parse_text(body)))
    issue = Issue(name="分页测试简报", issuer="测试单位", date=dt.date(2024, 5, 1), number=9, articles=tuple(articles))
    page = tmp_path / "long.html"
    page.write_bytes(api.export(issue, "html"))
    pdf = tmp_path / "long.pdf"
    print_to_pdf(chromium, page, pdf, tmp_path / "profile")
    pages = [squeeze(text) for text in pdf_text(pdf).split("\f")]
    assert len(pages) > 15
    for n in range(1, 41):
        # The title's last occurrence is above the article (the first is in the contents).
        title_page = max(i for i, text in enumerate(pages) if f"丙{n:02d}丁" in text)
        body_pages = [i for i, text in enumerate(pages) if f"甲{n:02d}乙" in text]
        assert body_pages == [title_page], f"article {n}: title on page {title_page + 1}, text on {body_pages}"
