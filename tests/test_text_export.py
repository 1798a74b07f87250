"""The plain-text official layout (`--to text`) on the real examples, through the library API.

Golden files: tests/golden/*.txt were generated, then reviewed line by line against the seed
(tests/data/seed-xuanchuan-zhuanbao-2023-06.txt, the published issue). After an intended layout change, regenerate them
with ``BULLETIN_UPDATE_GOLDEN=1 pytest tests/test_text_export.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.model.issue import LeaderBox
from bulletin_cli.formats.markup import parse_text
from conftest import EXAMPLE_ISSUES, NEWSLETTER_SERIES, PLAIN_EXAMPLE_ISSUES, SEED_ISSUE

GOLDEN = Path(__file__).parent / "golden"
WIDTHS = [20, 40, 56, 72, 0]

# Word's zh-CN kinsoku lists (reference §3.2), written out here independently of the module.
CANNOT_START = set(
    "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
)
CANNOT_END = set("$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥")
RULE_LINE = re.compile(r"^[＝－=\-]+$")


def columns(line: str, cjk: bool) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" or (cjk and c in "“”‘’—…") else 1 for c in line
    )


def text_of(issue, width=None, **options) -> str:
    return api.export(issue, "text", ExportOptions(width=width, **options)).decode("utf-8")


@pytest.fixture(scope="module")
def examples():
    return {path: api.load(path) for path in EXAMPLE_ISSUES}


# -- golden files --------------------------------------------------------------------------


@pytest.mark.parametrize("source, golden", [
    (SEED_ISSUE, "xuanchuan-zhuanbao-2023-06.txt"),
    (NEWSLETTER_SERIES / "2024-03.toml", "newsletter-2024-03.txt"),
])
def test_default_layout_matches_the_reviewed_golden_file(source, golden):
    output = api.export(api.load(source), "text")
    path = GOLDEN / golden
    if os.environ.get("BULLETIN_UPDATE_GOLDEN"):
        path.write_bytes(output)
    assert output.decode("utf-8") == path.read_text(encoding="utf-8")


def test_golden_seed_holds_every_line_of_the_published_issue():
    """Every line of the published seed, spaces aside, is in the output, in order."""
    # the published issue as extracted from its PDF, kept verbatim as test data
    seed = Path(__file__).resolve().parent / "data" / "seed-xuanchuan-zhuanbao-2023-06.txt"
    squeeze = lambda s: re.sub(r"[\s\u3000＝－]", "", s)  # noqa: E731
    output = squeeze(text_of(api.load(SEED_ISSUE)))
    position = 0
    for line in seed.read_text(encoding="utf-8").splitlines():
        if squeeze(line):
            found = output.find(squeeze(line), position)
            assert found >= 0, f"missing or out of order: {line[:40]}"
            position = found


# -- every line of every example at every width ---------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", EXAMPLE_ISSUES, ids=lambda p: p.parent.name)
def test_every_line_obeys_width_and_line_breaking_rules(examples, path, width):
    issue = examples[path]
    cjk = issue.language.startswith("zh")
    text = text_of(issue, width)
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text.split("\n")[:-1]
    for number, line in enumerate(lines):
        assert line == line.rstrip(" \u3000"), f"trailing space on line {number + 1}"
        assert "\t" not in line
        if width and not re.search(r"(https?://|@)\S{%d,}" % (width // 3), line):  # a long URL or e-mail cannot break
            assert columns(line, cjk) <= width, f"line {number + 1} is wider than {width}: {line}"
        content = line.lstrip(" \u3000")
        if not content:
            continue
        assert content[0] not in CANNOT_START, f"line {number + 1} starts with {content[0]}: {line}"
        assert content[-1] not in CANNOT_END, f"line {number + 1} ends with {content[-1]}: {line}"
        following = lines[number + 1].lstrip(" \u3000") if number + 1 < len(lines) else ""
        for mark in "—…":
            assert not (content.endswith(mark) and following.startswith(mark)), f"split {mark * 2}"


@pytest.mark.parametrize("width", [20, 40, 56, 72])
@pytest.mark.parametrize("path", PLAIN_EXAMPLE_ISSUES, ids=lambda p: p.parent.name)
def test_wrapping_loses_nothing_and_splits_no_word(examples, path, width):
    """Against the unwrapped layout: the same characters in the same order, the same words."""
    issue = examples[path]

    def content(text: str) -> str:
        kept = [line for line in text.split("\n") if not RULE_LINE.match(line.strip())]
        return re.sub(r"[ \u3000\n]", "", "\n".join(kept))

    def words(text: str) -> Counter:
        return Counter(re.findall(r"[A-Za-z0-9$][A-Za-z0-9.,'’$%+\-]*", text))

    wrapped, unwrapped = text_of(issue, width), text_of(issue, 0)
    assert content(wrapped) == content(unwrapped)
    assert words(wrapped) == words(unwrapped)


def test_synthetic_series_obeys_the_rules_at_narrow_and_default_widths(tmp_path):
    """Twelve generated issues (benchmarks/synthetic.py): more titles, numbers and colophons."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import write_series

    issues = api.load_many([write_series(tmp_path / "series", issues=12, seed=3)])
    for width in (20, 56):
        for issue in issues:
            for line in text_of(issue, width).split("\n"):
                assert columns(line, True) <= width, line
                content = line.lstrip(" \u3000")
                assert not content or (content[0] not in CANNOT_START and content[-1] not in CANNOT_END), line


