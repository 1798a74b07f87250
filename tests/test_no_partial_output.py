"""No partial output from exports that load their issues first (export_render.run_plan: one
issue, to a file or a one-issue site): when one output fails, none is written;
an interrupted export leaves nothing; a plugin that prints while rendering cannot corrupt
`export -o -`."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import article, issue, write_series
from plugin_helpers import install_plugin, plugin_env

PLAIN_SERIES = 'name = "测试简报"\nissuer = "测试办公室"\ncolumns = ["x"]\n'

PLUGIN = '''
    from bulletin_cli import Exporter, hookimpl

    def loud(issue, options):
        print("debug output from render")
        return issue.name + "\\n"

    def loud_site(issues, options):
        print("debug output from render_site")
        return {"index.loud": "index\\n"}

    def media(issue, options):
        return [("img/ok.png", b"png"), ("../outside.png", b"evil")] if issue.number == 2 else [("img/ok.png", b"png")]

    @hookimpl
    def register_exporters(register):
        register(Exporter("loud", ".loud", loud, render_site=loud_site))
        register(Exporter("media", ".media", lambda issue, options: issue.name + "\\n",
                          render_site=lambda issues, options: {"index.media": "index\\n"}, render_files=media))
'''


def _plugin(tmp_path: Path, **extra: str) -> dict:
    site = tmp_path / "site-packages"
    install_plugin(site, "bulletin-partial", "bulletin_partial", PLUGIN)
    return plugin_env(site, **extra)


def _series(tmp_path: Path, second: str | None = None) -> Path:
    return write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(column="x")),
                                          "2024-02.toml": second or issue(2, "2024-02-10", articles=article(column="x"))},
                        series=PLAIN_SERIES)


def _outputs(folder: Path, suffix: str) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.suffix == suffix or ".bulletin-export-" in str(p))


def _run_plan_site(tmp_path: Path, exporter, out: Path, encoding: str = "utf-8", newline: str = "\n"):
    """run_plan over a two-issue site with ``exporter`` (the library path: api callers)."""
    from bulletin_cli import api
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.operations import export_render
    from bulletin_cli.operations.export_plan import Plan, Task

    folder = _series(tmp_path)
    export_render._exporters_in_this_process[exporter.name] = exporter
    issues = [api.load(folder / "2024-01.toml"), api.load(folder / "2024-02.toml")]
    tasks = [Task((i,), out / f"{i.path.stem}{exporter.extension}", str(i.path)) for i in issues]
    plan = Plan(exporter.name, tasks, site_dir=out, destination=f"{out}/")
    try:
        return export_render.run_plan(plan, ExportOptions(encoding=encoding, newline=newline), jobs=1,
                                      plugin="plugin 'test'")
    finally:
        del export_render._exporters_in_this_process[exporter.name]


def _leftovers(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")) if out.exists() else []


def test_run_plan_writes_no_page_when_a_later_page_fails(tmp_path):
    from bulletin_cli.formats.exporter import Exporter

    def render(issue, options):
        if issue.number == 2:
            raise ValueError("issue 2 breaks me")
        return issue.name + "\n"

    out = tmp_path / "out"
    result = _run_plan_site(tmp_path, Exporter("t1", ".t1", render, render_site=lambda i, o: {"index.t1": "x"}), out)
    assert any("issue 2 breaks me" in f for f in result.failures)
    assert _leftovers(out) == []  # issue 1 rendered fine, but is not written alone


def test_run_plan_writes_no_page_when_the_archive_fails_to_encode(tmp_path):
    from bulletin_cli.formats.exporter import Exporter

    out = tmp_path / "out"
    exporter = Exporter("t2", ".t2", lambda issue, options: issue.name + "\n",
                        render_site=lambda issues, options: {"index.t2": "表情😀\n"})
    result = _run_plan_site(tmp_path, exporter, out, encoding="gbk")
    assert any("U+1F600" in f for f in result.failures), result.failures
    assert _leftovers(out) == []


@pytest.mark.parametrize("encoding, newline, expected", [
    ("utf-8", "\n", "一\r\n二\n\n三\n".encode()),
    ("utf-8", "\r\n", "一\r\n二\r\n\r\n三\r\n".encode()),  # a CR LF split between two pieces stays one
    ("utf-8-sig", "\n", "\ufeff一\r\n二\n\n三\n".encode()),  # one BOM, at the start
    ("gb18030", "\r\n", "一\r\n二\r\n\r\n三\r\n".encode("gb18030")),
])
def test_an_archive_page_given_in_pieces_is_written_as_the_whole_would_be(tmp_path, encoding, newline, expected):
    from bulletin_cli.formats.exporter import Exporter

    pieces = ["一\r", "\n二", "", "\n\n", "三\n"]
    out = tmp_path / "out"
    exporter = Exporter("tp", ".tp", lambda issue, options: issue.name + "\n",
                        render_site=lambda issues, options: [("index.tp", (piece for piece in pieces))])
    result = _run_plan_site(tmp_path, exporter, out, encoding=encoding, newline=newline)
    assert result.failures == []
    assert (out / "index.tp").read_bytes() == expected


@pytest.mark.parametrize("pieces, message", [
    (lambda: iter(["a", "表情😀"]), "U+1F600"),  # cannot be encoded: named, as for a whole page
    (lambda: iter(["", ""]), "render_site's 'index.tq' returned an empty output"),
    (lambda: iter(["a", b"b"]), "gave a piece of bytes; each piece must be str"),
    (lambda: (piece if piece != "boom" else 1 / 0 for piece in ["a", "boom"]),
     "failed in render_site's 'index.tq': ZeroDivisionError"),
])
def test_an_archive_page_failing_part_way_through_its_pieces_leaves_nothing(tmp_path, pieces, message):
    from bulletin_cli.formats.exporter import Exporter

    out = tmp_path / "out"
    exporter = Exporter("tq", ".tq", lambda issue, options: issue.name + "\n",
                        render_site=lambda issues, options: {"index.tq": pieces()})
    result = _run_plan_site(tmp_path, exporter, out, encoding="gbk")
    assert any(message in failure for failure in result.failures), result.failures
    assert _leftovers(out) == []  # neither the half-written index nor any page


def test_run_plan_writes_no_page_when_a_page_file_is_outside_the_site(tmp_path):
    from bulletin_cli.formats.exporter import Exporter

    out = tmp_path / "out"
    exporter = Exporter("t3", ".t3", lambda issue, options: issue.name + "\n",
                        render_site=lambda issues, options: {"index.t3": "x"},
                        render_files=lambda issue, options: [("../outside.png", b"x")] if issue.number == 2 else [])
    result = _run_plan_site(tmp_path, exporter, out)
    assert any("'../outside.png'" in f for f in result.failures), result.failures
    assert _leftovers(out) == [] and not (tmp_path / "outside.png").exists()


def test_run_plan_moves_everything_when_all_succeed(tmp_path):
    from bulletin_cli.formats.exporter import Exporter

    out = tmp_path / "out"
    exporter = Exporter("t4", ".t4", lambda issue, options: issue.name + "\n",
                        render_site=lambda issues, options: {"index.t4": "x"},
                        render_files=lambda issue, options: [("img/a.png", b"png")])
    result = _run_plan_site(tmp_path, exporter, out)
    assert result.failures == []
    assert _leftovers(out) == ["2024-01.t4", "2024-02.t4", "img", "img/a.png", "index.t4"]


def _record_flushes_and_moves(monkeypatch) -> list[tuple[str, str]]:
    """Calls to os.fsync (by the inode flushed) and os.replace, in order."""
    import os

    events: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace

    def recording_fsync(fd):
        events.append(("fsync", str(os.fstat(fd).st_ino)))
        return fsync(fd)

    def recording_replace(source, target, *args, **kwargs):
        events.append(("move", str(os.stat(source).st_ino)))
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    return events


def _every_move_flushed_before_the_first(events: list[tuple[str, str]]) -> None:
    moves = [inode for kind, inode in events if kind == "move"]
    assert moves, events
    first_move = events.index(("move", moves[0]))
    flushed = {inode for kind, inode in events[:first_move] if kind == "fsync"}
    assert set(moves) <= flushed, "a file was moved into place before it was on disk"


def test_run_plan_flushes_every_file_to_disk_before_moving_any(tmp_path, monkeypatch):
    from bulletin_cli.formats.exporter import Exporter

    events = _record_flushes_and_moves(monkeypatch)
    exporter = Exporter("t5", ".t5", lambda issue, options: issue.name + "\n",
                        render_site=lambda issues, options: {"index.t5": "x"},
                        render_files=lambda issue, options: [("img/a.png", b"png")])
    result = _run_plan_site(tmp_path, exporter, tmp_path / "out")
    assert result.failures == []
    assert len([e for e in events if e[0] == "move"]) == 4  # two pages, the image, the index
    _every_move_flushed_before_the_first(events)


def test_a_folder_export_flushes_every_page_and_archive_file_before_moving_any(tmp_path, monkeypatch):
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.operations.export import export_paths

    folder = _series(tmp_path)
    events = _record_flushes_and_moves(monkeypatch)
    result = export_paths([folder], "html", f"{tmp_path / 'site'}/", ExportOptions(extra={"search": "no"}), jobs=1)
    assert result.ok and len(result.written) >= 4, result.failures
    _every_move_flushed_before_the_first(events)


def test_a_bad_page_file_of_a_later_issue_moves_no_page(tmp_path, cli):
    folder = _series(tmp_path)
    out = tmp_path / "out"
    out.mkdir()  # an existing folder: the streaming path
    run = cli(["export", folder, "--to", "media", "-o", out, "--jobs", "1"], env=_plugin(tmp_path))
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "'../outside.png'" in run.stderr
    assert list(out.iterdir()) == [] and not (tmp_path / "outside.png").exists()


def test_a_plugin_printing_in_render_leaves_stdout_clean_and_is_named_once(tmp_path, cli):
    folder = _series(tmp_path)
    env = _plugin(tmp_path)
    run = cli(["export", folder / "2024-01.toml", "--to", "loud", "-o", "-"], env=env)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "测试简报\n"
    assert "debug output from render" in run.stderr
    assert run.stderr.count("plugin 'bulletin_partial' (package bulletin-partial) printed to standard output") == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plugin_printing_in_workers_and_render_site_is_named_once(tmp_path, cli, jobs):
    folder = _series(tmp_path)
    out = tmp_path / "out"
    run = cli(["export", folder, "--to", "loud", "-o", f"{out}/", "--jobs", jobs], env=_plugin(tmp_path))
    assert run.exit_code == 0, run.stderr
    assert "debug output from render\n" in run.stderr and "debug output from render_site" in run.stderr
    assert run.stderr.count("printed to standard output while exporting") == 1, run.stderr
    assert "debug output" not in run.stdout


INTERRUPTED = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from bulletin_cli.formats.exporter import Exporter
from bulletin_cli.operations.workers import exit_on_sigterm
import test_no_partial_output as t

def slow_site(issues, options):
    Path(sys.argv[2]).write_text("pages staged", encoding="utf-8")
    time.sleep(60)
    return {}

exit_on_sigterm()
t._run_plan_site(Path(sys.argv[1]), Exporter("t5", ".t5", lambda i, o: i.name + "\\n", render_site=slow_site),
                 Path(sys.argv[1]) / "out")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_run_plan_leaves_nothing(tmp_path, how):
    marker = tmp_path / "marker"
    out = tmp_path / "out"
    tests = str(Path(__file__).parent)
    process = subprocess.Popen([sys.executable, "-c", INTERRUPTED, str(tmp_path), str(marker), tests],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), process.stderr.read().decode() if process.poll() is not None else "no marker"
    process.send_signal(how)
    assert process.wait(timeout=30) != 0
    assert not out.exists(), _leftovers(out)  # the pages were staged; staging and the folder are gone
