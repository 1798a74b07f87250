"""Full-text search in the exported HTML site: Pagefind's index, the box, a real browser finding the seed."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import CHROMIUM_FLAGS, EXAMPLES
from helpers import article, issue, write_series

PHRASE = "遇见学习达人"

# Types the phrase into the archive's search box (in a frame, same site) and writes what the
# results list shows into this page, for --dump-dom to read.
PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>
<pre id="out">waiting</pre>
<iframe id="site" src="index.html" width="900" height="900"></iframe>
<script>
// Each round waits on a real request the test server answers slowly, so Chromium's virtual
// clock does not run ahead of Pagefind's worker while it fetches the index.
var typed = false, rounds = 0;
function round() {
  var page = document.getElementById("site").contentDocument;
  var input = page && page.querySelector(".pagefind-ui__search-input");
  var links = page ? page.querySelectorAll(".pagefind-ui__result-link") : [];
  if (input && !typed) {
    typed = true;
    input.value = PHRASE;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  } else if (links.length) {
    document.getElementById("out").textContent = JSON.stringify({
      links: Array.prototype.map.call(links, function (a) { return a.getAttribute("href"); }),
      marks: Array.prototype.map.call(page.querySelectorAll(".pagefind-ui__results mark"),
                                      function (m) { return m.textContent; }),
      filters: Array.prototype.map.call(page.querySelectorAll(".pagefind-ui__filter-name"),
                                        function (f) { return f.textContent; })
    });
    return;
  }
  if (++rounds < 300) fetch("/_wait?" + rounds).then(round, round);
}
round();
</script></body></html>
"""


class _SlowWaits(SimpleHTTPRequestHandler):
    """A static server whose /_wait answers after 0.1 s (see PROBE)."""

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/_wait"):
            time.sleep(0.1)
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture
def http_site():
    """Serve a folder over HTTP (Pagefind loads its index with fetch(), which file:// refuses)."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_SlowWaits, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _dump_dom(chromium: str, url: str, tmp_path: Path) -> str:
    run = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000",
         "--dump-dom", url],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    return run.stdout


def test_export_builds_an_index_and_a_browser_finds_the_seed_phrase(cli, pagefind, chromium, http_site, tmp_path):
    site = tmp_path / "site"
    run = cli(["export", EXAMPLES, "--to", "html", "-o", f"{site}/"])
    assert run.exit_code == 0, run.stderr
    assert "search index:" in run.stderr
    assert (site / "pagefind" / "pagefind-ui.js").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="pagefind/pagefind-ui.js"' in index and "http" not in index.split("<search", 1)[1].split("</search>")[0]
    (site / "probe.html").write_text(PROBE.replace("PHRASE", json.dumps(PHRASE)), encoding="utf-8")

    base = http_site(site)
    dom = _dump_dom(chromium, base + "/probe.html", tmp_path)
    shown = json.loads(dom.split('<pre id="out">', 1)[1].split("</pre>", 1)[0].replace("&quot;", '"'))
    # The issue is found, with a link to the article holding the phrase and the words to mark.
    assert any(link.startswith("/xuanchuan-zhuanbao/2023-06.html?highlight=") for link in shown["links"])
    hit = next(link for link in shown["links"] if link.endswith("#_title-xuexi-qiangguo-sizhounian"))
    # the phrase as one term, or as the words Pagefind split it into (it segments Chinese
    # with what the whole index holds, so more examples may split it)
    from urllib.parse import unquote
    terms = [unquote(term) for term in re.findall(r"highlight=([^&#]+)", hit.replace("&amp;", "&"))]
    assert "".join(terms) == PHRASE, hit
    assert any(mark and mark in PHRASE for mark in shown["marks"])
    assert {"year", "column"} <= {name.strip().lower() for name in shown["filters"]}

    # The article page marks the words it was found by.
    page = _dump_dom(chromium, base + hit if hit.startswith("/") else f"{base}/{hit}", tmp_path)
    marked = "".join(part.split("</mark>", 1)[0].rsplit(">", 1)[-1] for part in page.split("<mark")[1:])
    assert PHRASE in marked or all(ch in marked for ch in PHRASE) or any(t in marked for t in terms if len(t) > 1), marked


def test_generated_series_is_indexed_with_year_and_column_filters(cli, pagefind, tmp_path):
    issues = {f"2024-{n:02d}.toml": issue(n, f"2024-{n:02d}-10", article(f"a{n}", "经验交流" if n % 2 else "工作动态",
                                                                          f"第{n}期标题", f"第{n}期的正文。"))
              for n in range(1, 7)}
    folder = write_series(tmp_path / "series", issues)
    site = tmp_path / "site"
    run = cli(["export", folder, "--to", "html", "-o", f"{site}/"])
    assert run.exit_code == 0, run.stderr
    assert "search index: 6 pages" in run.stderr
    page = (site / "2024-03.html").read_text(encoding="utf-8")
    assert 'data-pagefind-body data-pagefind-filter="year:2024"' in page
    assert 'data-pagefind-filter="column:经验交流"' in page
    assert any((site / "pagefind" / "filter").iterdir())


def test_no_search_builds_no_index_and_shows_no_box(cli, tmp_path):
    folder = write_series(tmp_path / "series", {"2024-01.toml": issue()})
    for switch in (["--no-search"], ["-O", "search=no"]):
        site = tmp_path / f"site{len(switch)}"
        run = cli(["export", folder, "--to", "html", "-o", f"{site}/", *switch])
        assert run.exit_code == 0, run.stderr
        assert not (site / "pagefind").exists()
        assert "pagefind" not in (site / "index.html").read_text(encoding="utf-8")
        assert "search index" not in run.stderr


def test_bad_search_option_is_a_usage_error(cli, tmp_path):
    folder = write_series(tmp_path / "series", {"2024-01.toml": issue()})
    run = cli(["export", folder, "--to", "html", "-o", f"{tmp_path / 'site'}/", "-O", "search=maybe"])
    assert run.exit_code == 2 and "-O search takes yes or no" in run.stderr


def test_without_the_indexer_export_still_works_and_says_how_to_get_search(tmp_path, monkeypatch):
    from bulletin_cli.operations import export as runner, site_search

    monkeypatch.setattr(site_search, "indexer", lambda: None)
    folder = write_series(tmp_path / "series", {"2024-01.toml": issue()})
    result = runner.export_paths([folder], "html", f"{tmp_path / 'site'}/", jobs=1)
    assert result.ok
    assert any("bulletin-cli[search]" in note for note in result.notes)
    assert "pagefind" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
