"""The HTML print in Chromium, measured in its PDF with pdfplumber (GB/T 9704), and the word
spans that keep titles, contents entries and unit names whole (formats/html/wholewords.py)."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import importlib.util
import json
import logging
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bulletin_cli import api
from bulletin_cli.formats.html.wholewords import keep_words, word_runs
from bulletin_cli.formats.markup import parse_text
from bulletin_cli.formats.words import break_opportunities
from bulletin_cli.model.issue import Article, Issue
from conftest import CHROMIUM_FLAGS, SEED_ISSUE, _need
from test_html_export import pdf_text, print_to_pdf

MM = 72 / 25.4
LEFT, TOP, RIGHT, BOTTOM = 28.0, 37.0, 184.0, 262.0  # the type area, mm from the top-left corner
EM = 16 / MM  # the body's 16 pt in mm

# -- word spans (no browser) ------------------------------------------------------------


def spans(html: str) -> list[str]:
    return re.findall(r'<span class="word">(.*?)</span>', html)


def test_each_word_goes_in_a_span_and_the_text_is_unchanged():
    html = keep_words("市委办公厅")
    assert spans(html) == ["市委", "办公厅"]
    assert re.sub(r"<[^>]+>", "", html) == "市委办公厅"
    assert html.startswith('<span class="words">') and html.endswith("</span>")


def test_a_number_stays_with_its_unit_and_marks_with_their_word():
    assert "2022年度" in spans(keep_words("青岛市2022年度总结会"))
    assert "1-6月" in spans(keep_words("1-6月全市增长较快"))
    words = spans(keep_words("全市“学习强国”工作座谈会暨青岛学习平台上线四周年活动举行"))
    assert "“学习强国”" in words and "四周年" in words and "青岛" in words
    assert any(w.startswith("——") for w in spans(keep_words("——记青岛市文明办")))


def test_runs_give_the_text_back_and_cut_only_at_word_boundaries_or_spaces():
    for text in ["市南区推进“红·绿·蓝”融合发展 打造企业美德健康生活方式“第三空间”", "Campus News",
                 "各区(市)党委书记、宣传部长", "", "会", "a&b <市委>"]:
        runs = word_runs(text)
        assert "".join(runs) == text
        cuts = [len("".join(runs[:n])) for n in range(1, len(runs))]
        bounds = set(break_opportunities(text))
        assert all(i in bounds or text[i].isspace() or text[i - 1].isspace() for i in cuts), (text, runs)


def test_word_spans_are_well_formed_xhtml_and_escaped():
    html = keep_words("a&b <市委办公厅> “x”")
    ET.fromstring(html)  # EPUB chapters are XHTML
    assert "&amp;" in html and "&lt;" in html and "<市" not in html


def test_latin_text_gets_no_word_spans():
    assert spans(keep_words("Priorities for this round")) == []


def test_the_seed_page_puts_titles_contents_and_unit_names_in_word_spans():
    page = api.export(api.load(SEED_ISSUE), "html").decode("utf-8")
    assert '<h2 class="article-title"' in page or '<h3 class="article-title"' in page
    title = re.search(r'class="article-title"[^>]*>(.*?)</h[23]>', page)[1]
    assert '<span class="word">新时代</span>' in title
    assert '<span class="word">办公厅</span>' in keep_words("市委办公厅")
    names = re.search(r'<span class="names">(.*?)</span></p>', page)[1]
    assert '<span class="word">宣传部</span>' in names
    contents = page[page.index('class="contents"'):page.index("</nav>")]
    assert contents.count('<span class="words">') == len(api.load(SEED_ISSUE).articles)


# -- the print, measured ------------------------------------------------------------------


@pytest.fixture(scope="session")
def pdfplumber():
    if importlib.util.find_spec("pdfplumber") is None and os.environ.get("BULLETIN_PDF_CHECKERS_SITE"):
        sys.path.append(os.environ["BULLETIN_PDF_CHECKERS_SITE"])  # .ci/install-checkers' own venv
    _need("pdfplumber", importlib.util.find_spec("pdfplumber"))
    import pdfplumber as module

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's Type 3 fonts have no FontBBox
    return module


@dataclasses.dataclass
class Printed:
    issue: Issue
    pages: list  # per page: (chars, rects), positions in mm from the top-left corner


def _print(chromium, pdfplumber, issue: Issue, folder: Path) -> Printed:
    page = folder / "issue.html"
    page.write_bytes(api.export(issue, "html"))
    pdf = folder / "issue.pdf"
    print_to_pdf(chromium, page, pdf, folder / "profile")
    pages = []
    with pdfplumber.open(pdf) as document:
        for p in document.pages:
            chars = [dict(c, x0=c["x0"] / MM, x1=c["x1"] / MM, top=c["top"] / MM, bottom=c["bottom"] / MM)
                     for c in p.chars if c["text"].strip() and c["text"].isprintable()]  # Skia writes a space as \x01
            rects = [dict(r, x0=r["x0"] / MM, x1=r["x1"] / MM, top=r["top"] / MM, bottom=r["bottom"] / MM)
                     for r in p.rects]
            pages.append((chars, rects))
    return Printed(issue, pages)


@pytest.fixture(scope="module")
def seed_print(chromium, pdfplumber, tmp_path_factory) -> Printed:
    return _print(chromium, pdfplumber, api.load(SEED_ISSUE), tmp_path_factory.mktemp("seed-print"))


@pytest.fixture(scope="module")
def numbered_print(chromium, pdfplumber, tmp_path_factory) -> Printed:
    issue = dataclasses.replace(api.load(SEED_ISSUE), article_numbers=True)
    return _print(chromium, pdfplumber, issue, tmp_path_factory.mktemp("numbered-print"))


def lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into printed lines (same baseline), top to bottom, left to right."""
    by_baseline = collections.defaultdict(list)
    for char in chars:
        by_baseline[round(char["bottom"], 0)].append(char)
    return [sorted(by_baseline[key], key=lambda c: c["x0"]) for key in sorted(by_baseline)]


