"""Staged files reach the disk before any is renamed into place (files/atomic.py)."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest
from helpers import issue, write_series

from bulletin_cli.files import atomic
from bulletin_cli.files.atomic import BackgroundFlush, flush_to_disk


@pytest.fixture
def fsynced(monkeypatch):
    """The paths fsync'd, in order (the real fsync still runs)."""
    seen: list[str] = []
    lock = threading.Lock()
    real = atomic._fsync_path

    def recording(path):
        real(path)
        with lock:
            seen.append(os.fspath(path))

    monkeypatch.setattr(atomic, "_fsync_path", recording)
    return seen


def _files(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / f"f{n}" for n in range(count)]
    for path in paths:
        path.write_bytes(b"x")
    return paths


def test_every_file_given_is_flushed_once(tmp_path, fsynced):
    paths = _files(tmp_path, 50)
    flush_to_disk(str(p) for p in paths)  # a generator, taken from by several threads
    assert sorted(fsynced) == sorted(map(str, paths))


def test_a_background_flush_flushes_every_file_and_raises_what_failed(tmp_path, fsynced):
    paths = _files(tmp_path, 30)
    flushing = BackgroundFlush(str(p) for p in paths)
    flushing.wait()
    assert sorted(fsynced) == sorted(map(str, paths))
    missing = BackgroundFlush([str(tmp_path / "not-there")])
    with pytest.raises(FileNotFoundError):
        missing.wait()


def test_a_stopped_background_flush_takes_no_more_names(tmp_path, fsynced):
    paths = _files(tmp_path, 5)
    given = threading.Event()
    release = threading.Event()

    def names():
        yield str(paths[0])
        given.set()
        release.wait(5)
        yield from (str(p) for p in paths[1:])

    flushing = BackgroundFlush(names(), threads=1)
    assert given.wait(5)
    stopper = threading.Thread(target=flushing.stop)
    stopper.start()
    release.set()
    stopper.join(5)
    assert not stopper.is_alive()
    # the name being taken when it stopped may be flushed; none after it
    assert len(fsynced) <= 2 and fsynced[0] == str(paths[0])


def test_a_site_is_flushed_whole_before_its_first_page_moves(tmp_path, fsynced, monkeypatch):
    """Issue pages (flushed while the archive is made) and archive pages alike."""
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.operations import export_render
    from bulletin_cli.operations.export import export_paths

    folder = write_series(tmp_path / "series", {
        f"2024-0{n}.toml": issue(number=n, date=f"2024-0{n}-10") for n in range(1, 6)})
    real_fsync = atomic._fsync_path

    def slow_for_pages(path):  # the issue pages' flush outlasts the archive's making and flush
        if re.fullmatch("[0-9a-f]{40}", os.path.basename(path)):
            time.sleep(0.3)
        real_fsync(path)

    monkeypatch.setattr(atomic, "_fsync_path", slow_for_pages)
    flushed_at_first_move: list[int] = []
    real_move = export_render.move_into_place

    def move(staged, target, *rest):
        if not flushed_at_first_move:
            flushed_at_first_move.append(len(fsynced))
            assert os.fspath(staged) in fsynced
        real_move(staged, target, *rest)

    monkeypatch.setattr("bulletin_cli.operations.export.move_into_place", move)
    out = tmp_path / "site"
    result = export_paths([folder], "html", f"{out}/", ExportOptions(extra={"search": "no"}), jobs=1)
    assert result.ok, result.failures
    pages = [p for p in out.rglob("*") if p.is_file()]
    assert len(pages) >= 5 + 2  # five issues, the archive index, a year index
    assert flushed_at_first_move == [len(pages)]
    assert len(set(fsynced)) == len(fsynced) == len(pages)
