"""The files laid out by a real engine: LibreOffice converts them to PDF, pdfplumber measures it.

Skipped without LibreOffice or pdfplumber, failed instead when BULLETIN_REQUIRE_CHECKERS=1 (CI).
"""

from __future__ import annotations

import unicodedata

import pytest
from docx_helpers import NEWSLETTER, SEED, export, pdfplumber, to_pdf

from bulletin_cli.api import load

MM = 72 / 25.4  # points per millimetre
TOP, LEFT, WIDTH, HEIGHT = 37 * MM, 28 * MM, 156 * MM, 225 * MM
PITCH = 28.95  # points per line: 22 lines in 225 mm


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    plumber = pdfplumber()
    pdf = to_pdf(export(SEED, tmp_path_factory.mktemp("layout") / "seed.docx"))
    with plumber.open(pdf) as document:
        # Each page: its size, its characters, and its horizontal rules (lines, or thin rectangles).
        yield [(page.width, page.height, page.chars,
                [{"top": r["top"], "x0": r["x0"], "x1": r["x1"], "linewidth": r.get("linewidth") or r["height"]}
                 for r in page.lines + page.rects if r["height"] < 2 and r["width"] > 100])
               for page in document.pages]


def body_lines(chars, size: int | None = 16) -> list[list[dict]]:
    """Characters inside the type area (of ``size`` points, or any), grouped into lines by their top."""
    lines: list[list[dict]] = []
    for char in sorted((c for c in chars if (size is None or round(c["size"]) == size) and c["top"] < TOP + HEIGHT),
                       key=lambda c: (c["top"], c["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) < 3:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def page_number(chars) -> tuple[str, float, float, float]:
    """The text below the type area, its left and right edge, and its vertical middle."""
    below = [c for c in chars if c["top"] > TOP + HEIGHT]
    text = "".join(c["text"] for c in below if not c["text"].isspace())
    return text, min(c["x0"] for c in below), max(c["x1"] for c in below), \
        sum((c["top"] + c["bottom"]) / 2 for c in below) / len(below)


def test_pages_are_a4(seed_pdf):
    assert len(seed_pdf) >= 10
    for width, height, _, _ in seed_pdf:
        assert (width, height) == pytest.approx((210 * MM, 297 * MM), abs=0.5)


def test_full_pages_hold_22_lines_on_the_grid_within_the_margins(seed_pdf):
    counts = [len(body_lines(chars)) for _, _, chars, _ in seed_pdf]
    assert max(counts) == 22 and counts.count(22) >= 3, counts
    for _, _, chars, _ in seed_pdf:
        lines = body_lines(chars)
        if len(lines) != 22:
            continue
        middles = [sum((c["top"] + c["bottom"]) / 2 for c in line) / len(line) for line in lines]
        assert middles[0] == pytest.approx(TOP + PITCH / 2, abs=MM)  # the first line sits 37 mm down
        assert middles[-1] == pytest.approx(TOP + HEIGHT - PITCH / 2, abs=MM)  # the last on the bottom edge
        assert (middles[-1] - middles[0]) / 21 == pytest.approx(PITCH, abs=0.1)
        left = min(c["x0"] for line in lines for c in line)
        right = max(line[-1]["x1"] for line in lines)
        assert left == pytest.approx(LEFT, abs=MM) and right == pytest.approx(LEFT + WIDTH, abs=MM)
        full = [line for line in lines if line[-1]["x1"] > LEFT + WIDTH - 16 and line[0]["x0"] < LEFT + 2]
        wide = [line for line in full if all(unicodedata.east_asian_width(c["text"]) in "WF" for c in line)]
        # 28 Chinese characters of 16 pt fill a line; 27 where 、。 may not start the next one.
        counts = [len(line) for line in wide]
        assert max(counts) == 28 and min(counts) >= 27 and counts.count(28) > len(counts) / 2


def test_page_numbers_alternate_sides_7_mm_below_the_type_area(seed_pdf):
    for number, (_, _, chars, _) in enumerate(seed_pdf, start=1):
        text, left, right, middle = page_number(chars)
        assert text == f"\u2014{number}\u2014"
        if number % 2:
            assert right == pytest.approx(LEFT + WIDTH - 14, abs=MM)  # odd: right, one 14 pt character in
        else:
            assert left == pytest.approx(LEFT + 14, abs=MM)  # even: left, one character in
        assert middle == pytest.approx(TOP + HEIGHT + 7 * MM, abs=MM)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_every_line_of_the_issue_is_printed_in_order(seed_pdf):
    issue = load(SEED)
    labels = issue.labels
    printed = _squeezed("".join(c["text"] for _, _, chars, _ in seed_pdf for line in body_lines(chars, size=None)
                                for c in line))
    expected = [issue.name, issue.issue_line, issue.issuer, labels.format_date(issue.date), labels.leader_box]
    for column in issue.columns:
        expected += [labels.column_heading(column.name), *[a.title for a in column.articles]]  # contents
    for column in issue.columns:
        expected.append(labels.column_heading(column.name))
        for article in column.articles:
            expected.append(article.title)
            if article.subtitle:
                expected.append(labels.subtitle_dash + article.subtitle)
            expected += [block.text for block in article.body]
            expected.append(labels.source.format(source=article.source))
    expected += [label + labels.list_separator.join(names) for label, names in issue.colophon.distribution(labels)]
    expected += [label + value for label, value in issue.colophon.credits(labels)]
    position = 0
    for text in expected:
        found = printed.find(_squeezed(text), position)
        assert found >= 0, f"{text!r} is missing or out of order"
        position = found + len(_squeezed(text))


def test_the_colophon_stands_at_the_foot_of_the_last_page_between_its_rules(seed_pdf):
    rules = [(r["top"], r["x0"], r["x1"], r["linewidth"]) for r in seed_pdf[-1][3]]
    assert rules, "no rules found on the last page"
    rules.sort()
    bottom, top = rules[-1], rules[0]
    assert bottom[0] == pytest.approx(TOP + HEIGHT, abs=MM)  # 7.4.1: the last rule on the type area's edge
    for _top, left, right, _width in rules:
        assert left == pytest.approx(LEFT, abs=MM) and right == pytest.approx(LEFT + WIDTH, abs=MM)
    assert top[3] == pytest.approx(0.35 * MM, abs=0.05) and bottom[3] == pytest.approx(0.35 * MM, abs=0.05)
    assert all(rule[3] == pytest.approx(0.25 * MM, abs=0.06) for rule in rules[1:-1]) and len(rules) == 6
    _, _, chars = seed_pdf[-1][:3]
    between = "".join(c["text"] for c in sorted(chars, key=lambda c: (c["top"], c["x0"]))
                      if top[0] < c["top"] < bottom[0])
    assert between.startswith("报：省委宣传部") and "电话：85911016" in between


def test_the_distribution_lists_break_between_unit_names_never_inside_one(seed_pdf):
    """报/送/发: Word and LibreOffice break Chinese anywhere (市政协党组｜书记); the lines are
    broken between names when the file is written, and LibreOffice keeps them."""
    _, _, chars, _ = seed_pdf[-1]
    rows: dict[int, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    lines = ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])).replace(" ", "")
             for _, row in sorted(rows.items())]
    colophon = load(SEED).colophon
    names = [n for n in colophon.report_to + colophon.send_to + colophon.distribute_to if len(n) <= 24]
    assert len(names) >= 8
    for name in names:
        assert any(name in line for line in lines), (name, lines)


