"""Issue numbering across a series: numerals, the numbers the dates give, number --check/--write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from bulletin_cli.model.numerals import chinese_numeral, format_number, parse_chinese_numeral
from series_helpers import make_issue, make_series

# -- Chinese numerals ------------------------------------------------------------------

KNOWN = {
    1: "一", 2: "二", 9: "九", 10: "十", 11: "十一", 15: "十五", 19: "十九", 20: "二十", 21: "二十一",
    30: "三十", 99: "九十九", 100: "一百", 101: "一百零一", 105: "一百零五", 110: "一百一十",
    111: "一百一十一", 120: "一百二十", 999: "九百九十九", 1000: "一千", 1001: "一千零一",
    1010: "一千零一十", 1011: "一千零一十一", 1100: "一千一百", 1101: "一千一百零一", 2005: "二千零五",
    2050: "二千零五十", 2500: "二千五百", 3008: "三千零八", 9000: "九千", 9009: "九千零九",
    9090: "九千零九十", 9999: "九千九百九十九",
}


@pytest.mark.parametrize("n,expected", sorted(KNOWN.items()))
def test_chinese_numeral_table(n, expected):
    assert chinese_numeral(n) == expected
    assert parse_chinese_numeral(expected) == n


def test_every_number_reads_back():
    for n in range(1, 10000):
        assert parse_chinese_numeral(chinese_numeral(n)) == n


def _digit_reading(text: str) -> int:
    """An independent reading: digit-unit pairs summed (十 alone counts as 一十; 零 reads 0)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}
    total, pending = 0, None
    for char in text:
        if char in units:
            total += (1 if pending is None else pending) * units[char]
            pending = None
        else:
            pending = digits[char]
    return total + (pending or 0)


@given(st.integers(min_value=1, max_value=9999))
def test_numeral_shape(n):
    text = chinese_numeral(n)
    assert _digit_reading(text) == n
    assert "零零" not in text and not text.endswith("零") and not text.startswith("零")
    assert text.startswith("十") == (10 <= n <= 19)
    assert text.startswith("一十") is False


@pytest.mark.parametrize("text", ["", "零", "十十", "一一", "百", "零五", "五零", "一百零", "一千零零五", "6", "十一百"])
def test_parse_rejects_malformed(text):
    with pytest.raises(ValueError):
        parse_chinese_numeral(text)


def test_parse_accepts_hand_written_forms():
    assert parse_chinese_numeral("一十一") == 11
    assert parse_chinese_numeral("两百") == 200


@pytest.mark.parametrize("n", [0, -1, 10000, True])
def test_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


def test_format_number_styles():
    assert format_number(6) == "6"
    assert format_number(6, "chinese") == "六"


# -- issue lines ------------------------------------------------------------------------


def test_issue_line_styles(tmp_path):
    from bulletin_cli import api

    folder = make_series(tmp_path, 'show_cumulative = false\n')
    path = make_issue(folder, "a.toml", 6, "2023-08-14", "cumulative_number = 123")
    assert api.load(path).issue_line == "第6期"
    (folder / "series.toml").write_text((folder / "series.toml").read_text(encoding="utf-8").replace(
        'number_style = "arabic"\nshow_cumulative = false', 'number_style = "chinese"'), encoding="utf-8")
    assert api.load(path).issue_line == "第六期（总第一百二十三期）"


# -- the numbers the dates give ----------------------------------------------------------


def _numbers(folder):
    from bulletin_cli.api import validate
    from bulletin_cli.series.numbering import work_out_numbers

    issues = list(validate([folder]).issues.values())
    return {n.issue.path.name: (n.number, n.cumulative_number) for n in work_out_numbers(issues)}


def test_gap_duplicate_and_order_are_renumbered_by_date(tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 6, "2023-08-14")
    make_issue(folder, "b.toml", 6, "2023-08-20")   # duplicate
    make_issue(folder, "c.toml", 9, "2023-09-01")   # gap
    make_issue(folder, "d.toml", 8, "2023-10-01")   # out of date order
    assert _numbers(folder) == {"a.toml": (6, None), "b.toml": (7, None), "c.toml": (8, None), "d.toml": (9, None)}


