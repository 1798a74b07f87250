"""Speed of the assembling commands on a synthetic series, against `bulletin validate`.

`number`, `toc` and `new` load the series exactly as `validate` does, so validate is their
floor; this shows what each adds on top of it.

    python benchmarks/bench_numbering.py [--issues 1000] [--runs 3]

Each figure is the median wall time of several runs of a fresh process.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_validate import timed  # noqa: E402
from synthetic import write_series  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bulletin = [sys.executable, "-m", "bulletin_cli"]
    folder = Path(tempfile.mkdtemp(prefix="bulletin-bench-"))
    series = str(folder / "series")
    try:
        write_series(folder / "series", args.issues)
        results = {
            "validate": timed([*bulletin, "validate", series], args.runs),
            "number --check": timed([*bulletin, "number", series, "--check"], args.runs),
            "number --headings --check": timed([*bulletin, "number", series, "--headings", "--check"], args.runs),
            "number (diff)": timed([*bulletin, "number", series], args.runs),
            "toc --format json": timed([*bulletin, "toc", series, "--format", "json"], args.runs),
            "toc --by column": timed([*bulletin, "toc", series, "--by", "column"], args.runs),
        }
        new = [*bulletin, "new", series, "--date", "2099-01-01", "--name", "bench.toml"]
        samples = []
        for _ in range(args.runs):
            samples.append(timed(new, 1))
            (folder / "series" / "bench.toml").unlink()
        results["new"] = sorted(samples)[len(samples) // 2]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    floor = results["validate"]
    width = max(map(len, results))
    print(f"{args.issues} issues, median of {args.runs} runs")
    for name, seconds in results.items():
        print(f"{name:<{width}}  {seconds * 1000:8.1f} ms  {seconds / floor:5.2f} x validate")


if __name__ == "__main__":
    main()