# -- what the layout contains ----------------------------------------------------------------


def test_seed_layout_parts_in_order():
    issue = api.load(SEED_ISSUE)
    lines = text_of(issue).split("\n")
    stripped = [line.strip(" \u3000") for line in lines]
    # Masthead: name and issue line centred, issuer left and date right on one line, a rule.
    assert lines[0] == "\u3000" * 11 + "宣传信息专报"
    assert stripped[2] == "第6期" and lines[2].startswith("\u3000" * 12)
    assert re.fullmatch(r"中共青岛市委宣传部[\u3000 ]+2023年8月14日", lines[4])
    assert columns(lines[4], True) == 56
    assert lines[5] == "＝" * 28
    # The blank leader box, then the contents grouped by column.
    box = stripped.index("领导批示")
    assert stripped[box + 1: box + 4] == ["", "", ""]
    contents = stripped.index("目录")
    assert stripped[contents + 2] == "〔工作动态〕"
    assert stripped.index("〔经验交流〕") > contents
    # Each article: title centred, attribution flush right, paragraphs indented.
    for article in issue.articles:
        title_line = next(i for i, line in enumerate(stripped) if i > contents + 12 and line.startswith(
            article.title[:8]))
        assert lines[title_line].startswith(("\u3000", " "))
        source = f"（{article.source}）"
        source_line = next(line for line in lines if line.endswith(source))
        assert columns(source_line, True) == 56
        for block in article.body:
            assert any(line.startswith("\u3000\u3000" + block.text[:10]) for line in lines)
    assert "——“遇见学习达人”抖音号正式上线，持续助推全民学习热潮" in stripped
    assert "**" not in "".join(lines)


def test_colophon_continuation_lines_hang_after_the_colon():
    issue = api.load(SEED_ISSUE)
    lines = text_of(issue, 40).split("\n")
    start = lines.index("＝" * 20, 10)
    colophon = lines[start:]
    for label, names in (("报：", issue.colophon.report_to), ("送：", issue.colophon.send_to),
                         ("发：", issue.colophon.distribute_to)):
        first = next(i for i, line in enumerate(colophon) if line.startswith(label))
        block = [colophon[first]]
        for line in colophon[first + 1:]:
            if not line.startswith("\u3000\u3000"):
                break
            assert line[2] != "\u3000", "continuation aligned exactly after the colon"
            block.append(line[2:])
        assert len(block) > 1  # these lists do wrap at 40 columns
        assert "".join(block) == label + "，".join(names)
    assert colophon[-2:] == ["＝" * 20, ""]
    assert any(line.startswith("承办：政策法规研究室") for line in colophon)
    assert any("电话：85911016" in line for line in colophon)


def test_long_credit_wraps_after_its_label_and_print_run_sits_right():
    issue = api.load(SEED_ISSUE)
    colophon = replace(issue.colophon, handled_by="中共青岛市委宣传部政策法规研究室", print_run=200)
    lines = text_of(replace(issue, colophon=colophon), 20).split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("承办："))
    following = [line for line in lines[first + 1:first + 3]]
    assert all(line.startswith("\u3000" * 3) and line[3] != "\u3000" for line in following)
    assert lines[first] + "".join(line[3:] for line in following) == "承办：中共青岛市委宣传部政策法规研究室"
    printed = next(line for line in lines if line.endswith("共印200份"))
    assert columns(printed, True) == 20


