"""`bulletin export`: output rules, options, refusal of invalid issues, atomic writes, parallel runs.

The exporter used here is a small test plugin installed as a real distribution
(plugin_helpers.TITLES_PLUGIN), so these tests depend on no built-in format.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, NEWSLETTER_SERIES, ROOT, SEED_ISSUE, SEED_SERIES
from plugin_helpers import install_plugin, install_titles_plugin, plugin_env

SEED_TITLES = ["全市新时代文明实践中心建设工作推进会召开", "市北区突出三个导向 推动新时代文明实践宣讲纵深发展"]


@pytest.fixture
def env(tmp_path):
    site = tmp_path / "site-packages"
    install_titles_plugin(site)
    return plugin_env(site)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_one_issue_without_output_goes_to_current_folder(cli, env, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    before = _digest(SEED_SERIES)
    result = cli(["export", SEED_ISSUE, "--to", "titles"], env=env, cwd=work)
    assert result.exit_code == 0, result.stderr
    written = work / "2023-06.titles"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("宣传信息专报\n")
    for title in SEED_TITLES:
        assert title in text
    assert "1 file written to 2023-06.titles" in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in work.iterdir()) == ["2023-06.titles"]
    assert _digest(SEED_SERIES) == before  # the input is never touched


def test_folder_to_directory_keeps_relative_names_and_adds_site_files(cli, env, tmp_path):
    out = tmp_path / "out"
    result = cli(["export", EXAMPLES, "--to", "titles", "-o", out], env=env)
    assert result.exit_code == 0, result.stderr
    assert sorted(_digest(out)) == ["ducha-tongbao/2024-06.titles", "index.titles", "newsletter/2024-03.titles",
                                    "xuanchuan-zhuanbao/2023-06.titles"]
    assert (out / "index.titles").read_text(encoding="utf-8") == "2023-08-14\n2024-03-18\n2024-06-28\n"
    assert "Riverside Campus Bulletin" in (out / "newsletter/2024-03.titles").read_text(encoding="utf-8")
    assert f"4 files written to {out}/" in result.stderr


def test_warnings_are_shown_unless_quiet(cli, env, tmp_path):
    series = _copy_series(tmp_path)
    issue = series / "2023-06.toml"
    issue.write_text(issue.read_text(encoding="utf-8").replace('title = "市北区', 'title = "市北区  ', 1),
                     encoding="utf-8")
    validate = cli(["validate", issue])
    warnings = [line for line in validate.stdout.splitlines() if " warning " in line]
    assert validate.exit_code == 0 and warnings
    loud = cli(["export", issue, "--to", "titles", "-o", tmp_path / "loud.titles"], env=env)
    assert loud.exit_code == 0
    for line in warnings:
        assert line in loud.stderr
    quiet = cli(["export", issue, "--to", "titles", "-o", tmp_path / "quiet.titles", "-q"], env=env)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "quiet.titles").read_bytes() == (tmp_path / "loud.titles").read_bytes()


def test_several_issues_to_one_file_use_the_collection(cli, env, tmp_path):
    target = tmp_path / "all.titles"
    result = cli(["export", SEED_ISSUE, NEWSLETTER_SERIES, "--to", "titles", "-o", target], env=env)
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.index("Riverside Campus Bulletin") > text.index("宣传信息专报")  # date order


def test_several_issues_need_a_destination_and_a_collection(cli, env, tmp_path):
    result = cli(["export", EXAMPLES, "--to", "titles"], env=env, cwd=tmp_path)
    assert result.exit_code == 2
    assert "3 issues to export: give -o DIR" in result.stderr
    result = cli(["export", EXAMPLES, "--to", "titlesbin", "-o", tmp_path / "all.bin"], env=env)
    assert result.exit_code == 2
    assert "format 'titlesbin' cannot put several issues in one file" in result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "site-packages"]


def test_standard_output(cli, env, tmp_path):
    result = cli(["export", SEED_ISSUE, "--to", "titles", "-o", "-"], env=env, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "宣传信息专报"
    assert "written to standard output" in result.stderr
    # binary output is allowed on a pipe (this run's stdout is one)
    binary = cli(["export", SEED_ISSUE, "--to", "titlesbin", "-o", "-"], env=env)
    assert binary.exit_code == 0 and binary.stdout == "宣传信息专报\0"


def test_binary_format_to_a_terminal_is_refused():
    from bulletin_cli.api import load
    from bulletin_cli.formats.exporter import Exporter
    from bulletin_cli.operations.export import ExportError, Source, plan_outputs

    exporter = Exporter("raw", ".raw", lambda issue, options: b"", binary=True)
    source = Source(SEED_ISSUE, "2023-06", load(SEED_ISSUE))
    with pytest.raises(ExportError, match="binary and standard output is a terminal"):
        plan_outputs([source], exporter, "-", stdout_is_terminal=True)
    assert plan_outputs([source], exporter, "-", stdout_is_terminal=False).tasks[0].target is None


def test_unknown_format_suggests_the_nearest(cli, env):
    result = cli(["export", SEED_ISSUE, "--to", "title"], env=env)
    assert result.exit_code == 2
    assert "unknown format 'title'; did you mean 'titles'?" in result.stderr


def test_options_reach_the_exporter(cli, env, tmp_path):
    result = cli(["export", SEED_ISSUE, "--to", "titles", "-o", "-", "--width", "20", "-O", "theme=dark",
                  "-O", "note=a=b"], env={**env, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0, result.stderr
    assert "width=20 epoch=1700000000 extra={'theme': 'dark', 'note': 'a=b'}" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["-O", "novalue"], "-O takes key=value, not 'novalue'"),
    (["--width", "-3"], "--width must be 0"),
    (["--encoding", "latin-1"], "unknown --encoding 'latin-1'; choose one of utf-8, gb18030, gbk"),
    (["--newline", "cr"], "unknown --newline 'cr'"),
    (["--jobs", "0"], "--jobs must be 1 or more"),
])
def test_bad_options_are_usage_errors(cli, env, tmp_path, args, message):
    result = cli(["export", SEED_ISSUE, "--to", "titles", *args], env=env, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "site-packages"]


def test_encoding_and_line_ends(cli, env, tmp_path):
    target = tmp_path / "seed.titles"
    result = cli(["export", SEED_ISSUE, "--to", "titles", "-o", target, "--encoding", "gb18030",
                  "--newline", "crlf"], env=env)
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith("宣传信息专报\r\n".encode("gb18030"))
    assert data.count(b"\r\n") == data.count(b"\n")
    assert SEED_TITLES[0] in data.decode("gb18030")


def _copy_series(tmp_path: Path, source: Path = SEED_SERIES) -> Path:
    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    return copy


def test_unencodable_character_names_it_and_writes_nothing(cli, env, tmp_path):
    series = _copy_series(tmp_path)
    issue = series / "2023-06.toml"
    text = issue.read_text(encoding="utf-8").replace(
        'title = "市北区突出三个导向', 'title = "市北区突出三个导向𠮷', 1)
    issue.write_text(text, encoding="utf-8")
    target = tmp_path / "out.titles"
    result = cli(["export", issue, "--to", "titles", "-o", target, "--encoding", "gbk"], env=env)
    assert result.exit_code == 1
    assert "the character '𠮷' (U+20BB7) cannot be encoded in gbk" in result.stderr
    assert "article 'shibei-wenming-shijian-xuanjiang'" in result.stderr
    assert str(issue) in result.stderr
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site-packages", series.name])


def test_invalid_issue_is_refused_with_the_validate_diagnostics(cli, env, tmp_path):
    series = _copy_series(tmp_path)
    issue = series / "2023-06.toml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("number = 6", 'number = "six"', 1), encoding="utf-8")
    validate = cli(["validate", issue])
    assert validate.exit_code == 1
    problem_lines = [line for line in validate.stdout.splitlines() if line.startswith(str(issue))]
    assert problem_lines
    out = tmp_path / "out"
    result = cli(["export", issue, "--to", "titles", "-o", out], env=env)
    assert result.exit_code == 1
    for line in problem_lines:
        assert line in result.stderr
    assert "nothing was exported" in result.stderr
    assert not out.exists()


def _install_tomlcopy(site: Path) -> None:
    """An exporter whose pages are .toml files: named as the issues they come from."""
    install_plugin(site, "bulletin-tomlcopy", "bulletin_tomlcopy", '''
        from bulletin_cli import Exporter, hookimpl

        @hookimpl
        def register_exporters(register):
            register(Exporter("tomlcopy", ".toml", lambda issue, options: "number = 1\\n"))
    ''')


def test_output_may_not_overwrite_an_input(cli, env, tmp_path):
    series = _copy_series(tmp_path)
    site = tmp_path / "more"
    _install_tomlcopy(site)
    before = _digest(series)
    result = cli(["export", "2023-06.toml", "--to", "tomlcopy"], env=plugin_env(site), cwd=series)
    assert result.exit_code == 2
    assert "is an input file; exporting would overwrite it" in result.stderr
    assert _digest(series) == before


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symbolic links")
def test_a_folder_export_through_a_linked_folder_may_not_overwrite_an_input(cli, env, tmp_path):
    # the output folder is a link to the series folder: each page would land on its issue file
    series = _copy_series(tmp_path)
    site = tmp_path / "more"
    _install_tomlcopy(site)
    link = tmp_path / "out"
    link.symlink_to(series, target_is_directory=True)
    before = _digest(series)
    result = cli(["export", str(series), "--to", "tomlcopy", "-o", f"{link}/"], env=plugin_env(site))
    assert result.exit_code == 2, result.stderr
    assert "is an input file; exporting would overwrite it" in result.stderr
    assert _digest(series) == before


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symbolic links")
def test_an_input_that_is_a_link_is_not_replaced_by_its_page(cli, env, tmp_path):
    # 2023-06.toml is a link to a draft in the series folder: the page for it would replace the link
    series = _copy_series(tmp_path)
    kept = series / "drafts"
    kept.mkdir()
    (series / "2023-06.toml").rename(kept / "issue.txt")
    (series / "2023-06.toml").symlink_to(kept / "issue.txt")
    site = tmp_path / "more"
    _install_tomlcopy(site)
    before, kept_before = _digest(series), _digest(kept)
    result = cli(["export", str(series), "--to", "tomlcopy", "-o", f"{series}/"], env=plugin_env(site))
    assert result.exit_code == 2, result.stderr
    assert "is an input file; exporting would overwrite it" in result.stderr
    assert (series / "2023-06.toml").is_symlink()
    assert _digest(series) == before and _digest(kept) == kept_before


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symbolic links")
def test_where_pages_land_is_told_by_name_or_through_linked_folders(tmp_path):
    import os

    from bulletin_cli.operations.export_plan import PageTasks, landing, landings

    out = tmp_path / "out"
    (out / "2023").mkdir(parents=True)
    tasks = PageTasks(out, ".html")
    for name in ("2023/06", "2023/07", "index-issue"):
        tasks.append(None, tmp_path / f"{name}.toml", name)  # type: ignore[arg-type]
    pages = landings(tasks)
    assert not isinstance(pages, set)  # no page folder is a link: looked up by name
    real = os.path.realpath(out)
    assert os.path.join(real, "2023", "06.html") in pages and os.path.join(real, "index-issue.html") in pages
    assert os.path.join(real, "2023", "08.html") not in pages and os.path.join(real, "2023", "06.xml") not in pages
    assert landing(tasks.target_text(0)) in pages
    # a page folder that is a link: the pages land where it points
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "2023").symlink_to(elsewhere, target_is_directory=True)
    tasks = PageTasks(linked, ".html")
    tasks.append(None, tmp_path / "a.toml", "2023/06")  # type: ignore[arg-type]
    pages = landings(tasks)
    assert os.path.join(os.path.realpath(elsewhere), "06.html") in pages
    assert os.path.join(os.path.realpath(linked), "2023", "06.html") not in pages
    assert [str(task.target) for task in tasks] == [str(linked / "2023" / "06.html")]


def test_written_files_are_paths_in_order():
    from bulletin_cli.operations.export_plan import WrittenFiles

    written = WrittenFiles()
    written.append("out/a.html")
    written.append(Path("out/b.html"))
    assert written == [Path("out/a.html"), Path("out/b.html")] and len(written) == 2
    assert Path("out/b.html") in written and "out/c.html" not in written
    assert written[-1] == Path("out/b.html") and written[:1] == [Path("out/a.html")]
    # a folder plan's pages, moved in order, then other files
    from bulletin_cli.operations.export_plan import PageTasks

    tasks = PageTasks(Path("site"), ".html")
    for name in ("2023/06", "2023/07"):
        tasks.append(None, Path(f"{name}.toml"), name)  # type: ignore[arg-type]
    written = WrittenFiles()
    written.append_page(tasks, 0)
    written.append_page(tasks, 1)
    written.append("site/index.html")
    written.append_page(tasks, 0)  # out of order: kept by name
    assert list(written) == [Path("site/2023/06.html"), Path("site/2023/07.html"), Path("site/index.html"),
                             Path("site/2023/06.html")]
    assert written[1] == Path("site/2023/07.html") and written[-2] == Path("site/index.html")
    assert written[1:3] == [Path("site/2023/07.html"), Path("site/index.html")]
    with pytest.raises(IndexError):
        written[4]


FAILING_PLUGIN = '''
    from bulletin_cli import Exporter, hookimpl

    def render(issue, options):
        if issue.number == 6:
            raise RuntimeError("no layout for issue 6")
        return "fine\\n"

    @hookimpl
    def register_exporters(register):
        register(Exporter("fragile", ".fragile", render))
'''


def test_failing_exporter_is_named_and_leaves_no_file(cli, tmp_path):
    site = tmp_path / "site-packages"
    install_plugin(site, "bulletin-fragile", "bulletin_fragile", FAILING_PLUGIN)
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "2023-06.fragile"
    previous.write_text("last week's file\n", encoding="utf-8")
    result = cli(["export", SEED_ISSUE, "--to", "fragile", "-o", out], env=plugin_env(site))
    assert result.exit_code == 1
    assert ("exporter 'fragile' from plugin 'bulletin_fragile' (package bulletin-fragile) failed: "
            "RuntimeError: no layout for issue 6") in result.stderr
    assert "Traceback" not in result.stderr
    # the earlier file is untouched and no temporary file is left behind
    assert sorted(p.name for p in out.iterdir()) == ["2023-06.fragile"]
    assert previous.read_text(encoding="utf-8") == "last week's file\n"


def _synthetic(folder: Path, issues: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import write_series
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return write_series(folder, issues=issues, seed=3)


def test_parallel_and_serial_exports_are_identical(cli, env, tmp_path):
    series = _synthetic(tmp_path / "series", 30)
    parallel = cli(["export", series, "--to", "titles", "-o", tmp_path / "parallel", "--jobs", "4"], env=env)
    serial = cli(["export", series, "--to", "titles", "-o", tmp_path / "serial", "--jobs", "1"], env=env)
    assert parallel.exit_code == 0 and serial.exit_code == 0, parallel.stderr + serial.stderr
    assert "31 files written" in parallel.stderr  # 30 issues and the site index
    assert _digest(tmp_path / "parallel") == _digest(tmp_path / "serial")
    assert len(_digest(tmp_path / "parallel")) == 31
    assert "\r" not in parallel.stderr  # no progress bar when stderr is not a terminal


def test_progress_bar_only_on_a_terminal():
    import io

    from bulletin_cli.operations.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    pipe, terminal = io.StringIO(), Terminal()
    for stream in (pipe, terminal):
        bar = Progress(3, stream)
        for _ in range(3):
            bar.advance()
        bar.close()
    assert pipe.getvalue() == ""
    assert "3/3" in terminal.getvalue()


def test_library_call_matches_the_command(env, tmp_path, monkeypatch):
    from bulletin_cli import plugins
    from bulletin_cli.operations.export import export_paths, make_options

    monkeypatch.syspath_prepend(env["PYTHONPATH"].split(":")[0])
    plugins._reset_for_tests()
    result = export_paths([SEED_ISSUE], "titles", str(tmp_path / "lib.titles"), make_options(width=5, environ={}))
    assert result.ok and result.written == [tmp_path / "lib.titles"]
    assert "width=5 epoch=None" in (tmp_path / "lib.titles").read_text(encoding="utf-8")


def test_the_plans_protected_inputs_are_found_by_path_or_text(tmp_path):
    from bulletin_cli.operations.export_plan import PathTexts

    inputs = [tmp_path / "b.toml", str(tmp_path / "a.toml"), tmp_path / "sub" / "c.toml"]
    protected = PathTexts(inputs)
    assert len(protected) == 3
    assert all(path in protected and str(path) in protected for path in map(Path, inputs))
    assert tmp_path / "sub" not in protected and tmp_path / "d.toml" not in protected
    assert 42 not in protected and None not in protected


@pytest.mark.parametrize("format", ["html", "markdown"])
def test_a_folder_holding_an_xml_issue_exports_it_with_the_others(tmp_path, format):
    """`validate` takes XML issues in a folder; so must the export that streams the folder."""
    from bulletin_cli.operations.export import export_paths, make_options
    from bulletin_cli.operations.validate import validate_paths

    series = tmp_path / "series"
    shutil.copytree(NEWSLETTER_SERIES, series)
    issues = sorted(p for p in series.glob("*.toml") if p.name != "series.toml")
    export_paths([issues[0]], "xml", str(series / "as-xml.xml"))
    issues[0].unlink()  # the same issue, now only as XML beside the others
    assert not validate_paths([series]).failed()
    result = export_paths([series], format, str(tmp_path / "out") + "/",
                          make_options(extra=["search=no"]) if format == "html" else None)
    extension = ".html" if format == "html" else ".md"
    assert result.ok, result.failures
    assert (tmp_path / "out" / f"as-xml{extension}").is_file()
    index = (tmp_path / "out" / f"index{extension}").read_text(encoding="utf-8")
    assert "as-xml" in index
    for other in issues[1:]:
        assert (tmp_path / "out" / f"{other.stem}{extension}").is_file()


def test_two_sources_for_one_page_are_refused_naming_both(tmp_path):
    from bulletin_cli.api import load
    from bulletin_cli.formats.exporter import Exporter
    from bulletin_cli.operations.export import ExportError, Source, plan_outputs

    exporter = Exporter("raw", ".raw", lambda issue, options: b"")
    issue = load(SEED_ISSUE)
    sources = [Source(tmp_path / f"{name}.toml", relative, issue)
               for name, relative in (("a", "2023/01"), ("b", "2023/02"), ("c", "2023/01"), ("d", "2023/03"))]
    with pytest.raises(ExportError) as refused:
        plan_outputs(sources, exporter, str(tmp_path / "out") + "/", folder_given=True)
    message = str(refused.value)
    assert str(tmp_path / "a.toml") in message and str(tmp_path / "c.toml") in message
    assert "2023" in message and "01.raw" in message and "export them separately" in message
    plan = plan_outputs([s for s in sources if s.path.stem != "c"], exporter, str(tmp_path / "out") + "/",
                        folder_given=True)
    assert [Path(text).name for text in (plan.tasks.target_text(i) for i in range(3))] == ["01.raw", "02.raw", "03.raw"]


def test_a_pages_name_cut_from_its_paths_text_is_the_one_paths_give(tmp_path, monkeypatch):
    from bulletin_cli.operations.export import _folder_prefixes, _relative

    (tmp_path / "archive" / "2024" / "deep").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    monkeypatch.chdir(tmp_path)
    files = [tmp_path / "archive" / "2024" / "01.toml", tmp_path / "archive" / "2024" / "deep" / "v1.2.toml",
             tmp_path / "other" / "x.xml", Path("archive") / "2024" / "02.toml", tmp_path / "archive" / ".toml"]
    for arguments in ([tmp_path / "archive"], [tmp_path / "archive", tmp_path / "archive" / "2024"],
                      [tmp_path / "archive" / "2024", tmp_path / "archive"], [Path("archive"), tmp_path / "other"],
                      [Path("."), tmp_path / "archive" / "2024" / "01.toml"]):
        prefixes = _folder_prefixes(arguments)
        for file in files:
            assert _relative(file, arguments, prefixes) == _relative(file, arguments), (file, arguments)
    assert _relative(files[1], [tmp_path / "archive"], _folder_prefixes([tmp_path / "archive"])) == "2024/deep/v1.2"


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="no symbolic links")
def test_resolving_by_folder_gives_what_realpath_gives(tmp_path):
    """Export resolves each issue file by resolving its folder once and checking the file for
    a link: the same answer as realpath for linked folders, linked files and dot parts, and the
    very text given when nothing changes (the export tells "resolves elsewhere" by identity)."""
    import os

    from bulletin_cli.operations.export import _resolved_text

    root = tmp_path.resolve()
    (root / "real" / "sub").mkdir(parents=True)
    for name in ("real/sub/a.toml", "real/b.toml"):
        (root / name).write_text("", encoding="utf-8")
    (root / "link").symlink_to(root / "real", target_is_directory=True)
    (root / "real" / "sub" / "c.toml").symlink_to(root / "real" / "b.toml")
    (root / "real" / "sub" / "d.toml").symlink_to(os.path.join("..", "b.toml"))
    cases = ["real/sub/a.toml", "link/sub/a.toml", "real/sub/c.toml", "link/sub/d.toml", "real/sub/../b.toml",
             "link/../real/b.toml", "real/./b.toml", "real/missing.toml", "link/sub/missing.toml"]
    folders: dict[str, str] = {}
    for case in cases:
        text = os.path.join(str(root), *case.split("/"))
        assert _resolved_text(text, folders) == os.path.realpath(text), case
    plain = os.path.join(str(root), "real", "sub", "a.toml")
    assert _resolved_text(plain, folders) is plain
    assert len(folders) <= len(cases)
