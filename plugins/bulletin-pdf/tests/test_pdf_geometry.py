"""GB/T 9704 geometry of the seed's PDF, measured with pdfplumber: one test per figure."""

from __future__ import annotations

import collections
import re
import unicodedata

import pytest

from bulletin_cli import api
from pdf_checks import (BODY_SIZE, BOTTOM, CLOSING, HEIGHT, colophon_only, hangs, LEFT, OPENING, RIGHT, SEED, TOP, WIDTH, ink_x0, ink_x1,  # noqa: F401
                        engine, pdfplumber, seed_pages, seed_pdf, text_of)

PITCH = HEIGHT / 22  # mm between baselines: 22 lines fill the type area
CHAR = WIDTH / 28  # mm per character on a full line
PUNCTUATION = re.compile(r"[^\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seed():
    return api.load(SEED)


def test_pages_are_a4(seed_pages):
    for page in seed_pages:
        assert page.width == pytest.approx(210, abs=0.5) and page.height == pytest.approx(297, abs=0.5)


def test_type_area_is_156_by_225_at_37_and_28(seed_pages):
    hung = {id(line[-1]) for page in seed_pages for line in page.lines() if hangs(line)}
    chars = [c for page in seed_pages for c in page.in_type_area if id(c) not in hung]
    assert min(ink_x0(c) for c in chars) == pytest.approx(LEFT, abs=1)
    assert max(ink_x1(c) for c in chars) == pytest.approx(RIGHT, abs=1)
    for page in seed_pages:
        if not colophon_only(page):  # the 版记 alone stands at the foot, not the top
            assert min(c["top"] for c in page.in_type_area) == pytest.approx(TOP, abs=1), page.number
        assert max(c["bottom"] for c in page.in_type_area) <= BOTTOM + 0.5, page.number


def test_full_pages_hold_22_lines_on_the_grid(seed_pages):
    full = [page for page in seed_pages if len(page.body_lines()) == 22]
    assert full, "the seed's long articles fill whole pages"
    for page in seed_pages:
        lines = page.body_lines()
        assert len(lines) <= 22, page.number
    for page in full:
        tops = [line[0]["bottom"] for line in page.body_lines()]
        gaps = [b - a for a, b in zip(tops, tops[1:])]
        assert all(gap == pytest.approx(PITCH, abs=0.1) for gap in gaps), (page.number, gaps)


def full_lines(pages):
    """Full lines of Chinese text, without a mark hung past their end: (line, indent in cells, hung mark or None)."""
    for page in pages:
        for line in page.body_lines():
            hung = line[-1] if hangs(line) else None
            cells = line[:-1] if hung else line
            if ink_x1(cells[-1]) != pytest.approx(RIGHT, abs=0.3) or ink_x0(cells[0]) - LEFT > 2.5 * CHAR:
                continue  # a paragraph's last line, a right-aligned source
            if not all(unicodedata.east_asian_width(c["text"]) in "WFA" for c in cells):
                continue  # Latin letters and digits are narrower than a cell
            if max(b["x0"] - a["x0"] for a, b in zip(cells, cells[1:])) > 1.3 * CHAR:
                continue  # a space the text has (之火 品读): not a run of Chinese characters
            yield cells, round((cells[0]["x0"] - LEFT) / CHAR), hung


def test_full_lines_of_chinese_hold_28_characters(seed_pages):
    """Every mark keeps its whole cell (no 标点挤压 inside a line), so characters step 5.57 mm
    (156 mm / 28) and a full line of Chinese text holds 28 of them, even with several marks in it.

    A line never starts with a closing mark nor ends with an opening one. Where a closing mark
    would be a line's 29th character it hangs past the edge (Word's 允许标点溢出边界), the line
    keeping its 28. Where an opening mark would be the 28th, no 28 characters can fill the line:
    two of its marks give up the blank half of their cells (挤进) and it holds 29 in its 28 cells.
    No line is spaced out to 27 any more (before, 25 of the seed's 132 were).
    """
    counts = collections.Counter()
    for cells, indent, hung in full_lines(seed_pages):
        steps = [b["x0"] - a["x0"] for a, b in zip(cells, cells[1:])]
        held = indent + len(cells)
        if held == 29:  # pushed in: two marks in half a cell each, the rest whole
            marks = [c for c in cells if c["text"] in OPENING | CLOSING]
            assert len(marks) >= 2 and sum(step != pytest.approx(CHAR, abs=0.05) for step in steps) <= 4, \
                text_of(cells)
            counts["pushed in"] += 1
            continue
        assert held == 28, text_of(cells)
        assert all(step == pytest.approx(CHAR, abs=0.05) for step in steps), text_of(cells)
        if hung:
            assert hung["x0"] - cells[-1]["x0"] == pytest.approx(CHAR, abs=0.3)  # the next cell, past the edge
        counts["hung" if hung else "28"] += 1
    total = sum(counts.values())
    assert total > 100 and counts["hung"] >= 10 and counts["pushed in"] <= total // 10, counts


def test_page_numbers_7mm_below_on_alternating_sides(seed_pages):
    for page in seed_pages:
        footer = sorted(page.footer, key=lambda c: c["x0"])
        assert text_of(footer) == f"—{page.number}—", page.number
        middle = (footer[0]["top"] + footer[0]["bottom"]) / 2  # where the 一字线 is drawn
        assert middle - BOTTOM == pytest.approx(7, abs=1), page.number
        inset = footer[0]["size"] / (72 / 25.4)  # one character of the number's size
        if page.number % 2:
            assert footer[-1]["x1"] == pytest.approx(RIGHT - inset, abs=0.5), page.number
        else:
            assert footer[0]["x0"] == pytest.approx(LEFT + inset, abs=0.5), page.number


def test_colophon_sits_at_the_foot_of_the_last_page_between_thick_and_thin_rules(seed_pages, seed):
    last = seed_pages[-1]
    rules = sorted((r for r in last.rules if r["x1"] - r["x0"] == pytest.approx(WIDTH, abs=0.5)),
                   key=lambda r: r["top"])
    assert [round(r["width"], 2) for r in rules] == [0.35, 0.25, 0.35]
    assert rules[-1]["top"] == pytest.approx(BOTTOM, abs=0.3)  # the last rule is the type area's bottom edge
    between = text_of([c for line in last.lines() for c in line if rules[0]["top"] < c["top"] < rules[-1]["top"]])
    for name in seed.colophon.report_to + (seed.colophon.editor,):
        assert name in between
    for page in seed_pages[:-1]:
        assert not any(abs(r["width"] - 0.35) < 0.01 for r in page.rules), page.number


def test_each_credit_of_the_colophon_stays_on_one_line(seed_pages, seed):
    """承办 / 审核 / 编辑 / 电话 are too long for one line on the seed: it breaks between two of them,
    never inside one (the browser's print split 电话：｜85911016)."""
    lines = [text_of(line) for line in seed_pages[-1].lines()]
    credits = seed.colophon.credits(seed.labels)
    assert len(credits) == 4
    for label, value in credits:
        assert any((label + value).replace(" ", "") in line for line in lines), (label, value, lines)


def test_no_unit_name_of_the_distribution_lists_is_split_across_lines(seed_pages, seed):
    """报/送/发 lists break between unit names, never inside one (市政协党组｜书记 before)."""
    lines = [text_of(line) for line in seed_pages[-1].lines()]
    colophon = seed.colophon
    names = [n for n in colophon.report_to + colophon.send_to + colophon.distribute_to if len(n) <= 24]
    assert len(names) >= 8
    for name in names:
        assert any(name.replace(" ", "") in line for line in lines), (name, lines)


def test_no_title_alone_at_a_page_foot_and_no_source_line_alone_at_a_page_top(seed_pages, seed):
    sources = {seed.labels.source.format(source=a.source) for a in seed.articles if a.source}
    found = set()
    for page in seed_pages:
        lines = page.lines()
        assert lines[-1][0]["size"] <= BODY_SIZE + 0.05, (page.number, text_of(lines[-1]))
        for index, line in enumerate(lines):
            text = text_of(line)
            if text in sources:
                found.add(text)
                assert index > 0, f"{text} alone at the top of page {page.number}"
                assert ink_x1(line[-1]) == pytest.approx(RIGHT, abs=0.3)  # right-aligned
    assert found == sources


def title_lines(pages, size=22):
    out = []
    for page in pages:
        out += [text_of(line) for line in page.lines() if line[0]["size"] == pytest.approx(size, abs=0.1)]
    return out


def test_titles_break_only_between_words(seed_pages, seed):
    import rjieba

    printed = title_lines(seed_pages)
    for article in seed.articles:
        title = article.title.replace(" ", "")
        lines = [line for line in printed if line and line in title]
        joined = ""
        while lines and joined != title:  # the title's lines, in order
            joined += lines.pop(0)
        assert joined == title, article.title
    # Words the browser's print split (暨青｜岛, 推动新｜时代, 活｜动举行): never across a break.
    kept_whole = ("青岛", "新时代", "活动", "健康", "生活", "文明实践", "第三空间")
    for first, second in zip(printed, printed[1:]):
        for word in kept_whole:
            assert not any(first.endswith(word[:k]) and second.startswith(word[k:]) for k in range(1, len(word)))
    for article in seed.articles:
        boundaries = {0}
        for word in rjieba.cut(article.title.replace(" ", "")):
            boundaries.add(max(boundaries) + len(word))
        position = 0
        for line in printed:
            if article.title.replace(" ", "").startswith(line, position) and position < len(article.title):
                position += len(line)
                assert position in boundaries, (article.title, line)


def test_contents_entries_hang_and_break_between_words(seed_pages, seed):
    page = seed_pages[0]
    titles = [a.title for a in seed.articles_in_print_order]
    lines = [line for line in page.body_lines()]
    entry_x0 = LEFT + 2 * CHAR
    wrapped = 0
    for index, line in enumerate(lines):
        text = text_of(line)
        for title in titles:
            compact = title.replace(" ", "")
            if compact.startswith(text) and text != compact:
                rest = text_of(lines[index + 1])
                assert (text + rest).startswith(compact[:len(text) + len(rest)])
                assert line[0]["x0"] == pytest.approx(entry_x0, abs=0.5)
                assert lines[index + 1][0]["x0"] == pytest.approx(entry_x0, abs=0.5), rest  # hanging
                assert not any(text.endswith(w[:1]) and rest.startswith(w[1:]) for w in ("活动", "方式", "基层"))
                wrapped += 1
    assert wrapped >= 2


def test_red_masthead_and_red_rule(seed_pages, seed):
    first = seed_pages[0]
    name = [c for c in first.chars if c["size"] >= 36]
    assert text_of(name) == seed.name
    assert all(tuple(c["non_stroking_color"]) == (1, 0, 0) for c in name)
    red_rules = [r for r in first.rules if tuple(r["stroking_color"] or ()) == (1, 0, 0)]
    assert red_rules and red_rules[0]["x1"] - red_rules[0]["x0"] == pytest.approx(WIDTH, abs=0.5)
    assert red_rules[0]["top"] > max(c["bottom"] for c in name)


def test_leader_box_and_column_headings(seed_pages, seed):
    first = seed_pages[0]
    boxes = [r for r in first.rects if r["x1"] - r["x0"] == pytest.approx(WIDTH, abs=0.5)]
    assert len(boxes) == 1 and boxes[0]["bottom"] - boxes[0]["top"] > 30
    inside = text_of([c for c in first.chars if boxes[0]["top"] < c["top"] < boxes[0]["bottom"]])
    assert inside.startswith(seed.labels.leader_box)
    headings = [seed.labels.column_heading(column.name) for column in seed.columns]
    for page in seed_pages:
        for line in page.lines():
            if text_of(line) in headings:
                assert all("Sans" in c["fontname"] or "Hei" in c["fontname"] for c in line)


def test_subtitle_and_attribution(seed_pages, seed):
    article = next(a for a in seed.articles if a.subtitle)
    wanted = (seed.labels.subtitle_dash + article.subtitle).replace(" ", "")
    for page in seed_pages:
        for line in page.lines():
            if text_of(line) == wanted:
                middle = (ink_x0(line[0]) + ink_x1(line[-1])) / 2
                assert middle == pytest.approx((LEFT + RIGHT) / 2, abs=1.5)  # centred
                assert all("Kai" in c["fontname"] for c in line if c["text"] not in "—“”")
                return
    pytest.fail("subtitle not printed")


def test_a_page_holding_only_the_colophon_is_numbered_like_the_others(engine, pdfplumber, tmp_path):
    """GB/T 9704 7.5 leaves the number off the 版记 page only when a blank page comes before it, which
    this layout never inserts. The last article grows a line at a time until the 版记 no longer fits
    under it and stands on a page of its own: that page is numbered too."""
    import shutil

    from pdf_checks import Page, export_pdf

    folder = tmp_path / "zb"
    shutil.copytree(SEED.parent, folder)
    issue = folder / SEED.name
    original = issue.read_text(encoding="utf-8")
    last_body = original.rindex('"""', 0, original.rindex('"""'))  # the opening quotes of the last body
    alone = 0
    for extra in range(0, 12, 2):
        filler = "".join("会议强调，要对标学习先进，加强内容策划，坚持守正创新。\n\n" for _ in range(extra))
        issue.write_text(original[:last_body + 3] + filler + original[last_body + 3:], encoding="utf-8")
        with pdfplumber.open(export_pdf(issue, tmp_path / f"{extra}.pdf")) as pdf:
            pages = [Page(page) for page in pdf.pages]
        for page in pages:
            assert text_of(page.footer) == f"—{page.number}—", (extra, page.number)  # 7.5: no blank page here
        alone += colophon_only(pages[-1])
    assert alone, "no length put the 版记 on a page of its own"
