"""Export the synthetic series (1,000 issues by default) to every registered format.

    python benchmarks/bench_export.py [--issues 1000] [--jobs N] [--serial] [--no-pandoc]

Plugin formats count as registered when their packages are installed (the test setup
installs plugins/*: markdown, docx). For each format, a fresh process loads and validates the series, then exports every issue
to a folder, as `bulletin export SERIES --to FORMAT -o DIR` does. Reported: load time,
export time, issues per second (export only, and end to end), and peak resident memory of
the main process and of the worker processes (resource.getrusage), plus the peak of Python
allocations during a serial export (--tracemalloc: an extra run, slowed down by tracing).
CPU time (this process and its workers) is reported too: on a busy machine it is the
figure that holds still. Every staged file is flushed to disk before the renames that put it in place, so
wall time includes the disk.

The peer figure: when pandoc is on PATH, the same issues as Markdown (the markdown plugin's
output when it is installed) are converted with one pandoc call per issue, to HTML and to
plain text, as a user scripting pandoc would. When the pdf format is run and Chromium is on
PATH, the first --chromium issues (10 by default) are also printed from their HTML with
`chromium --headless --print-to-pdf`, one call per issue: today's browser path to a PDF.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
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
    return _rusage_seconds()[0]


def _rusage_seconds() -> tuple[float, float]:
    """(CPU, of which system) of this process and its finished children. The kernel's part
    (creating files, faulting pages in) is where a file system's own costs show."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    system = own.ru_stime + children.ru_stime
    return own.ru_utime + children.ru_utime + system, system


def worker(folder: Path, fmt: str, out: Path, jobs: int, trace: bool) -> dict:
    """One format in this (fresh) process, end to end as `bulletin export FOLDER --to FMT -o OUT/`."""
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.operations.export import export_paths

    if trace:
        import tracemalloc

        tracemalloc.start()
    started, (cpu_before, system_before) = time.perf_counter(), _rusage_seconds()
    if fmt == "validate":  # `bulletin validate FOLDER`: the checks every export runs first
        from bulletin_cli.operations.validate import validate_paths

        checked = validate_paths([folder], jobs=jobs, keep_issues=False)
        done, (cpu, system) = time.perf_counter(), _rusage_seconds()
        cpu, system = cpu - cpu_before, system - system_before
        if checked.failed():
            raise SystemExit(f"validate: {checked.errors} errors")
        issues = sum(1 for p in folder.glob("*.toml") if p.name != "series.toml")
        return {"format": fmt, "issues": issues, "files": 0, "jobs": jobs, "total_s": done - started, "cpu_s": cpu,
                "system_s": system,
                "rss_main_mb": _max_rss_mb(resource.RUSAGE_SELF),
                "rss_workers_mb": _max_rss_mb(resource.RUSAGE_CHILDREN), "tracemalloc_peak_mb": None,
                "output_mb": 0.0}
    # html without the Pagefind index (an external program, measured by bench_search.py; -O search=no)
    options = ExportOptions(source_date_epoch=0, extra={"search": "no"} if fmt == "html" else {})
    result = export_paths([folder], fmt, str(out) + "/", options, jobs=jobs)
    done, (cpu, system) = time.perf_counter(), _rusage_seconds()
    cpu, system = cpu - cpu_before, system - system_before
    # the export's peaks, read before the output is measured below (Path.rglob keeps every
    # path it has given: a few MB at 10,000 files, counted as the export's before)
    rss_main, rss_workers = _max_rss_mb(resource.RUSAGE_SELF), _max_rss_mb(resource.RUSAGE_CHILDREN)
    peak = None
    if trace:
        import tracemalloc

        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    if result.failures:
        raise SystemExit(f"{fmt}: {len(result.failures)} failures, first: {result.failures[0]}")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) if out.exists() else 0
    issues = sum(1 for p in folder.glob("*.toml") if p.name != "series.toml")
    return {
        "format": fmt, "issues": issues, "files": len(result.written), "jobs": jobs,
        "total_s": done - started, "cpu_s": cpu, "system_s": system,
        "rss_main_mb": rss_main, "rss_workers_mb": rss_workers,
        "tracemalloc_peak_mb": peak, "output_mb": size / 2**20,
    }


