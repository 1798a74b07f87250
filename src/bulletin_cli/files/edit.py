"""Position-precise edits of TOML source: replace a few tokens, keep every other byte.

Positions come from :class:`~bulletin_cli.files.locate.TomlLocator`, which works on the
text as the loader sees it (UTF-8 BOM dropped, CRLF made LF). ``apply_edits`` maps those
offsets back onto the file's own bytes, so a BOM, CRLF line ends, comments, spacing and key
order all survive.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    offset: int  # in the loader's text (no BOM, LF line ends)
    length: int
    replacement: str  # "\n" inside it becomes the file's own line end


def loader_text(raw: bytes) -> str:
    """The text the locator works on: BOM dropped, CRLF made LF (as model.source does)."""
    text = raw.decode("utf-8")
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def apply_edits(raw: bytes, edits: list[Edit]) -> bytes:
    text = raw.decode("utf-8")
    bom = 1 if text.startswith("\ufeff") else 0
    body = text[bom:]
    newline = "\r\n" if "\r\n" in body else "\n"
    # Loader-text offsets of each "\n" that was "\r\n" in the file.
    collapsed, removed, search = [], 0, 0
    while True:
        found = body.find("\r\n", search)
        if found < 0:
            break
        collapsed.append(found - removed)
        removed += 1
        search = found + 2

    def raw_offset(offset: int) -> int:
        return bom + offset + bisect.bisect_left(collapsed, offset)

    out = text
    for edit in sorted(edits, key=lambda e: e.offset, reverse=True):
        start, end = raw_offset(edit.offset), raw_offset(edit.offset + edit.length)
        out = out[:start] + edit.replacement.replace("\n", newline) + out[end:]
    return out.encode("utf-8")


def unified_diff(before: bytes, after: bytes, name: str) -> str:
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    lines = list(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
