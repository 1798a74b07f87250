"""Where a path lies: the one test of "inside the series folder" (R304, new issues, renumbering)."""

from __future__ import annotations

from pathlib import Path


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path`` (links resolved) lies in ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