def test_labels_come_from_the_issue():
    issue = api.load(SEED_ISSUE)
    labels = replace(issue.labels, report_to="抄报：", column="【{name}】", contents="本期要目")
    text = text_of(replace(issue, labels=labels), 40)
    assert "【工作动态】" in text and "〔工作动态〕" not in text
    assert "本期要目" in text
    report = text.split("\n")[text.split("\n").index(next(l for l in text.split("\n") if l.startswith("抄报：")))]
    following = text.split("\n")[text.split("\n").index(report) + 1]
    assert following.startswith("\u3000" * 3) and following[3] != "\u3000"


def test_english_newsletter_uses_the_english_labels():
    issue = api.load(NEWSLETTER_SERIES / "2024-03.toml")
    text = text_of(issue)
    for label in ("Issue 3", "18 March 2024", "Contents", "To: ", "Copy: ", "Office: ", "Editor: ",
                  "Phone: ", "300 copies printed", "(University Library)",
                  "—Study rooms open until 2 a.m."):
        assert label in text, label
    for chinese in ("第", "期", "报：", "目录", "共印", "（", "\u3000"):
        assert chinese not in text, chinese
    copy = text.split("\n").index(next(l for l in text.split("\n") if l.startswith("Copy: ")))
    assert text.split("\n")[copy + 1].startswith("      administrative")  # aligned after "Copy: "


def test_cumulative_number_supplement_and_leader_text():
    issue = api.load(SEED_ISSUE)
    text = text_of(replace(issue, cumulative_number=123))
    assert "第6期（总第123期）" in text.split("\n")[2]
    text = text_of(replace(issue, leader_box=LeaderBox(parse_text("请各区（市）认真学习借鉴。"))))
    lines = text.split("\n")
    box = lines.index("领导批示")
    assert lines[box + 1] == "\u3000\u3000请各区（市）认真学习借鉴。"
    assert lines[box + 2] == "－" * 28
    assert "领导批示" not in text_of(replace(issue, leader_box=None))


def test_classification_left_and_copy_number_right_above_the_name():
    issue = replace(api.load(SEED_ISSUE), classification="内部资料", copy_number="000123")
    lines = text_of(issue).split("\n")
    assert lines[0].startswith("内部资料") and lines[0].endswith("000123")
    assert columns(lines[0], True) == 56
    assert lines[2].strip("\u3000 ") == "宣传信息专报"


def test_editor_notes_are_printed_with_their_label():
    issue = api.load(SEED_ISSUE)
    note = parse_text("本期刊发各区经验做法，供参考。")
    first = replace(issue.articles[0], editor_note=note)
    text = text_of(replace(issue, articles=(first, *issue.articles[1:]), editor_note=note))
    assert text.count("\u3000\u3000编者按：本期刊发各区经验做法，供参考。") == 2


def test_width_zero_keeps_each_paragraph_on_one_line():
    issue = api.load(SEED_ISSUE)
    lines = text_of(issue, 0).split("\n")
    for article in issue.articles:
        assert article.title in lines
        for block in article.body:
            assert "\u3000\u3000" + block.text in lines
    assert "报：" + "，".join(issue.colophon.report_to) in lines
    assert all(not line.startswith(" ") for line in lines)


def test_default_width_is_28_chinese_characters():
    issue = api.load(SEED_ISSUE)
    assert text_of(issue) == text_of(issue, 56)
    assert max(columns(line, True) for line in text_of(issue).split("\n")) == 56


@pytest.mark.parametrize("width", [-1, 1, 15])
def test_too_narrow_width_is_refused_with_a_clear_message(width):
    with pytest.raises(ValueError, match="at least 16"):
        text_of(api.load(SEED_ISSUE), width)


# -- encoding and line ends through api.encode_output ---------------------------------------


def test_gb18030_output_round_trips():
    issue = api.load(SEED_ISSUE)
    data = api.export(issue, "text", ExportOptions(encoding="gb18030"))
    assert data.decode("gb18030") == text_of(issue)
    assert data != text_of(issue).encode("utf-8")
    assert "宣传信息专报".encode("gb18030") in data


@pytest.mark.parametrize("path", EXAMPLE_ISSUES, ids=lambda p: p.parent.name)
def test_layout_characters_exist_in_gbk_too(path):
    """Pads, indents and rules (　＝－) are in GBK, for OA systems that reject GB18030."""
    issue = api.load(path)
    assert api.export(issue, "text", ExportOptions(encoding="gbk")).decode("gbk") == text_of(issue)


