"""Attachments (附件) inside an EPUB, linked from the 附件 line, EPUBCheck-clean.

EPUB lets a content document link only to spine items, and a spine item that is not an XHTML
content document (a spreadsheet, a PDF, even a PNG) needs a manifest fallback to one. So each
attachment is packaged as ``files/<hash>.<ext>``, listed in the spine as non-linear (readers
skip it when paging through), with ``fallback`` pointing at a small XHTML page that names the
attachment: a reading system that cannot open the file shows that page instead. ebooklib does
not write ``fallback``; :func:`add_fallbacks` adds it to the package document afterwards.
The fallback page is :func:`.pages.attachment_page`.
"""

from __future__ import annotations

import mimetypes
import re

# Types a reading system would take for content (and parse); an attachment of one of these is
# packaged as plain bytes so it is offered as a file, never rendered as a page of the book.
_AS_BYTES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/css", "text/javascript",
             "application/javascript", "application/x-dtbncx+xml", "application/smil+xml"}


def package_name(digest: str, file_name: str) -> tuple[str, str]:
    """The attachment's name in the package (ASCII: EPUB wants no spaces) and its media type."""
    extension = re.sub(r"[^a-z0-9]", "", file_name.rsplit(".", 1)[-1].lower())[:8] if "." in file_name else ""
    kind = (mimetypes.guess_type("x." + extension)[0] if extension else None) or "application/octet-stream"
    if kind in _AS_BYTES:
        kind = "application/octet-stream"
    return f"files/{digest}" + (f".{extension}" if extension else ""), kind


def add_fallbacks(opf: bytes, fallbacks: dict[str, str]) -> bytes:
    """The package document with ``fallback`` set on the attachments' manifest items."""
    if not fallbacks:
        return opf
    from lxml import etree

    root = etree.fromstring(opf)
    for item in root.iter("{http://www.idpf.org/2007/opf}item"):
        if item.get("id") in fallbacks:
            item.set("fallback", fallbacks[item.get("id")])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
