"""Validation speed, in one run:

- cold `bulletin --version` (process start, CLI framework),
- cold `bulletin validate` of one issue (the seed example),
- `bulletin validate` of a synthetic series of 1,000 issues,
- plain tomllib parsing of the same files (the floor), in a fresh process too.

    python benchmarks/bench_validate.py [--issues 1000] [--runs 5]

Each figure is the median wall time of several runs of a fresh process. The target is a
folder validation under 2x the parse-only time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_series  # noqa: E402

SEED = HERE.parent / "examples" / "xuanchuan-zhuanbao" / "2023-06.toml"
PARSE_ONLY = (
    "import sys, tomllib, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.toml')):\n"
    "    tomllib.loads(p.read_bytes().decode('utf-8'))\n"
)


def timed(command: list[str], runs: int, expect: int = 0) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True)
        samples.append(time.perf_counter() - start)
        if proc.returncode != expect:
            raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bulletin = [sys.executable, "-m", "bulletin_cli"]
    folder = Path(tempfile.mkdtemp(prefix="bulletin-bench-"))
    try:
        write_series(folder / "series", args.issues)
        results = {
            "python -c pass": timed([sys.executable, "-c", "pass"], args.runs * 2),
            "bulletin --version": timed([*bulletin, "--version"], args.runs * 2),
            "bulletin validate <seed issue>": timed([*bulletin, "validate", str(SEED)], args.runs * 2),
            f"bulletin validate <{args.issues} issues>": timed([*bulletin, "validate", str(folder / "series")],
                                                                args.runs),
            f"tomllib parse only <{args.issues} issues>": timed([sys.executable, "-c", PARSE_ONLY,
                                                                  str(folder / "series")], args.runs),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    width = max(map(len, results))
    for name, seconds in results.items():
        print(f"{name:<{width}}  {seconds * 1000:8.1f} ms")
    names = list(results)
    ratio = results[names[3]] / results[names[4]]
    print(f"{'folder validate / parse-only':<{width}}  {ratio:8.2f} x  (target < 2)")


if __name__ == "__main__":
    main()
