"""Where a path lies: the one test of "inside the series folder" (R304, new issues, renumbering),
and where a name lies among sorted names."""

from __future__ import annotations

import bisect
import errno
from pathlib import Path
from typing import Sequence


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path`` (links resolved) lies in ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def position_in_sorted(names: Sequence[str], name: str) -> int:
    """Where ``name`` is in the sorted ``names`` (found by halving), -1 when it is not there: how
    the large sets of file names of an export are held (a set's table is about 50 bytes a name)."""
    at = bisect.bisect_left(names, name)
    return at if at < len(names) and names[at] == name else -1


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
