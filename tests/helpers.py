"""Small builders for test series and issues written to tmp_path."""

from __future__ import annotations

from pathlib import Path

SERIES = """name = "测试简报"
issuer = "测试办公室"
columns = ["工作动态", "经验交流"]

[colophon]
report_to = ["省委办公厅"]
handled_by = "综合处"
"""


def article(id: str = "a1", column: str = "工作动态", title: str = "标题", body: str = "正文第一段。") -> str:
    return f'[[articles]]\nid = "{id}"\ncolumn = "{column}"\ntitle = "{title}"\nbody = """\n{body}\n"""\n'


def issue(number: int = 1, date: str = "2024-01-10", articles: str | None = None, extra: str = "") -> str:
    return f"number = {number}\ndate = {date}\n{extra}\n" + (articles if articles is not None else article())


def write_series(folder: Path, issues: dict[str, str], series: str = SERIES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "series.toml").write_text(series, encoding="utf-8")
    for name, text in issues.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
