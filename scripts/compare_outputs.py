"""Export both examples and a synthetic series to html, epub, text and xml, for comparing two commits.

python3 scripts/compare_outputs.py OUT_DIR   writes the outputs of the current checkout into OUT_DIR;
then `diff -r REF_DIR OUT_DIR` (or `python3 scripts/compare_outputs.py OUT_DIR --against REF_DIR`)
shows that a refactoring left every byte as it was.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("html", "epub", "text", "xml")


def export_all(out: Path, issues: int) -> None:
    python = sys.executable
    synthetic = out / "_synthetic-source"
    if not synthetic.exists():
        subprocess.run([python, str(ROOT / "benchmarks" / "synthetic.py"), str(synthetic),
                        "--issues", str(issues)], check=True)
    sources = {"newsletter": ROOT / "examples" / "newsletter",
               "xuanchuan-zhuanbao": ROOT / "examples" / "xuanchuan-zhuanbao",
               "synthetic": synthetic}
    for name, folder in sources.items():
        for fmt in FORMATS:
            subprocess.run([python, "-m", "bulletin_cli", "export", str(folder), "--to", fmt,
                            "-o", str(out / name / fmt) + "/", "-q", "-j", "1"], check=True)
    for fmt, suffix in (("html", ".html"), ("epub", ".epub")):  # several issues in one file
        subprocess.run([python, "-m", "bulletin_cli", "export", str(ROOT / "examples"), "--to", fmt,
                        "-o", str(out / f"collection{suffix}"), "-q", "-j", "1"], check=True)


def differences(a: Path, b: Path) -> list[str]:
    found = []
    for path in sorted(a.rglob("*")):
        if "_synthetic-source" in path.parts or not path.is_file():
            continue
        other = b / path.relative_to(a)
        if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
            found.append(str(path.relative_to(a)))
    found += [str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()
              and "_synthetic-source" not in p.parts and not (a / p.relative_to(b)).exists()]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path, help="reference outputs to compare with")
    parser.add_argument("--issues", type=int, default=60)
    args = parser.parse_args()
    export_all(args.out, args.issues)
    if args.against:
        changed = differences(args.against, args.out)
        for name in changed:
            print("differs:", name)
        print(f"{len(changed)} files differ")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