def test_year_boundary_restarts_and_supplements_count_apart(tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "2023-11.toml", 11, "2023-11-20")
    make_issue(folder, "2023-12.toml", 12, "2023-12-20")
    make_issue(folder, "2023-zk.toml", 4, "2023-12-01", "supplement = true")
    make_issue(folder, "2024-01.toml", 13, "2024-01-15")
    make_issue(folder, "2024-02.toml", 14, "2024-02-15")
    make_issue(folder, "2024-zk.toml", 7, "2024-03-01", "supplement = true")
    assert _numbers(folder) == {
        "2023-11.toml": (11, None), "2023-12.toml": (12, None), "2023-zk.toml": (4, None),
        "2024-01.toml": (1, None), "2024-02.toml": (2, None), "2024-zk.toml": (1, None),
    }


def test_running_numbering_and_cumulative(tmp_path):
    folder = make_series(tmp_path, 'numbering = "running"\n'.replace("numbering", "numbering", 1))
    series = folder / "series.toml"
    series.write_text(series.read_text(encoding="utf-8").replace('numbering = "yearly"\n', ""), encoding="utf-8")
    make_issue(folder, "a.toml", 40, "2023-12-01", "cumulative_number = 140")
    make_issue(folder, "b.toml", 1, "2024-01-10")
    make_issue(folder, "c.toml", 2, "2024-02-10", "cumulative_number = 150")
    assert _numbers(folder) == {"a.toml": (40, 140), "b.toml": (41, 141), "c.toml": (42, 142)}


def test_same_date_ordered_by_file_name(tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "b.toml", 1, "2023-08-14")
    make_issue(folder, "a.toml", 2, "2023-08-14")
    assert _numbers(folder) == {"a.toml": (1, None), "b.toml": (2, None)}


def test_next_number(tmp_path):
    from bulletin_cli.api import validate
    from bulletin_cli.series.numbering import next_number

    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 6, "2023-08-14")
    make_issue(folder, "b.toml", 7, "2023-09-14")
    issues = list(validate([folder]).issues.values())
    assert next_number(issues, 2023) == 8
    assert next_number(issues, 2024) == 1
    assert next_number(issues, 2023, supplement=True) == 1
    assert next_number(issues, 2024, numbering="running") == 8


# -- the command -------------------------------------------------------------------------


def test_check_exit_codes(cli, tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 1, "2023-01-10")
    make_issue(folder, "b.toml", 2, "2023-02-10")
    ok = cli(["number", folder, "--check"])
    assert ok.exit_code == 0, ok.stdout + ok.stderr
    assert "N40" not in ok.stdout and "up to date" in ok.stdout

    make_issue(folder, "c.toml", 4, "2023-03-10")  # gap
    gap = cli(["number", folder, "--check"])
    assert gap.exit_code == 1
    assert re.search(r"c\.toml:3:10: warning N402 .*number 3 missing", gap.stdout), gap.stdout

    make_issue(folder, "c.toml", 2, "2023-03-10")  # duplicate
    duplicate = cli(["number", folder, "--check"])
    assert duplicate.exit_code == 1
    assert re.search(r"c\.toml:3:10: error N401 ", duplicate.stdout), duplicate.stdout

    make_issue(folder, "c.toml", 3, "2023-01-05")  # number 3 dated before number 1
    order = cli(["number", folder, "--check"])
    assert order.exit_code == 1
    assert "N403" in order.stdout

    # validate agrees (the same diagnostics, from the same computation)
    validate = cli(["validate", folder])
    assert "N403" in validate.stdout and validate.exit_code == 1


def test_check_reports_a_year_that_does_not_restart(cli, tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 12, "2023-12-10")
    make_issue(folder, "b.toml", 13, "2024-01-10")
    result = cli(["number", folder, "--check"])
    assert result.exit_code == 1
    assert re.search(r"b\.toml:3:10: warning N405 .*the dates give 1", result.stdout), result.stdout


def test_default_prints_a_diff_and_changes_nothing(cli, tmp_path):
    folder = make_series(tmp_path)
    a = make_issue(folder, "a.toml", 1, "2023-01-10")
    b = make_issue(folder, "b.toml", 3, "2023-02-10")
    before = {p: p.read_bytes() for p in (a, b)}
    result = cli(["number", folder], cwd=folder)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/b.toml\n+++ b/b.toml\n")
    assert "-number = 3\n+number = 2\n" in result.stdout
    assert "a.toml" not in result.stdout
    assert {p: p.read_bytes() for p in (a, b)} == before


