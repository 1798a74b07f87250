"""Image files: the type from the first bytes (never the name) and the size in pixels.

Only the headers are read, so checking a folder of photos costs a few hundred bytes each.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # docs/format.md: larger photos make pages and EPUBs slow to open
MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/svg+xml")
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "image/svg+xml": ".svg"}


def sniff(head: bytes) -> str:
    """The media type of an image from its first bytes, or "" when it is not one of MEDIA_TYPES."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    text = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in head:
        return "image/svg+xml"
    return ""


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def _svg_size(data: bytes) -> tuple[int, int] | None:
    tag = re.search(rb"<svg\b[^>]*>", data)
    if not tag:
        return None
    attrs = dict(re.findall(rb'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']', tag.group()))
    try:
        if b"width" in attrs and b"height" in attrs:
            return (round(float(re.match(rb"[\d.]+", attrs[b"width"]).group())),
                    round(float(re.match(rb"[\d.]+", attrs[b"height"]).group())))
        if b"viewBox" in attrs:
            _, _, w, h = (float(v) for v in attrs[b"viewBox"].replace(b",", b" ").split())
            return round(w), round(h)
    except (AttributeError, ValueError):
        return None
    return None


def image_size(media_type: str, data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels from the header, or None when the header does not say."""
    try:
        if media_type == "image/png" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if media_type == "image/gif":
            return struct.unpack("<HH", data[6:10])
        if media_type == "image/jpeg":
            return _jpeg_size(data)
        if media_type == "image/webp":
            chunk = data[12:16]
            if chunk == b"VP8 ":
                w, h = struct.unpack("<HH", data[26:30])
                return w & 0x3FFF, h & 0x3FFF
            if chunk == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            if chunk == b"VP8X":
                return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
        if media_type == "image/svg+xml":
            return _svg_size(data)
    except struct.error:
        return None
    return None


def inspect(path: Path) -> tuple[str, tuple[int, int] | None, int]:
    """(media type or "", (width, height) or None, size in bytes) of an image file."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(65536)  # a JPEG's size marker sits after EXIF, usually in the first 64 KiB
    media_type = sniff(head)
    return media_type, image_size(media_type, head) if media_type else None, size
