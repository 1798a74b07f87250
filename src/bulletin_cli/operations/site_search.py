"""The full-text search index of an exported HTML site, built with Pagefind.

Pagefind (MIT) reads the written pages and writes a static index plus its search UI into
``SITE/pagefind/``; the browser loads the index in pieces with fetch(), so the site must be
served over HTTP (any static host, or ``python -m http.server``), not opened as file://.
Its extended build, ``pagefind-bin-extended`` (``pip install 'bulletin-cli[search]'``),
segments Chinese text into words. The build goes to a temporary folder beside the old index
and replaces it only when it succeeded: a failed build leaves the previous index whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from bulletin_cli.formats.exporter import ExportError, ExportOptions

HOW_TO_GET_SEARCH = "pip install 'bulletin-cli[search]' (the Pagefind indexer) to add full-text search"


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float
    bytes: int


def indexer() -> Path | None:
    """The Pagefind executable (extended build), or None when it is not installed."""
    try:
        import pagefind_bin_extended
    except ImportError:
        return None
    try:
        return pagefind_bin_extended.get_executable()
    except FileNotFoundError:
        return None


def index_language(languages: Sequence[str]) -> str | None:
    """One language for the whole index when the site mixes languages, so one search box finds
    every issue (Pagefind otherwise keeps one index per language and searches the page's own);
    Chinese wins, since only it needs word segmentation."""
    primary = sorted({language.lower().split("-")[0] for language in languages})
    if len(primary) <= 1:
        return None
    return "zh" if "zh" in primary else primary[0]


def build_index(site: Path, languages: Sequence[str] = ()) -> IndexStats:
    """Index the pages under ``site`` into ``site/pagefind``; ExportError when it fails."""
    executable = indexer()
    if executable is None:
        raise ExportError("search index not built: " + HOW_TO_GET_SEARCH)
    from bulletin_cli.formats.html.search import BUNDLE

    site = site.resolve()
    target = site / BUNDLE
    started = time.perf_counter()
    temporary = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site))
    try:
        command = [str(executable), "--site", str(site), "--output-path", str(temporary), "--quiet"]
        forced = index_language(languages)
        if forced:
            command += ["--force-language", forced]
        run = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
        if run.returncode != 0:
            detail = (run.stderr or run.stdout).strip().splitlines()[-5:]
            raise ExportError("building the search index failed (Pagefind): " + " / ".join(detail), 1)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".pagefind-old-", dir=site))
            os.replace(target, old / BUNDLE)
        os.replace(temporary, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    pages = sum(1 for p in (target / "fragment").glob("*")) if (target / "fragment").is_dir() else 0
    return IndexStats(pages, seconds, size)


SEARCH_SWITCHES = {"yes": "yes", "no": "no", "true": "yes", "false": "no", "on": "yes", "off": "no"}


def search_options(format: str, site: Path | None, options: ExportOptions) -> tuple[ExportOptions, list[str]]:
    """An HTML site gets a search index unless ``-O search=no``; without the indexer, a note says how.

    The options come back with ``extra["search"]`` set to ``yes`` or ``no`` for the exporter.
    """
    if format != "html" or site is None:
        return options, []
    raw = options.extra.get("search", "yes").strip().lower()
    if raw not in SEARCH_SWITCHES:
        raise ExportError(f"-O search takes yes or no, not '{options.extra['search']}'")
    wanted, notes = SEARCH_SWITCHES[raw] == "yes", []
    if wanted:
        if indexer() is None:
            wanted = False
            notes.append("note: the site has no search box: " + HOW_TO_GET_SEARCH)
    return replace(options, extra={**options.extra, "search": "yes" if wanted else "no"}), notes


__all__ = ["IndexStats", "indexer", "build_index", "index_language", "search_options", "HOW_TO_GET_SEARCH"]
