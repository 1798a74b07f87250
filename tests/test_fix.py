"""`bulletin validate --fix` and `--diff`: safe fixes that change only the characters they fix."""

from __future__ import annotations

import codecs
import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import SEED_SERIES

from bulletin_cli.diagnostics.codes import Fix
from bulletin_cli.operations.fix import apply_fixes, escape_for, fix_in_place
from bulletin_cli.operations.validate import validate_paths

SERIES = """\
# series settings; this comment stays
name = "宣传信息专报"
issuer = "中共青岛市委宣传部"
columns = ["工作动态"]
"""

# Comments, odd spacing, a literal string, an escape and indentation must all survive.
ISSUE = """\
# 第6期 — comments stay
number = 6   # 期号
date = 2023-08-14

[[articles]]
id    =   "a"
column = "工作动态"
title = '全市会议召开 第 6 期'      # a literal string
subtitle = "各区(市)\\u4E00起行动"   # an escape
body = \"\"\"
　　日前,青岛市召开会议.共40 余人参加。

    会议要求--要压实责任...思想 and 理论。
\"\"\"
"""

FIXED = {
    "日前,": "日前，", "会议.": "会议。", "40 余": "40余", "各区(市)": "各区（市）", "第 6 期": "第6期",
    "要求--": "要求——", "责任...": "责任……",
}


def _expected(text: str) -> str:
    for old, new in FIXED.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    return text


