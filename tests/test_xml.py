"""The XML format: export checked by xmllint and jing, lossless import, bad input."""

from __future__ import annotations

import dataclasses
import os
import datetime as dt
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import tomli_w
from conftest import EXAMPLE_ISSUES, ROOT, SEED_ISSUE, SEED_SERIES
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from bulletin_cli import api
from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.xml.plugin import NAMESPACE, SCHEMA_FILES, XmlExportError
from bulletin_cli.operations.import_xml import ImportFailed, differences, to_toml, without_locations
from bulletin_cli.formats.xml.reader import read_xml_issue
from bulletin_cli.model.issue import Article, Block, Colophon, Issue, LeaderBox, Run
from bulletin_cli.model.labels import BY_LANGUAGE, LABEL_NAMES, LANGUAGES, labels_for
from bulletin_cli.formats.markup import parse_text, unparse_text

SCHEMA_DIR = SCHEMA_FILES["rnc"].parent
# XML_NO_SHRINK=1 shows the first failing example at once (shrinking these models is slow).
PHASES = [p for p in Phase if not (os.environ.get("XML_NO_SHRINK") and p == Phase.shrink)]


def _export(issue: Issue, **options) -> bytes:
    return api.export(issue, "xml", ExportOptions(**options))


def _errors(diagnostics) -> list:
    return [d for d in diagnostics if str(d.severity) == "error"]