def _set_aside(out: Path, spent: Path) -> None:
    """Move a run's output out of the way instead of deleting it: on a file system that delays
    reusing freed inodes (ext4 without a journal, as on the machine these figures come from:
    it passes over inodes freed in the last one to six minutes), creating a file after thousands
    were deleted cost 0.4-0.8 ms instead of 0.02-0.07, so every run after a deletion paid for the
    run before it (html at 1,000 issues swung from 2.4 to 3.5 s, a third of it system time).
    Everything is removed at the end."""
    if out.exists():
        out.rename(spent / f"{len(list(spent.iterdir()))}-{out.name}")


def creation_cost(work: Path, files: int = 200) -> float:
    """Milliseconds to create one empty file in ``work`` now (kept: deleting them would raise
    the cost for the runs that follow, see _set_aside). High after a deletion of many files."""
    probe = work / f"probe-{len(list(work.glob('probe-*')))}"
    probe.mkdir()
    started = time.perf_counter()
    for number in range(files):
        (probe / str(number)).touch()
    return (time.perf_counter() - started) / files * 1000


def parse_floor(folder: Path) -> dict:
    """The floor every figure is compared with: a plain tomllib parse of the same files, in a fresh process."""
    code = ("import pathlib, resource, sys, time, tomllib\n"
            "started = time.perf_counter(); r0 = resource.getrusage(resource.RUSAGE_SELF)\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.toml')): tomllib.loads(p.read_text(encoding='utf-8'))\n"
            "r1 = resource.getrusage(resource.RUSAGE_SELF)\n"
            "print(time.perf_counter() - started, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, r1.ru_maxrss)")
    wall, cpu, rss = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                                    check=True).stdout.split()
    return {"total_s": float(wall), "cpu_s": float(cpu), "rss_mb": int(rss) / 1024}


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


def chromium_peer(folder: Path, work: Path, count: int) -> dict:
    """`chromium --print-to-pdf` of the first issues' HTML pages, one browser call per issue."""
    from bulletin_cli import ExportOptions, api

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    pages = work / "chromium-html"
    pages.mkdir()
    for issue in api.load_many([folder])[:count]:
        (pages / (issue.path.stem + ".html")).write_bytes(api.export(issue, "html", ExportOptions()))
    files = sorted(pages.glob("*.html"))
    started, cpu_before = time.perf_counter(), _cpu_seconds()
    for file in files:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={work / 'chromium-profile'}", f"--print-to-pdf={file.with_suffix('.pdf')}",
                        file.resolve().as_uri()], check=True, capture_output=True)
    return {"format": "chromium → pdf", "issues": len(files), "export_s": time.perf_counter() - started,
            "cpu_s": _cpu_seconds() - cpu_before}


def _plain_markdown(issue) -> str:
    parts = [f"# {issue.name} {issue.issue_line}"]
    for article in issue.articles:
        parts.append(f"## {article.title}")
        parts += [block.text for block in article.body]
    return "\n\n".join(parts) + "\n"


def report(rows: list[dict], floor: dict, issues: int) -> None:
    for row in rows:
        peak = max(row["rss_main_mb"], row["rss_workers_mb"])
        print(f"{row['format']:9} jobs={row['jobs']}: {row['total_s']:.2f} s = {row['total_s'] / floor['total_s']:.2f}x "
              f"the parse, {row['cpu_s'] / issues * 1000:.1f} ms CPU per issue ({row['cpu_s'] / floor['cpu_s']:.2f}x the "
              f"parse's CPU; {row.get('system_s', 0.0):.2f} s of it system); peak RSS main {row['rss_main_mb']:.0f} MiB, "
              f"worker {row['rss_workers_mb']:.0f} MiB "
              f"(max {peak:.0f})"
              + (f"; tracemalloc peak {row['tracemalloc_peak_mb']:.1f} MB" if row["tracemalloc_peak_mb"] else "")
              + f"; {row['output_mb']:.1f} MB in {row['files']} files", flush=True)


