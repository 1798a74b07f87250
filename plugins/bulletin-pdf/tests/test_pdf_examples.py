"""Every example, a compilation, in-body headings, block kinds the template does not know,
and a property run over generated issues: no text leaves the type area."""

from __future__ import annotations

import dataclasses
import subprocess
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_cli import ExportOptions, api
from bulletin_cli.testing import EXAMPLES, check_exporter, example_issues
from bulletin_pdf.render import render
from pdf_checks import (BOTTOM, LEFT, MM, RIGHT, SEED, TOP, Page, colophon_only, engine, export_pdf, hangs, ink_x0,  # noqa: F401
                        ink_x1, pdfplumber, poppler, text_of)


def pages_of(pdfplumber, data_or_path) -> list[Page]:
    import io

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with pdfplumber.open(source) as pdf:
        return [Page(page) for page in pdf.pages]


def assert_inside_type_area(pages: list[Page]) -> None:
    """Every character's ink is inside the type area, except a closing mark hung at a line's end,
    whose glyph (the left half of its cell) stays within half a cell of the right edge."""
    for page in pages:
        hung = {id(line[-1]) for line in page.lines() if hangs(line)}
        for char in page.in_type_area:
            where = (page.number, char["text"])
            right = RIGHT + (char["size"] / MM / 2 if id(char) in hung else 0)
            assert ink_x0(char) >= LEFT - 0.3 and ink_x1(char) <= right + 0.3, where
            assert char["top"] >= TOP - 1 and char["bottom"] <= BOTTOM + 0.3, where
        for char in page.footer:
            assert char["bottom"] < 297 - 10, (page.number, char["text"])


def test_the_exporter_contract(engine):
    check_exporter("pdf")


@pytest.mark.parametrize("source", example_issues(), ids=lambda path: path.parent.name)
def test_every_example_exports_inside_the_type_area(source, tmp_path, pdfplumber):
    pages = pages_of(pdfplumber, export_pdf(source, tmp_path / "out.pdf"))
    assert_inside_type_area(pages)
    issue = api.load(source)
    masthead = [c for line in pages[0].lines() for c in line if c["size"] >= 36]
    assert text_of(masthead) == issue.name.replace(" ", "")
    # every page numbered, the 版记's own too: GB/T 9704 7.5 leaves it off only after a blank page
    assert [text_of(page.footer) for page in pages] == [f"—{n}—" for n in range(1, len(pages) + 1)]


def test_a_folder_compiles_into_one_pdf_with_contents_and_bookmarks(tmp_path, pdfplumber):
    out = export_pdf(EXAMPLES, tmp_path / "all.pdf")
    issues = sorted(api.load_many(example_issues()), key=lambda i: (i.name, i.date, i.number))
    with pdfplumber.open(out) as pdf:
        outline = [(level, title.strip()) for level, title, *_ in pdf.doc.get_outlines()]
        contents = "".join((pdf.pages[0].extract_text() or "").split())
    expected = []
    for issue in issues:
        expected.append((1, f"{issue.name} {issue.issue_line}"))
        for column in issue.columns:
            if column.name:
                expected.append((2, issue.labels.column_heading(column.name)))
            expected += [(3 if column.name else 2, article.title) for article in column.articles]
    assert outline == expected
    for issue in issues:
        for article in issue.articles:
            assert "".join(article.title.split()) in contents
    assert_inside_type_area(pages_of(pdfplumber, out)[1:])


def write_issue(folder: Path, body: str, title: str = "关于推进新时代文明实践工作的情况报告") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "series.toml").write_text('name = "工作简报"\nissuer = "某某市委办公室"\nlanguage = "zh-CN"\n',
                                        encoding="utf-8")
    escaped = body.replace("\\", "\\\\").replace('"""', '\\"""')
    (folder / "2024-01.toml").write_text(
        f'number = 1\ndate = 2024-01-15\n\n[[articles]]\nid = "a"\ntitle = "{title}"\nsource = "办公室"\n'
        f'body = """\n{escaped}\n"""\n', encoding="utf-8")
    return folder / "2024-01.toml"


