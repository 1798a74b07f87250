"""The seed example is a faithful transcription of the published issue (tests/data)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from conftest import SEED_ISSUE, SEED_SERIES

SEED_TEXT = Path(__file__).resolve().parent / "data" / "seed-xuanchuan-zhuanbao-2023-06.txt"


def squeeze(text: str) -> str:
    """Text without spaces, line breaks, markup and brackets the layout adds."""
    return re.sub(r"[\s\u3000*]|^——", "", text)


def test_every_article_paragraph_is_in_the_published_issue_in_order():
    published = squeeze(SEED_TEXT.read_text(encoding="utf-8"))
    issue = tomllib.loads(SEED_ISSUE.read_text(encoding="utf-8"))
    position = 0
    for article in issue["articles"]:
        for piece in [article["title"], article.get("subtitle", ""), article["body"], f"（{article['source']}）"]:
            for paragraph in filter(None, (squeeze(p) for p in piece.split("\n\n"))):
                found = published.find(paragraph, position)
                assert found >= 0, f"not in the published issue (or out of order): {paragraph[:30]}"
                position = found + len(paragraph)


def test_colophon_and_masthead_match_the_published_issue():
    published = SEED_TEXT.read_text(encoding="utf-8")
    series = tomllib.loads((SEED_SERIES / "series.toml").read_text(encoding="utf-8"))
    colophon = series["colophon"]
    for label, key in (("报：", "report_to"), ("送：", "send_to"), ("发：", "distribute_to")):
        line = next(l for l in published.splitlines() if l.startswith(label))
        assert line == label + "，".join(colophon[key])
    assert f"承办：{colophon['handled_by']} 审核：{colophon['reviewer']} 编辑：{colophon['editor']} " \
           f"电话：{colophon['phone']}" in published
    assert series["name"] in published and series["issuer"] in published
    assert "第 6 期" in published and "2023 年 8 月 14 日" in published


def test_the_documents_own_oddities_are_kept():
    body = SEED_ISSUE.read_text(encoding="utf-8")
    assert "思想 and 党的二十大精神" in body  # the stray word stays: it is the document's
    assert "各区(市)" in (SEED_SERIES / "series.toml").read_text(encoding="utf-8")


def test_the_packaged_examples_are_a_copy_of_examples():
    """examples/ is the one source; the package's copy is made by scripts/sync_examples.py."""
    root = Path(__file__).resolve().parent.parent
    source, copy = root / "examples", root / "src" / "bulletin_cli" / "examples"

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and p.suffix != ".md" and "__pycache__" not in p.parts}

    assert files(copy) == files(source), "run python3 scripts/sync_examples.py"
