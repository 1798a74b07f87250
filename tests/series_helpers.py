"""Building multi-issue test series from the seed example."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import SEED_ISSUE, SEED_SERIES

SEED_TEXT = SEED_ISSUE.read_text(encoding="utf-8")


def make_series(tmp_path: Path, series_extra: str = "") -> Path:
    """A copy of the seed series folder without its issue, ready for make_issue."""
    folder = tmp_path / "series"
    folder.mkdir(parents=True)
    series = (SEED_SERIES / "series.toml").read_text(encoding="utf-8")
    (folder / "series.toml").write_text(series.replace('number_style = "arabic"\n', 'number_style = "arabic"\n'
                                                       + series_extra), encoding="utf-8")
    return folder


def make_issue(folder: Path, name: str, number: int, date: str, head: str = "") -> Path:
    """The seed issue with another number and date; ``head`` goes right after the date line."""
    text = re.sub(r"(?m)^number = 6$", f"number = {number}", SEED_TEXT, count=1)
    text = re.sub(r"(?m)^date = 2023-08-14$", f"date = {date}" + (f"\n{head}" if head else ""), text, count=1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def copy_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    shutil.copytree(SEED_SERIES, folder)
    return folder
