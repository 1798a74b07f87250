"""Validation speed, in one run:

- cold `bulletin --version` (process start, CLI framework),
- cold `bulletin validate` of one issue (the seed example),
- `bulletin validate` of a synthetic series of 1,000 issues,
- plain tomllib parsing of the same files (the floor), in a fresh process too,
- and the same with tomli, the parser bulletin-cli reads files with.

    python benchmarks/bench_validate.py [--issues 1000] [--runs 5] [--jobs N] [--rich]

Each figure is the median of several rounds of fresh processes, wall time and CPU time
(user + system, worker processes included); the ratio is the median of the rounds' ratios.
The target (issue 12 of the project): a folder validation at most 1.5x the tomllib parse,
in wall time with the default workers. Every command runs once before the rounds, so that
each module's bytecode is cached as on a user's machine (PYTHONDONTWRITEBYTECODE is unset
for the children: with it, every start-up compiles the sources again).
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(HERE))
from synthetic import write_series  # noqa: E402

SEED = HERE.parent / "examples" / "xuanchuan-zhuanbao" / "2023-06.toml"
PARSE_ONLY = (
    "import sys, tomllib, pathlib\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.toml')):\n"
    "    tomllib.loads(p.read_bytes().decode('utf-8'))\n"
)
# the same with tomli, the parser bulletin-cli uses (compiled, about twice as fast)
TOMLI_PARSE_ONLY = PARSE_ONLY.replace("tomllib", "tomli")
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGET = 1.5


def run_once(command: list[str], expect: int = 0) -> tuple[float, float]:
    """Wall time and CPU time (user + system, children included) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, env=CHILD_ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != expect:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for the folder (default: per core)")
    parser.add_argument("--rich", action="store_true", help="a third of the articles hold a table, a list, a figure")
    args = parser.parse_args()
    bulletin = [sys.executable, "-m", "bulletin_cli"]
    folder = Path(tempfile.mkdtemp(prefix="bulletin-bench-"))
    series = str(folder / "series")
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bulletin --version": [*bulletin, "--version"],
        "bulletin validate <seed issue>": [*bulletin, "validate", str(SEED)],
        f"bulletin validate <{args.issues} issues>": [*bulletin, "validate", *jobs, series],
        f"tomllib parse only <{args.issues} issues>": [sys.executable, "-c", PARSE_ONLY, series],
        f"tomli parse only <{args.issues} issues>": [sys.executable, "-c", TOMLI_PARSE_ONLY, series],
    }
    names = list(commands)
    folder_run, parse_run = names[3], names[4]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    try:
        write_series(folder / "series", args.issues, rich=args.rich)
        # Rounds, each running every command once: a VM's speed drifts over minutes, and a
        # ratio of two figures taken side by side holds still where one taken minutes apart
        # does not.
        for command in commands.values():  # warm-up: bytecode written, files in the page cache
            run_once(command)
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(run_once(command))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    width = max(map(len, names)) + 8
    print(f"{'':<{width}}  {'wall':>10}  {'cpu':>10}   (median of {args.runs} rounds)")
    for name in names:
        wall = statistics.median(t[0] for t in times[name])
        cpu = statistics.median(t[1] for t in times[name])
        print(f"{name:<{width}}  {wall * 1000:7.0f} ms  {cpu * 1000:7.0f} ms")
    for index, kind in ((0, "wall"), (1, "cpu")):
        ratios = sorted(f[index] / p[index] for f, p in zip(times[folder_run], times[parse_run]))
        print(f"{'folder validate / parse-only (' + kind + ')':<{width}}  {statistics.median(ratios):7.2f} x"
              f"   (rounds: {ratios[0]:.2f}-{ratios[-1]:.2f}; target <= {TARGET})")


if __name__ == "__main__":
    main()
