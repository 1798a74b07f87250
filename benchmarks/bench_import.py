"""Importing bulletins: the synthetic series exported to text and to PDF, then imported back.

    python benchmarks/bench_import.py [--issues 1000] [--pdf-issues 100] [--pdf-cache DIR]

The synthetic series (benchmarks/synthetic.py) is exported with `--to text` (the typed
layout), one file per issue; then the whole folder is imported as `bulletin import *.txt -o
FOLDER/` does it, serially in this process: reading and recognising every file, building
series.toml and each issue's TOML, loading each back to check it, and writing the files.
Every imported issue is compared with the original in print order (titles, columns, sources,
body text), so the figures are for work that really happened.

PDF: the first --pdf-issues issues (default 100: Typst takes about a second per issue, so
1,000 PDFs would take a quarter of an hour to make) are exported once with the PDF plugin
into --pdf-cache (default: a folder in the system's temporary directory, kept between runs),
then imported as `bulletin import *.pdf -o FOLDER/` does. The figures are per issue; 0 skips
PDF (it needs bulletin-pdf and pdfplumber).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--pdf-issues", type=int, default=100)
    parser.add_argument("--pdf-cache", type=Path, default=Path(tempfile.gettempdir()) / "bulletin-bench-import-pdf")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from synthetic import write_series

    from bulletin_cli import api
    from bulletin_cli.model.issue import plain_text
    from bulletin_cli.operations.importing import plan_import, write_plan

    with tempfile.TemporaryDirectory(prefix="bench-import-") as temporary:
        work = Path(temporary)
        issues = api.load_many([write_series(work / "series", issues=args.issues, seed=0)])
        text_folder = work / "text"
        text_folder.mkdir()
        started = time.perf_counter()
        files = []
        for index, issue in enumerate(issues):
            path = text_folder / f"{index:04d}.txt"
            path.write_bytes(api.export(issue, "text"))
            files.append(path)
        export_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in files)

        started = time.perf_counter()
        plan = plan_import(files, work / "imported")
        plan_s = time.perf_counter() - started
        started = time.perf_counter()
        write_plan(plan)
        write_s = time.perf_counter() - started

        same = 0
        for imported, original in zip(plan.files, issues):
            issue = imported.recognised.issue
            same += [(a.title, a.column, a.source, plain_text(a.body)) for a in issue.articles] == [
                (a.title, a.column, a.source, plain_text(a.body)) for a in original.articles_in_print_order]
        n = len(issues)
        print(f"{n} issues, {size / 1e6:.1f} MB of text")
        print(f"export to text        {export_s:7.2f} s  ({export_s / n * 1000:.1f} ms/issue)")
        print(f"import: recognise, build and check TOML  {plan_s:7.2f} s  ({plan_s / n * 1000:.1f} ms/issue)")
        print(f"import: write files   {write_s:7.2f} s")
        print(f"issues imported back identically (titles, columns, sources, body text): {same}/{n}")
        if args.pdf_issues:
            _pdf(issues[: args.pdf_issues], args.pdf_cache, work / "imported-pdf")


def _pdf(issues, cache: Path, folder: Path) -> None:
    import difflib

    from bulletin_cli import api
    from bulletin_cli.model.issue import plain_text
    from bulletin_cli.operations.importing import plan_import

    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    files, made = [], 0
    for index, issue in enumerate(issues):
        path = cache / f"{index:04d}-{issue.year}-{issue.number:02d}.pdf"  # the synthetic series is seeded
        if not path.exists():
            api.write_atomic(path, api.export(issue, "pdf"))
            made += 1
        files.append(path)
    export_s = time.perf_counter() - started
    started = time.perf_counter()
    plan = plan_import(files, folder)
    plan_s = time.perf_counter() - started
    pages = sum(max(page for page, _ in f.places.values()) for f in plan.files if f.places)  # the last page read
    same = 0
    ratios = []
    differing = []
    for imported, original in zip(plan.files, issues):
        issue = imported.recognised.issue
        read = [(a.title, a.column, a.source) for a in issue.articles]
        meant = [(a.title, a.column, a.source) for a in original.articles_in_print_order]
        same += read == meant
        if read != meant:  # named, so that the recogniser's miss can be looked at
            first = next((i for i, (r, m) in enumerate(zip(read, meant)) if r != m), min(len(read), len(meant)))
            differing.append(f"{imported.source.name}: article {first + 1}: read "
                             f"{read[first] if first < len(read) else None}, meant {meant[first] if first < len(meant) else None}")
        ratios.append(difflib.SequenceMatcher(None, "".join(plain_text(a.body) for a in issue.articles), "".join(
            plain_text(a.body) for a in original.articles_in_print_order), autojunk=False).ratio())
    n = len(issues)
    print(f"PDF: {n} issues, about {pages} pages, in {cache}")
    if made:
        print(f"export to PDF (made {made})  {export_s:7.2f} s  ({export_s / made * 1000:.0f} ms/issue)")
    print(f"import PDF: read pages, recognise, build and check TOML  {plan_s:7.2f} s  "
          f"({plan_s / n * 1000:.0f} ms/issue, {plan_s / max(pages, 1) * 1000:.0f} ms/page)")
    print(f"PDF issues with the same titles, columns and sources: {same}/{n}; body text similarity "
          f"min {min(ratios):.4f}, mean {sum(ratios) / n:.4f}")
    for line in differing:
        print(f"  differs: {line}")


if __name__ == "__main__":
    main()
