"""Export the synthetic series (1,000 issues by default) to every registered format.

    python benchmarks/bench_export.py [--issues 1000] [--jobs N] [--serial] [--no-pandoc]

For each format, a fresh process loads and validates the series, then exports every issue
to a folder, as `bulletin export SERIES --to FORMAT -o DIR` does. Reported: load time,
export time, issues per second (export only, and end to end), and peak resident memory of
the main process and of the worker processes (resource.getrusage), plus the peak of Python
allocations during a serial export (--tracemalloc: an extra run, slowed down by tracing).
CPU time (this process and its workers) is reported too: on a busy machine it is the
figure that holds still. Every file is fsync'ed before the rename (api.write_atomic), so
wall time includes the disk.

The peer figure: when pandoc is on PATH, the same issues as Markdown (the markdown plugin's
output when it is installed) are converted with one pandoc call per issue, to HTML and to
plain text, as a user scripting pandoc would.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _max_rss_mb(who: int) -> float:
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB elsewhere


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the export workers): independent of machine load."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker(folder: Path, fmt: str, out: Path, jobs: int, trace: bool) -> dict:
    """One format in this (fresh) process; returns the measurements."""
    from bulletin_cli.operations import export as runner
    from bulletin_cli.formats.exporter import ExportOptions

    started = time.perf_counter()
    registered = runner.resolve_exporter(fmt)
    sources, _ = runner.load_sources([folder])
    plan = runner.plan_outputs(sources, registered.exporter, str(out) + "/", folder_given=True)
    loaded = time.perf_counter()
    if trace:
        import tracemalloc

        tracemalloc.start()
    cpu_before = _cpu_seconds()
    result = runner.run_plan(plan, ExportOptions(source_date_epoch=0), jobs=jobs,
                             plugin=runner.plugin_label(registered))
    done = time.perf_counter()
    cpu = _cpu_seconds() - cpu_before
    peak = None
    if trace:
        import tracemalloc

        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    if result.failures:
        raise SystemExit(f"{fmt}: {len(result.failures)} failures, first: {result.failures[0]}")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "format": fmt, "issues": len(sources), "files": len(result.written), "jobs": jobs,
        "load_s": loaded - started, "export_s": done - loaded, "export_cpu_s": cpu,
        "rss_main_mb": _max_rss_mb(resource.RUSAGE_SELF), "rss_workers_mb": _max_rss_mb(resource.RUSAGE_CHILDREN),
        "tracemalloc_peak_mb": peak, "output_mb": size / 2**20,
    }


def run_format(folder: Path, fmt: str, out: Path, jobs: int, trace: bool) -> dict:
    command = [sys.executable, __file__, "--worker", fmt, "--folder", str(folder), "--out", str(out),
               "--jobs", str(jobs)] + (["--trace"] if trace else [])
    proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout)


def pandoc_peer(folder: Path, work: Path, issues: int) -> list[dict]:
    """One pandoc call per issue and target, from the issues as Markdown."""
    from bulletin_cli import api, plugins
    from bulletin_cli.formats.exporter import ExportOptions

    markdown_dir = work / "markdown"
    markdown_dir.mkdir()
    loaded = api.load_many([folder])
    has_plugin = "markdown" in plugins.exporters()[0]
    for issue in loaded:
        text = api.export(issue, "markdown", ExportOptions()) if has_plugin else _plain_markdown(issue).encode("utf-8")
        (markdown_dir / (issue.path.stem + ".md")).write_bytes(text)
    files = sorted(markdown_dir.glob("*.md"))
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    figures = []
    for target, extension, extra in (("html", ".html", ["-s", "--metadata", "pagetitle=x"]), ("plain", ".txt", [])):
        out = work / f"pandoc-{target}"
        out.mkdir()
        started, cpu_before = time.perf_counter(), _cpu_seconds()
        for file in files:
            subprocess.run(["pandoc", "-f", "commonmark+yaml_metadata_block", "-t", target, *extra,
                            "-o", str(out / (file.stem + extension)), str(file)], check=True)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_before
        figures.append({"format": f"pandoc → {target}", "issues": len(files), "export_s": seconds, "cpu_s": cpu,
                        "version": version, "source": "markdown plugin" if has_plugin else "plain Markdown"})
    return figures


def _plain_markdown(issue) -> str:
    parts = [f"# {issue.name} {issue.issue_line}"]
    for article in issue.articles:
        parts.append(f"## {article.title}")
        parts += [block.text for block in article.body]
    return "\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=0, help="workers (default: one per core)")
    parser.add_argument("--serial", action="store_true", help="also run every format with --jobs 1")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also run every format with --jobs 1 under tracemalloc (slower; for the Python heap peak)")
    parser.add_argument("--no-pandoc", action="store_true")
    parser.add_argument("--formats", help="comma list (default: every registered format)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.folder, args.worker, args.out, args.jobs, args.trace)))
        return

    sys.path.insert(0, str(HERE))
    from synthetic import write_series

    from bulletin_cli import plugins
    from bulletin_cli.operations.export import default_jobs

    jobs = args.jobs or default_jobs()
    found, conflicts = plugins.exporters()
    formats = args.formats.split(",") if args.formats else sorted(found)
    print(f"# bulletin export: {args.issues} synthetic issues, {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}, formats: {', '.join(formats)}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as temporary:
        work = Path(temporary)
        folder = write_series(work / "series", issues=args.issues, seed=0)
        for fmt in formats:
            runs = [(jobs, False)] + ([(1, False)] if args.serial else []) + ([(1, True)] if args.tracemalloc else [])
            for run_jobs, trace in runs:
                out = work / f"out-{fmt}-{run_jobs}"
                row = run_format(folder, fmt, out, run_jobs, trace)
                rows.append(row)
                shutil.rmtree(out)
                total = row["load_s"] + row["export_s"]
                print(f"{fmt:9} jobs={run_jobs}: load+validate {row['load_s']:.1f} s, export {row['export_s']:.1f} s "
                      f"= {row['issues'] / row['export_s']:.0f} issues/s export, {row['issues'] / total:.0f} "
                      f"issues/s end to end; {row['export_cpu_s'] / row['issues'] * 1000:.1f} ms CPU per issue; peak RSS main {row['rss_main_mb']:.0f} MB, each worker <= "
                      f"{row['rss_workers_mb']:.0f} MB" + (f"; tracemalloc peak {row['tracemalloc_peak_mb']:.1f} MB"
                                                          if row["tracemalloc_peak_mb"] is not None else "")
                      + f"; output {row['output_mb']:.1f} MB in {row['files']} files", flush=True)
        if not args.no_pandoc and shutil.which("pandoc"):
            for row in pandoc_peer(folder, work, args.issues):
                rows.append(row)
                print(f"{row['format']:9} (one call per issue, {row['version']}, from {row['source']}): "
                      f"{row['export_s']:.1f} s = {row['issues'] / row['export_s']:.0f} issues/s, "
                      f"{row['cpu_s'] / row['issues'] * 1000:.1f} ms CPU per issue", flush=True)
        elif not args.no_pandoc:
            print("pandoc not on PATH: no peer figure")
    if conflicts:
        print(f"skipped (claimed by several plugins): {', '.join(sorted(conflicts))}")


if __name__ == "__main__":
    main()
