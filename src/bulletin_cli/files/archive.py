"""ZIP packages (EPUB, DOCX) written byte for byte, with members shared by every file deflated once.

An exporter's package repeats the same members in every file it writes (the EPUB's
stylesheets, the DOCX template's styles, theme, fonts and numbering). zipfile deflates them
again each time; here a member the caller marks shared is deflated once per process and
its compressed bytes are copied. The bytes are those zipfile writes for the same members
on Unix (tests/test_zip_archive.py compares them), on every platform: one timestamp, one
mode, the caller's order, no data descriptors, UTF-8 names flagged.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Collection, Iterable
from functools import lru_cache

ZIP_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest time a ZIP entry can hold
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc)  # and the latest (7-bit year)
REGULAR_FILE = 0o100644  # -rw-r--r--, the mode EPUB readers and unzip show
ZIPFILE_DEFAULT_LEVEL = 6  # what zipfile.ZIP_DEFLATED uses without compresslevel (zlib's default)


def zip_archive(members: Iterable[tuple[str, bytes]], instant: dt.datetime, *, level: int = ZIPFILE_DEFAULT_LEVEL,
                stored: Collection[str] = (), shared: Collection[str] = (), mode: int = REGULAR_FILE) -> bytes:
    """The members, in the order given, as one ZIP archive stamped ``instant`` (clamped to what
    a ZIP entry can hold, so an issue dated 2200 still packs).

    Names in ``stored`` are stored uncompressed (an EPUB's mimetype); the rest are deflated at
    ``level``, those in ``shared`` once per process. ``mode`` is each entry's Unix mode.
    """
    when = min(max(instant, ZIP_EARLIEST), ZIP_LATEST)
    dos_date = (when.year - 1980) << 9 | when.month << 5 | when.day
    dos_time = when.hour << 11 | when.minute << 5 | when.second // 2
    out = bytearray()
    directory = []
    for name, content in members:
        if name in stored:
            packed, method = content, 0
        else:
            packed, method = (deflated_once(content, level) if name in shared else deflated(content, level)), 8
        encoded, flags = (name.encode("ascii"), 0) if name.isascii() else (name.encode("utf-8"), 0x800)
        fields = (20, 0, flags, method, dos_time, dos_date, zlib.crc32(content), len(packed), len(content),
                  len(encoded))
        directory.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, *fields, 0, 0, 0, 0,
                                     mode << 16, len(out)) + encoded)  # made by version 2.0 on Unix
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", *fields, 0)
        out += encoded
        out += packed
    start = len(out)
    for entry in directory:
        out += entry
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), len(out) - start, start, 0)
    return bytes(out)


def deflated(content: bytes, level: int = ZIPFILE_DEFAULT_LEVEL) -> bytes:
    """Raw deflate, as zipfile compresses a member."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(content) + compressor.flush()


@lru_cache(maxsize=64)  # a DOCX template has about 15 unchanging parts; a few templates per run
def deflated_once(content: bytes, level: int = ZIPFILE_DEFAULT_LEVEL) -> bytes:
    return deflated(content, level)


__all__ = ["zip_archive", "deflated", "deflated_once", "ZIP_EARLIEST", "ZIP_LATEST", "REGULAR_FILE"]
