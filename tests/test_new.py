"""`bulletin new`: the next issue file of a series."""

from __future__ import annotations

import os
import shutil
import tomllib

import pytest

from conftest import NEWSLETTER_SERIES
from series_helpers import copy_seed, make_issue, make_series


def _fill(path, title="标题", body="正文。"):
    """What the editor does: write every empty title and body."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('title = ""', f'title = "{title}"').replace('body = """\n\n"""', f'body = """\n{body}\n"""')
    path.write_text(text, encoding="utf-8")


def test_next_issue_of_the_seed(cli, tmp_path):
    from bulletin_cli import api

    folder = copy_seed(tmp_path)
    result = cli(["new", folder, "--date", "2023-09-01"])
    assert result.exit_code == 0, result.stderr
    written = folder / "2023-07.toml"
    assert result.stdout.strip() == str(written)
    text = written.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../schema/issue.schema.json\n")  # the folder's own convention
    data = tomllib.loads(text)
    assert data["number"] == 7 and data["date"].isoformat() == "2023-09-01"
    assert [a["column"] for a in data["articles"]] == ["工作动态", "经验交流"]
    assert text.index("# 〔工作动态〕") < text.index("# 〔经验交流〕")

    # Placeholders are refused with a clear message until the editor fills them in.
    check = cli(["validate", written])
    assert check.exit_code == 1
    assert "S205" in check.stdout and "'title' is empty" in check.stdout
    _fill(written)
    issue = api.load(written)
    assert issue.issue_line == "第7期" and len(issue.articles) == 2
    assert issue.colophon.editor == "耿海英"  # the series' colophon applies
    assert cli(["number", folder, "--check"]).exit_code == 0


def test_never_overwrites(cli, tmp_path):
    folder = copy_seed(tmp_path)
    existing = folder / "2023-06.toml"
    before = existing.read_bytes()
    result = cli(["new", folder, "--name", "2023-06.toml", "--date", "2023-09-01"])
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "never overwrites" in result.stderr
    assert existing.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["2023-06.toml", "series.toml"]  # no temporary left


def test_year_boundary_supplements_and_cumulative(cli, tmp_path):
    folder = make_series(tmp_path)
    make_issue(folder, "2023-11.toml", 11, "2023-11-20", "cumulative_number = 120")
    make_issue(folder, "2023-12.toml", 12, "2023-12-20", "cumulative_number = 121")
    result = cli(["new", folder, "--date", "2024-01-08"])
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads((folder / "2024-01.toml").read_text(encoding="utf-8"))
    assert (data["number"], data["cumulative_number"]) == (1, 122)

    first = cli(["new", folder, "--date", "2024-01-20", "--supplement"])
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip().endswith("2024-supplement-01.toml")
    data = tomllib.loads((folder / "2024-supplement-01.toml").read_text(encoding="utf-8"))
    assert data["supplement"] is True and data["number"] == 1 and "cumulative_number" not in data
    _fill(folder / "2024-supplement-01.toml")
    second = cli(["new", folder, "--date", "2024-02-20", "--supplement"])
    assert second.stdout.strip().endswith("2024-supplement-02.toml"), second.stdout + second.stderr
    text = (folder / "2024-supplement-02.toml").read_text(encoding="utf-8")
    assert "增刊第2期" in text


def test_names_follow_the_folder(tmp_path):
    """Nested year folders, date-named files: the new name follows what is there."""
    from bulletin_cli.api import validate
    from bulletin_cli.series.newissue import next_name

    folder = make_series(tmp_path)
    (folder / "2023").mkdir()
    make_issue(folder / "2023", "06.toml", 6, "2023-08-14")
    make_issue(folder / "2023", "07.toml", 7, "2023-09-14")
    issues = list(validate([folder]).issues.values())
    assert len(issues) == 2
    values = {"year": 2024, "number": 1, "cumulative": None, "month": 1, "day": 9}
    assert next_name(folder, issues, values, False) == "2024/01.toml"

    dated = make_series(tmp_path / "dated")
    make_issue(dated, "jianbao-2023-08-14.toml", 6, "2023-08-14")
    issues = list(validate([dated]).issues.values())
    assert next_name(dated, issues, values, False) == "jianbao-2024-01-09.toml"


def test_new_issue_in_a_nested_folder_is_written(cli, tmp_path):
    folder = make_series(tmp_path)
    (folder / "2023").mkdir()
    make_issue(folder / "2023", "06.toml", 6, "2023-08-14")
    result = cli(["new", folder, "--date", "2024-01-09"])
    assert result.exit_code == 0, result.stderr
    assert (folder / "2024" / "01.toml").is_file()


def test_english_newsletter(cli, tmp_path):
    from bulletin_cli import api

    folder = tmp_path / "newsletter"
    shutil.copytree(NEWSLETTER_SERIES, folder)
    result = cli(["new", folder, "--date", "2024-04-15"])
    assert result.exit_code == 0, result.stderr
    written = folder / "2024-04.toml"
    text = written.read_text(encoding="utf-8")
    assert "Issue 4" in text and "# Campus News\n" in text and "〔" not in text
    _fill(written, "A title", "A body.")
    assert api.load(written).issue_line == "Issue 4"


def test_usage_errors(cli, tmp_path):
    assert cli(["new", tmp_path / "missing"]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    no_series = cli(["new", empty])
    assert no_series.exit_code == 2 and "series.toml" in no_series.stderr
    folder = copy_seed(tmp_path)
    bad_date = cli(["new", folder, "--date", "2023-13-01"])
    assert bad_date.exit_code == 2 and "there is no month 13" in bad_date.stderr
    outside = cli(["new", folder, "--name", "../elsewhere.toml"])
    assert outside.exit_code == 2
    assert not (tmp_path / "elsewhere.toml").exists()


def test_default_date_is_today(cli, tmp_path):
    import datetime as dt

    folder = copy_seed(tmp_path)
    result = cli(["new", folder])
    assert result.exit_code == 0, result.stderr
    from pathlib import Path

    data = tomllib.loads(Path(result.stdout.strip()).read_text(encoding="utf-8"))
    assert data["date"] in (dt.date.today(), dt.date.today() - dt.timedelta(days=1))  # midnight


def test_series_without_columns(cli, tmp_path):
    from bulletin_cli import api

    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "series.toml").write_text('name = "简报"\nissuer = "办公室"\nnumber_style = "chinese"\n',
                                        encoding="utf-8")
    result = cli(["new", folder, "--date", "2025-03-01"])
    assert result.exit_code == 0, result.stderr
    written = folder / "2025-01.toml"
    text = written.read_text(encoding="utf-8")
    assert "简报 第一期" in text and "column" not in tomllib.loads(text)["articles"][0]
    _fill(written)
    assert api.load(written).issue_line == "第一期"
    assert cli(["new", folder, "--date", "2025-04-01"]).stdout.strip().endswith("2025-02.toml")



@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_new_file_gets_the_ordinary_permissions_and_is_never_replaced(tmp_path):
    """Written through a temporary file, it must not keep the temporary file's private mode (0600)."""
    from bulletin_cli.api import write_atomic

    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.toml", b"x = 1\n", overwrite=False)
        assert (tmp_path / "new.toml").stat().st_mode & 0o777 == 0o644
        with pytest.raises(FileExistsError):
            write_atomic(tmp_path / "new.toml", b"y = 2\n", overwrite=False)
    finally:
        os.umask(umask)
    assert (tmp_path / "new.toml").read_bytes() == b"x = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.toml"]  # no temporary left behind