def test_masthead_is_red_and_the_title_faces_are_22_pt(seed_pdf):
    _, _, chars, _ = seed_pdf[0]
    name = [c for c in chars if c["text"] in "宣传信息专报" and c["size"] > 30]
    assert len(name) == 6 and all(c["non_stroking_color"] in ((1, 0, 0), [1, 0, 0], (1.0, 0.0, 0.0)) for c in name)
    centre = (min(c["x0"] for c in name) + max(c["x1"] for c in name)) / 2
    assert centre == pytest.approx(LEFT + WIDTH / 2, abs=MM)
    sizes = {round(c["size"]) for _, _, page, _ in seed_pdf for c in page}
    assert {16, 22, 14} <= sizes


def test_the_newsletter_converts_with_every_title(tmp_path):
    plumber = pdfplumber()
    pdf = to_pdf(export(NEWSLETTER, tmp_path / "newsletter.docx"))
    with plumber.open(pdf) as document:
        text = _squeezed("".join(page.extract_text() or "" for page in document.pages))
    for article in load(NEWSLETTER).articles:
        assert _squeezed(article.title) in text


def test_titles_print_in_the_lines_chosen_and_break_only_between_words(seed_pdf):
    """LibreOffice lays each title out in exactly the lines titles.py chose (no further break
    inside one), and every break between lines is a word boundary of the shared segmenter:
    暨｜青岛, never 暨青｜岛 as a word processor left alone breaks it."""
    from bulletin_docx.titles import title_lines

    from bulletin_cli.formats.words import break_opportunities

    printed = [["".join(c["text"] for c in line).strip() for line in body_lines(chars, size=22)]
               for _, _, chars, _ in seed_pdf]
    printed = [line for page in printed for line in page if line]
    long_titles = 0
    for article in load(SEED).articles:
        lines = title_lines(article.title)
        text = "".join(article.title.split())
        assert any(printed[i:i + len(lines)] == lines for i in range(len(printed))), (lines, printed)
        joins = [len("".join(lines[:n])) for n in range(1, len(lines))]
        assert set(joins) <= set(break_opportunities(text)), lines
        long_titles += len(lines) > 1
    assert long_titles >= 4
    assert "全市“学习强国”工作座谈会暨" in printed and "青岛学习平台上线四周年活动举行" in printed
