"""`bulletin import FILE.txt -o FOLDER/`: text bulletins recognised and written as a series folder."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from bulletin_cli import api
from bulletin_cli.formats.plaintext.reader import repair_spacing
from bulletin_cli.model.issue import plain_text
from tests.conftest import EXAMPLE_ISSUES, PLAIN_EXAMPLE_ISSUES, SEED_ISSUE, _run_cli

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


@pytest.mark.parametrize("issue_path", PLAIN_EXAMPLE_ISSUES, ids=lambda p: p.parent.name)
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


def _imported(tmp_path: Path, name: str):
    folder, run = _import(tmp_path, DATA / name, extra=("--report", "json"))
    check = _run_cli(["validate", str(folder)])
    assert check.exit_code == 0, check.stdout + check.stderr
    issues = [api.load(p) for p in sorted(folder.glob("*.toml")) if p.name != "series.toml"]
    assert len(issues) == 1
    return issues[0], json.loads(run.stdout)[0]


def test_gbk_county_bulletin_without_columns(tmp_path):
    issue, report = _imported(tmp_path, "county-gongzuo-jianbao.gbk.txt")
    assert report["encoding"] == "gb18030"
    assert (issue.name, issue.issuer, str(issue.date), issue.number, issue.cumulative_number) == (
        "工作简报", "中共临川县委办公室", "2024-03-05", 12, 105)
    assert issue.classification == "内部资料　注意保存" and issue.copy_number == "000123"
    assert issue.declared_columns == () and plain_text(issue.editor_note).startswith("今年以来，各乡镇")
    assert [a.source for a in issue.articles] == ["县农业农村局", "县委组织部"]
    first = issue.articles[0].body
    assert [(b.kind, b.level) for b in first if b.kind == "heading"] == [
        ("heading", 1), ("heading", 2), ("heading", 2), ("heading", 1)]
    # the paragraph cut by the page number "— 2 —" is whole again, its spaces closed
    assert any(b.text.endswith("建立每周调度、每月通报制度，确保各项措施落到实处。") for b in first)
    assert "截至3月4日" in first[0].text
    assert issue.colophon.print_run == 80 and issue.colophon.send_to == ("县人大常委会、县政府、县政协领导",)
    assert any(g["what"] == "page number dropped" and g["line"] == 20 for g in report["guesses"])


def test_english_newsletter_from_pdf_text_without_colophon(tmp_path):
    issue, _ = _imported(tmp_path, "riverside-newsletter-pdf.txt")
    assert issue.language == "en" and str(issue.date) == "2024-04-15" and issue.number == 4
    assert [a.title for a in issue.articles] == ["New Sports Centre Opens on the East Campus",
                                                 "Alumni Weekend Draws a Record Crowd"]
    assert issue.articles[0].body[1].text.endswith("and the climbing wall needs a short safety course that the "
                                                   "staff run twice a week.")
    assert issue.colophon.is_empty


def test_supplement_with_author_subtitle_and_columns(tmp_path):
    issue, _ = _imported(tmp_path, "xuanchuan-liuqi-supplement.txt")
    assert issue.supplement and issue.number == 2 and str(issue.date) == "2023-11-20"
    assert issue.declared_columns == ("学习园地", "基层声音")
    first, second = issue.articles
    assert (first.column, first.author) == ("学习园地", "王晓明")
    assert (second.column, second.subtitle, second.source) == ("基层声音", "新城街道探索理论宣讲进小区", "新城街道党工委")


def test_two_column_contents(tmp_path):
    issue, report = _imported(tmp_path, "two-column-contents.txt")
    assert [a.title for a in issue.articles] == ["全市中小学校长培训班开班", "高考安全保障工作部署会召开",
                                                 "职业教育产教融合经验交流", "暑期学生安全提醒"]
    assert all(g["what"].startswith("title (found in the contents)") for g in report["guesses"]
               if g["what"].startswith("title"))
    assert (issue.colophon.editor, issue.colophon.phone) == ("李华", "0532-1234567")


def test_unplaced_text_is_kept_as_a_comment(tmp_path):
    source = tmp_path / "odd.txt"
    source.write_text("简报\n\n第六期\n\n某单位\n\n2023年8月14日\n\n这是一段无法归属的说明文字，放在任何文章之前，它很长很长很长很长很长很长"
                      "很长很长很长很长很长很长很长很长很长很长很长。\n\n（来源）\n\n标题一\n\n正文第一段，内容足够长以便识别为段落。\n",
                      encoding="utf-8")
    folder, _ = _import(tmp_path, source)
    text = (folder / "2023-06.toml").read_text(encoding="utf-8")
    issue = api.load(folder / "2023-06.toml")
    assert issue.number == 6 and issue.number_style == "chinese"
    assert "# bulletin import could not place line 9: 这是一段无法归属的说明文字" in text


@pytest.mark.parametrize("content", [b"\x00\x01binary", "第1期".encode("utf-16-le")])
def test_unreadable_input_is_a_clear_error(tmp_path, content):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    run = _run_cli(["import", str(source), "-o", str(tmp_path / "out")])
    assert run.exit_code == 1 and "Traceback" not in run.stderr and "bad.txt" in run.stderr
    assert not (tmp_path / "out").exists()


def test_into_adds_one_article_keeping_every_other_byte(tmp_path):
    import shutil

    folder = tmp_path / "xz"
    shutil.copytree(SEED_ISSUE.parent, folder)
    issue_file = folder / SEED_ISSUE.name
    before = issue_file.read_bytes()
    run = _run_cli(["import", str(DATA / "piece-laoshan.txt"), "--into", str(issue_file), "--column", "经验交流"])
    assert run.exit_code == 0, run.stderr
    after = issue_file.read_bytes()
    assert after.startswith(before)
    issue = api.load(issue_file)
    added = issue.articles[-1]
    assert [a.title for a in issue.articles[:-1]] == [a.title for a in api.load(SEED_ISSUE).articles]
    assert (added.column, added.title, added.subtitle, added.source) == (
        "经验交流", "崂山区打造“山海课堂” 推动理论宣讲进景区", "把党的创新理论送到游客身边", "崂山区委宣传部")
    assert added.body[0].text.endswith("今年以来开展宣讲180余场，覆盖游客5万余人次。")  # a wrapped line joined
    assert _run_cli(["validate", str(folder)]).exit_code == 0


def test_into_without_a_needed_column_writes_nothing(tmp_path):
    import shutil

    folder = tmp_path / "xz"
    shutil.copytree(SEED_ISSUE.parent, folder)
    issue_file = folder / SEED_ISSUE.name
    before = issue_file.read_bytes()
    run = _run_cli(["import", str(DATA / "piece-laoshan.txt"), "--into", str(issue_file)])
    assert run.exit_code == 1 and "R305" in run.stderr and "--column" in run.stderr
    assert issue_file.read_bytes() == before


# The English newsletter's DOCX sets its contents without a label or bracketed column names,
# which the recogniser does not take for a contents yet: only the Chinese example is held here.
@pytest.mark.parametrize("issue_path", [SEED_ISSUE], ids=lambda p: p.parent.name)
def test_example_exported_to_docx_imports_back(tmp_path, issue_path):
    pytest.importorskip("docx")
    pytest.importorskip("bulletin_docx")
    expected = api.load(issue_path)
    docx_file = tmp_path / "issue.docx"
    run = _run_cli(["export", str(issue_path), "--to", "docx", "-o", str(docx_file)])
    assert run.exit_code == 0, run.stderr
    folder, _ = _import(tmp_path, docx_file)
    imported = api.load(next(p for p in folder.glob("*.toml") if p.name != "series.toml"))
    for key in ("name", "issuer", "date", "number", "declared_columns", "colophon", "language", "leader_box"):
        assert getattr(imported, key) == getattr(expected, key), key
    assert [(a.title, a.subtitle, a.source, a.column, a.author) for a in imported.articles] == [
        (a.title, a.subtitle, a.source, a.column, a.author) for a in expected.articles_in_print_order]
    assert [[(b.kind, b.level, b.text) for b in a.body] for a in imported.articles] == [
        [(b.kind, b.level, b.text) for b in a.body] for a in expected.articles_in_print_order]


def test_docx_without_python_docx_names_the_extra(tmp_path):
    blocker = tmp_path / "blocker" / "docx"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('python-docx is not installed here')\n")
    source = tmp_path / "issue.docx"
    source.write_bytes(b"PK\x03\x04 not really a Word file")
    run = _run_cli(["import", str(source), "-o", str(tmp_path / "out")], env={"PYTHONPATH": str(blocker.parent)})
    assert run.exit_code == 1 and "bulletin-cli[import]" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("written", ["二〇二三年八月十四日", "二○二三年八月十四日", "二零二三年八月十四日"])
def test_dates_in_chinese_numerals(tmp_path, written):
    text = api.export(api.load(SEED_ISSUE), "text").decode("utf-8")
    assert "2023年8月14日" in text
    source = tmp_path / "seed.txt"
    source.write_text(text.replace("2023年8月14日", written, 1), encoding="utf-8")
    folder, _ = _import(tmp_path, source)
    issue = api.load(folder / "2023-06.toml")
    assert (str(issue.date), issue.issuer) == ("2023-08-14", "中共青岛市委宣传部")


def test_a_guess_holding_line_breaks_is_reported_on_one_line():
    from bulletin_cli.formats.plaintext.reader import Guess

    shown = Guess(9, "table", 0.9, "| 项目 | 场次 |\n| --- | --- |\n").shown()
    assert shown == "[0.90] table: | 项目 | 场次 | ⏎ | --- | --- |" and "\n" not in shown
    assert Guess(0, "no text", 0.5).shown() == "[0.50] no text"


def test_a_failure_while_writing_the_import_leaves_none_of_its_files(tmp_path, monkeypatch):
    from bulletin_cli.files import atomic
    from bulletin_cli.operations.importing import plan_import, write_plan

    plan = plan_import([_seed()], tmp_path / "out")
    real, calls = atomic.write_atomic, []

    def failing_second(path, data, **options):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data, **options)

    monkeypatch.setattr(atomic, "write_atomic", failing_second)
    with pytest.raises(OSError):
        write_plan(plan)
    assert len(calls) == 2
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