def summarise(by_format: dict[str, list[dict]], issues: int) -> dict[str, dict]:
    """Per format: median CPU per issue, wall, peak RSS, and the median of the rounds' ratios
    to the parse and to html (ratios within a round: the same load)."""
    out = {}
    for fmt, rows in by_format.items():
        if not rows:
            continue
        ratio_parse = [row["cpu_s"] / floor["cpu_s"] for row, floor in zip(rows, by_format["parse"])]
        ratio_html = [row["cpu_s"] / html["cpu_s"] for row, html in zip(rows, by_format.get("html", []))]
        out[fmt] = {
            "cpu_ms": statistics.median(row["cpu_s"] for row in rows) / issues * 1000,
            "wall_s": statistics.median(row["total_s"] for row in rows),
            "rss_main": statistics.median(row["rss_main_mb"] for row in rows),
            "rss_workers": statistics.median(row["rss_workers_mb"] for row in rows),
            "x_parse": statistics.median(ratio_parse),
            "x_parse_range": (min(ratio_parse), max(ratio_parse)),
            "x_html": statistics.median(ratio_html) if ratio_html else None,
            "x_html_range": (min(ratio_html), max(ratio_html)) if ratio_html else None,
            "cpu_s": statistics.median(row["cpu_s"] for row in rows),
            "rounds": len(rows),
        }
    return out


def table(medians: dict[int, dict[str, dict]], sizes: list[int]) -> None:
    """The figures of docs/performance.md, as a Markdown table (medians over the rounds)."""
    small = medians[sizes[0]]
    large = medians.get(sizes[1]) if len(sizes) > 1 else None
    print(f"\n## medians ({small['parse']['rounds']} rounds at {sizes[0]}"
          + (f", {large['parse']['rounds']} at {sizes[1]})" if large else ")"))
    head = f"| command | ms CPU/issue at {sizes[0]} | × parse | × html | peak RSS main / worker |"
    if large:
        head += f" ms CPU/issue at {sizes[1]} | CPU {sizes[1]} / {sizes[0]} | peak RSS at {sizes[1]} | peak {sizes[1]} / {sizes[0]} |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for fmt, row in small.items():
        x_html = f"{row['x_html']:.2f} ({row['x_html_range'][0]:.2f}-{row['x_html_range'][1]:.2f})" \
            if row["x_html"] is not None and fmt not in ("html", "parse") else ""
        x_parse = f"{row['x_parse']:.2f} ({row['x_parse_range'][0]:.2f}-{row['x_parse_range'][1]:.2f})"
        peak = max(row["rss_main"], row["rss_workers"])
        line = (f"| {fmt} | {row['cpu_ms']:.2f} | {x_parse} | {x_html} | "
                f"{row['rss_main']:.0f} / {row['rss_workers']:.0f} MiB |")
        if large and fmt in large:
            big = large[fmt]
            big_peak = max(big["rss_main"], big["rss_workers"])
            line += (f" {big['cpu_ms']:.2f} | {big['cpu_s'] / row['cpu_s']:.2f}× | {big['rss_main']:.0f} / "
                     f"{big['rss_workers']:.0f} MiB | {big_peak / peak:.2f}× |")
        print(line, flush=True)


def _series(parent: Path, size: int, write_series) -> Path:
    """The synthetic series of ``size`` issues in ``parent``: reused when a whole one is there."""
    folder = parent / f"series-{size}"
    done = folder / ".complete"
    if done.exists() and done.read_text() == str(size):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    write_series(folder, issues=size, seed=0)
    done.write_text(str(size))  # a dot file: the export's folder walk skips it
    return folder


