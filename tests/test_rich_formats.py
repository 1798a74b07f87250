"""Each rich construct through each format."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich_helpers import write_rich_series

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.text.layout import display_width


@pytest.fixture
def rich_issue(tmp_path: Path):
    folder = write_rich_series(tmp_path / "s")
    return api.load(folder / "2024-03.toml")


def _text(issue, width=None) -> str:
    from bulletin_cli.formats.text.render import render_text
    return render_text(issue, ExportOptions(width=width))


@pytest.mark.parametrize("width", [56, 30, 20])
def test_text_keeps_every_line_within_the_width(rich_issue, width):
    lines = _text(rich_issue, width).splitlines()
    too_wide = [line for line in lines if display_width(line) > width and "://" not in line and "@" not in line]
    assert too_wide == []


def test_text_lays_out_each_construct(rich_issue):
    text = _text(rich_issue)
    lines = text.splitlines()
    header = next(line for line in lines if "序号" in line)
    row = next(line for line in lines if "老旧小区改造" in line)
    # columns line up: the second column starts at the same display column in header and rows
    assert display_width(header[:header.index("任务")]) == display_width(row[:row.index("老旧")])
    assert display_width(row) == display_width(next(line for line in lines if "背街小巷" in line))  # right-aligned
    assert "〔图：图为督查组在现场检查施工进度〕" in text
    assert "· 进度不均衡" in text and "  1. 审批环节多；" in text
    assert "市政府网站[1]" in text and "[1] https://www.example.gov.cn/dc?id=1&x=中" in text
    assert "30日①。" in text and "①自通报印发之日起计算。" in text
    assert "附件：重点任务清单" in text


def test_text_wraps_table_cells_in_a_narrow_line(rich_issue):
    lines = _text(rich_issue, 20).splitlines()
    start = next(i for i, line in enumerate(lines) if "表1" in line)
    assert any("老" in line and "改造" not in line for line in lines[start:start + 12])