COMMENTED = """\
# Issue file full of comments: nothing but the numbers may change.
#:schema ../../schema/issue.schema.json

date   = 2023-02-10   # the day it was signed off
number =  9           # 第9期? check with the office
cumulative_number=200 # 总期号
  # an indented comment
[[articles]]   # first article
column = "工作动态"  # column
id = 'a1'
title = "标题 number = 9"
body = '''
正文 number = 9，cumulative_number = 200。
'''
"""


def test_write_changes_only_the_number_tokens(cli, tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 1, "2023-01-10", "cumulative_number = 150")
    target = folder / "b.toml"
    # CRLF line ends and a BOM must survive as well
    original = b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8")
    target.write_bytes(original)
    result = cli(["number", folder, "--write"])
    assert result.exit_code == 0, result.stdout + result.stderr
    after = target.read_bytes()
    assert after == original.replace(b"number =  9 ", b"number =  2 ").replace(b"number=200", b"number=151")
    assert "b.toml: number 9 → 2; cumulative_number 200 → 151" in result.stdout
    again = cli(["number", folder, "--check"])
    assert again.exit_code == 0, again.stdout + again.stderr
    assert target.read_bytes() == after


def test_write_adds_a_missing_cumulative_number_after_the_number_line(cli, tmp_path):
    folder = make_series(tmp_path, "cumulative_numbers = true\n")
    a = make_issue(folder, "a.toml", 1, "2023-01-10")
    before = a.read_bytes()
    result = cli(["number", folder, "--write"])
    assert result.exit_code == 0, result.stderr
    assert a.read_bytes() == before.replace(b"number = 1\n", b"number = 1\ncumulative_number = 1\n")


def test_invalid_issues_are_reported_and_not_written(cli, tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 1, "2023-01-10")
    bad = make_issue(folder, "b.toml", 5, "2023-02-10", 'colour = "red"')
    before = bad.read_bytes()
    result = cli(["number", folder, "--write"])
    assert result.exit_code == 1
    assert re.search(r"b\.toml:\d+:\d+: error S201 ", result.stderr), result.stderr
    assert bad.read_bytes() == before
    broken = make_issue(folder, "c.toml", 9, "2023-03-10")
    broken.write_text(broken.read_text(encoding="utf-8").replace("number = 9", "number = "), encoding="utf-8")
    result = cli(["number", folder, "--check"])
    assert result.exit_code == 1
    assert "F104" in result.stdout


def test_usage_errors(cli, tmp_path):
    assert cli(["number", tmp_path / "missing"]).exit_code == 2
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 1, "2023-01-10")
    assert cli(["number", folder, "--check", "--write"]).exit_code == 2


# -- in-body headings --------------------------------------------------------------------


def test_heading_numbers_reset_under_their_parent():
    from bulletin_cli.series.headings import number_headings

    assert number_headings([1, 2, 2, 3, 3, 4, 3, 1, 2, 1, 3]) == [
        "一、", "（一）", "（二）", "1.", "2.", "（1）", "3.", "二、", "（一）", "三、", "1."]
    assert number_headings([1] * 11)[-1] == "十一、"


HEADED_BODY = '''body = """
开头一段。

# 一、总体情况

## （二）阵地建设

### 1.5万人参加

#### （3）细目

## 工作部署

# 三、下一步

### 5. 要点

收尾一段 # 不是标题。
"""
'''


def test_headings_renumbered_in_place(cli, tmp_path):
    folder = make_series(tmp_path)
    issue = make_issue(folder, "a.toml", 1, "2023-01-10")
    text = issue.read_text(encoding="utf-8")
    # the first article's body replaced; the other articles' bodies have no headings
    start = text.index('body = """', text.index("[[articles]]"))
    end = text.index('"""\n', start + 10) + 4
    issue.write_text(text[:start] + HEADED_BODY + text[end:], encoding="utf-8")
    article = issue
    before_article = article.read_bytes()

    check = cli(["number", folder, "--headings", "--check"])
    assert check.exit_code == 1
    assert re.search(r"a\.toml:16:4: warning N406 .*numbered （二）; in sequence it is （一）", check.stdout), check.stdout
    assert cli(["number", folder, "--check"]).exit_code == 0  # headings only on request

    result = cli(["number", folder, "--headings", "--write"])
    assert result.exit_code == 0, result.stderr
    expected = (before_article.decode("utf-8")
                .replace("## （二）阵地", "## （一）阵地")
                .replace("### 1.5万人", "### 1. 1.5万人")
                .replace("#### （3）细目", "#### （1）细目")
                .replace("## 工作部署", "## （二）工作部署")
                .replace("# 三、下一步", "# 二、下一步")
                .replace("### 5. 要点", "### 1. 要点"))
    assert article.read_text(encoding="utf-8") == expected
    assert cli(["number", folder, "--headings", "--check"]).exit_code == 0


