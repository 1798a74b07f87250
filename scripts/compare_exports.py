"""Show that a change leaves every output byte-identical: export the examples and a synthetic
series with another revision of the code and with this checkout, and compare the files.

    python3 scripts/compare_exports.py [REV] [--issues 200] [--formats text,html,epub,xml,markdown]

REV (default: the last commit before the change, HEAD~1) is checked out into a temporary
worktree and run with this checkout's virtual environment; SOURCE_DATE_EPOCH is fixed so that
EPUBs are reproducible. Exit status 1 when any file differs or exists on one side only.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
COLLECTIONS = {"html": ".html", "epub": ".epub"}  # formats that put several issues in one file


def export_all(src: Path, inputs: list[Path], out: Path, formats: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": "1700000000"}
    for fmt in formats:
        for folder in inputs:
            target = out / fmt / folder.name
            subprocess.run([sys.executable, "-m", "bulletin_cli", "export", str(folder), "--to", fmt, "-o",
                            str(target) + "/", "-q"], check=True, env=env, cwd=ROOT)
        if fmt in COLLECTIONS:  # several issues in one file too
            subprocess.run([sys.executable, "-m", "bulletin_cli", "export", *map(str, inputs[:2]), "--to", fmt, "-o",
                            str(out / fmt / f"examples{COLLECTIONS[fmt]}"), "-q"], check=True, env=env, cwd=ROOT)


def differences(left: Path, right: Path) -> list[str]:
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, Path())]
    while stack:
        node, where = stack.pop()
        found += [f"only in {REV_LABEL}: {where / n}" for n in node.left_only]
        found += [f"only in this checkout: {where / n}" for n in node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [f"differs: {where / n}" for n in mismatch + errors]
        stack += [(sub, where / name) for name, sub in node.subdirs.items()]
    return sorted(found)


REV_LABEL = "the other revision"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev", nargs="?", default="HEAD~1")
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--formats", default="text,html,epub,xml,markdown")
    args = parser.parse_args()
    formats = args.formats.split(",")
    from synthetic import write_series

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        synthetic = tmp_path / "synthetic"
        write_series(synthetic, args.issues)
        inputs = [ROOT / "examples" / "xuanchuan-zhuanbao", ROOT / "examples" / "newsletter", synthetic]
        other = tmp_path / "other"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(other), args.rev], check=True, cwd=ROOT)
        try:
            export_all(other / "src", inputs, tmp_path / "before", formats)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], check=True, cwd=ROOT)
        export_all(ROOT / "src", inputs, tmp_path / "after", formats)
        found = differences(tmp_path / "before", tmp_path / "after")
        count = sum(1 for p in (tmp_path / "after").rglob("*") if p.is_file())
    for line in found:
        print(line)
    print(f"{count} files compared against {args.rev}: {len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
