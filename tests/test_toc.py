"""`bulletin toc`: an issue's contents by column, and the series index (年度总目录)."""

from __future__ import annotations

import html
import json
import shutil
import subprocess

import pytest

from conftest import NEWSLETTER_SERIES, SEED_ISSUE
from series_helpers import make_issue, make_series

# The seed's columns and titles, in print order (from the transcribed seed, examples/).
SEED_COLUMNS = {
    "工作动态": ["全市新时代文明实践中心建设工作推进会召开",
                 "全市“学习强国”工作座谈会暨青岛学习平台上线四周年活动举行"],
    "经验交流": ["市南区推进“红·绿·蓝”融合发展 打造企业美德健康生活方式“第三空间”",
                 "市北区突出三个导向 推动新时代文明实践宣讲纵深发展",
                 "李沧区坚持“三力”筑基 推动文明实践与基层治理融合发展",
                 "莱西市委宣传部围绕四个“聚焦”建设“四型”机关"],
}


def _in_order(text: str, items: list[str]) -> bool:
    positions = [text.find(item) for item in items]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def _seed_order() -> list[str]:
    return [item for column, titles in SEED_COLUMNS.items() for item in [f"〔{column}〕", *titles]]


def test_issue_text(cli):
    result = cli(["toc", SEED_ISSUE])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == ["宣传信息专报 第6期", "2023年8月14日", "", "目录"]
    assert _in_order(result.stdout, _seed_order())
    # no article numbers unless the series asks for them
    assert not any(line.startswith("1.") for line in lines)


def test_issue_json(cli):
    result = cli(["toc", SEED_ISSUE, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["issue_line"] == "第6期" and data["date"] == "2023-08-14"
    assert [c["name"] for c in data["columns"]] == list(SEED_COLUMNS)
    assert {c["name"]: [a["title"] for a in c["articles"]] for c in data["columns"]} == SEED_COLUMNS
    second = data["columns"][0]["articles"][1]
    assert second["subtitle"] == "“遇见学习达人”抖音号正式上线，持续助推全民学习热潮"
    assert second["full_title"] == second["title"] + "——" + second["subtitle"]


def test_issue_markdown_renders_with_pandoc(cli, tmp_path):
    series = tmp_path / "seed"
    shutil.copytree(SEED_ISSUE.parent, series)
    config = series / "series.toml"
    text = config.read_text(encoding="utf-8").replace('numbering = "yearly"\n',
                                                      'numbering = "yearly"\narticle_numbers = true\n')
    config.write_text(text, encoding="utf-8")
    result = cli(["toc", series / "2023-06.toml", "-f", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# 宣传信息专报 第6期\n")
    assert "\n### 〔经验交流〕\n\n3. 市南区" in result.stdout  # numbers run on across columns
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc not installed")
    rendered = subprocess.run([pandoc, "-f", "commonmark", "-t", "html"], input=result.stdout,
                              capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert '<ol start="3"' in rendered
    assert _in_order(html.unescape(rendered), _seed_order())


def test_markdown_escapes_syntax_in_titles():
    from bulletin_cli.model.contents import md

    assert md("2023. 回顾") == "2023\\. 回顾"
    assert md("# 标题 *强调* [链接]") == "\\# 标题 \\*强调\\* \\[链接\\]"


def test_english_labels(cli):
    result = cli(["toc", NEWSLETTER_SERIES / "2024-03.toml"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:4] == ["Riverside Campus Bulletin Issue 3", "18 March 2024", "", "Contents"]
    assert _in_order(result.stdout, ["Campus News", "Main Library Extends", "Research & Teaching", "Teaching Innovation"])


def _series(tmp_path):
    folder = make_series(tmp_path, "article_numbers = true\n")
    make_issue(folder, "2023-12.toml", 12, "2023-12-10")
    make_issue(folder, "2023-zk.toml", 1, "2023-11-01", "supplement = true")
    make_issue(folder, "2024-01.toml", 1, "2024-01-10")
    return folder


def test_series_index_by_issue(cli, tmp_path):
    folder = _series(tmp_path)
    result = cli(["toc", folder])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("宣传信息专报 总目录\n")
    assert _in_order(out, ["2023年度总目录", "增刊第1期  2023年11月1日", "第12期  2023年12月10日",
                           "2024年度总目录", "第1期  2024年1月10日"])
    assert out.count("    1. 全市新时代文明实践中心建设工作推进会召开") == 3
    data = json.loads(cli(["toc", folder, "-f", "json"]).stdout)
    assert [y["year"] for y in data["years"]] == [2023, 2024]
    assert [(i["number"], i["supplement"]) for i in data["years"][0]["issues"]] == [(1, True), (12, False)]
    assert [a["number"] for c in data["years"][1]["issues"][0]["columns"] for a in c["articles"]] == [1, 2, 3, 4, 5, 6]


def test_series_index_by_column(cli, tmp_path):
    folder = _series(tmp_path)
    result = cli(["toc", folder, "--by", "column"])
    assert result.exit_code == 0, result.stderr
    year_2023 = result.stdout.split("2024年度总目录")[0]
    assert _in_order(year_2023, ["〔工作动态〕", "推进会召开  增刊第1期", "推进会召开  第12期", "〔经验交流〕"])
    assert year_2023.count("莱西市委宣传部围绕四个“聚焦”建设“四型”机关") == 2
    data = json.loads(cli(["toc", folder, "--by", "column", "-f", "json"]).stdout)
    columns = data["years"][0]["columns"]
    assert [c["name"] for c in columns] == ["工作动态", "经验交流"]
    assert [a["issue"]["short_issue_line"] for a in columns[0]["articles"]] == ["增刊第1期", "增刊第1期", "第12期", "第12期"]
    markdown = cli(["toc", folder, "--by", "column", "-f", "markdown"]).stdout
    assert "- 全市新时代文明实践中心建设工作推进会召开 (第12期)" in markdown


def test_usage_and_invalid_input(cli, tmp_path):
    assert cli(["toc", tmp_path / "nope.toml"]).exit_code == 2
    assert cli(["toc", SEED_ISSUE, "--format", "pdf"]).exit_code == 2
    assert cli(["toc", SEED_ISSUE, "--by", "column"]).exit_code == 2
    folder = make_series(tmp_path)
    bad = make_issue(folder, "a.toml", 1, "2023-01-10", 'colour = "red"')
    result = cli(["toc", bad])
    assert result.exit_code == 1
    assert "S201" in result.stderr and "Traceback" not in result.stderr


def test_text_export_numbers_articles_when_the_series_does(cli, tmp_path):
    series = tmp_path / "seed"
    shutil.copytree(SEED_ISSUE.parent, series)
    plain = cli(["export", series / "2023-06.toml", "--to", "text", "-o", "-"])
    assert plain.exit_code == 0, plain.stderr
    assert "1. 全市新时代" not in plain.stdout
    config = series / "series.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'numbering = "yearly"\n', 'numbering = "yearly"\narticle_numbers = true\n'), encoding="utf-8")
    numbered = cli(["export", series / "2023-06.toml", "--to", "text", "-o", "-"])
    assert numbered.exit_code == 0, numbered.stderr
    contents = numbered.stdout.split("〔工作动态〕")[1]  # the contents come before the first article
    assert _in_order(contents, ["1. 全市新时代", "2. 全市“学习强国”", "〔经验交流〕", "3. 市南区", "6. 莱西市委"])
