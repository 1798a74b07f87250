"""Where a path lies: the one test of "inside the series folder" (R304, new issues, renumbering)."""

from __future__ import annotations

import errno
from pathlib import Path


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path`` (links resolved) lies in ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def unusable_name(path: Path) -> str | None:
    """Why the system refuses ``path`` as a name (too long, a part too long), or None.

    Path.is_file() and is_dir() raise on these instead of answering False."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            longest = max((len(part) for part in path.parts), default=0)
            return (f"the name is too long for the file system ({longest} characters in one part, "
                    f"{len(str(path))} in all; most systems allow 255 per part)")
    except ValueError:  # an embedded NUL
        return "the name holds a NUL character"
    return None