def test_english_headings_are_left_alone(cli, tmp_path):
    import shutil

    from conftest import NEWSLETTER_SERIES

    folder = tmp_path / "newsletter"
    shutil.copytree(NEWSLETTER_SERIES, folder)
    result = cli(["number", folder, "--headings", "--check"])
    assert result.exit_code == 0, result.stdout + result.stderr


def test_an_issue_file_stands_for_its_series(cli, tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 1, "2023-01-10")
    b = make_issue(folder, "b.toml", 3, "2023-02-10")
    result = cli(["number", b, "--check"])
    assert result.exit_code == 1
    assert "N402" in result.stdout


def test_series_that_allows_gaps_keeps_them(cli, tmp_path):
    folder = make_series(tmp_path, 'cumulative_numbers = true\n')
    series = folder / "series.toml"
    series.write_text(series.read_text(encoding="utf-8") + '\n[rules]\nnumbering-gap = "off"\n', encoding="utf-8")
    make_issue(folder, "a.toml", 1, "2023-01-10", "cumulative_number = 10")
    make_issue(folder, "b.toml", 4, "2023-02-10", "cumulative_number = 14")  # 2, 3 kept out of the folder
    make_issue(folder, "c.toml", 4, "2023-03-10", "cumulative_number = 15")  # a real duplicate
    assert _numbers(folder) == {"a.toml": (1, 10), "b.toml": (4, 14), "c.toml": (5, 15)}
    result = cli(["number", folder, "--check"])
    assert result.exit_code == 1
    assert re.search(r"c\.toml:3:10: error N401 ", result.stdout), result.stdout
    assert not re.search(r"b\.toml:\d+:\d+:", result.stdout)  # the gap is allowed


# -- property: the worked-out numbers pass every series check ------------------------------

_issue_specs = st.lists(
    st.tuples(st.dates(min_value=__import__("datetime").date(2021, 1, 1),
                       max_value=__import__("datetime").date(2024, 12, 31)),
              st.integers(1, 30), st.booleans(), st.one_of(st.none(), st.integers(1, 400))),
    min_size=1, max_size=25)


@given(_issue_specs, st.sampled_from(["yearly", "running"]))
def test_worked_out_numbers_pass_the_series_checks(specs, numbering):
    from dataclasses import replace
    from pathlib import Path

    from bulletin_cli.diagnostics.reporter import Reporter
    from bulletin_cli.model.issue import Issue
    from bulletin_cli.series.numbering import work_out_numbers
    from bulletin_cli.series.checks import check_series

    issues = [Issue(name="简报", issuer="办公室", date=date, number=number, articles=(), supplement=supplement,
                    cumulative_number=cumulative, numbering=numbering, path=Path(f"{index:03d}.toml"))
              for index, (date, number, supplement, cumulative) in enumerate(specs)]
    worked = work_out_numbers(issues)
    assert sorted(n.issue.path for n in worked) == sorted(i.path for i in issues)
    renumbered = [replace(n.issue, number=n.number, cumulative_number=n.cumulative_number) for n in worked]
    reporter = Reporter()
    check_series(renumbered, reporter)
    assert reporter.diagnostics == []
    # and working them out again changes nothing (the numbering is a fixed point)
    assert not any(n.changes for n in work_out_numbers(renumbered))


