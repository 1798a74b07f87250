"""`bulletin import FILE.txt -o FOLDER/`: text bulletins recognised and written as a series folder."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from bulletin_cli import api
from bulletin_cli.formats.plaintext.reader import repair_spacing
from bulletin_cli.model.issue import plain_text
from tests.conftest import EXAMPLE_ISSUES, SEED_ISSUE, _run_cli

SEED_TEXT = Path("/work/shared/seeds/000_58be40a4aca975dc.txt")
DATA = Path(__file__).parent / "data" / "import"


def _seed() -> Path:
    local = DATA / "seed-xuanchuan-zhuanbao.txt"
    return local if local.exists() else SEED_TEXT


def _import(tmp_path: Path, *sources: Path, extra: tuple[str, ...] = ()) -> tuple[Path, object]:
    folder = tmp_path / "series"
    run = _run_cli(["import", *map(str, sources), "-o", f"{folder}/", *extra])
    assert run.exit_code == 0, run.stderr
    return folder, run


def _body(issue) -> str:
    return "".join(plain_text(a.body) for a in issue.articles)


def test_seed_reproduces_the_transcription(tmp_path):
    folder, run = _import(tmp_path, _seed())
    imported = api.load(folder / "2023-06.toml")
    expected = api.load(SEED_ISSUE)
    for key in ("name", "issuer", "date", "number", "declared_columns", "colophon", "leader_box", "language"):
        assert getattr(imported, key) == getattr(expected, key), key
    assert [(a.title, a.subtitle, a.source, a.column) for a in imported.articles] == [
        (a.title, a.subtitle, a.source, a.column) for a in expected.articles]
    assert [len(a.body) for a in imported.articles] == [len(a.body) for a in expected.articles]
    similarity = difflib.SequenceMatcher(None, _body(imported), _body(expected), autojunk=False).ratio()
    assert similarity >= 0.995, similarity


def test_seed_folder_validates_with_the_originals_findings(tmp_path):
    folder, _ = _import(tmp_path, _seed())
    run = _run_cli(["validate", str(folder), "--format", "json"])
    assert run.exit_code == 0, run.stdout + run.stderr
    codes = sorted(d["code"] for d in json.loads(run.stdout)["diagnostics"])
    assert codes == ["T101", "T101", "T103"]  # the stray "and" and the ASCII (市), as in the original


def test_report_lists_every_join_with_line_and_confidence(tmp_path):
    _, run = _import(tmp_path, _seed(), extra=("--report", "json"))
    report = json.loads(run.stdout)[0]
    joins = [g for g in report["guesses"] if g["what"].startswith("paragraph joined")]
    assert sorted(g["line"] for g in joins) == [45, 59, 75, 81, 91, 97, 107, 113, 123, 131]
    assert all(0 < g["confidence"] < 1 for g in report["guesses"] if g["line"])


def test_never_overwrites(tmp_path):
    folder, _ = _import(tmp_path, _seed())
    before = (folder / "2023-06.toml").read_bytes()
    run = _run_cli(["import", str(_seed()), "-o", f"{folder}/"])
    assert (folder / "2023-06.toml").read_bytes() == before
    assert run.exit_code == 0 and (folder / "2023-06-2.toml").exists()  # beside the series, under a new name


@pytest.mark.parametrize("issue_path", EXAMPLE_ISSUES, ids=lambda p: p.parent.name)
def test_every_example_exported_to_text_imports_back(tmp_path, issue_path):
    expected = api.load(issue_path)
    text_file = tmp_path / "issue.txt"
    text_file.write_bytes(api.export(expected, "text"))
    folder, _ = _import(tmp_path, text_file)
    imported = api.load(next(p for p in folder.glob("*.toml") if p.name != "series.toml"))
    for key in ("name", "issuer", "date", "number", "declared_columns", "colophon", "language"):
        assert getattr(imported, key) == getattr(expected, key), key
    assert [(a.title, a.subtitle, a.source, a.column, a.author) for a in imported.articles] == [
        (a.title, a.subtitle, a.source, a.column, a.author) for a in expected.articles]
    # bold does not survive plain text; the blocks' kinds, levels and text do
    assert [[(b.kind, b.level, b.text) for b in a.body] for a in imported.articles] == [
        [(b.kind, b.level, b.text) for b in a.body] for a in expected.articles]


def test_spacing_repair_keeps_words():
    assert repair_spacing("等 40 余人参加") == "等40余人参加"
    assert repair_spacing("依托海天 MALL 红色驿家") == "依托海天MALL红色驿家"
    assert repair_spacing("思想 and 党的") == "思想 and 党的"
    assert repair_spacing("捡跑 ing、寻找") == "捡跑ing、寻找"
    assert repair_spacing("声承青春之火 品读墨韵人生") == "声承青春之火 品读墨韵人生"
    assert repair_spacing("Riverside 2024 news") == "Riverside 2024 news"
