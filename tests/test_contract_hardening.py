"""Issue 14's remaining defects (3, 5, 6, 7, 8, 9, 13, 14), one regression test each.

Speed is never timed here: defect 3 is held by counting the work that made it quadratic
(benchmarks/bench_hostile.py times it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from helpers import article, issue, write_series

from bulletin_cli import api

PLAIN_SERIES = 'name = "测试简报"\nissuer = "测试办公室"\n'


def errors(folder: Path, code: str | None = None) -> list:
    found = [d for d in api.validate([folder]).diagnostics if d.severity.name == "ERROR"]
    return [d for d in found if code is None or d.code == code]


# -- 3. positions and comments in linear time -----------------------------------------------


def test_a_body_with_a_thousand_findings_is_decoded_once(tmp_path, monkeypatch):
    from bulletin_cli.files.locate import TomlLocator

    body = "测试文字,内容。" * 4000  # 100 KB of source, 4,000 T101 findings in one string
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(body=body))})
    decoded = []
    original = TomlLocator._decode_offsets
    monkeypatch.setattr(TomlLocator, "_decode_offsets", lambda self, span: decoded.append(span) or original(self, span))
    found = [d for d in api.validate([folder]).diagnostics if d.code == "T101"]
    assert len(found) == 4000
    assert len(decoded) == len(set(decoded)) <= 3  # once per string, not once per finding


class _WindowWatch:
    """A compiled pattern that can match a comment (``<!--.*?-->``), watched: it scans from
    each "<!--" it is given to the text's end when the comment does not close, so a search
    window holding many openers after its last "-->" costs quadratic time."""

    def __init__(self, pattern: re.Pattern, worst: list[int]):
        self._pattern, self._worst = pattern, worst

    def _note(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
        window = text[pos:endpos]
        self._worst.append(window[window.rfind("-->") + 1:].count("<!--"))

    def __getattr__(self, name):
        return getattr(self._pattern, name)

    def search(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.search(text, pos, endpos)

    def match(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.match(text, pos, endpos)

    def finditer(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.finditer(text, pos, endpos)

    def findall(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.findall(text, pos, endpos)

    def sub(self, repl, text, count=0):
        self._note(text)
        return self._pattern.sub(repl, text, count)

    def split(self, text, maxsplit=0):
        self._note(text)
        return self._pattern.split(text, maxsplit)


def _watch_comment_patterns(monkeypatch) -> list[int]:
    worst: list[int] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("bulletin_cli"):
            continue
        for attr, value in list(vars(module).items()):
            # str patterns only: the text layout's bytes patterns cannot hold "<!--"
            if (isinstance(value, re.Pattern) and isinstance(value.pattern, str)
                    and "<!--" in value.pattern and ".*?" in value.pattern):
                monkeypatch.setattr(module, attr, _WindowWatch(value, worst))
    return worst


@pytest.mark.parametrize("body", [
    "<!--" * 25_000,                         # 100 KB of unclosed comments
    "[x](http://a) <!--" * 5_500,            # the same through the full parser, beside spaces
    "<!-- bulletin: ignore" * 4_700,         # suppression comments that never close
    "段落<!-- 注 -->正文。<!--" * 5_000,     # closed comments, then an opener each time
])
def test_unclosed_comments_are_never_searched_to_the_end_again_and_again(tmp_path, monkeypatch, body):
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(body=body))})
    api.validate([folder])  # load every module first
    worst = _watch_comment_patterns(monkeypatch)
    api.validate([folder])
    assert worst, "no comment pattern was watched"
    assert max(worst) <= 32, f"a comment pattern searched past {max(worst)} unclosed openers"


# -- 5. internal errors without a position ----------------------------------------------------


def test_toml_nested_over_400_levels_is_f104_at_the_bracket(tmp_path, cli):
    text = "number = 1\ndate = 2024-01-10\nx = " + "[" * 500 + "]" * 500 + "\n"
    folder = write_series(tmp_path / "s", {"2024-01.toml": text}, series=PLAIN_SERIES)
    run = cli(["validate", folder])
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "2024-01.toml:3:405: error F104" in run.stdout and "nested more than 400" in run.stdout
    assert "internal error" not in run.stdout + run.stderr


def test_an_article_file_name_over_255_characters_is_r303(tmp_path, cli):
    long = "a" * 300
    text = issue(1, articles=f'[[articles]]\nid = "a1"\ntitle = "标题"\nfile = "{long}.toml"\n'
                 f'[[articles]]\nid = "a2"\ntitle = "标题"\nbody = """\n![图]({long}.png)\n"""\n')
    folder = write_series(tmp_path / "s", {"2024-01.toml": text}, series=PLAIN_SERIES)
    run = cli(["validate", folder])
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "2024-01.toml:7:8: error R303" in run.stdout and "too long" in run.stdout
    assert "image 'aaa" in run.stdout
    assert "internal error" not in run.stdout + run.stderr


# -- 5 and 7. plugins that print, dawdle, or return the wrong thing ------------------------------

BAD_PLUGIN = '''
    import time
    from bulletin_cli import Exporter, hookimpl

    print("hello from bulletin_noisy")  # at import: must not reach standard output
    time.sleep(SLEEP)

    def render(issue, options):
        return issue.name + "\\n"

    def render_site(issues, options):
        return {"a-index.txt": "fine\\n", "b-index.txt": 42}

    @hookimpl
    def register_exporters(register):
        register(Exporter("noisy", ".txt", render, render_site=render_site))
        register(Exporter("strbin", ".bin", lambda issue, options: "text, not bytes", binary=True))
        register(Exporter("nothing", ".out", lambda issue, options: b""))
'''


def _bad_plugin(tmp_path: Path, sleep: float = 0.0) -> dict:
    from plugin_helpers import install_plugin, plugin_env

    site = tmp_path / "site"
    install_plugin(site, "bulletin-noisy", "bulletin_noisy", BAD_PLUGIN.replace("SLEEP", repr(sleep)))
    return plugin_env(site)


def _two_issues(tmp_path: Path) -> Path:
    return write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(column="x")),
                                          "2024-02.toml": issue(2, "2024-02-10", articles=article(column="x"))},
                        series=PLAIN_SERIES + 'columns = ["x"]\n')


def test_a_plugin_printing_at_import_leaves_stdout_clean_and_is_named(tmp_path, cli):
    import json

    env = _bad_plugin(tmp_path)
    folder = _two_issues(tmp_path)
    run = cli(["validate", "--format", "json", folder], env=env)
    assert run.exit_code == 0, run.stdout + run.stderr
    json.loads(run.stdout)
    assert "hello from bulletin_noisy" in run.stderr and "plugin 'bulletin_noisy'" in run.stderr
    assert "printed to standard output" in run.stderr
    run = cli(["export", folder / "2024-01.toml", "--to", "noisy", "-o", "-"], env=env)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "测试简报\n"


def test_a_plugin_slow_to_load_is_named_in_a_warning(tmp_path, cli):
    env = _bad_plugin(tmp_path, sleep=1.2)
    run = cli(["validate", _two_issues(tmp_path)], env=env)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert re.search(r"plugin 'bulletin_noisy' \(package bulletin-noisy\) took \d+\.\d s to load", run.stderr), run.stderr


def test_render_site_returning_a_non_string_names_the_plugin_and_writes_nothing(tmp_path, cli):
    env = _bad_plugin(tmp_path)
    out = tmp_path / "out"
    run = cli(["export", _two_issues(tmp_path), "--to", "noisy", "-o", out], env=env)
    assert run.exit_code != 0
    assert "from plugin 'bulletin_noisy'" in run.stderr and "'b-index.txt'" in run.stderr and "int" in run.stderr
    assert "internal error" not in run.stderr
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


@pytest.mark.parametrize("fmt, said", [("strbin", "returned str, but the format is binary"),
                                       ("nothing", "returned an empty output")])
def test_a_binary_exporter_returning_str_or_nothing_is_an_error_naming_the_plugin(tmp_path, cli, fmt, said):
    env = _bad_plugin(tmp_path)
    out = tmp_path / "out"
    run = cli(["export", _two_issues(tmp_path) / "2024-01.toml", "--to", fmt, "-o", out / "x.bin"], env=env)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert said in run.stderr and "plugin 'bulletin_noisy'" in run.stderr
    assert not out.exists() or not list(out.iterdir())


# -- 8. a linked issue file, like a linked article file -----------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_an_issue_file_linking_out_of_the_series_folder_is_r304(tmp_path, cli):
    folder = write_series(tmp_path / "s", {}, series=PLAIN_SERIES + 'columns = ["x"]\n')
    outside = tmp_path / "elsewhere" / "2024-01.toml"
    outside.parent.mkdir()
    outside.write_text(issue(1, articles=article(column="x")), encoding="utf-8")
    (folder / "2024-01.toml").symlink_to(outside)
    (folder / "drafts").mkdir()  # a link to a file inside the series folder is fine
    (folder / "drafts" / "2024-02.txt").write_text(issue(2, "2024-02-10", articles=article(column="x")), encoding="utf-8")
    (folder / "2024-02.toml").symlink_to(folder / "drafts" / "2024-02.txt")
    for target in (folder, folder / "2024-01.toml"):
        run = cli(["validate", target])
        assert run.exit_code == 1, run.stdout + run.stderr
        assert "2024-01.toml:1:1: error R304" in run.stdout and "outside the series folder" in run.stdout
        assert "2024-02.toml:" not in run.stdout
    out = tmp_path / "out"
    assert cli(["export", folder, "--to", "html", "-o", out]).exit_code == 1
    assert not out.exists()


# -- 9. numbering blames the file `bulletin number` would change -------------------------------


def test_n403_blames_the_new_file_and_shows_when_it_alone_is_validated(tmp_path, cli):
    folder = write_series(tmp_path / "s", {
        "2024-03-18.toml": issue(6, "2024-03-18", articles=article(column="x")),
        "2024-04-01.toml": issue(8, "2024-04-01", articles=article(column="x")),
        "NEW.toml": issue(9, "2024-03-21", articles=article(column="x")),
    }, series=PLAIN_SERIES + 'columns = ["x"]\n')
    alone = cli(["validate", folder / "NEW.toml"])
    assert alone.exit_code == 1, alone.stdout + alone.stderr
    assert "NEW.toml:1:10: error N403" in alone.stdout and "the dates give 7" in alone.stdout
    whole = cli(["validate", folder])
    assert "NEW.toml:1:10: error N403" in whole.stdout
    assert "2024-04-01.toml:1:10: error N403" not in whole.stdout
    numbered = cli(["number", folder])
    assert "/NEW.toml\n@@" in numbered.stdout and "2024-04-01.toml" not in numbered.stdout


# -- 13. the XML round trip keeps the series id -------------------------------------------------


def test_xml_round_trip_of_a_stand_alone_issue_keeps_the_series_id(tmp_path, cli):
    original = tmp_path / "s.toml"
    original.write_text(PLAIN_SERIES + issue(1, articles=article(column="x"), extra='columns = ["x"]'), encoding="utf-8")
    assert cli(["export", original, "--to", "xml", "-o", tmp_path / "s.xml"]).exit_code == 0
    run = cli(["import", tmp_path / "s.xml", "-o", tmp_path / "back.toml"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert api.load(tmp_path / "back.toml").series_id == "s"
    assert cli(["export", tmp_path / "back.toml", "--to", "xml", "-o", tmp_path / "back.xml"]).exit_code == 0
    assert 'series="s"' in (tmp_path / "back.xml").read_text(encoding="utf-8")


def test_an_issue_of_a_series_cannot_set_the_series_id(tmp_path):
    folder = write_series(tmp_path / "s", {"2024-01.toml": 'id = "other"\n' + issue(1, articles=article(column="x"))},
                          series=PLAIN_SERIES + 'columns = ["x"]\n')
    assert [(d.code, d.line) for d in errors(folder)] == [("S204", 1)]


# -- 14. smaller items ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, key, listed", [("text", "foo", "it takes no -O keys"),
                                              ("html", "bse_url", "-O base_url=…"),
                                              ("epub", "titel", "-O title=…")])
def test_unknown_option_keys_are_a_usage_error_listing_the_keys(tmp_path, cli, fmt, key, listed):
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(column="x"))},
                          series=PLAIN_SERIES + 'columns = ["x"]\n')
    out = tmp_path / "out"
    run = cli(["export", folder / "2024-01.toml", "--to", fmt, "-O", f"{key}=1", "-o", out / f"x.{fmt}"])
    assert run.exit_code == 2, run.stdout + run.stderr
    assert f"-O {key}: the {fmt} format has no such option" in run.stderr and listed in run.stderr
    assert not out.exists()


def test_every_installed_exporter_declares_the_keys_it_reads():
    from bulletin_cli import plugins

    found, _ = plugins.exporters()
    declared = {name: item.exporter.options for name, item in found.items()}
    assert declared["text"] == {} and declared["xml"] == {}
    assert {"base_url", "search"} <= set(declared["html"]) and "title" in declared["epub"]
    if "docx" in declared:
        from bulletin_docx.settings import OPTION_NAMES
        assert set(declared["docx"]) == set(OPTION_NAMES)
    if "pdf" in declared:
        from bulletin_pdf.render import OPTIONS
        assert set(declared["pdf"]) == set(OPTIONS)
    if "markdown" in declared:
        assert set(declared["markdown"]) == {"front_matter"}


def test_a_too_narrow_width_is_one_usage_error_story(tmp_path, cli):
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(column="x"))},
                          series=PLAIN_SERIES + 'columns = ["x"]\n')
    run = cli(["export", folder / "2024-01.toml", "--to", "text", "--width", "10", "-o", "-"])
    assert run.exit_code == 2 and "too narrow" in run.stderr
    assert "failed" not in run.stderr and run.stdout == ""


@pytest.mark.parametrize("date, said", [("2024-02-30", "that date does not exist; February 2024 has 29 days"),
                                        ("2024-13-01", "there is no month 13"),
                                        ("2024/02/03", "write the date as YYYY-MM-DD")])
def test_new_says_why_a_date_is_refused(tmp_path, cli, date, said):
    folder = write_series(tmp_path / "s", {}, series=PLAIN_SERIES)
    run = cli(["new", folder, "--date", date])
    assert run.exit_code == 2 and said in run.stderr, run.stderr


def test_a_first_new_issue_names_no_missing_schema_and_takes_numbers(tmp_path, cli):
    folder = write_series(tmp_path / "s", {}, series=PLAIN_SERIES + 'columns = ["x"]\n')
    run = cli(["new", folder, "--date", "2024-05-01", "--number", "5", "--cumulative", "41"])
    assert run.exit_code == 0, run.stderr
    text = (folder / "2024-05.toml").read_text(encoding="utf-8")
    assert not text.startswith("#:schema")  # there is no issue.schema.json to point at
    assert "bulletin schema issue > issue.schema.json" in text
    assert "number = 5\n" in text and "cumulative_number = 41\n" in text
    (folder / "issue.schema.json").write_text("{}", encoding="utf-8")
    assert cli(["new", folder, "--date", "2024-06-01"]).exit_code == 0
    later = (folder / "2024-06.toml").read_text(encoding="utf-8")
    assert "number = 6\n" in later and "cumulative_number = 42\n" in later


def test_validate_on_a_folder_with_only_series_toml_says_what_to_do(tmp_path, cli):
    folder = write_series(tmp_path / "s", {}, series=PLAIN_SERIES)
    run = cli(["validate", folder])
    assert run.exit_code == 2
    assert "series.toml found but no issue files yet" in run.stderr and "bulletin new" in run.stderr


def test_help_paragraphs_are_not_broken_at_the_docstring_lines(cli):
    run = cli(["new", "--help"], env={"COLUMNS": "200"})
    assert "Exit status: 0 written, 1 the series has an unreadable issue" in run.stdout


def test_shell_completion_is_on(cli):
    run = cli(["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in run.stdout and "--show-completion" in run.stdout
    shown = cli(["--show-completion", "bash"])
    assert shown.exit_code == 0 and "complete" in shown.stdout


# -- 6. the Markdown plugin: no template syntax, front matter that parses ------------------------


def _markdown_issue(tmp_path: Path, body: str, title: str = "标题"):
    pytest.importorskip("bulletin_markdown")
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(column="x", title=title,
                                                                                       body=body))},
                          series=PLAIN_SERIES + 'columns = ["x"]\n')
    assert errors(folder) == []
    return api.load(folder / "2024-01.toml")


def test_markdown_lets_no_liquid_tag_through_and_still_prints_the_braces(tmp_path):
    from markdown_it import MarkdownIt

    body = "正文 {{ site.secret }} 与 {% include x.html %}。\\n\\n代码 `{{ raw }}` 与 [链接 {{a}}](https://example.org/{{b}})。"
    one = _markdown_issue(tmp_path, body, title="标题 {% if %}")
    text = api.export(one, "markdown").decode("utf-8")
    assert "{{" not in text and "{%" not in text  # Jekyll runs Liquid on the source before Markdown
    html = MarkdownIt("commonmark").render(text.split("---\n", 2)[2])
    for shown in ("{{ site.secret }}", "{% include x.html %}", "{{ raw }}", "{% if %}", "{{a}}"):
        assert shown in html, shown


_YAML_PRINTABLE = re.compile("[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")


@pytest.mark.parametrize("style", ["yaml", "toml"])
def test_markdown_front_matter_parses_with_c1_and_del_in_the_name(tmp_path, style):
    import dataclasses
    import json

    import tomli

    one = _markdown_issue(tmp_path, "正文。")
    name = "简报\x7f\x80\x85\x9f\u2028\ufeff名"  # validate refuses C1 controls; a plugin may still get them
    one = dataclasses.replace(one, name=name)
    from bulletin_cli.formats.exporter import ExportOptions
    import bulletin_markdown

    text = bulletin_markdown.render(one, ExportOptions(extra={"front_matter": style}))
    fence = "---" if style == "yaml" else "+++"
    head = text.split(fence + "\n", 2)[1]
    assert _YAML_PRINTABLE.fullmatch(head), [hex(ord(c)) for c in head if not _YAML_PRINTABLE.fullmatch(c)]
    if style == "toml":
        assert tomli.loads(head)["series"] == name
    else:  # no YAML parser among the test dependencies: each value is a JSON string, which YAML reads alike
        series = next(line for line in head.splitlines() if line.startswith("series: "))
        assert json.loads(series[len("series: "):]) == name


def test_docx_of_an_issue_dated_after_2107_packs(tmp_path):
    """Found by scripts/fuzz.py --seed 7: a ZIP entry's year field ends at 2107 (struct.error)."""
    pytest.importorskip("bulletin_docx")
    folder = write_series(tmp_path / "s", {"2200-01.toml": issue(1, "2200-01-10", articles=article(column="x"))},
                          series=PLAIN_SERIES + 'columns = ["x"]\n')
    assert errors(folder) == []
    data = api.export(api.load(folder / "2200-01.toml"), "docx")
    assert data[:2] == b"PK"