@pytest.fixture(scope="module")
def example_xml(tmp_path_factory) -> list[Path]:
    """Every example issue exported to XML, once for the module."""
    folder = tmp_path_factory.mktemp("xml")
    out = []
    for path in EXAMPLE_ISSUES:
        # beside a copy of the series' images and attachments, which the XML names relative to itself
        home = folder / path.parent.name
        shutil.copytree(path.parent, home, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.toml", "*.md"))
        target = home / f"{path.stem}.xml"
        target.write_bytes(_export(api.load(path)))
        out.append(target)
    return out


# -- the schema and the external checkers ----------------------------------------------


def test_xmllint_accepts_every_example_with_the_xsd_and_the_relax_ng(xmllint, example_xml):
    for schema in (["--schema", str(SCHEMA_FILES["xsd"])], ["--relaxng", str(SCHEMA_FILES["rng"])]):
        proc = subprocess.run([xmllint, "--noout", "--nonet", *schema, *map(str, example_xml)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.count(" validates") == len(example_xml), proc.stderr


def test_jing_accepts_every_example_with_the_compact_source_and_the_xsd(jing, example_xml, tmp_path):
    # One call per schema language; a renamed element in a copy shows the check really checks.
    bad = tmp_path / "bad.xml"
    bad.write_text(example_xml[0].read_text(encoding="utf-8").replace("<title>", "<headline>", 1)
                   .replace("</title>", "</headline>", 1), encoding="utf-8")
    for args in (["-c", str(SCHEMA_FILES["rnc"])], [str(SCHEMA_FILES["xsd"])]):
        proc = subprocess.run([jing, *args, *map(str, example_xml), str(bad)], capture_output=True, text=True)
        assert proc.returncode == 1
        complaints = proc.stdout.strip().splitlines()
        assert complaints and all(line.startswith(f"{bad}:") for line in complaints), proc.stdout + proc.stderr
        assert "headline" in proc.stdout


def test_generated_schemas_are_up_to_date_with_the_compact_source(tmp_path):
    if shutil.which("trang") is None:
        pytest.skip("trang not installed (run .ci/install-checkers)")
    proc = subprocess.run([str(ROOT / "scripts" / "regenerate-xml-schema"), str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for name in ("bulletin.rng", "bulletin.xsd", "xml.xsd"):
        assert filecmp.cmp(tmp_path / name, SCHEMA_DIR / name, shallow=False), (
            f"{name} is stale: run scripts/regenerate-xml-schema and commit the result")


def test_schema_lists_exactly_the_model_labels():
    rnc = SCHEMA_FILES["rnc"].read_text(encoding="utf-8")
    block = rnc[rnc.index("element label {"):rnc.index("text", rnc.index("element label {"))]
    assert tuple(re.findall(r'"(\w+)"', block)) == LABEL_NAMES


def test_the_export_is_namespaced_and_declares_its_encoding():
    data = _export(api.load(SEED_ISSUE))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<bulletin xmlns="' + NAMESPACE.encode())
    assert b'xml:lang="zh-CN"' in data
    assert "<strong>坚持“红色”引领，打造企业“阅读空间”。</strong>优化阵地建设。".encode() in data


def test_plugin_registration_does_not_import_lxml():
    script = ("import sys\nfrom bulletin_cli import plugins\n"
              "assert plugins.get_exporter('xml').exporter.media_type == 'application/xml'\n"
              "from bulletin_cli.operations.validate import validate_paths\n"
              f"assert not validate_paths([{str(SEED_ISSUE)!r}]).failed()\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'lxml'))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


# -- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLE_ISSUES, ids=lambda p: p.parent.name)
def test_every_example_survives_toml_xml_toml(path, tmp_path):
    issue = api.load(path)
    xml_file = tmp_path / "issue.xml"
    xml_file.write_bytes(_export(issue))
    from_xml, diagnostics = read_xml_issue(xml_file)
    assert diagnostics == []
    assert without_locations(from_xml) == without_locations(issue)

    # Imported into (a copy of) its own series folder, it gives the issue file back.
    folder = tmp_path / path.parent.name
    shutil.copytree(path.parent, folder)
    target = folder / "imported.toml"
    result = to_toml(from_xml, target)
    assert result.notes == []
    assert "name =" not in result.toml  # inherited from series.toml, not repeated
    target.write_text(result.toml, encoding="utf-8")
    (folder / path.name).unlink()  # the original would be a duplicate number in the series
    assert differences(api.load(target), issue) == []


def test_an_xml_issue_exports_to_every_format_exactly_as_its_toml(example_xml):
    from bulletin_cli import plugins

    formats = sorted(plugins.exporters()[0])
    assert {"text", "html", "xml"} <= set(formats)
    options = ExportOptions(source_date_epoch=0)
    for toml_path, xml_path in zip(EXAMPLE_ISSUES, example_xml):
        from_toml, (from_xml, _) = api.load(toml_path), read_xml_issue(xml_path)
        for name in formats:
            assert api.export(from_xml, name, options) == api.export(from_toml, name, options), (name, toml_path)


def test_export_with_crlf_line_ends_reads_back_the_same(tmp_path):
    issue = api.load(SEED_ISSUE)
    data = _export(issue, newline="\r\n")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    (tmp_path / "crlf.xml").write_bytes(data)
    assert differences(read_xml_issue(tmp_path / "crlf.xml")[0], issue) == []


# Text that stresses markup and escaping: CJK, Latin, XML and TOML specials, markup characters.
_CHARS = st.sampled_from(list("文明实践中心建设工作推进会召开，。、“”（）《》——…·") +
                         list("Campus news ok Ab09") + list("<>&'\"]]*\\#{}$") + [" ", " ", "\u3000", "\t"])
_WORD = st.text(_CHARS, min_size=1, max_size=12)


def _plain(min_size: int = 1):
    return st.text(_CHARS, min_size=min_size, max_size=20).map(lambda s: s.strip(" \t\u3000")).filter(
        lambda s: len(s) >= min_size)


@st.composite
def _text(draw, min_blocks: int = 0) -> tuple[Block, ...]:
    blocks = []
    for _ in range(draw(st.integers(min_blocks, 4))):
        runs = tuple(Run(draw(_WORD), draw(st.booleans())) for _ in range(draw(st.integers(1, 4))))
        heading = draw(st.integers(0, 4))
        blocks.append(Block(runs, "heading", heading) if heading else Block(runs))
    # The normal form: what an editor can write in TOML markup.
    normal = parse_text(unparse_text(tuple(blocks)))
    assume(len(normal) >= min_blocks)
    # a body of only bold spaces ("**　**") is empty to the XML reader (S205) but not to TOML's check
    assume(not min_blocks or any(block.text.strip() for block in normal))
    return normal


_ID = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)


@st.composite
def issues(draw) -> Issue:
    language = draw(st.sampled_from(tuple(BY_LANGUAGE)))
    columns = tuple(draw(st.lists(_plain(), max_size=3, unique=True)))
    ids = draw(st.lists(_ID, min_size=1, max_size=4, unique=True))
    articles = tuple(Article(
        id=article_id,
        title=draw(_plain()),
        body=draw(_text(min_blocks=1)),
        column=draw(st.sampled_from(columns)) if columns else None,
        subtitle=draw(_plain(0).filter(lambda s: not s[:1] or s[0] not in "—-－")),
        author=draw(_plain(0)),
        source=draw(_plain(0)),
        editor_note=draw(_text()),
    ) for article_id in ids)
    noted = [c for c in columns if draw(st.booleans())]
    label_names = draw(st.lists(st.sampled_from(LABEL_NAMES), max_size=3, unique=True))
    numbering = draw(st.sampled_from(["yearly", "running", "none"]))
    # numbering = "none": month editions, which may carry no number at all
    number = draw(st.none() | st.integers(1, 999)) if numbering == "none" else draw(st.integers(1, 999))
    return Issue(
        name=draw(_plain()),
        issuer=draw(_plain()),
        date=draw(st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31))),
        number=number,
        articles=articles,
        language=language,
        series_id=draw(_ID),
        cumulative_number=draw(st.none() | st.integers(1, 9999)),  # Chinese numerals go up to 9,999 (docs/format.md, Limits)
        supplement=draw(st.booleans()),
        classification=draw(_plain(0)),
        copy_number=draw(_plain(0)),
        leader_box=draw(st.none() | st.builds(LeaderBox, _text())),
        editor_note=draw(_text()),
        declared_columns=columns,
        column_notes=tuple((c, draw(_text())) for c in noted),
        colophon=Colophon(
            report_to=tuple(draw(st.lists(_plain(), max_size=3))),
            send_to=tuple(draw(st.lists(_plain(), max_size=2))),
            distribute_to=tuple(draw(st.lists(_plain(), max_size=2))),
            extra_distribution=tuple(draw(st.lists(_plain(), max_size=1))),
            handled_by=draw(_plain(0)), reviewer=draw(_plain(0)), editor=draw(_plain(0)), phone=draw(_plain(0)),
            print_run=draw(st.none() | st.integers(1, 100000)),
        ),
        # label values are templates: a brace is template syntax there (literal ones are written {{ }})
        labels=labels_for(language, {name: draw(st.text(_CHARS.filter(lambda c: c not in "{}"), max_size=8))
                                     for name in label_names}),
        number_style=draw(st.sampled_from(["arabic", "chinese"])),
        numbering=numbering,
        article_numbers=draw(st.booleans()),
        counts_cumulative=draw(st.booleans()),
        show_cumulative=draw(st.booleans()),
    )


@st.composite
def series_tables(draw, issue: Issue) -> dict:
    """A series.toml that the issue is saved beside: some values shared, some different."""
    table = {"name": draw(st.sampled_from([issue.name, "Other name"])), "issuer": "Some office",
             "id": issue.series_id, "numbering": issue.numbering,
             "cumulative_numbers": issue.counts_cumulative, "article_numbers": issue.article_numbers}
    if draw(st.booleans()):
        table["show_cumulative"] = draw(st.booleans())
    if draw(st.booleans()):
        table["language"] = draw(st.sampled_from(LANGUAGES))
    if draw(st.booleans()):
        table["columns"] = draw(st.sampled_from([list(issue.declared_columns), ["Elsewhere"]]))
    if draw(st.booleans()):
        table["leader_box"] = draw(st.sampled_from([{}, {"enabled": False}, {"text": "已阅。"}]))
    colophon = {}
    if draw(st.booleans()):
        colophon["report_to"] = draw(st.sampled_from([list(issue.colophon.report_to), ["省委"]]))
    if draw(st.booleans()):
        colophon["editor"] = draw(st.sampled_from([issue.colophon.editor or "x", "编辑甲"]))
    if draw(st.booleans()):
        colophon["print_run"] = 40
    if colophon:
        table["colophon"] = colophon
    if draw(st.booleans()):
        table["labels"] = {"contents": "Inside"}
    return table


@settings(max_examples=int(os.environ.get("XML_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow], phases=PHASES)
@given(data=st.data())
def test_generated_issues_survive_xml_and_toml(data):
    issue = data.draw(issues())
    with tempfile.TemporaryDirectory() as scratch:
        xml_file = Path(scratch) / "issue.xml"
        folder = Path(scratch) / "series"  # apart from the XML, which would join the series
        folder.mkdir()
        xml_file.write_bytes(_export(issue))
        from_xml, diagnostics = read_xml_issue(xml_file)
        assert _errors(diagnostics) == []
        assert without_locations(from_xml) == without_locations(issue)

        series = data.draw(series_tables(issue))
        (folder / "series.toml").write_text(tomli_w.dumps(series), encoding="utf-8")
        target = folder / "issue.toml"
        # An issue cannot take back a colophon line or print run its series sets ("" is an error).
        unsettable = any(not getattr(issue.colophon, key) for key in series.get("colophon", {})
                         if key in ("print_run", "editor"))
        try:
            result = to_toml(from_xml, target)
        except ImportFailed as error:
            assert unsettable, str(error)
            return
        assert not unsettable
        target.write_text(result.toml, encoding="utf-8")
        assert differences(api.load(target), issue) == []


# -- bad input -------------------------------------------------------------------------


@pytest.fixture
def seed_xml(tmp_path) -> Path:
    path = tmp_path / "2023-06.xml"
    path.write_bytes(_export(api.load(SEED_ISSUE)))
    return path


def _line_of(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_malformed_xml_is_reported_with_its_position(cli, seed_xml):
    text = seed_xml.read_text(encoding="utf-8")
    seed_xml.write_text(text.replace("</subtitle>", "</subtitel>", 1), encoding="utf-8")
    line, column = _line_of(seed_xml, "</subtitel>")
    result = cli(["validate", seed_xml])
    assert result.exit_code == 1
    assert f"{seed_xml}:{line}:" in result.stdout and "X501" in result.stdout
    assert "mismatch" in result.stdout
    reported_column = int(re.search(rf"{re.escape(str(seed_xml))}:{line}:(\d+)", result.stdout).group(1))
    assert column <= reported_column <= column + len("</subtitel>")


def test_schema_errors_point_at_the_element_and_attribute(cli, seed_xml):
    text = seed_xml.read_text(encoding="utf-8")
    text = text.replace("<date>2023-08-14</date>", "<date>2023-08-32</date>")
    text = text.replace('id="xuexi-qiangguo-sizhounian"', 'id="4xuexi"')
    seed_xml.write_text(text, encoding="utf-8")
    date_line, date_column = _line_of(seed_xml, "<date>")
    id_line, id_column = _line_of(seed_xml, 'id="4xuexi"')
    result = cli(["validate", seed_xml])
    assert result.exit_code == 1
    assert f"{seed_xml}:{date_line}:{date_column}: error X502 [xml-schema] Element 'date': '2023-08-32'" in result.stdout
    assert f"{seed_xml}:{id_line}:{id_column}: error X502 [xml-schema] Element 'article', attribute 'id'" in result.stdout
    assert "hint: docs/xml.md" in result.stdout


def test_xml_issue_reference_errors_use_the_toml_codes(cli, seed_xml):
    text = seed_xml.read_text(encoding="utf-8").replace('column="经验交流"', 'column="经验交流 "', 1)
    text = text.replace('id="xuexi-qiangguo-sizhounian"', 'id="wenming-shijian-zhongxin-tuijinhui"')
    seed_xml.write_text(text, encoding="utf-8")
    result = cli(["validate", "--format", "json", seed_xml])
    assert result.exit_code == 1
    import json

    found = {(d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]}
    lines = seed_xml.read_text(encoding="utf-8").split("\n")
    duplicate_lines = [n for n, line in enumerate(lines, 1) if 'id="wenming-shijian-zhongxin-tuijinhui"' in line]
    assert len(duplicate_lines) == 2
    # The second use of the id is the error, at its own line; the undeclared column at its line.
    assert {code_line for code_line in found if code_line[0] == "R301"} == {("R301", duplicate_lines[1])}
    assert ("R302", _line_of(seed_xml, 'column="经验交流 "')[0]) in found


def test_control_character_in_xml_names_the_character(cli, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<bulletin>\n  <p>ab\x0ccd</p>\n</bulletin>\n')
    result = cli(["validate", path])
    assert result.exit_code == 1
    assert f"{path}:3:8: error X501" in result.stdout and "U+000C (FORM FEED" in result.stdout


def test_other_xml_is_not_taken_for_an_issue(cli, tmp_path):
    path = tmp_path / "page.xml"
    path.write_text('<html xmlns="http://www.w3.org/1999/xhtml"/>', encoding="utf-8")
    result = cli(["validate", path])
    assert result.exit_code == 1 and "not a bulletin XML issue" in result.stdout


def test_doctype_and_entities_are_refused(tmp_path):
    path = tmp_path / "entity.xml"
    path.write_text('<!DOCTYPE bulletin [<!ENTITY x SYSTEM "file:///etc/passwd">]><bulletin>&x;</bulletin>',
                    encoding="utf-8")
    issue, diagnostics = read_xml_issue(path)
    assert issue is None and [d.code for d in diagnostics] == ["X502"]
    assert "DOCTYPE" in diagnostics[0].message


_NEWSLETTER_XML: list[str] = []
_SNIPPETS = ["<", "&", '"', "</p>", "<p>", "<strong>", "</strong>", 'xml:lang="fr" ', "\x0c", ' id="1x"',
             '<column name="x"/>', '<heading level="5">', "<!-- c -->", "&amp;", "&#12;", "]]>", "<![CDATA[x]]>",
             'column="Nowhere" ', "<editor-note/>", "\ud800", "\ufffe"]


@settings(max_examples=int(os.environ.get("XML_EXAMPLES", 40)), deadline=None, phases=PHASES)
@given(data=st.data())
def test_damaged_xml_gets_diagnostics_never_an_exception(data):
    """Whatever is done to an XML issue, reading it reports problems (or gives an issue that exports)."""
    if not _NEWSLETTER_XML:
        _NEWSLETTER_XML.append(_export(api.load(EXAMPLE_ISSUES[0])).decode("utf-8"))
    text = _NEWSLETTER_XML[0]
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 40)))
        text = text[:start] + data.draw(st.sampled_from(_SNIPPETS + [""])) + text[end:]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "damaged.xml"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        issue, diagnostics = read_xml_issue(path)
        assert all(d.line >= 1 and d.column >= 1 and d.message for d in diagnostics)
        if issue is not None and not _errors(diagnostics):
            assert read_xml_issue(path)[0] == issue
            _export(issue)  # a clean XML issue always exports


def _seed_with_body_escape(tmp_path: Path, escape: str) -> tuple[Path, int, int]:
    folder = tmp_path / "series"
    shutil.copytree(SEED_SERIES, folder)
    issue = folder / SEED_ISSUE.name
    text = issue.read_text(encoding="utf-8")
    anchor = "日前，青岛市"
    text = text.replace(anchor, f"日前，{escape}青岛市", 1)
    issue.write_text(text, encoding="utf-8")
    line, column = _line_of(issue, escape)
    return issue, line, column


@pytest.mark.parametrize("escape, name", [("\\u000C", "U+000C (FORM FEED"), ("\\u000b", "U+000B (VERTICAL TAB"),
                                          ("\\uFFFF", "U+FFFF (a noncharacter"), ("\\u0001", "U+0001")])
def test_text_xml_cannot_hold_is_a_validate_error_at_its_position(cli, tmp_path, escape, name):
    issue, line, column = _seed_with_body_escape(tmp_path, escape)
    result = cli(["validate", issue])
    assert result.exit_code == 1
    assert f"{issue}:{line}:{column}: error S207 [invalid-xml-char] {name}" in result.stdout
    assert "hint: delete it" in result.stdout


def test_column_names_and_labels_are_checked_too_and_fix_makes_the_issue_exportable(cli, tmp_path):
    folder = tmp_path / SEED_SERIES.name
    shutil.copytree(SEED_SERIES, folder)
    series = folder / "series.toml"
    series.write_text(series.read_text(encoding="utf-8") + '\n[labels]\ncontents = "本期\\u000b目录"\n',
                      encoding="utf-8")
    issue, line, column = _seed_with_body_escape(tmp_path / "other", "\\u0007")
    shutil.copy(issue, folder / issue.name)
    issue = folder / issue.name
    label_line, label_column = _line_of(series, "\\u000b")
    result = cli(["validate", issue, series])
    assert result.exit_code == 1
    assert f"{issue}:{line}:{column}: error S207 [invalid-xml-char] U+0007 (BELL" in result.stdout
    assert f"{series}:{label_line}:{label_column}: error S207 [invalid-xml-char] U+000B" in result.stdout

    fixed = cli(["validate", "--fix", issue, series])
    assert "S207" not in fixed.stdout, fixed.stdout
    assert "\\u0007" not in issue.read_text(encoding="utf-8")
    assert 'contents = "本期目录"' in series.read_text(encoding="utf-8")  # no space between Chinese characters
    exported = cli(["export", issue, "--to", "xml", "-o", tmp_path / "fixed.xml"])
    assert exported.exit_code == 0, exported.stderr
    assert '<label name="contents">本期目录</label>' in (tmp_path / "fixed.xml").read_text(encoding="utf-8")


def test_exporter_refuses_characters_xml_cannot_hold():
    issue = api.load(SEED_ISSUE)
    first = issue.articles[0]
    broken = dataclasses.replace(first, title=first.title + "\x0c", body=first.body)
    with pytest.raises(XmlExportError, match=r"article '.*' title holds U\+000C .*S207"):
        _export(dataclasses.replace(issue, articles=(broken,) + issue.articles[1:]))
    lone = dataclasses.replace(first, body=(Block((Run("半个\ud800字"),)),))
    with pytest.raises(XmlExportError, match="lone surrogate"):
        _export(dataclasses.replace(issue, articles=(lone,)))


def test_exporter_refuses_a_model_the_schema_rejects():
    issue = dataclasses.replace(api.load(SEED_ISSUE), articles=())
    with pytest.raises(XmlExportError, match="does not match the bulletin schema.*articles"):
        _export(issue)


# -- bulletin import -------------------------------------------------------------------


def test_import_writes_the_toml_beside_the_xml_and_refuses_to_overwrite(cli, seed_xml):
    target = seed_xml.with_suffix(".toml")
    first = cli(["import", seed_xml])
    assert first.exit_code == 0, first.stderr
    assert f"wrote {target}" in first.stderr
    # a stand-alone file keeps the series id itself (issue 14, defect 13: it was lost)
    assert 'id = "xuanchuan-zhuanbao"\n' in target.read_text(encoding="utf-8")
    assert differences(api.load(target), api.load(SEED_ISSUE)) == []
    written = target.read_bytes()

    again = cli(["import", seed_xml])
    assert again.exit_code == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert target.read_bytes() == written
    forced = cli(["import", seed_xml, "--force"])
    assert forced.exit_code == 0 and target.read_bytes() == written


def test_import_to_stdout_and_into_a_series_folder(cli, seed_xml, tmp_path):
    to_stdout = cli(["import", seed_xml, "-o", "-"])
    assert to_stdout.exit_code == 0
    assert to_stdout.stdout.startswith("id = \"xuanchuan-zhuanbao\"\nnumber = 6\ndate = 2023-08-14\nname = \"宣传信息专报\"\n")

    folder = tmp_path / SEED_SERIES.name  # the folder name is the series id
    shutil.copytree(SEED_SERIES, folder)
    (folder / SEED_ISSUE.name).unlink()
    result = cli(["import", seed_xml, "-o", folder])  # a folder: the XML's name in it
    assert result.exit_code == 0, result.stderr
    assert "note:" not in result.stderr
    target = folder / "2023-06.toml"
    assert target.read_text(encoding="utf-8").startswith("number = 6\ndate = 2023-08-14\n\n[[articles]]\n")
    assert cli(["validate", folder]).exit_code == 0


def test_import_note_prints_values_as_toml(cli, tmp_path):
    """The note names the value in the file's language: true / "monthly", not Python's True / 'monthly'."""
    issue = dataclasses.replace(api.load(SEED_ISSUE), counts_cumulative=True, numbering="running")
    xml = tmp_path / "2023-06.xml"
    xml.write_bytes(_export(issue))
    result = cli(["import", xml, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert any("counts cumulative: the XML says true," in n and "gives false" in n for n in notes), notes
    assert any('numbering: the XML says "running"' in n for n in notes), notes
    assert "True" not in result.stderr and "False" not in result.stderr and "'" not in "".join(notes)


def test_import_of_invalid_xml_writes_nothing(cli, seed_xml):
    seed_xml.write_text(seed_xml.read_text(encoding="utf-8").replace("<masthead>", "<mast>", 1),
                        encoding="utf-8")
    result = cli(["import", seed_xml])
    assert result.exit_code == 1
    assert "X50" in result.stderr and "is not a valid XML issue" in result.stderr
    assert not seed_xml.with_suffix(".toml").exists()
    assert [p.name for p in seed_xml.parent.iterdir()] == [seed_xml.name]


def test_import_refuses_what_toml_cannot_express(cli, tmp_path):
    issue = api.load(SEED_ISSUE)
    first = dataclasses.replace(issue.articles[0], subtitle="——破折号开头")
    path = tmp_path / "dash.xml"
    path.write_bytes(_export(dataclasses.replace(issue, articles=(first,) + issue.articles[1:])))
    result = cli(["import", path])
    assert result.exit_code == 1
    assert "subtitle" in result.stderr and not path.with_suffix(".toml").exists()


def test_validate_accepts_exported_xml_next_to_toml(cli, example_xml):
    result = cli(["validate", *example_xml])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


# -- bulletin export --to xml ------------------------------------------------------------


def test_cli_exports_the_seed_as_schema_valid_xml_to_stdout(cli, tmp_path):
    result = cli(["export", SEED_ISSUE, "--to", "xml", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<bulletin ')
    path = tmp_path / "stdout.xml"
    path.write_text(result.stdout, encoding="utf-8")
    issue, diagnostics = read_xml_issue(path)
    assert diagnostics == []
    assert differences(issue, api.load(SEED_ISSUE)) == []


def test_cli_export_in_gb18030_with_crlf_declares_it_and_reads_back(cli, tmp_path):
    target = tmp_path / "out.xml"
    result = cli(["export", SEED_ISSUE, "--to", "xml", "--encoding", "gb18030", "--newline", "crlf", "-o", target])
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="GB18030"?>\r\n')
    assert "宣传信息专报".encode("gb18030") in data
    assert differences(read_xml_issue(target)[0], api.load(SEED_ISSUE)) == []


def test_cli_export_refuses_an_issue_with_a_form_feed_and_writes_nothing(cli, tmp_path):
    issue, line, column = _seed_with_body_escape(tmp_path, "\\u000C")
    target = tmp_path / "out.xml"
    result = cli(["export", issue, "--to", "xml", "-o", target])
    assert result.exit_code == 1
    assert f"{line}:{column}" in result.stdout + result.stderr and "S207" in result.stdout + result.stderr
    assert not target.exists()