def test_check_json_and_github_formats(cli, tmp_path):
    import json

    folder = make_series(tmp_path)
    make_issue(folder, "a.toml", 1, "2023-01-10")
    make_issue(folder, "b.toml", 1, "2023-02-10")
    result = cli(["number", folder, "--check", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(d["code"], Path(d["file"]).name, d["line"], d["column"]) for d in data["diagnostics"]] == [
        ("N401", "b.toml", 3, 10)]
    github = cli(["number", folder, "--check"], env={"GITHUB_ACTIONS": "true"})
    assert github.exit_code == 1
    assert "::error file=" in github.stdout and "N401" in github.stdout


def test_an_invalid_series_file_blocks_writing(cli, tmp_path):
    folder = make_series(tmp_path)
    series = folder / "series.toml"
    series.write_text(series.read_text(encoding="utf-8").replace('numbering = "yearly"', 'numbering = "yerly"'),
                      encoding="utf-8")
    make_issue(folder, "a.toml", 1, "2023-01-10")
    b = make_issue(folder, "b.toml", 5, "2023-02-10")
    result = cli(["number", folder, "--write"])
    assert result.exit_code == 1
    assert "S204" in result.stderr and "not renumbered" in result.stderr
    assert b.read_text(encoding="utf-8").count("number = 5") == 1


def test_headings_in_an_article_file_are_edited_there(cli, tmp_path):
    folder = make_series(tmp_path)
    issue = make_issue(folder, "a.toml", 1, "2023-01-10")
    text = issue.read_text(encoding="utf-8")
    start = text.index("[[articles]]") + len("[[articles]]\n")
    end = text.index('"""\n', text.index('body = """', start) + 10) + 4
    issue.write_text(text[:start] + 'column = "工作动态"\nfile = "articles/first.toml"\n' + text[end:], encoding="utf-8")
    (folder / "articles").mkdir()
    article = folder / "articles" / "first.toml"
    article.write_bytes(('# 文章文件\r\nid = "first"\r\ntitle = "标题"\r\n' + HEADED_BODY.replace("\n", "\r\n")).encode())
    before_issue, before_article = issue.read_bytes(), article.read_bytes()
    check = cli(["number", folder, "--headings", "--check"])
    assert re.search(r"first\.toml:9:4: warning N406 ", check.stdout), check.stdout + check.stderr
    result = cli(["number", folder, "--headings", "--write"])
    assert result.exit_code == 0, result.stderr
    assert issue.read_bytes() == before_issue
    assert article.read_bytes() == (before_article.replace("## （二）阵地".encode(), "## （一）阵地".encode())
                                    .replace("### 1.5万人".encode(), "### 1. 1.5万人".encode())
                                    .replace("#### （3）细目".encode(), "#### （1）细目".encode())
                                    .replace("## 工作部署".encode(), "## （二）工作部署".encode())
                                    .replace("# 三、下一步".encode(), "# 二、下一步".encode())
                                    .replace("### 5. 要点".encode(), "### 1. 要点".encode()))


def test_the_series_checks_find_the_same_whether_validate_keeps_issues_whole_or_only_their_numbers(tmp_path):
    # `bulletin validate` keeps only each issue's numbers, date and file (model/numbers.py), and
    # a large folder is checked by worker processes: every numbering finding must be the same
    # as with whole issues in one process. Duplicates, gaps, dates out of order, supplements
    # and cumulative numbers, mixed at random (seeded), in a folder large enough for workers.
    import random

    from bulletin_cli.operations.validate import PARALLEL_FROM, validate_paths

    rng = random.Random(12)
    folder = make_series(tmp_path)
    for index in range(PARALLEL_FROM + 6):
        number = index // 2 + 1 if index % 9 else rng.randint(1, 40)
        month, day = 1 + index // 28, 1 + index % 28
        year = 2023 + (index % 17 == 0)
        head = []
        if index % 3 == 0:
            head.append(f"cumulative_number = {100 + index - (index % 11 == 0) * 5}")
        if index % 13 == 5:
            head.append("supplement = true")
        make_issue(folder, f"{index:03}.toml", number, f"{year}-{month:02}-{day:02}", "\n".join(head))
    for index, number in enumerate((12, 13, 14)):  # a year that does not restart at 1: N405 only
        make_issue(folder, f"2025-{index}.toml", number, f"2025-0{index + 1}-15")

    def findings(**options) -> list[tuple]:
        result = validate_paths([folder], **options)
        return [(d.path.name, d.line, d.column, d.code, d.message) for d in result.diagnostics
                if d.code.startswith("N4")]

    whole = findings(keep_issues=True, jobs=1)
    assert {code for *_, code, _ in whole} >= {"N401", "N402", "N403", "N404", "N405"}, whole
    assert findings(keep_issues=False, jobs=1) == whole
    assert findings(keep_issues=False, jobs=2) == whole
    assert findings(keep_issues="shelf", jobs=2) == whole  # an export with an archive index
