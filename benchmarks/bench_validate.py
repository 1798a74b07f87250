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
import resource
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


def timed(command: list[str], runs: int, expect: int = 0) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``runs`` fresh processes.

    CPU time holds still when the machine is busy; wall time is what a user waits.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode != expect:
            raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return statistics.median(walls), statistics.median(cpus)


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
    print(f"{'':<{width}}  {'wall':>10}  {'cpu':>10}")
    for name, (wall, cpu) in results.items():
        print(f"{name:<{width}}  {wall * 1000:7.0f} ms  {cpu * 1000:7.0f} ms")
    names = list(results)
    for index, kind in ((0, "wall"), (1, "cpu")):
        ratio = results[names[3]][index] / results[names[4]][index]
        print(f"{'folder validate / parse-only (' + kind + ')':<{width}}  {ratio:7.2f} x   (target < 2)")


if __name__ == "__main__":
    main()