def body_chars(chars):
    return [c for c in chars if c["top"] < BOTTOM]


def breaks_of(text: str) -> set[int]:
    """Where a line may end in ``text``, counted in its characters other than spaces (which
    print no character): at a word boundary or a space."""
    kept = [i for i, c in enumerate(text) if not c.isspace()]
    allowed = set(break_opportunities(text)) | {i for i, c in enumerate(text) if c.isspace()}
    allowed |= {i + 1 for i, c in enumerate(text) if c.isspace()}
    return {n for n, i in enumerate(kept) if n and i in allowed}


def test_titles_break_only_between_words(seed_print):
    title_lines = [line for chars, _ in seed_print.pages for line in lines(body_chars(chars))
                   if abs(line[0]["size"] - 22) < 0.1]
    wrapped = 0
    for article in seed_print.issue.articles_in_print_order:
        length = len(re.sub(r"\s", "", article.title))
        counts = []
        while sum(counts) < length:
            counts.append(len(title_lines.pop(0)))
        assert sum(counts) == length, article.title
        joins = {sum(counts[:n]) for n in range(1, len(counts))}
        assert joins <= breaks_of(article.title), (article.title, counts)
        wrapped += len(counts) > 1
    assert wrapped >= 2, "the seed has titles longer than a line"


def test_contents_entries_hang_after_their_number_and_break_between_words(numbered_print):
    issue = numbered_print.issue
    printed = [line for chars, _ in numbered_print.pages[:2] for line in lines(body_chars(chars))]
    heading = next(i for i, line in enumerate(printed) if abs(line[0]["size"] - 17.6) < 0.1)  # 目录, 1.1em
    first_title = next(i for i, line in enumerate(printed) if abs(line[0]["size"] - 22) < 0.1)
    entry_lines = [line for line in printed[heading + 1:first_title]
                   if line[0]["x0"] > LEFT + 1.5 * EM]  # column headings sit at the left edge
    entries, titles = [], [a.title for a in issue.articles_in_print_order]
    for line in entry_lines:
        text = "".join(c["text"] for c in line)
        if re.match(r"\d+\.", text):
            entries.append([line])
        else:
            entries[-1].append(line)
    assert len(entries) == len(titles)
    hanging = 0
    for title, entry in zip(titles, entries):
        number = len(re.match(r"\d+\.", "".join(c["text"] for c in entry[0]))[0])
        assert entry[0][0]["x0"] == pytest.approx(LEFT + 2 * EM, abs=0.3)  # the number, indented 2 字
        title_x = entry[0][number]["x0"]
        for line in entry[1:]:
            assert line[0]["x0"] == pytest.approx(title_x, abs=0.3), title  # under the title, not the number
            hanging += 1
        counts = [len(entry[0]) - number] + [len(line) for line in entry[1:]]
        assert sum(counts) == len(re.sub(r"\s", "", title))
        assert {sum(counts[:n]) for n in range(1, len(counts))} <= breaks_of(title), (title, counts)
    assert hanging >= 2, "the seed's contents have entries longer than a line"