def test_month_editions_get_no_number_and_are_named_by_month(cli, tmp_path):
    from bulletin_cli import api

    folder = copy_seed(tmp_path)
    series = folder / "series.toml"
    series.write_text(series.read_text(encoding="utf-8").replace('numbering = "yearly"', 'numbering = "none"'),
                      encoding="utf-8")
    seed = folder / "2023-06.toml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("number = 6\n", "", 1), encoding="utf-8")
    # the seed's file name (06) explains none of its fields (dated August): the month names the new one
    result = cli(["new", folder, "--date", "2023-09-05"])
    assert result.exit_code == 0, result.stderr
    written = folder / "2023-09.toml"
    assert result.stdout.strip() == str(written)
    text = written.read_text(encoding="utf-8")
    assert "2023年9月号" in text.splitlines()[1]
    data = tomllib.loads(text)
    assert "number" not in data and data["date"].isoformat() == "2023-09-05"
    _fill(written)
    assert api.load(written).issue_line == "2023年9月号"
    # the next one follows the new name's pattern (year-month)
    assert cli(["new", folder, "--date", "2023-10-08"]).stdout.strip() == str(folder / "2023-10.toml")
    _fill(folder / "2023-10.toml")
    check = cli(["validate", folder])
    assert check.exit_code == 0, check.stdout
