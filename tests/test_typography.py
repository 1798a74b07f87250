"""The typography rules (T1xx): each with text that must be flagged and text that must not."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from conftest import NEWSLETTER_SERIES, SEED_ISSUE, SEED_SERIES

from bulletin_cli.diagnostics.codes import CODES
from bulletin_cli.operations.validate import validate_paths

SERIES = """\
name = "宣传信息专报"
issuer = "中共青岛市委宣传部"
columns = ["工作动态"]
"""


def write_issue(folder: Path, body: str = "正文。", *, title: str = "会议召开", series_extra: str = "",
                article_extra: str = "", language: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "series.toml").write_text(SERIES + (f'language = "{language}"\n' if language else "") + series_extra,
                                        encoding="utf-8")
    issue = folder / "2023-06.toml"
    issue.write_text(
        "number = 6\ndate = 2023-08-14\n\n[[articles]]\nid = \"a\"\ncolumn = \"工作动态\"\n"
        f"title = {json.dumps(title, ensure_ascii=False)}\n{article_extra}"
        f'body = """\n{body}\n"""\n', encoding="utf-8")
    return issue


def findings(folder: Path, body: str = "正文。", **kw) -> list[tuple[str, int, int, str]]:
    """(code, line, column, message) of every typography finding; the body starts on line 9."""
    write_issue(folder, textwrap.dedent(body).strip("\n"), **kw)
    result = validate_paths([folder])
    assert not [d for d in result.diagnostics if not d.code.startswith("T")], result.diagnostics
    return [(d.code, d.line, d.column, d.message) for d in result.diagnostics]


def codes(folder: Path, body: str = "正文。", **kw) -> list[str]:
    return [f[0] for f in findings(folder, body, **kw)]


BODY_LINE = 9  # the first line of the body in write_issue's file


# -- the seed: exactly the known noise, nothing else ------------------------------------------

def _position(path: Path, needle: str, occurrence: int = 0) -> tuple[int, int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [(n + 1, m.start() + 1) for n, line in enumerate(lines) for m in re.finditer(re.escape(needle), line)]
    return hits[occurrence]


def test_seed_reports_exactly_the_stray_word_and_the_ascii_brackets(cli):
    run = cli(["validate", "--format", "json", SEED_SERIES])
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    got = {(Path(d["file"]).name, d["code"], d["line"], d["column"]) for d in report["diagnostics"]}
    and_line, and_col = _position(SEED_ISSUE, " and ")
    series = SEED_SERIES / "series.toml"
    expected = {
        ("2023-06.toml", "T103", and_line, and_col + 1),
        ("series.toml", "T101", *_position(series, "(市)", 0)),
        ("series.toml", "T101", *_position(series, "(市)", 1)),
    }
    assert got == expected
    assert report["errors"] == 0 and report["warnings"] == 3
    names = {d["code"]: d["rule"] for d in report["diagnostics"]}
    assert names == {"T103": "stray-latin-word", "T101": "halfwidth-punctuation"}


def test_english_newsletter_gets_no_typography_findings(cli):
    run = cli(["validate", "--format", "json", NEWSLETTER_SERIES])
    assert json.loads(run.stdout)["diagnostics"] == []


def test_english_issues_skip_the_chinese_rules(tmp_path):
    body = "Staff met on 14 August, and 40 people came... See www.example.org -- or call."
    assert codes(tmp_path / "en", body, title="Meeting (annual)", language="en") == []
    # the same Chinese-specific problem is found in a Chinese issue
    assert "T101" in codes(tmp_path / "zh", "会议召开,40余人参加。")


def test_every_rule_has_a_registered_code():
    from bulletin_cli import plugins

    rules = plugins.rules()
    typography = [r for r in rules if r.code.startswith("T1")]
    assert len(typography) == 22
    for rule in typography:
        assert CODES[rule.code].name == rule.name


# -- T101 half-width punctuation ----------------------------------------------------------

def test_halfwidth_punctuation_next_to_chinese(tmp_path):
    found = findings(tmp_path, "日前,青岛市召开会议.会议指出:要加强学习;做好工作!是否落实?")
    assert [(c, col) for c, _, col, _ in found] == [("T101", 3), ("T101", 11), ("T101", 16), ("T101", 22),
                                                    ("T101", 27), ("T101", 32)]
    assert all(line == BODY_LINE for _, line, _, _ in found)


def test_halfwidth_punctuation_leaves_numbers_abbreviations_and_urls(tmp_path):
    body = """
    服务群众28.5万余人，单价1,000元，时间8:30，比例1:2。

    # 1.总体要求

    详见http://www.qingdao.gov.cn?id=1，No.1文件，U.S.政府，Python 3.11版本。
    """
    assert codes(tmp_path, body) == []


def test_ascii_brackets_reported_once_per_pair(tmp_path):
    found = findings(tmp_path, "各区(市)党委、APP(v2)、(1)加强学习。")
    assert [(c, col) for c, _, col, _ in found] == [("T101", 3), ("T101", 17)]
    assert "(市)" in found[0][3]


def test_straight_double_quotes_in_chinese(tmp_path):
    found = findings(tmp_path, '落实"五有"要求，He said "yes" here.')
    assert [(c, col) for c, _, col, _ in found] == [("T101", 3)]


# -- T102 spaces between Chinese and Latin or digits -----------------------------------------

def test_space_between_chinese_and_digits_or_latin(tmp_path):
    found = findings(tmp_path, "共40 余人参加，海天 MALL开业，第 6 期。")
    assert [(c, col) for c, _, col, _ in found] == [("T102", 4), ("T102", 12), ("T102", 21), ("T102", 23)]


def test_spaces_between_chinese_words_are_left_alone(tmp_path):
    # headline style joins phrases with a space; a slogan in quotes too
    assert codes(tmp_path, "开展“声承青春之火 品读墨韵人生”主题活动。", title="市北区突出三个导向 推动宣讲纵深发展") == []


def test_spaced_style_reports_missing_spaces_instead(tmp_path):
    settings = 'latin_spacing = "space"\nwords = ["C位"]\n'
    # "C位" is one word: a space goes before it, not inside
    found = findings(tmp_path, "共40余人参加，2023年8月，城市形象C位出圈，海天 MALL。", series_extra=settings)
    assert [(c, col) for c, _, col, _ in found] == [("T102", 1), ("T102", 3), ("T102", 20)]


def test_latin_spacing_setting_is_validated(tmp_path):
    write_issue(tmp_path, series_extra='latin_spacing = "wide"\n')
    result = validate_paths([tmp_path])
    assert [d.code for d in result.diagnostics] == ["S204"]


# -- T103 stray Latin words -----------------------------------------------------------------

def test_stray_english_word_is_reported_not_names(tmp_path):
    body = "学习贯彻习近平新时代中国特色社会主义思想 and 党的二十大精神，爱市北APP、海天MALL、捡跑ing、C位出圈、hold住。"
    found = findings(tmp_path, body)
    assert [(c, col) for c, _, col, _ in found] == [("T103", 22)]
    assert '"and"' in found[0][3]


@pytest.mark.parametrize("body", [
    "使用WeChat、iPhone和Excel软件。",  # names in capitals or mixed case
    "推出“vlog”栏目和《lean》译本。",  # quoted or titled
    "网址www.qingdao.gov.cn，邮箱office@qd.gov.cn，文件report.pdf。",
    "使用 Times New Roman 字体。".replace(" ", ""),  # a phrase of names
    "Hello world.",  # no Chinese at all
    "全长5 km，重量单位：kg。",  # units
])
def test_latin_that_is_not_a_stray_word(tmp_path, body):
    assert "T103" not in codes(tmp_path, body)


def test_title_case_function_word_and_lowercase_word(tmp_path):
    found = findings(tmp_path, "思想 And 理论，开展online活动。")
    assert [(c, col) for c, _, col, _ in found] == [("T103", 4), ("T103", 13)]


def test_word_list_lets_a_series_accept_words(tmp_path):
    body = "开展online活动，推出zaker新闻，捡跑ing。"
    assert codes(tmp_path / "a", body) == ["T103", "T103"]
    assert codes(tmp_path / "b", body, series_extra='words = ["Online", "zaker"]\n') == []


# -- T104 paired marks -------------------------------------------------------------------------

def test_unbalanced_and_mismatched_pairs(tmp_path):
    body = """
    要注意（所、站。

    重点任务”有哪些。

    学习《决定〉精神。

    落实“五有”‘五为’〔工作动态〕要求。
    """
    found = findings(tmp_path, body)
    assert [(c, line, col) for c, line, col, _ in found] == [
        ("T104", BODY_LINE, 4), ("T104", BODY_LINE + 2, 5), ("T104", BODY_LINE + 4, 3), ("T104", BODY_LINE + 4, 6)]


def test_pairs_across_a_multi_paragraph_quotation_and_apostrophes(tmp_path):
    body = """
    “第一段引文。

    “第二段引文。”

    西安（Xi’an）。
    """
    assert codes(tmp_path, body) == []


# -- T105 invisible characters, T106 look-alikes, T108 full-width alphanumerics --------------

def test_invisible_and_control_characters(tmp_path):
    found = findings(tmp_path, "文明\u200b实践\u00ad中心\u2028建设。")
    assert [(c, col) for c, _, col, _ in found] == [("T105", 3), ("T105", 6), ("T105", 9)]
    assert "zero-width space" in found[0][3] and "line separator" in found[2][3]


def test_c1_controls_are_left_to_the_export_check(tmp_path):
    # HTML forbids U+007F-U+009F: S207 (an error) reports them, T105 does not repeat them
    write_issue(tmp_path, "建设\\u0085，\\u0090\\u007f。")
    assert [(d.code, d.column) for d in validate_paths([tmp_path]).diagnostics] == [
        ("S207", 3), ("S207", 10), ("S207", 16)]


def test_form_feed_is_left_to_the_export_check(tmp_path):
    # S207 (an error: XML cannot hold it) reports a form feed; T105 does not repeat it
    write_issue(tmp_path, "第一段。\\f第二段。")
    assert [d.code for d in validate_paths([tmp_path]).diagnostics] == ["S207"]


def test_kangxi_radicals_and_radicals_supplement(tmp_path):
    found = findings(tmp_path, "建设⼀流⻓效机制，⺡字。")
    assert [(c, col) for c, _, col, _ in found] == [("T106", 3), ("T106", 5), ("T106", 10)]
    assert '"一"' in found[0][3] and '"长"' in found[1][3]


def test_ordinary_ideographs_are_not_lookalikes(tmp_path):
    # 一 长 and the unified ideograph 﨎 (U+FA0E, no decomposition) are ordinary characters
    assert codes(tmp_path, "一流长效﨎。") == []


def test_fullwidth_letters_and_digits(tmp_path):
    found = findings(tmp_path, "全角ＡＢＣ１２３字母，半角ABC123。")
    assert [(c, col) for c, _, col, _ in found] == [("T108", 3)]


# -- T107 broken lines ---------------------------------------------------------------------------

def test_paragraph_broken_in_mid_sentence(tmp_path):
    body = """
    会议要求，进一步健全

    完善工作机制。要注重督促检查，

    确保落实。
    """
    found = findings(tmp_path, body)
    assert [(c, line, col) for c, line, col, _ in found] == [("T107", BODY_LINE, 11), ("T107", BODY_LINE + 2, 16)]


def test_wrapped_lines_headings_and_bold_leads_are_not_broken(tmp_path):
    body = """
    会议指出，经过四年多的扎实推进，
    我市建成了覆盖全域的新时代文明实践阵地。

    # 一、总体要求

    **一是加强学习**

    坚持学习。

    市委宣传部

    2023年8月14日
    """
    assert codes(tmp_path, body) == []


def test_line_break_inside_a_title_and_a_split_number(tmp_path):
    found = findings(tmp_path, "服务群众6\n000余人。", title="全市会议\n召开")
    assert [(c, line) for c, line, _, _ in found] == [("T107", 7), ("T107", BODY_LINE)]


# -- T109 dashes and ellipses, T110 doubled punctuation, T111 dates, T112 spaces -------------

def test_dash_and_ellipsis_forms(tmp_path):
    found = findings(tmp_path, "会议要求--要压实责任...等等。。。以及…和―――。")
    assert [(c, col) for c, _, col, _ in found] == [("T109", 5), ("T109", 12), ("T109", 17), ("T109", 22),
                                                    ("T109", 24)]


def test_correct_dashes_and_ellipses(tmp_path):
    assert codes(tmp_path, "形成“区—街道—社区”网络——覆盖全域……。Version 1.0 -- see ... later") == []


def test_doubled_and_stacked_punctuation(tmp_path):
    found = findings(tmp_path, "工作。。要注意，，做好，。真的吗？！")
    assert [(c, col) for c, _, col, _ in found] == [("T110", 3), ("T110", 8), ("T110", 12)]
    assert "stacked" in found[2][3]


def test_dates(tmp_path):
    found = findings(tmp_path, "2023年08月04日召开，于2023-08-14前完成，2023年8月14日和10月1日无误，共08人。")
    assert [(c, col) for c, _, col, _ in found] == [("T111", 6), ("T111", 9), ("T111", 16)]


def test_spaces_next_to_fullwidth_punctuation(tmp_path):
    found = findings(tmp_path, "会议强调 ，要做好（ 五有 ）工作。“学习”“强国” 活动。")
    assert [(c, col) for c, _, col, _ in found] == [("T112", 5), ("T112", 11), ("T112", 14)]


# -- configuration -------------------------------------------------------------------------------

def test_rules_off_and_severity_by_code_or_name(tmp_path):
    body = "思想 and 理论,会议。"
    assert codes(tmp_path / "a", body) == ["T103", "T101"] or codes(tmp_path / "a", body) == ["T101", "T103"]
    assert codes(tmp_path / "b", body, series_extra='[rules]\nT103 = "off"\n') == ["T101"]
    assert codes(tmp_path / "c", body, series_extra='[rules]\nstray-latin-word = "off"\n') == ["T101"]
    write_issue(tmp_path / "d", body, series_extra='[rules]\nhalfwidth-punctuation = "error"\nT103 = "info"\n')
    result = validate_paths([tmp_path / "d"])
    assert {d.code: str(d.severity) for d in result.diagnostics} == {"T101": "error", "T103": "info"}
    assert result.errors == 1


def test_inline_suppression_for_one_paragraph(tmp_path):
    body = """
    思想 and 理论,会议。<!-- bulletin: ignore T103 -->

    思想 and 理论。
    <!-- bulletin: ignore stray-latin-word, T101 -->

    思想 and 理论,会议。<!-- bulletin: ignore -->

    思想 and 理论。
    """
    found = findings(tmp_path, body)
    assert [(c, line) for c, line, _, _ in found] == [("T101", BODY_LINE), ("T103", BODY_LINE + 7)]


def test_a_toml_comment_beside_a_value_turns_rules_off_for_that_string(tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(SEED_SERIES, folder)
    series = folder / "series.toml"
    text = series.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("send_to"))
    series.write_text(text.replace(line, line + "  # bulletin: ignore halfwidth-punctuation"), encoding="utf-8")
    found = [(d.path.name, d.code, d.line) for d in validate_paths([folder]).diagnostics]
    # the (市) on the send_to line is accepted; the one on the next line is still reported
    assert ("series.toml", "T101", _position(series, "(市)", 1)[0]) in found
    assert len([f for f in found if f[1] == "T101"]) == 1
    # a title, and a body (the comment after the closing quotes covers the whole string)
    assert codes(tmp_path / "t", "思想 and 理论。", title="会议(扩大)召开",
                 article_extra="") == ["T101", "T103"]
    write_issue(tmp_path / "u", "思想 and 理论。", title="会议(扩大)召开")
    issue = tmp_path / "u" / "2023-06.toml"
    source = issue.read_text(encoding="utf-8")
    source = source.replace('召开"\n', '召开"  # bulletin: ignore T101\n').replace('理论。\n"""', '理论。\n"""  # bulletin: ignore')
    issue.write_text(source, encoding="utf-8")
    assert validate_paths([tmp_path / "u"]).diagnostics == []


def test_comment_after_skips_strings():
    from bulletin_cli.files.locate import comment_after

    text = 'a = ["x#", \'y#\', "z\\"#"]  # bulletin: ignore T101\nb = 1 # other\n'
    assert comment_after(text, 5) == "bulletin: ignore T101"
    assert comment_after('a = "x"\n# next line\n', 7) == ""


def test_suppression_comment_does_not_print(tmp_path):
    from bulletin_cli import api

    issue = write_issue(tmp_path, "思想 and 理论。<!-- bulletin: ignore T103 -->\n\n第二段。")
    article = api.load(issue).articles[0]
    assert [run.text for block in article.body for run in block.runs] == ["思想 and 理论。", "第二段。"]


# -- the quick tests only skip what no rule would report --------------------------------------

# Each rule first asks cheap questions of the raw strings (which uncommon characters a field
# holds, whether its raw paragraphs pair their marks, end their sentences…) and splits into
# printed paragraphs only the fields that might hold a finding. Run with and without those
# questions, the rules must report the same findings on any text.
_PIECES = ["会议", "，", "。", "；", "“", "”", "’", "（", "）", "《", "》", "——", "…", "……", ".", ",", "(", ")",
           '"', " ", "-", "--", "2023", "0", "8", "月", "-08-", "１", "Ａ", "and", "AB", "\n", "\n\n", "\n\n",
           "\u3000", "\u200b", "\r", "⻓", "豈", "**", "**", "\\*", "# ", "<!-- 注 -->",
           "<!-- bulletin: ignore -->", "<!--", "-->", "\\", "。。。", "，，",
           # what the issue-19 checks look for
           "的", "等", "、", "—", "'", "~", "－", "%", "．", "％", "（二）、", "2、", "一.", "。）", "》、《"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)


def _every_field(ctx, needs=None, having=None, anywhere=None):
    from bulletin_cli.checks.typography import common as typography

    for view in typography._issue_text(ctx).views:
        yield view.field, typography._paragraphs_of(ctx, view)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXTS, body=_TEXTS, note=_TEXTS, spacing=st.sampled_from(["none", "space"]))
# what the raw text hides from a quick look: bold markers, comments and escapes at a paragraph's
# end, marks inside comments, a number split over lines, a title over two lines, marks that
# print side by side across a comment or bold markers
@example(title="会议", body="会**议**\n\n会议。", note="会议<!-- 注 -->\n\n会议。", spacing="none")
@example(title="会议", body="会议\\\\\n\n会议。", note="“会议<!-- ” -->\n\n会议”", spacing="none")
@example(title="会\n议", body="共计1\n2万人。\n\n会议。", note="“会议”\n\n（会议", spacing="space")
@example(title="会议", body="会议，<!-- 注 -->，会议。", note="2023年0**8**月4日，**。。**。", spacing="none")
@example(title="会议", body="会议<!-- 注 --> A会议，** **会议。", note="会议 **A**会议", spacing="none")
@example(title="会议", body="“会议<!-- ” -->。", note="会议。", spacing="none")
def test_quick_tests_never_hide_a_finding(title, body, note, spacing):
    import tempfile
    from unittest import mock

    import tomli_w

    from bulletin_cli.checks.typography import common as typography

    with tempfile.TemporaryDirectory() as folder:
        issue = Path(folder) / "2023-06.toml"
        issue.write_text(tomli_w.dumps({
            "name": "简报", "issuer": "办公室", "number": 6, "date": datetime.date(2023, 8, 14),
            "latin_spacing": spacing, "editor_note": note,
            "articles": [{"id": "a", "title": title or "题", "body": body or "文", "source": title}],
        }, multiline_strings=True), encoding="utf-8")

        def found():
            return [(d.code, d.line, d.column, d.message, d.fix) for d in validate_paths([issue]).diagnostics]

        quick = found()
        with mock.patch.object(typography, "_fields", _every_field):
            assert found() == quick