def test_crlf_output_has_no_bare_line_feed():
    issue = api.load(SEED_ISSUE)
    data = api.export(issue, "text", ExportOptions(newline="\r\n", encoding="gb18030"))
    assert data.count(b"\r\n") == text_of(issue).count("\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.endswith(b"\r\n") and not data.endswith(b"\r\n\r\n")


# -- through the command line ----------------------------------------------------------------


def test_cli_streams_the_golden_text_to_stdout(cli):
    run = cli(["export", SEED_ISSUE, "--to", "text", "-o", "-"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (GOLDEN / "xuanchuan-zhuanbao-2023-06.txt").read_text(encoding="utf-8")


def test_cli_width_zero_and_width_40(cli):
    issue = api.load(SEED_ISSUE)
    run = cli(["export", SEED_ISSUE, "--to", "text", "--width", "0", "-o", "-"])
    assert run.exit_code == 0, run.stderr
    assert "\u3000\u3000" + issue.articles[0].body[0].text + "\n" in run.stdout
    run = cli(["export", SEED_ISSUE, "--to", "text", "--width", "40", "-o", "-"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout == text_of(issue, 40)
    assert max(columns(line, True) for line in run.stdout.splitlines()) == 40


def test_cli_gb18030_crlf_file(cli, tmp_path):
    target = tmp_path / "out" / "issue.txt"
    run = cli(["export", SEED_ISSUE, "--to", "text", "--encoding", "gb18030", "--newline", "crlf",
               "-o", target])
    assert run.exit_code == 0, run.stderr
    data = target.read_bytes()
    assert data.decode("gb18030").replace("\r\n", "\n") == text_of(api.load(SEED_ISSUE))
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert [p.name for p in target.parent.iterdir()] == ["issue.txt"]  # no temporary left behind


def test_cli_refuses_a_too_narrow_width_without_output(cli, tmp_path):
    target = tmp_path / "issue.txt"
    run = cli(["export", SEED_ISSUE, "--to", "text", "--width", "8", "-o", target])
    assert run.exit_code == 2  # a usage error, not a failed export
    assert "at least 16" in run.stderr
    assert "Traceback" not in run.stderr
    assert not target.exists()


def test_several_issues_in_one_file_each_start_a_new_page(cli, examples):
    issues = sorted(examples.values(), key=lambda issue: issue.date)
    data = api.export_collection(issues, "text", ExportOptions(width=40)).decode("utf-8")
    assert data.split("\f\n") == [text_of(issue, 40) for issue in issues]
    run = cli(["export", *EXAMPLE_ISSUES, "--to", "text", "-o", "-"])
    assert run.exit_code == 0, run.stderr
    assert sorted(run.stdout.split("\f\n")) == sorted(text_of(issue) for issue in issues)


# -- random content through the whole layout ---------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_text_layout import break_is_legal, paragraphs  # noqa: E402

_SEED = api.load(SEED_ISSUE)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=paragraphs, subtitle=paragraphs, body=st.lists(paragraphs, min_size=1, max_size=3),
       source=paragraphs, names=st.lists(paragraphs, min_size=1, max_size=4), credit=paragraphs,
       width=st.sampled_from([16, 20, 33, 56]))
def test_random_articles_and_colophons_keep_every_line_within_the_rules(
        title, subtitle, body, source, names, credit, width):
    from bulletin_cli.model.issue import Block, Run

    article = replace(_SEED.articles[0], title=title, subtitle=subtitle, source=source,
                      body=tuple(Block((Run(text),)) for text in body))
    colophon = replace(_SEED.colophon, send_to=tuple(names), reviewer=credit, print_run=12)
    issue = replace(_SEED, articles=(article, *_SEED.articles[1:]), colophon=colophon)
    text = text_of(issue, width)
    assert text.endswith("\n") and not text.endswith("\n\n")
    for line in text.split("\n")[:-1]:
        assert line == line.rstrip(" \u3000")
        content = line.lstrip(" \u3000")
        if columns(line, True) > width:
            # Only one unbreakable unit may overflow, after at most a label or indent.
            unit = content.split("：", 1)[-1] if "：" in content[:4] else content
            assert not any(break_is_legal(unit, i) for i in range(1, len(unit))), line
