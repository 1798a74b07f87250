"""Importing text bulletins: the synthetic series exported to text, then imported back.

    python benchmarks/bench_import.py [--issues 1000]

The synthetic series (benchmarks/synthetic.py) is exported with `--to text` (the typed
layout), one file per issue; then the whole folder is imported as `bulletin import *.txt -o
FOLDER/` does it, serially in this process: reading and recognising every file, building
series.toml and each issue's TOML, loading each back to check it, and writing the files.
Every imported issue is compared with the original in print order (titles, columns, sources,
body text), so the figures are for work that really happened.
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


if __name__ == "__main__":
    main()