def test_in_body_headings_print_in_hei_kai_and_fangsong(tmp_path, pdfplumber):
    body = textwrap.dedent("""\
        # 一、总体情况

        全年共开展活动一百二十场次，参与群众逾万人。

        ## （一）主要做法

        坚持问题导向，注重工作实效。

        ### 1.建立机制

        建立联席会议制度。

        #### （1）定期会商

        每月召开一次会商会。""")
    pages = pages_of(pdfplumber, export_pdf(write_issue(tmp_path / "s", body), tmp_path / "h.pdf"))
    faces = {}
    for page in pages:
        for line in page.lines():
            faces[text_of(line)] = {c["fontname"].split("+")[-1] for c in line}
    assert any("Sans" in name for name in faces["一、总体情况"])
    assert any("Kai" in name for name in faces["（一）主要做法"])
    assert any("Fang" in name for name in faces["1.建立机制"])
    assert any("Fang" in name for name in faces["（1）定期会商"])


@dataclasses.dataclass(frozen=True)
class Table:
    """A block kind from the richer model being written elsewhere: only its text is known here."""

    rows: tuple[tuple[str, ...], ...]
    kind: str = "table"

    @property
    def text(self) -> str:
        return "\n".join("　".join(row) for row in self.rows)


def test_a_block_kind_the_template_does_not_know_prints_as_its_text(poppler):
    issue = api.load(EXAMPLES / "xuanchuan-zhuanbao" / "2023-06.toml")
    table = Table((("区（市）", "活动场次"), ("市南区", "三百余场")))
    first = dataclasses.replace(issue.articles[0], body=issue.articles[0].body + (table,))
    pdf = render(dataclasses.replace(issue, articles=(first, *issue.articles[1:])), ExportOptions())
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    assert "区（市）活动场次市南区三百余场（文明实践工作处）" in flat


# Text that tests the breaking: long Han runs, Latin words and numbers, runs of punctuation.
pieces = st.sampled_from([
    "新时代文明实践", "推进会", "“学习强国”", "，", "。", "、", "（市）", "2023年8月14日", "40余人",
    "internationalization", "https://example.org/a/very/long/path/that/does/not/break", "……", "——",
    "志愿服务", "高质量发展", "Riverside", "第三空间", "《意见》", "；", "95%", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
])
paragraphs = st.lists(pieces, min_size=1, max_size=40).map("".join)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.lists(pieces, min_size=1, max_size=12).map("".join),
       body=st.lists(paragraphs, min_size=1, max_size=4).map("\n\n".join))
def test_generated_issues_never_leave_the_type_area(tmp_path_factory, pdfplumber, title, body):
    source = write_issue(tmp_path_factory.mktemp("gen"), body, title=title.replace('"', ""))
    issue = api.load(source)
    assert_inside_type_area(pages_of(pdfplumber, render(issue, ExportOptions())))


def test_long_runs_of_marks_typeset_inside_the_type_area(pdfplumber):
    """Marks are grouped with their neighbours a few at a time: thousands of them in one
    paragraph neither exhaust Typst's nesting (regex show rules did) nor make a box wider than
    a line; no line starts with a closing mark where a character could stay with it."""
    from bulletin_cli.model.issue import Block, Run

    issue = api.load(SEED)
    body = "好，" * 600 + "，" * 200 + "（" * 100 + "字“学习强国”。"
    article = dataclasses.replace(issue.articles[0], body=(Block((Run(body),)),), source="")
    pages = pages_of(pdfplumber, render(dataclasses.replace(issue, articles=(article,)), ExportOptions()))
    assert_inside_type_area(pages)
    lines = [line for page in pages for line in page.body_lines()]
    starts = [line[0]["text"] for line in lines if len(line) == 28 or len(line) == 27]
    assert starts and "好" in starts and all(start != "，" for start in starts[:20])
