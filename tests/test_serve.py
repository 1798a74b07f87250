"""`bulletin serve`: pages rendered from the current files, edits and errors shown, a clean stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import article, issue, write_series


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _text(page: str) -> str:
    """A page's text without its tags: a title's words are in spans of their own."""
    return re.sub(r"<[^>]+>", "", page)


@pytest.fixture
def served(tmp_path):
    """A series folder and the base URL of `bulletin serve` running on it (port 0: a free one)."""
    folder = write_series(tmp_path / "series", {
        "2024-01.toml": issue(1, "2024-01-10", article(title="第一篇标题")),
        "2024-02.toml": issue(2, "2024-02-10", article(title="第二期的文章")),
    })
    proc = subprocess.Popen([sys.executable, "-m", "bulletin_cli", "serve", str(folder), "--port", "0"],
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    line = proc.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert match, line
    try:
        yield folder, f"http://127.0.0.1:{match.group(1)}", proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_shows_edits_and_errors_then_stops_cleanly(served):
    folder, base, proc = served
    status, index = _get(base + "/")
    assert status == 200 and 'href="2024-01.html#a1"' in index and "第二期的文章" in index
    status, page = _get(base + "/2024-01.html")
    assert status == 200 and "第一篇标题" in _text(page) and "/_bulletin/changes" in page
    before = _get(base + "/_bulletin/changes")[1]

    path = folder / "2024-01.toml"
    path.write_text(issue(1, "2024-01-10", article(title="改过的标题")), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))  # a coarse clock still sees it change
    assert _get(base + "/_bulletin/changes")[1] != before
    status, page = _get(base + "/2024-01.html")
    assert status == 200 and "改过的标题" in _text(page) and "第一篇标题" not in _text(page)

    path.write_text("number = 1\ndate = 2024-01-10\n[[articles]\n", encoding="utf-8")
    status, page = _get(base + "/2024-01.html")
    assert status == 422
    assert re.search(r"2024-01\.toml:3:\d+: error", page), page
    assert "改过的标题" not in _text(page)

    if os.name == "nt":  # no SIGINT to send a child there; the rest holds on every system
        return
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    rest = proc.stderr.read()
    assert "Traceback" not in rest and "stopped" in rest


def test_serve_answers_missing_pages_with_404(served):
    _, base, _ = served
    assert _get(base + "/2030-01.html")[0] == 404


def test_serve_shows_every_archive_page_and_the_feed(served):
    _, base, _ = served
    status, year = _get(base + "/index-2024.html")
    assert status == 200 and "第二期的文章" in year
    status, feed = _get(base + "/feed.xml")
    assert status == 200 and feed.startswith("<?xml") and "_bulletin" not in feed


def test_serve_refuses_a_port_in_use(tmp_path, cli):
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue()})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = cli(["serve", folder, "--port", port])
    assert run.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in run.stderr and "Traceback" not in run.stderr


def test_serve_needs_a_folder(tmp_path, cli):
    run = cli(["serve", tmp_path / "missing"])
    assert run.exit_code == 2 and "not a folder" in run.stderr


def test_serve_shows_an_edited_series_template_on_the_next_request(served):
    folder, base, _ = served
    templates = folder / "templates"
    templates.mkdir()
    masthead = templates / "masthead.html.j2"
    masthead.write_text('<header class="masthead"><p>第一版</p></header>', encoding="utf-8")
    before = _get(base + "/_bulletin/changes")[1]
    status, page = _get(base + "/2024-01.html")
    assert status == 200 and "第一版" in page
    masthead.write_text('<header class="masthead"><p>第二版</p></header>', encoding="utf-8")
    os.utime(masthead, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    assert _get(base + "/_bulletin/changes")[1] != before  # the page's reload script sees it
    status, page = _get(base + "/2024-01.html")
    assert status == 200 and "第二版" in page and "第一版" not in page
