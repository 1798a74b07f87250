"""Export worker processes never outlive `bulletin export`, and an interrupted export leaves
no temporary file behind (Linux: the test reads /proc to find the workers)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_export(tmp_path: Path, issues: int = 400) -> tuple[subprocess.Popen, Path]:
    from synthetic import write_series

    series = write_series(tmp_path / "series", issues)
    out = tmp_path / "site"
    process = subprocess.Popen([sys.executable, "-m", "bulletin_cli", "export", str(series), "--to", "html",
                                "-o", str(out) + "/", "--jobs", "2"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               # a shell running tests in the background ignores SIGINT in its children
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.fail(f"the export ended before its workers started: {process.stderr.read().decode()}")
    return process, out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_workers_stop_within_a_second_when_the_export_is_killed(tmp_path):
    process, out = _start_export(tmp_path)
    workers = _children(process.pid)
    assert workers
    process.kill()
    process.wait()
    deadline = time.monotonic() + 1.0
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(_alive(w) for w in workers), "workers outlived the killed export"
    before = _files(out)
    time.sleep(1.0)
    assert _files(out) == before, "something was written after the export was killed"
    # nothing was moved into place either: the pages were still in the staging folder
    assert not [p for p in before if p.suffix == ".html" and ".bulletin-export-" not in str(p)]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_export_leaves_no_file_behind(tmp_path, how):
    process, out = _start_export(tmp_path)
    workers = _children(process.pid)
    process.send_signal(how)
    assert process.wait(timeout=30) != 0
    assert not any(_alive(w) for w in workers)
    assert _files(out) == [], [str(p) for p in _files(out)]
    assert not out.exists(), "the export created the folder and must not leave it behind, empty"
