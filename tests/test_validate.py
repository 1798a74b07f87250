"""`bulletin validate`: every check, every bad-input class, the output formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from conftest import SEED_SERIES
from helpers import SERIES, article, issue, write_series

from bulletin_cli.operations.validate import validate_paths


def codes(result) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in result.diagnostics]


def only(result, code: str):
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"expected {code}, got {codes(result)}"
    return found


# -- a clean series --------------------------------------------------------------------


def test_clean_series_has_no_diagnostics(tmp_path):
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1), "2024-02.toml": issue(2, "2024-01-24")})
    result = validate_paths([folder])
    assert [d for d in result.diagnostics if d.severity.name == "ERROR"] == []
    assert len(result.issues) == 2


# -- structure ---------------------------------------------------------------------------


def test_unknown_key_points_at_the_key_and_suggests(tmp_path):
    text = issue(articles=article().replace('title = "标题"', 'titel = "标题"'))
    folder = write_series(tmp_path / "s", {"1.toml": text})
    result = validate_paths([folder / "1.toml"])
    unknown = only(result, "S201")[0]
    line = text.splitlines().index('titel = "标题"') + 1
    assert (unknown.line, unknown.column) == (line, 1)
    assert "did you mean 'title'" in unknown.hint
    missing = only(result, "S202")[0]
    assert "title" in missing.message


def test_unknown_top_level_key_lists_suggestion(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": issue(extra='nubmer_style = "arabic"')})
    hint = only(validate_paths([folder]), "S201")[0].hint
    assert "number_style" in hint


def test_wrong_types_and_quoted_date(tmp_path):
    text = 'number = "3"\ndate = "2024-01-10"\n' + article()
    folder = write_series(tmp_path / "s", {"1.toml": text})
    result = validate_paths([folder])
    messages = {d.key_path: d for d in only(result, "S203")}
    assert "without quotes: number = 3" in messages[("number",)].hint
    assert "date = 2024-01-10" in messages[("date",)].hint
    assert (messages[("date",)].line, messages[("date",)].column) == (2, 8)


def test_impossible_date_in_a_string_is_named(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": 'number = 1\ndate = "2023年2月30日"\n' + article()})
    assert "not a real date" in only(validate_paths([folder]), "S203")[0].hint


def test_impossible_bare_date_is_a_syntax_error_with_position(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": "number = 1\ndate = 2023-02-30\n" + article()})
    diagnostic = only(validate_paths([folder]), "F104")[0]
    assert (diagnostic.line, diagnostic.column) == (2, 8)
    assert "real date" in diagnostic.hint


def test_invalid_enum_and_id_and_minimum(tmp_path):
    text = issue(number=1, extra='language = "fr"', articles=article(id="第一篇"))
    text = text.replace("number = 1", "number = 0")
    folder = write_series(tmp_path / "s", {"1.toml": text})
    messages = [d.message for d in only(validate_paths([folder]), "S204")]
    assert any("language" in m for m in messages)
    assert any("not a valid identifier" in m for m in messages)
    assert any("at least 1" in m for m in messages)


def test_empty_title_and_body(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": issue(articles=article(title="  ", body=""))})
    keys = {d.key_path[-1] for d in only(validate_paths([folder]), "S205")}
    assert keys == {"title", "body"}


def test_unclosed_bold_is_reported_inside_the_body(tmp_path):
    body = "第一段。\n\n**第二段开头。正文。"
    text = issue(articles=article(body=body))
    folder = write_series(tmp_path / "s", {"1.toml": text})
    diagnostic = only(validate_paths([folder]), "S206")[0]
    assert diagnostic.line == text.splitlines().index("**第二段开头。正文。") + 1
    assert diagnostic.column == 1


def test_no_articles(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": "number = 1\ndate = 2024-01-10\narticles = []\n"})
    assert "'articles' is empty" in only(validate_paths([folder]), "S202")[0].message


# -- references --------------------------------------------------------------------------


def test_duplicate_article_ids(tmp_path):
    text = issue(articles=article("a1") + article("a1", title="另一篇"))
    folder = write_series(tmp_path / "s", {"1.toml": text})
    diagnostic = only(validate_paths([folder]), "R301")[0]
    assert diagnostic.line == text.splitlines().index('id = "a1"', 5) + 1


def test_undeclared_column_with_suggestion(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": issue(articles=article(column="工作动太"))})
    diagnostic = only(validate_paths([folder]), "R302")[0]
    assert "工作动态" in diagnostic.hint


def test_missing_column_when_columns_declared(tmp_path):
    text = issue(articles=article().replace('column = "工作动态"\n', ""))
    folder = write_series(tmp_path / "s", {"1.toml": text})
    assert only(validate_paths([folder]), "R305")


def test_duplicate_column_declaration(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": issue()},
                          series=SERIES.replace('["工作动态", "经验交流"]', '["工作动态", "工作动态"]'))
    diagnostic = only(validate_paths([folder]), "R306")[0]
    assert diagnostic.path.name == "series.toml"


def test_article_file_inside_series(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": 'number = 1\ndate = 2024-01-10\n[[articles]]\n'
                                                      'file = "articles/a.toml"\ncolumn = "工作动态"\n'})
    (folder / "articles").mkdir()
    (folder / "articles" / "a.toml").write_text('id = "a"\ntitle = "外部文章"\nbody = "正文。"\n', encoding="utf-8")
    result = validate_paths([folder])
    assert [d for d in result.diagnostics if d.severity.name == "ERROR"] == []
    (only_issue,) = result.issues.values()
    assert only_issue.articles[0].title == "外部文章"


def test_missing_article_file_and_escape(tmp_path):
    text = ('number = 1\ndate = 2024-01-10\n[[articles]]\nfile = "articles/none.toml"\ncolumn = "工作动态"\n'
            '[[articles]]\nfile = "../outside.toml"\ncolumn = "工作动态"\n')
    folder = write_series(tmp_path / "s", {"1.toml": text})
    (tmp_path / "outside.toml").write_text('id = "x"\ntitle = "x"\nbody = "x"\n', encoding="utf-8")
    result = validate_paths([folder])
    assert only(result, "R303")[0].line == 4
    assert only(result, "R304")[0].line == 7


def test_orphan_article_file_is_a_warning(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": issue()})
    (folder / "stray.toml").write_text('id = "x"\ntitle = "x"\nbody = "x"\n', encoding="utf-8")
    assert only(validate_paths([folder]), "F107")[0].severity.name == "WARNING"


def test_standalone_issue_needs_name_and_issuer(tmp_path):
    path = tmp_path / "alone.toml"
    path.write_text(issue(articles=article().replace('column = "工作动态"\n', "")), encoding="utf-8")
    assert {d.message.split("'")[1] for d in only(validate_paths([path]), "F106")} == {"name", "issuer"}
    path.write_text('name = "独立简报"\nissuer = "某单位"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert validate_paths([path]).diagnostics == []


# -- numbering across a series -------------------------------------------------------


def test_duplicate_numbers_gaps_and_order(tmp_path):
    folder = write_series(tmp_path / "s", {
        "a.toml": issue(1, "2024-01-10"),
        "b.toml": issue(1, "2024-01-20"),
        "c.toml": issue(4, "2024-02-01"),
        "d.toml": issue(3, "2024-03-01"),
    })
    result = validate_paths([folder])
    assert only(result, "N401")[0].path.name == "b.toml"
    gap = only(result, "N402")[0]
    assert gap.path.name == "d.toml" and "number 2" in gap.message
    assert only(result, "N403")[0].path.name == "d.toml"
    # without the issues kept (as `bulletin validate` runs), files are let go once checked and
    # read again for a later finding's position: the same diagnostics, lines and columns
    assert validate_paths([folder], keep_issues=False).diagnostics == result.diagnostics


def test_numbering_restarts_each_year_and_supplements_have_their_own_sequence(tmp_path):
    folder = write_series(tmp_path / "s", {
        "a.toml": issue(24, "2023-12-20"),
        "b.toml": issue(1, "2024-01-10"),
        "c.toml": issue(1, "2024-01-15", extra="supplement = true"),
        "d.toml": issue(2, "2024-01-25"),
    })
    assert validate_paths([folder]).diagnostics == []


def test_running_numbering_across_years(tmp_path):
    series = SERIES.replace("[colophon]", 'numbering = "running"\n\n[colophon]')
    folder = write_series(tmp_path / "s", {"a.toml": issue(24, "2023-12-20"), "b.toml": issue(1, "2024-01-10")},
                          series=series)
    assert only(validate_paths([folder]), "N403")


def test_cumulative_numbers_must_increase(tmp_path):
    folder = write_series(tmp_path / "s", {
        "a.toml": issue(1, "2024-01-10", extra="cumulative_number = 100"),
        "b.toml": issue(2, "2024-01-20", extra="cumulative_number = 100"),
    })
    assert only(validate_paths([folder]), "N404")[0].path.name == "b.toml"


def test_one_file_given_still_sees_the_whole_series(tmp_path):
    folder = write_series(tmp_path / "s", {"a.toml": issue(1, "2024-01-10"), "b.toml": issue(1, "2024-01-20")})
    result = validate_paths([folder / "b.toml"])
    assert only(result, "N401")
    assert {d.path.name for d in result.diagnostics} == {"b.toml"}
    assert validate_paths([folder / "a.toml"]).diagnostics == []


def test_a_year_folder_given_reports_its_own_files_and_sees_the_whole_series(tmp_path):
    # series.toml one folder up: the other years are checked with it but not reported
    folder = write_series(tmp_path / "s", {})
    (folder / "2023").mkdir()
    (folder / "2024").mkdir()
    (folder / "2023" / "a.toml").write_text(issue(1, "2023-01-10"), encoding="utf-8")
    (folder / "2023" / "b.toml").write_text(issue(1, "2023-01-20"), encoding="utf-8")  # N401: number again
    (folder / "2024" / "c.toml").write_text(issue(1, "2024-01-10"), encoding="utf-8")
    (folder / "2024" / "d.toml").write_text(issue(1, "2024-01-20"), encoding="utf-8")  # N401 too
    result = validate_paths([folder / "2024"])
    assert only(result, "N401")
    assert {d.path.name for d in result.diagnostics} == {"d.toml"}
    assert {p.name for p in validate_paths([folder / "2024"], keep_issues=True).issues} == {"c.toml", "d.toml"}
    whole = validate_paths([folder], keep_issues=True)
    assert {d.path.name for d in whole.diagnostics} == {"b.toml", "d.toml"}
    assert {p.name for p in whole.issues} == {"a.toml", "b.toml", "c.toml", "d.toml"}


def test_series_settings_turn_a_check_off(tmp_path):
    folder = write_series(tmp_path / "s", {"a.toml": issue(1, "2024-01-10"), "b.toml": issue(3, "2024-01-20")},
                          series=SERIES + '\n[rules]\nnumbering-gap = "off"\n')
    assert validate_paths([folder]).diagnostics == []


# -- files that are not TOML issues ---------------------------------------------------------


def test_gbk_file_names_the_encoding_and_the_fix(tmp_path):
    folder = write_series(tmp_path / "s", {})
    (folder / "1.toml").write_bytes(issue().encode("gb18030"))
    diagnostic = only(validate_paths([folder]), "F101")[0]
    assert "GB18030/GBK" in diagnostic.message
    assert "iconv -f GB18030 -t UTF-8" in diagnostic.hint
    first_chinese_line = next(i for i, l in enumerate(issue().splitlines(), 1) if any(ord(c) > 127 for c in l))
    assert diagnostic.line == first_chinese_line


def test_bom_and_crlf_are_accepted(tmp_path):
    folder = write_series(tmp_path / "s", {})
    (folder / "1.toml").write_bytes(b"\xef\xbb\xbf" + issue().replace("\n", "\r\n").encode("utf-8"))
    result = validate_paths([folder])
    assert result.diagnostics == []
    (parsed,) = result.issues.values()
    assert parsed.articles[0].body[0].text == "正文第一段。"


def test_crlf_positions_are_still_right(tmp_path):
    text = issue(articles=article().replace('title = "标题"', 'titel = "标题"')).replace("\n", "\r\n")
    folder = write_series(tmp_path / "s", {})
    (folder / "1.toml").write_bytes(text.encode("utf-8"))
    unknown = only(validate_paths([folder]), "S201")[0]
    assert (unknown.line, unknown.column) == (text.split("\r\n").index('titel = "标题"') + 1, 1)


def test_utf16_file(tmp_path):
    folder = write_series(tmp_path / "s", {})
    (folder / "1.toml").write_bytes(issue().encode("utf-16"))
    assert "UTF-16" in only(validate_paths([folder]), "F101")[0].message


def test_empty_and_binary_files(tmp_path):
    folder = write_series(tmp_path / "s", {"ok.toml": issue()})
    (folder / "empty.toml").write_text("\n  \n", encoding="utf-8")
    (folder / "image.toml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = validate_paths([folder])
    assert only(result, "F102")[0].path.name == "empty.toml"
    assert only(result, "F103")[0].path.name == "image.toml"


def test_syntax_error_position_and_hint(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": "number = 1\ntitle = 中文\n"})
    diagnostic = only(validate_paths([folder]), "F104")[0]
    assert (diagnostic.line, diagnostic.column) == (2, 9)
    assert "quotes" in diagnostic.hint


def test_every_problem_is_reported_at_once(tmp_path):
    text = issue(articles=article("a1", column="无此栏目") + article("a1").replace("title", "titel"))
    folder = write_series(tmp_path / "s", {"1.toml": text, "bad.toml": "x = = 1"})
    found = {d.code for d in validate_paths([folder]).diagnostics}
    assert {"R302", "R301", "S201", "S202", "F104"} <= found


# -- the command: formats, exit codes, usage errors ----------------------------------------


@pytest.fixture
def broken_series(tmp_path):
    return write_series(tmp_path / "s", {"1.toml": issue(articles=article(column="无此栏目"))})


def test_exit_codes(cli, broken_series, tmp_path):
    assert cli(["validate", SEED_SERIES]).exit_code == 0
    failing = cli(["validate", broken_series])
    assert failing.exit_code == 1
    assert "1.toml:" in failing.stdout and "R302" in failing.stdout
    missing = cli(["validate", tmp_path / "nope"])
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    (tmp_path / "emptydir").mkdir()
    nothing = cli(["validate", tmp_path / "emptydir"])
    assert nothing.exit_code == 2 and "no issue files" in nothing.stderr
    assert cli(["validate", "--format", "xml", SEED_SERIES]).exit_code == 2
    assert cli(["validate"]).exit_code == 2
    for result in (failing, missing, nothing):
        assert "Traceback" not in result.stderr + result.stdout


def test_strict_fails_on_warnings(cli, tmp_path):
    folder = write_series(tmp_path / "s", {"a.toml": issue(1, "2024-01-10"), "b.toml": issue(3, "2024-01-20")})
    assert cli(["validate", folder]).exit_code == 0
    assert cli(["validate", "--strict", folder]).exit_code == 1


def test_json_format(cli, broken_series):
    result = cli(["validate", "--format", "json", broken_series])
    payload = json.loads(result.stdout)
    assert payload["errors"] == 1 and payload["checked_files"] == 2
    (entry,) = payload["diagnostics"]
    assert entry["code"] == "R302" and entry["rule"] == "undeclared-column"
    assert entry["line"] == 6 and entry["column"] == 10 and entry["severity"] == "error"


def test_github_format_is_chosen_automatically(cli, broken_series):
    result = cli(["validate", broken_series], env={"GITHUB_ACTIONS": "true"})
    line = next(l for l in result.stdout.splitlines() if l.startswith("::error"))
    assert ",line=6,col=10," in line and "file=" in line
    assert "::R302 column '无此栏目' is not declared" in line


def test_github_annotations_are_capped(tmp_path):
    from bulletin_cli.diagnostics.report import format_github

    text = issue(articles="".join(article(f"a{i}", column="无此栏目") for i in range(15)))
    folder = write_series(tmp_path / "s", {"1.toml": text})
    result = validate_paths([folder])
    out = format_github(result.diagnostics, 2)
    assert sum(1 for l in out.splitlines() if l.startswith("::error")) == 10
    assert "5 more problems" in out


def test_github_escapes_newlines_and_percent():
    from pathlib import Path

    from bulletin_cli.diagnostics.codes import Diagnostic, Severity
    from bulletin_cli.diagnostics.report import format_github

    d = Diagnostic(Path("a,b:c.toml"), 1, 2, Severity.ERROR, "S201", "100% bad\nsecond line")
    out = format_github([d], 1)
    assert "file=a%2Cb%3Ac.toml" in out and "100%25 bad%0Asecond line" in out


def test_pre_commit_hook_manifest():
    from conftest import ROOT

    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(line.strip().lstrip("- ").split(": ", 1) for line in manifest.splitlines()
                  if line.strip() and not line.lstrip().startswith("#"))
    assert fields["id"] == "bulletin-validate"
    assert fields["entry"] == "bulletin validate" and fields["language"] == "python"
    # one process for all files, so series checks are not split across workers
    assert fields["require_serial"] == "true"


def test_seed_copy_validates_and_a_broken_copy_does_not(cli, tmp_path):
    copy = tmp_path / "seed"
    shutil.copytree(SEED_SERIES, copy)
    assert cli(["validate", copy]).exit_code == 0
    issue_file = copy / "2023-06.toml"
    issue_file.write_text(issue_file.read_text(encoding="utf-8").replace("number = 6", "number = 六"),
                          encoding="utf-8")
    result = cli(["validate", copy])
    assert result.exit_code == 1 and "F104" in result.stdout


def test_rules_table_names_must_be_known_checks(tmp_path):
    folder = write_series(tmp_path / "s", {"a.toml": issue(1, "2024-01-10")},
                          series=SERIES + '\n[rules]\nnumbering-gpa = "off"\nT103 = "error"\n')
    diagnostic = only(validate_paths([folder]), "S204")[0]
    assert diagnostic.path.name == "series.toml" and "numbering-gpa" in diagnostic.message
    assert "numbering-gap" in diagnostic.hint
    assert diagnostic.line == SERIES.count("\n") + 3


def test_an_issue_file_is_reported_with_its_series_and_article_files(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": 'number = 1\ndate = 2024-01-10\n[[articles]]\n'
                                                      'file = "articles/a.toml"\ncolumn = "工作动态"\n'},
                          series=SERIES.replace('handled_by = "综合处"', 'handled_by = 3'))
    (folder / "articles").mkdir()
    (folder / "articles" / "a.toml").write_text('id = "a"\ntitel = "外部文章"\nbody = "正文。"\n', encoding="utf-8")
    result = validate_paths([folder / "1.toml"])
    assert {(d.path.name, d.code) for d in result.diagnostics} >= {("series.toml", "S203"), ("a.toml", "S201")}


def test_parallel_validation_reports_exactly_what_serial_does(tmp_path, cli):
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_series as write_synthetic

    folder = write_synthetic(tmp_path / "big", issues=80)
    (folder / "2001-05.toml").write_text((folder / "2001-05.toml").read_text(encoding="utf-8")
                                         .replace("number = 5", "number = 6", 1), encoding="utf-8")
    (folder / "2002-03.toml").write_text((folder / "2002-03.toml").read_text(encoding="utf-8")
                                         .replace('column = "工作动态"', 'column = "工作动太"'), encoding="utf-8")
    (folder / "orphan.toml").write_text('id = "x"\ntitle = "孤儿, 文件"\nbody = "正文"\n', encoding="utf-8")
    serial = cli(["validate", "--jobs", "1", "--format", "json", folder])
    parallel = cli(["validate", "--jobs", "2", "--format", "json", folder])
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.stdout == parallel.stdout
    found = {d["code"] for d in json.loads(parallel.stdout)["diagnostics"]}
    assert {"N401", "N402", "R302", "F107"} <= found
    # one file asked about: the workers check the whole series but report only that file
    one = folder / "2002-03.toml"
    serial = cli(["validate", "--jobs", "1", "--format", "json", one])
    parallel = cli(["validate", "--jobs", "2", "--format", "json", one])
    assert serial.stdout == parallel.stdout
    assert {(Path(d["file"]).name, d["code"]) for d in json.loads(parallel.stdout)["diagnostics"]} == {
        ("2002-03.toml", "R302")}


def test_a_folder_is_searched_in_order_skipping_hidden_and_tool_folders(tmp_path):
    from bulletin_cli.operations.validate import expand_paths

    for year in ("2023", "2024"):
        (tmp_path / "s" / year).mkdir(parents=True)
    folder = write_series(tmp_path / "s", {"2024/b.toml": issue(2, "2024-01-20"), "2024/a.toml": issue(1, "2024-01-10"),
                                            "2023/z.toml": issue(24, "2023-12-20")})
    for skipped in (".git", "node_modules", ".venv", "__pycache__", "2024/.drafts"):
        (folder / skipped).mkdir(parents=True)
        (folder / skipped / "x.toml").write_text("not = [toml", encoding="utf-8")
    (folder / "notes.txt").write_text("not an issue", encoding="utf-8")
    names = [p.relative_to(folder).as_posix() for p in expand_paths([folder])]
    assert names == ["2023/z.toml", "2024/a.toml", "2024/b.toml", "series.toml"]
    assert validate_paths([folder]).diagnostics == []


@pytest.mark.parametrize("given", ["relative", "absolute", "dot"])
def test_walked_paths_are_the_paths_their_folder_and_name_make(tmp_path, monkeypatch, given):
    """Made without parsing each name again (walking._child_maker): they equal, hash, print and
    split as ``folder / name`` does, whichever way the folder was given."""
    from bulletin_cli.operations.validate import expand_paths

    (tmp_path / "s" / "2024").mkdir(parents=True)
    write_series(tmp_path / "s", {"2024/a.toml": issue(1, "2024-01-10"), "b.toml": issue(2, "2024-01-20")})
    monkeypatch.chdir(tmp_path / "s" if given == "dot" else tmp_path)
    folder = {"relative": Path("s"), "absolute": tmp_path / "s", "dot": Path(".")}[given]
    walked = expand_paths([folder])
    made = [folder / "2024" / "a.toml", folder / "b.toml", folder / "series.toml"]
    assert walked == made
    assert [hash(p) for p in walked] == [hash(p) for p in made]
    assert [(str(p), p.name, p.suffix, p.parent, p.parts) for p in walked] == \
           [(str(p), p.name, p.suffix, p.parent, p.parts) for p in made]
    assert all(p.is_file() for p in walked)


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symbolic links")
def test_links_to_folders_are_not_followed_links_to_files_are(tmp_path):
    from bulletin_cli.operations.validate import expand_paths

    folder = write_series(tmp_path / "s", {"a.toml": issue(1, "2024-01-10")})
    elsewhere = write_series(tmp_path / "elsewhere", {"b.toml": issue(2, "2024-01-20")})
    try:
        (folder / "linked-folder").symlink_to(elsewhere, target_is_directory=True)
        (folder / "b.toml").symlink_to(elsewhere / "b.toml")
        (folder / "broken.toml").symlink_to(tmp_path / "missing.toml")
    except OSError:
        pytest.skip("cannot create symbolic links here")
    assert [p.name for p in expand_paths([folder])] == ["a.toml", "b.toml", "series.toml"]


def test_bold_opened_in_one_paragraph_and_closed_in_the_next_is_unclosed_twice(tmp_path):
    folder = write_series(tmp_path / "s", {"1.toml": issue(articles=article(body="**第一段。\n\n第二段。**"))})
    assert len(only(validate_paths([folder]), "S206")) == 2


@given(st.lists(st.sampled_from(["**", "*", "\\*", "\\\\", "<!--", "-->", "\n\n", "\n", " \n", "甲", "a", "\r"]),
                max_size=16).map("".join))
@example("**甲\\**")  # an escaped asterisk: three asterisks, one bold marker
@example("**甲<!-- ** -->")
@example("**甲\r\n\r\n乙**")
def test_the_quick_bold_check_never_passes_an_unclosed_paragraph(value):
    from bulletin_cli.formats.markup import split_paragraphs, unclosed_emphasis
    from bulletin_cli.checks.issue import _bold_markers_pair_up

    if _bold_markers_pair_up(value):
        assert not any(unclosed_emphasis(paragraph) for paragraph in split_paragraphs(value))


def test_the_characters_s207_refuses_are_exactly_those_xml_cannot_hold_and_html_forbids():
    from bulletin_cli.model.xmlchars import invalid_xml_chars

    def xml_char(code: int) -> bool:  # XML 1.0, production [2] Char
        return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF

    def html_control(code: int) -> bool:  # HTML: DELETE and the C1 controls are forbidden code points
        return 0x7F <= code <= 0x9F

    every_character = "".join(map(chr, range(0x110000)))
    assert [index for index, _ in invalid_xml_chars(every_character)] == [
        code for code in range(0x110000) if not xml_char(code) or html_control(code)]


def test_toml_1_1_syntax_is_a_syntax_error_as_the_format_reference_says(tmp_path):
    # docs/format.md: files are TOML 1.0. The editing commands (tomlkit) cannot read TOML 1.1
    # yet, so validate must not accept it either.
    folder = write_series(tmp_path / "s", {"1.toml": issue().replace("number = 1", "number = 1\nx = {a = 1,\n b = 2}")})
    (found,) = only(validate_paths([folder]), "F104")
    assert found.line == 2


def test_work_is_chunked_in_order_with_a_finer_tail():
    """Every file once, in order; no chunk larger than asked; the last chunks finer, so that
    no worker waits long for another's last chunk."""
    from bulletin_cli.operations.workers import work_chunks

    for count in [*range(0, 130), 1000, 10_003]:
        for jobs in (1, 2, 4):
            size = max(8, min(50, count // (jobs * 4)))
            chunks = work_chunks(list(range(count)), size, jobs)
            assert [item for chunk in chunks for item in chunk] == list(range(count))
            assert all(0 < len(chunk) <= size for chunk in chunks)
    chunks = work_chunks(list(range(1000)), 50, 2)
    assert [len(c) for c in chunks[:16]] == [50] * 16  # the head as before
    assert max(len(c) for c in chunks[16:]) == 12 and sum(map(len, chunks[16:])) == 200
