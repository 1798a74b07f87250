"""Copy examples/ (the one source) into the package (src/bulletin_cli/examples/), which
`bulletin_cli.testing` ships to plugin authors. tests/test_examples.py fails when they differ.

    python3 scripts/sync_examples.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples"
COPY = ROOT / "src" / "bulletin_cli" / "examples"


def main() -> None:
    if COPY.exists():
        shutil.rmtree(COPY)
    shutil.copytree(SOURCE, COPY, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    print(f"copied {SOURCE.relative_to(ROOT)}/ to {COPY.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
