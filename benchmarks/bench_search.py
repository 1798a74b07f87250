"""Build the HTML site's search index for the synthetic series (1,000 issues by default).

    python benchmarks/bench_search.py [--issues 1000] [--keep DIR]

The series is exported once to an HTML site without search (`-O search=no`), then Pagefind
indexes it as `bulletin export` does after writing the pages (operations.site_search.
build_index). Reported: pages indexed, index build time (wall, and the indexer's CPU time), the index's size on disk
(the whole site/pagefind/ folder, UI included) and its file count, and the size of the site's
pages for comparison. Needs `pip install 'bulletin-cli[search]'`.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_series  # noqa: E402


def _size(folder: Path, exclude: str = "") -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not (exclude and exclude in p.parts)]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()

    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.operations.export import export_paths
    from bulletin_cli.operations.site_search import build_index, indexer

    if indexer() is None:
        sys.exit("the Pagefind indexer is not installed: pip install 'bulletin-cli[search]'")
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        series = write_series(work / "series", args.issues)
        site = work / "site"
        started = time.perf_counter()
        result = export_paths([series], "html", f"{site}/", ExportOptions(extra={"search": "no"}))
        if not result.ok:
            sys.exit("\n".join(result.failures))
        export_seconds = time.perf_counter() - started
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        stats = build_index(site, ["zh-CN"])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        index_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        index_bytes, index_files = _size(site / "pagefind")
        page_bytes, page_files = _size(site, exclude="pagefind")
    print(json.dumps({
        "issues": args.issues,
        "export_seconds": round(export_seconds, 2),
        "pages_indexed": stats.pages,
        "index_seconds": round(stats.seconds, 2),
        "index_cpu_seconds": round(index_cpu, 2),  # the figure that holds still on a busy machine
        "index_mb": round(index_bytes / 1e6, 2),
        "index_files": index_files,
        "site_pages_mb": round(page_bytes / 1e6, 2),
        "site_page_files": page_files,
    }, indent=2))


if __name__ == "__main__":
    main()
