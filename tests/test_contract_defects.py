"""Issue 14's defects, one regression test each, through `bulletin_cli.api` and the CLI.

Each input here validated clean (or crashed validate) and then failed on export before
the fix: the contract is "what validates, exports", so each must now be an error with a
position, or export cleanly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import article, issue, write_series

from bulletin_cli import api

FORMATS = ("epub", "html", "markdown", "text", "xml")
PLAIN_SERIES = 'name = "测试简报"\nissuer = "测试办公室"\n'


def errors(folder: Path) -> list[tuple[str, str, int, int, str]]:
    result = api.validate([folder])
    return [(d.code, Path(d.path).name, d.line, d.column, d.message)
            for d in result.diagnostics if d.severity.name == "ERROR"]


def exports_everywhere(folder: Path) -> None:
    for one in api.load_many([folder]):
        for name in FORMATS:
            assert api.export(one, name), name


def series_with(tmp_path: Path, series_extra: str = "", issue_text: str | None = None) -> Path:
    return write_series(tmp_path / "s", {"2024-01.toml": issue_text or issue(1, articles=article(column="x"))},
                        series=PLAIN_SERIES + 'columns = ["x"]\n' + series_extra)


# -- 1. a misspelt [labels] key ----------------------------------------------------------


def test_misspelt_label_key_is_s201_with_did_you_mean(tmp_path, cli):
    folder = series_with(tmp_path, '[labels]\ncontens = "本期要目"\n')
    run = cli(["validate", folder])
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "series.toml:5:1: error S201" in run.stdout and "did you mean 'contents'" in run.stdout
    assert "internal error" not in run.stdout + run.stderr


# -- 2. label templates ------------------------------------------------------------------


@pytest.mark.parametrize("label, template, shown", [
    ("source", "（{src}）", "{src}"),
    ("source", "（{source}", None),
    ("contents", "目录{", None),
    ("contents", "目录}", None),
    ("issue_number", "第{number.__class__.__mro__}期", "{number.__class__.__mro__}"),
    ("issue_number", "第{number!r}期", "{number!r}"),
    ("date", "{year}年{month}月{day[0]}日", "{day[0]}"),
    ("column", "〔{number}〕", "{number}"),
])
def test_label_templates_are_checked_at_validate_time(tmp_path, label, template, shown):
    folder = series_with(tmp_path, f"[labels]\n{label} = '{template}'\n")
    found = [e for e in errors(folder) if e[0] == "S204"]
    if template == "（{source}":  # a valid template: it must export
        assert found == []
        exports_everywhere(folder)
        return
    assert len(found) == 1, errors(folder)
    code, name, line, column, message = found[0]
    assert (name, line) == ("series.toml", 5) and column > 1
    if shown:
        assert shown in message


def test_year_in_the_issue_line_and_braces_print_literally(tmp_path):
    folder = series_with(tmp_path, "[labels]\nissue_number = '{year}年第{number}期'\ncolumn = '{{{name}}}'\n")
    assert errors(folder) == []
    one = api.load(folder / "2024-01.toml")
    text = api.export(one, "text").decode()
    assert "2024年第1期" in text and "{x}" in text
    exports_everywhere(folder)


# -- 4. limits every exporter can honour -------------------------------------------------


@pytest.mark.parametrize("extra, key", [
    ("number_style = 'chinese'\ncumulative_number = 10000", "cumulative_number"),
    ("cumulative_number = 1000000000", "cumulative_number"),
    ("[colophon]\nprint_run = 1000000000", "print_run"),
])
def test_numbers_beyond_what_exporters_write_are_errors(tmp_path, extra, key):
    # the extra keys after the article: a table header there starts a table of its own
    folder = series_with(tmp_path, issue_text="number = 1\ndate = 2024-01-10\n" + article(column="x")
                         .replace("[[articles]]", extra.replace("[colophon]", "") + "\n[[articles]]", 1)
                         if "[" not in extra else "number = 1\ndate = 2024-01-10\n" + article(column="x") + extra)
    found = errors(folder)
    assert [e[0] for e in found] == ["S204"], found
    assert key in found[0][4]


def test_chinese_issue_number_above_9999_is_an_error(tmp_path):
    folder = series_with(tmp_path, "number_style = 'chinese'\n", issue(10000, articles=article(column="x")))
    found = errors(folder)
    assert [(e[0], e[1], e[2]) for e in found] == [("S204", "2024-01.toml", 1)], found


@pytest.mark.parametrize("bad_id", ["", "a\\n", "x" * 201])
def test_empty_newline_or_overlong_article_id_is_an_error(tmp_path, bad_id):
    body = f'[[articles]]\nid = "{bad_id}"\ncolumn = "x"\ntitle = "标题"\nbody = "正文。"\n'
    folder = series_with(tmp_path, issue_text=issue(1, articles=body))
    found = errors(folder)
    assert [(e[0], e[2]) for e in found] == [("S204", 5)], found


@pytest.mark.parametrize("bad_id", ["", "s\\n"])
def test_empty_or_newline_series_id_is_an_error(tmp_path, bad_id):
    folder = series_with(tmp_path, f'id = "{bad_id}"\n')
    found = errors(folder)
    assert [(e[0], e[1]) for e in found] == [("S204", "series.toml")], found


def test_text_over_the_limit_is_an_error(tmp_path):
    from bulletin_cli.model.spec import MAX_TEXT_LENGTH

    folder = series_with(tmp_path, issue_text=issue(1, articles=article(column="x", body="长" * (MAX_TEXT_LENGTH + 1))))
    found = errors(folder)
    assert [e[0] for e in found] == ["S204"] and "body" in found[0][4], found


@pytest.mark.parametrize("where", ['copy_number = "A\\u0003"\n', '[leader_box]\ntext = "x\\u0001y"\n'])
def test_control_characters_in_copy_number_and_leader_box_are_s207(tmp_path, where):
    folder = series_with(tmp_path, issue_text=f"number = 1\ndate = 2024-01-10\n{where}\n" + article(column="x"))
    found = errors(folder)
    assert [(e[0], e[2]) for e in found] == [("S207", 3 if "copy" in where else 4)], found


def test_c1_control_characters_are_errors(tmp_path):
    folder = series_with(tmp_path, issue_text=issue(1, articles=article(column="x", body="正文\\u0085。")))
    found = errors(folder)
    assert [e[0] for e in found] == ["S207"], found


def test_year_below_1000_is_an_error(tmp_path):
    folder = series_with(tmp_path, issue_text=issue(1, "0999-01-10", articles=article(column="x")))
    found = errors(folder)
    assert [(e[0], e[2], e[3]) for e in found] == [("S204", 2, 8)], found


# -- 12. in-body headings that skip a level ------------------------------------------------


@pytest.mark.parametrize("body", ["## （一）做法\n\n正文。\n\n#### （1）细节\n\n正文。", "# 一、总体\n\n### 1.基础\n\n正文。"])
def test_html_headings_never_skip_a_rank(tmp_path, body):
    import re

    folder = series_with(tmp_path, issue_text=issue(1, articles=article(column="x", body=body)))
    assert errors(folder) == []
    for name in ("html", "epub"):
        data = api.export(api.load(folder / "2024-01.toml"), name)
        if name == "epub":
            import io
            import zipfile

            with zipfile.ZipFile(io.BytesIO(data)) as book:
                data = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xhtml"))
        ranks = [int(r) for r in re.findall(rb"<h([1-6])[ >]", data)]
        assert ranks and all(b <= a + 1 for a, b in zip(ranks, ranks[1:])), (name, ranks)


# -- 6. links built from file names ------------------------------------------------------------


def test_site_links_from_odd_file_names_are_percent_encoded_relative_links(tmp_path, cli):
    import re
    from urllib.parse import unquote, urlsplit

    names = ["javascript:alert(9).toml", "a#b.toml", "a?b.toml", "a b.toml", "%2e%2e.toml"]
    folder = write_series(tmp_path / "s", {name: issue(n + 1, f"2024-01-{10 + n}", articles=article(column="x"))
                                           for n, name in enumerate(names)},
                          series=PLAIN_SERIES + 'columns = ["x"]\n')
    out = tmp_path / "site"
    run = cli(["export", folder, "--to", "html", "-o", f"{out}/"])
    assert run.exit_code == 0, run.stdout + run.stderr
    pages = list(out.rglob("*.html"))
    hrefs = {(page, href) for page in pages for href in re.findall(r'href="([^"]*)"', page.read_text("utf-8"))}
    local = [(page, href) for page, href in hrefs if not href.startswith(("#", "http"))]
    assert len(local) > len(names)
    for page, href in local:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.query, href
        target = (page.parent / unquote(parts.path)).resolve()
        assert target.is_file(), (page.name, href)
        assert out.resolve() in target.parents


# -- 10. number --check checks numbers ------------------------------------------------------


def test_number_check_after_bulletin_new_agrees_with_its_message(tmp_path, cli):
    folder = series_with(tmp_path)
    assert cli(["new", folder, "--date", "2024-01-24"]).exit_code == 0
    run = cli(["number", "--check", folder, "--format", "text"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "numbers are up to date" in run.stdout + run.stderr
    assert "do not concern numbers" in run.stderr  # the template's empty title and body are named


def test_number_check_still_fails_on_a_missing_number(tmp_path, cli):
    folder = series_with(tmp_path)
    (folder / "2024-02.toml").write_text("date = 2024-01-24\n" + article(column="x"), encoding="utf-8")
    run = cli(["number", "--check", folder, "--format", "text"])
    assert run.exit_code == 1, run.stdout + run.stderr


# -- 14. smaller items -----------------------------------------------------------------------


def test_api_validate_takes_one_folder_as_a_string(tmp_path):
    folder = series_with(tmp_path)
    result = api.validate(str(folder))
    assert [Path(p).name for p in result.issues] == ["2024-01.toml"]
    assert len(api.load_many(str(folder))) == 1


def test_nothing_to_validate_is_importable_from_api(tmp_path):
    with pytest.raises(api.NothingToValidate):
        api.validate([tmp_path])
