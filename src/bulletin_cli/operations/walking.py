"""Finding the issue files a command is given: files as they are, folders walked.

Every command over many files (validate, export, fix, number, serve) starts here, so a folder
is walked the same way everywhere: hidden and tool folders skipped, links to folders not
followed, one Path per file made from its folder's (they share the folder's parts).
"""

from __future__ import annotations

import os
from pathlib import Path

from bulletin_cli.formats.toml.loader import SERIES_FILE

SKIPPED_FOLDERS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
ISSUE_SUFFIXES = (".toml",)
_WALKED_SUFFIXES = (*ISSUE_SUFFIXES, ".xml")


class NothingToValidate(Exception):
    """A path that does not exist, or a folder without issue files: a usage error (exit 2)."""


def walk_issue_files(folder: Path) -> list[Path]:
    """Issue-like files (.toml, .xml) under ``folder``, sorted; hidden and tool folders are
    skipped, and links to folders are not followed. (scandir: no stat call per file.)"""
    found: list[Path] = []
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            listing = os.scandir(here)
        except OSError:
            continue
        # entries one at a time, not listed first: 10,000 of them held at once were a few MB
        # the process kept for the rest of the run
        child = _child_maker(here)
        with listing:
            for entry in _entries(listing):
                # a file's Path made from its folder's, its name not parsed again (the main
                # process keeps one per file)
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED_FOLDERS and not entry.name.startswith("."):
                        pending.append(here / entry.name)
                elif entry.name.lower().endswith(_WALKED_SUFFIXES) and entry.is_file():
                    found.append(child(entry.name))
    found.sort()
    return found


def _child_maker(folder: Path):
    """How a file's Path is made from its folder's without parsing the name again: pathlib's
    own way for a name read from the folder (what its glob uses), where this Python has it.
    ``folder / name`` parses the name and puts it in the interpreter's table of interned
    strings, which never shrinks: 10,000 file names grew it by about 1 MB for the rest of the
    run. Where it has none, ``folder / name``."""
    make = getattr(folder, "_make_child_relpath", None)
    return make if callable(make) else folder.__truediv__


def _entries(listing):
    """A folder's entries; a folder that fails part-way through (removed, unreadable) ends there."""
    while True:
        try:
            entry = next(listing)
        except (StopIteration, OSError):
            return
        yield entry


def expand_paths(paths: list[Path], walked: dict[Path, list[Path]] | None = None) -> list[Path]:
    """Files as given; folders searched recursively for .toml (and .xml) files (each folder's
    findings are recorded in ``walked``, when given)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = walked[path] if walked is not None and path in walked else walk_issue_files(path)
            if walked is not None:
                walked[path] = found
            if not any(p.name != SERIES_FILE for p in found):
                if found:  # a new series: say what is there and what comes next
                    raise NothingToValidate(f"{path}: {SERIES_FILE} found but no issue files yet; "
                                            f"write the first with `bulletin new {path}`, or validate "
                                            f"{path / SERIES_FILE} itself")
                raise NothingToValidate(f"{path}: no issue files (*.toml) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a FIFO, socket or device: reading it could block or never end
            raise NothingToValidate(f"{path}: not a regular file; give the issue file itself")
        else:
            raise NothingToValidate(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))
