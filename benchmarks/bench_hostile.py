"""Validation time of hostile bodies at 10 KB and 100 KB: it must grow linearly (issue 14, defect 3).

    python benchmarks/bench_hostile.py [--runs 3]

Each case is one article body: many findings (4,000 T101 at 100 KB), unclosed "<!--", the
same beside links (the full parser), and suppression comments that never close. The figure
is the median in-process `api.validate` time; the ratio 100 KB / 10 KB should stay near 10
(it was near 100 when positions and comments cost quadratic time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
from bulletin_cli import api  # noqa: E402

CASES = {
    "findings": "测试文字,内容。",
    "unclosed <!--": "<!--",
    "links + <!--": "[x](http://a) <!--",
    "ignore never closed": "<!-- bulletin: ignore",
}


def timed(folder: Path, runs: int) -> float:
    api.validate([folder])  # warm: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        api.validate([folder])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, unit in CASES.items():
            figures = []
            for size in (10_000, 100_000):
                folder = Path(tmp) / f"{len(figures)}-{abs(hash(name))}"
                folder.mkdir()
                (folder / "series.toml").write_text('name = "测试简报"\nissuer = "测试办公室"\n', encoding="utf-8")
                body = unit * (size // len(unit.encode()))
                (folder / "2024-01.toml").write_text(
                    f'number = 1\ndate = 2024-01-10\n[[articles]]\nid = "a1"\ntitle = "标题"\nbody = """\n{body}\n"""\n',
                    encoding="utf-8")
                figures.append(timed(folder, args.runs))
            print(f"{name:22} 10 KB {figures[0]:6.3f} s   100 KB {figures[1]:6.3f} s   ratio {figures[1] / figures[0]:5.1f}")


if __name__ == "__main__":
    main()
