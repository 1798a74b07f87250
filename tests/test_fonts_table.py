"""The series' [fonts] table: read into Issue.fonts, merged with an issue's, checked by validate."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from bulletin_cli.formats.toml.loader import load_issue
from bulletin_cli.model.fonts import Font, font_for

from conftest import SEED_SERIES


def _series(tmp_path: Path, fonts: str, issue_fonts: str = "") -> Path:
    folder = tmp_path / "zb"
    shutil.copytree(SEED_SERIES, folder)
    with (folder / "series.toml").open("a", encoding="utf-8") as out:
        out.write("\n[fonts]\n" + fonts)
    if issue_fonts:
        issue = folder / "2023-06.toml"
        text = issue.read_text(encoding="utf-8")
        first_table = text.index("\n[")
        issue.write_text(text[:first_table] + "\n[fonts]\n" + issue_fonts + text[first_table:], encoding="utf-8")
    return folder


def test_families_and_files_reach_the_model(tmp_path):
    folder = _series(tmp_path, 'title = "方正小标宋简体"\ntitle_file = "fonts/xbs.ttf"\nbody = "仿宋_GB2312"\n')
    (folder / "fonts").mkdir()
    (folder / "fonts" / "xbs.ttf").write_bytes(b"\0\1\0\0")
    issue, diagnostics = load_issue(folder / "2023-06.toml")
    assert not [d for d in diagnostics if d.code.startswith(("S", "R"))]
    fonts = dict(issue.fonts)
    assert fonts["title"] == Font("方正小标宋简体", (folder / "fonts" / "xbs.ttf"), "fonts/xbs.ttf")
    assert fonts["body"].family == "仿宋_GB2312" and fonts["body"].file is None
    assert "heading" not in fonts
    assert font_for(issue.fonts, "masthead") == fonts["title"]  # the masthead follows the title


def test_an_issue_replaces_the_series_fonts_role_by_role(tmp_path):
    folder = _series(tmp_path, 'body = "仿宋"\nheading = "黑体"\n', issue_fonts='body = "仿宋_GB2312"\n')
    issue, _ = load_issue(folder / "2023-06.toml")
    assert dict(issue.fonts)["body"].family == "仿宋_GB2312"
    assert dict(issue.fonts)["heading"].family == "黑体"


def test_fonts_do_not_change_what_an_issue_is(tmp_path):
    """A printing setting: an issue compares equal with and without it (the XML round trip)."""
    folder = _series(tmp_path, 'body = "仿宋_GB2312"\n')
    with_fonts, _ = load_issue(folder / "2023-06.toml")
    assert with_fonts.fonts
    assert dataclasses.replace(with_fonts, fonts=()) == with_fonts


def test_validate_names_an_unknown_role_and_a_missing_file_where_they_are_written(tmp_path, cli):
    folder = _series(tmp_path, 'tilte = "方正小标宋简体"\nbody_file = "fonts/fs.ttf"\n')
    result = cli(["validate", folder])
    assert result.exit_code == 1
    lines = (folder / "series.toml").read_text(encoding="utf-8").splitlines()
    role_line = next(i for i, line in enumerate(lines, 1) if line.startswith("tilte"))
    assert f"series.toml:{role_line}:1: error S201" in result.stdout
    assert "did you mean 'title'?" in result.stdout
    assert f"series.toml:{role_line + 1}:13: error R303" in result.stdout
    assert "font file 'fonts/fs.ttf' does not exist" in result.stdout


def test_a_font_file_outside_the_series_or_not_a_font_is_refused(tmp_path, cli):
    folder = _series(tmp_path, 'body_file = "../fs.ttf"\nkai_file = "fonts/kai.zip"\n')
    (tmp_path / "fs.ttf").write_bytes(b"x")
    (folder / "fonts").mkdir()
    (folder / "fonts" / "kai.zip").write_bytes(b"x")
    result = cli(["validate", folder])
    assert result.exit_code == 1
    assert "error R304" in result.stdout and "outside the series folder" in result.stdout
    assert "error S204" in result.stdout and "'fonts/kai.zip' is not a .ttf, .otf or .ttc file" in result.stdout


def test_a_stand_alone_issue_may_carry_fonts(tmp_path, cli):
    issue = tmp_path / "one.toml"
    issue.write_text('name = "简报"\nissuer = "办公室"\nnumber = 1\ndate = 2024-01-02\n\n[fonts]\nbody = "仿宋"\n\n'
                     '[[articles]]\nid = "a"\ntitle = "标题"\nbody = "正文。"\n', encoding="utf-8")
    loaded, diagnostics = load_issue(issue)
    assert dict(loaded.fonts)["body"].family == "仿宋"
    assert not [d for d in diagnostics if d.code.startswith(("S", "R"))]