def test_colophon_rules_are_thick_thin_thick(seed_print):
    chars, rects = seed_print.pages[-1]
    rules = sorted((r for r in rects if r["x1"] - r["x0"] == pytest.approx(RIGHT - LEFT, abs=0.5)
                    and r["bottom"] - r["top"] < 1), key=lambda r: r["top"])
    heights = [round(r["bottom"] - r["top"], 3) for r in rules]
    lines_in_colophon = len(seed_print.issue.colophon.distribution(seed_print.issue.labels)) + 1
    assert len(heights) == lines_in_colophon + 1, heights
    assert heights[0] == pytest.approx(0.35, abs=0.01) and heights[-1] == pytest.approx(0.35, abs=0.01), heights
    assert all(h == pytest.approx(0.25, abs=0.01) for h in heights[1:-1]), heights
    assert all(r["non_stroking_color"] in ((0,), (0, 0, 0), [0], [0, 0, 0]) for r in rules)


def test_page_numbers_7mm_below_the_type_area_one_character_in_on_alternating_sides(seed_print):
    inset = 14 / MM  # one character of the number's 4号 (14 pt)
    for number, (chars, _) in enumerate(seed_print.pages, start=1):
        footer = sorted((c for c in chars if c["top"] >= BOTTOM), key=lambda c: c["x0"])
        assert "".join(c["text"] for c in footer) == f"—{number}—"
        middle = (footer[0]["top"] + footer[0]["bottom"]) / 2  # where the 一字线 is drawn
        assert middle - BOTTOM == pytest.approx(7, abs=0.3), number
        if number % 2:
            assert footer[-1]["x1"] == pytest.approx(RIGHT - inset, abs=0.5), number
        else:
            assert footer[0]["x0"] == pytest.approx(LEFT + inset, abs=0.5), number


def test_body_text_prints_black(seed_print):
    colours = collections.Counter(tuple(c["non_stroking_color"]) for chars, _ in seed_print.pages
                                  for c in body_chars(chars) if c["size"] < 40)  # not the red name
    assert set(colours) <= {(0,), (0, 0, 0)}, colours


def test_a_source_line_is_never_alone_at_the_top_of_a_page(chromium, tmp_path):
    articles = []
    for n in range(1, 31):
        body = f"甲{n:02d}乙开头。" + "这是用于检验分页效果的一句正文。" * (4 + (n * 11) % 23)
        articles.append(Article(f"a{n}", f"第{n}篇文章", parse_text(body), source=f"丙{n:02d}单位"))
    issue = Issue(name="分页测试简报", issuer="测试单位", date=dt.date(2024, 5, 1), number=9, articles=tuple(articles))
    page = tmp_path / "sources.html"
    page.write_bytes(api.export(issue, "html"))
    pdf = tmp_path / "sources.pdf"
    print_to_pdf(chromium, page, pdf, tmp_path / "profile")
    pages = pdf_text(pdf).split("\f")
    assert len(pages) > 10
    for number, text in enumerate(pages, start=1):
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        assert not re.fullmatch(r"（丙\d\d单位）", first), f"page {number} starts with the source {first}"


# -- faces ----------------------------------------------------------------------------------

FACE_PROBE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>pending</title>
<style>{sheet}</style></head><body><div class="bulletin"><div class="article-body"><p id="body">正文</p>
<p class="level-2" id="kai">楷体</p></div></div><canvas id="c" width="10" height="10"></canvas>
<script>
var sample = "{sample}", ctx = document.getElementById("c").getContext("2d");
function ink(id) {{
  var family = getComputedStyle(document.getElementById(id)).fontFamily, h = 0, w = 0;
  ctx.font = "100px " + family;
  for (var ch of sample) {{
    var m = ctx.measureText(ch);
    h += m.actualBoundingBoxAscent + m.actualBoundingBoxDescent; w += m.actualBoundingBoxLeft + m.actualBoundingBoxRight;
  }}
  return Math.sqrt(h * w) / sample.length;
}}
document.fonts.load("100px serif", sample).then(function () {{
  return Promise.all(["body", "kai"].map(function (id) {{
    return document.fonts.load("100px " + getComputedStyle(document.getElementById(id)).fontFamily, sample);
  }}));
}}).then(function () {{ document.title = "probe " + JSON.stringify([ink("body"), ink("kai")]); }});
</script></body></html>"""


def test_kaiti_reads_at_the_body_size(chromium, tmp_path):
    """编者按 and （一） headings in 楷体: their characters' ink as large as the body's 仿宋, within 3%
    (measured by the browser: the mean ink box of common characters at the same font size)."""
    from bulletin_cli.formats.html.parts import stylesheet

    sample = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    probe = tmp_path / "faces.html"
    probe.write_text(FACE_PROBE.format(sheet=stylesheet(), sample=sample), encoding="utf-8")
    result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                             "--virtual-time-budget=10000", "--dump-dom", probe.resolve().as_uri()],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    found = re.search(r"<title>probe (.*?)</title>", result.stdout)
    assert found, result.stdout[-300:]
    body, kai = json.loads(found[1])
    assert kai == pytest.approx(body, rel=0.03), (body, kai)