def _round(folder: Path, size: int, number: int, rounds: int, formats: list[str], jobs: int, args, work: Path,
           spent: Path, by_format: dict[str, list[dict]]) -> None:
    """One round at one size: the floor, then every command once, so ratios taken within a round
    compare figures measured under the same load (this machine is shared)."""
    floor = parse_floor(folder)
    by_format["parse"].append({"format": "parse", "jobs": 1, "cpu_s": floor["cpu_s"], "total_s": floor["total_s"],
                               "rss_main_mb": floor["rss_mb"], "rss_workers_mb": 0.0})
    creating = creation_cost(work)
    print(f"## {size} issues, round {number}/{rounds}; floor: tomllib parse {floor['total_s']:.2f} s, "
          f"{floor['cpu_s']:.2f} s CPU, {floor['rss_mb']:.0f} MiB; creating a file: {creating:.2f} ms"
          + (" (high: many files were deleted in the last minutes; the formats' figures include it)"
             if creating > 0.2 else ""), flush=True)
    for fmt in formats:
        runs = [(jobs, False)] + ([(1, False)] if args.serial else []) + ([(1, True)] if args.tracemalloc else [])
        for run_jobs, trace in runs:
            out = work / f"out-{fmt}-{run_jobs}"
            row = run_format(folder, fmt, out, run_jobs, trace)
            _set_aside(out, spent)
            report([row], floor, size)
            if run_jobs == jobs and not trace:
                by_format[fmt].append(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=0, help="workers (default: one per core)")
    parser.add_argument("--serial", action="store_true", help="also run every format with --jobs 1")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also run every format with --jobs 1 under tracemalloc (slower; for the Python heap peak)")
    parser.add_argument("--no-pandoc", action="store_true")
    parser.add_argument("--chromium", type=int, default=10, metavar="N",
                        help="with the pdf format: print N issues' HTML with Chromium too (0: not)")
    parser.add_argument("--formats", help="comma list (default: every registered format)")
    parser.add_argument("--scale", type=int, default=0,
                        help="also run with this many issues and report how CPU and memory grow (e.g. 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds at --issues (medians are reported)")
    parser.add_argument("--scale-rounds", type=int, default=1, help="rounds at --scale")
    parser.add_argument("--no-validate", dest="validate", action="store_false",
                        help="leave out `bulletin validate` of the same folder")
    parser.add_argument("--series-dir", type=Path,
                        help="keep the synthetic series in DIR/series-N and reuse them in later runs "
                             "(writing 10,000 issues takes about a minute)")
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
    from bulletin_cli.operations.workers import default_jobs

    jobs = args.jobs or default_jobs()
    found, conflicts = plugins.exporters()
    formats = args.formats.split(",") if args.formats else sorted(found)
    print(f"# bulletin export: {args.issues} synthetic issues, {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}, formats: {', '.join(formats)}", flush=True)
    formats = ["validate", *formats] if args.validate else formats
    sizes = [args.issues] + ([args.scale] if args.scale else [])
    medians: dict[int, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as temporary:
        work = Path(temporary)
        spent = work / "spent"  # every run's output, removed with the rest at the end (_set_aside)
        spent.mkdir()
        folders = {size: _series(args.series_dir or work, size, write_series) for size in sizes}
        rounds_of = {size: args.rounds if size == sizes[0] else args.scale_rounds for size in sizes}
        by_size: dict[int, dict[str, list[dict]]] = {size: {fmt: [] for fmt in ["parse", *formats]} for size in sizes}
        # the sizes take turns, round by round: a machine whose speed drifts over the run (a shared
        # one does) then moves both sizes' figures alike, and the growth from one to the other
        # compares like with like (run one after the other, the parse itself grew 9.6-11.1x)
        for number in range(1, max(rounds_of.values()) + 1):
            for size in sizes:
                if number <= rounds_of[size]:
                    _round(folders[size], size, number, rounds_of[size], formats, jobs, args, work, spent,
                           by_size[size])
        for size in sizes:
            medians[size] = summarise(by_size[size], size)
        folder = folders[sizes[0]]
        if not args.no_pandoc and shutil.which("pandoc"):
            for row in pandoc_peer(folder, work, sizes[0]):
                print(f"{row['format']:9} (one call per issue, {row['version']}, from {row['source']}): "
                      f"{row['export_s']:.1f} s = {row['issues'] / row['export_s']:.0f} issues/s, "
                      f"{row['cpu_s'] / row['issues'] * 1000:.1f} ms CPU per issue", flush=True)
        elif not args.no_pandoc:
            print("pandoc not on PATH: no peer figure")
        if "pdf" in formats and args.chromium > 0 and (shutil.which("chromium") or shutil.which("chromium-browser")):
            row = chromium_peer(folder, work, args.chromium)
            print(f"{row['format']:9} (one browser call per issue): {row['export_s']:.1f} s for {row['issues']} "
                  f"issues = {row['export_s'] / row['issues']:.2f} s per issue", flush=True)
    table(medians, sizes)
    if conflicts:
        print(f"skipped (claimed by several plugins): {', '.join(sorted(conflicts))}")


if __name__ == "__main__":
    main()