def _series(folder: Path, issue: str = ISSUE, newline: str = "\n", bom: bytes = b"") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "series.toml").write_bytes(SERIES.replace("\n", newline).encode("utf-8"))
    path = folder / "2023-06.toml"
    path.write_bytes(bom + issue.replace("\n", newline).encode("utf-8"))
    return path


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_fix_changes_only_the_fixed_characters(tmp_path, cli):
    path = _series(tmp_path / "s")
    run = cli(["validate", "--fix", tmp_path / "s"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert path.read_text(encoding="utf-8") == _expected(ISSUE)
    assert (tmp_path / "s" / "series.toml").read_text(encoding="utf-8") == SERIES
    assert "Fixed: 8 fixes in 1 file" in run.stderr
    # what remains is reported: the stray word, never rewritten
    assert "T103" in run.stdout and "思想 and 理论" in path.read_text(encoding="utf-8")
    remaining = validate_paths([tmp_path / "s"]).diagnostics
    assert [d.code for d in remaining] == ["T103"]
    assert not [p.name for p in (tmp_path / "s").iterdir() if p.name.startswith(".")]  # no temporary files left


def test_fix_keeps_crlf_line_ends_and_byte_order_mark(tmp_path):
    path = _series(tmp_path / "s", newline="\r\n", bom=codecs.BOM_UTF8)
    outcome = fix_in_place([tmp_path / "s"])
    assert outcome.applied == 8  # "第 6 期" holds two spaces
    expected = codecs.BOM_UTF8 + _expected(ISSUE).replace("\n", "\r\n").encode("utf-8")
    assert path.read_bytes() == expected


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path, cli):
    _series(tmp_path / "s")
    before = _digest(tmp_path / "s")
    run = cli(["validate", "--diff", tmp_path / "s"])
    assert run.exit_code == 1
    assert _digest(tmp_path / "s") == before
    assert run.stdout.startswith("--- a/")
    assert "-title = '全市会议召开 第 6 期'" in run.stdout and "+title = '全市会议召开 第6期'" in run.stdout
    assert "+subtitle = \"各区（市）\\u4E00起行动\"" in run.stdout
    assert "would be applied" in run.stderr
    # the diff is exactly what --fix then writes
    diff_lines = [line for line in run.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    cli(["validate", "--fix", tmp_path / "s"])
    fixed = (tmp_path / "s" / "2023-06.toml").read_text(encoding="utf-8").splitlines()
    assert all(line[1:] in fixed for line in diff_lines)


def test_diff_with_nothing_to_fix(tmp_path, cli):
    _series(tmp_path / "s", issue=ISSUE.replace(ISSUE[ISSUE.index("title"):ISSUE.index("body")], "title = \"会议\"\n")
            .replace("日前,青岛市召开会议.共40 余人参加。", "日前召开会议。").replace("会议要求--要压实责任...", "会议要求。"))
    run = cli(["validate", "--diff", tmp_path / "s"])
    assert (run.exit_code, run.stdout) == (0, ""), run.stderr
    assert "Nothing to fix" in run.stderr


def test_fix_on_the_seed_repairs_the_brackets_and_reports_the_word(tmp_path, cli):
    folder = tmp_path / "seed"
    shutil.copytree(SEED_SERIES, folder)
    issue_before = (folder / "2023-06.toml").read_bytes()
    series_before = (folder / "series.toml").read_text(encoding="utf-8")
    run = cli(["validate", "--fix", folder])
    assert run.exit_code == 0
    assert (folder / "2023-06.toml").read_bytes() == issue_before  # the stray "and" is not rewritten
    assert (folder / "series.toml").read_text(encoding="utf-8") == series_before.replace("(市)", "（市）")
    assert "T103" in run.stdout and "T101" not in run.stdout


def test_fixes_run_in_rounds_until_nothing_is_left(tmp_path):
    path = _series(tmp_path / "s", issue=ISSUE.replace("日前,", "日前,,"))
    fix_in_place([tmp_path / "s"])
    assert "日前，青岛市" in path.read_text(encoding="utf-8")
    assert [d.code for d in validate_paths([tmp_path / "s"]).diagnostics] == ["T103"]


def test_rules_turned_off_are_not_fixed(tmp_path):
    path = _series(tmp_path / "s")
    with open(tmp_path / "s" / "series.toml", "a", encoding="utf-8") as series:
        series.write('\n[rules]\nhalfwidth-punctuation = "off"\n')
    fix_in_place([tmp_path / "s"])
    text = path.read_text(encoding="utf-8")
    assert "日前,青岛市" in text and "各区(市)" in text and "第6期" in text


def test_fix_in_a_paragraph_with_bold_markers_keeps_them(tmp_path):
    path = _series(tmp_path / "s", issue=ISSUE.replace("日前,", "**日前。**。"))
    fix_in_place([tmp_path / "s"])
    assert "**日前。**青岛市" in path.read_text(encoding="utf-8")


# -- writing replacements into each kind of TOML string ------------------------------------

@pytest.mark.parametrize("kind,text,written", [
    ("basic", 'a"b\\c\nd\x0c', 'a\\"b\\\\c\\nd\\u000C'),
    ("ml-basic", 'a"b\nc', 'a\\"b\nc'),
    ("literal", "（市）", "（市）"),
    ("literal", "a\nb", None),
    ("ml-literal", "a\nb", "a\nb"),
    ("ml-literal", "a'''b", None),
])
def test_escape_for_each_string_kind(kind, text, written):
    assert escape_for(text, kind) == written


def test_line_separator_escape_in_a_basic_string_becomes_a_newline_escape():
    raw = 'editor_note = "第一段。\\u2028第二段。"  # note\n'.encode("utf-8")
    new, applied, skipped = apply_fixes(raw, [Fix(("editor_note",), 4, 1, "\n")])
    assert (new.decode("utf-8"), applied, skipped) == ('editor_note = "第一段。\\n第二段。"  # note\n', 1, [])


def test_a_fix_that_cannot_be_written_is_skipped():
    raw = "title = '一\u2028二'\n".encode("utf-8")
    new, applied, skipped = apply_fixes(raw, [Fix(("title",), 1, 1, "\n")])
    assert (new, applied) == (raw, 0) and skipped


def test_fix_in_a_multiline_string_with_line_ending_backslash():
    raw = 'body = """\n日前,青岛 \\\n    召开会议.\n"""\n'.encode("utf-8")
    fixes = [Fix(("body",), 2, 1, "，"), Fix(("body",), 10, 1, "。")]
    new, applied, _ = apply_fixes(raw, fixes)
    assert new.decode("utf-8") == 'body = """\n日前，青岛 \\\n    召开会议。\n"""\n' and applied == 2


def test_a_fix_a_literal_string_cannot_hold_is_reported_with_the_real_path(tmp_path, cli):
    # a line separator in an editor's note written as a literal string: the fix (a newline)
    # cannot be written there
    note = "editor_note = '第一段。\u2028第二段。'\n\n"
    _series(tmp_path / "s", issue=ISSUE.replace("[[articles]]", note + "[[articles]]"))
    run = cli(["validate", "--diff", tmp_path / "s"])
    assert f"not fixed: {tmp_path / 's' / '2023-06.toml'}: editor_note: the fix cannot be written" in run.stderr
    assert "+title = '全市会议召开 第6期'" in run.stdout  # the other fixes still apply


# -- any fix, in any kind of string, yields exactly the intended value -----------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("会议，。(市)\"'\\\n\t a1—…\u200b⼀"))


def _write(value: str, kind: str) -> str | None:
    if kind == "basic":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if kind == "ml-basic":
        body = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"""\n' + body + '"""'
    if kind == "literal":
        return None if "'" in value or "\n" in value else f"'{value}'"
    return None if "'" in value or value.endswith("'") else "'''\n" + value + "'''"


@settings(max_examples=200, deadline=None)
@given(value=st.text(_ALPHABET, max_size=12), kind=st.sampled_from(["basic", "ml-basic", "literal", "ml-literal"]),
       data=st.data())
def test_any_fix_writes_exactly_the_intended_value(value, kind, data):
    import tomllib

    written = _write(value, kind)
    if written is None:
        return
    raw = f"# comment\nkey = {written}  # after\nother = 1\n".encode("utf-8")
    assert tomllib.loads(raw.decode("utf-8"))["key"] == value
    offset = data.draw(st.integers(0, len(value)))
    length = data.draw(st.integers(0, len(value) - offset))
    replacement = data.draw(st.text(_ALPHABET, max_size=4))
    new, applied, skipped = apply_fixes(raw, [Fix(("key",), offset, length, replacement)])
    parsed = tomllib.loads(new.decode("utf-8"))
    if applied:
        assert parsed == {"key": value[:offset] + replacement + value[offset + length:], "other": 1}
        assert new.startswith(b"# comment\nkey = ") and new.endswith(b"  # after\nother = 1\n")
    else:  # nothing to change, or a change this kind of string cannot hold
        assert new == raw
        assert skipped or value[offset:offset + length] == replacement


def test_diff_of_a_missing_path_is_a_usage_error(tmp_path, cli):
    run = cli(["validate", "--diff", tmp_path / "missing.toml"])
    assert run.exit_code == 2 and "no such file" in run.stderr


def test_diff_of_an_issue_standing_alone_with_article_files(tmp_path, cli):
    folder = tmp_path / "loose"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.toml").write_text('id = "a"\ntitle = "会议召开"\nbody = "日前,召开会议。"\n',
                                                encoding="utf-8")
    (folder / "issue.toml").write_text('name = "简报"\nissuer = "办公室"\nnumber = 1\ndate = 2023-08-14\n\n'
                                       '[[articles]]\nfile = "articles/a.toml"\n', encoding="utf-8")
    run = cli(["validate", "--diff", folder / "issue.toml", folder / "articles" / "a.toml"])
    assert run.exit_code == 1 and '+body = "日前，召开会议。"' in run.stdout
