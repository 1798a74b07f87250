"""The one way a link target becomes an href or src attribute value.

Every link the HTML and EPUB writers make points inside the output: a page of the site
(``series/2023-06.html``, ``../index.html``) and/or an anchor (``#_a1``). Those paths come
from file names, and a file name may hold any character: ``javascript:alert(9).toml`` once
became ``href="javascript:alert(9).html"``, escaped for HTML but still a script URL. Here each
path segment is percent-encoded, ``:`` included, so no target can ever start with a scheme;
``#``, ``?``, ``%`` and spaces become part of the name instead of ending it. Absolute targets
and unsafe schemes are refused: a site link must be relative to work from ``file://``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

# Characters left as they are in a path segment: RFC 3986 unreserved plus the sub-delimiters
# that end nothing in a relative path. Everything else ("%", ":", "#", "?", " ", non-ASCII,
# "&", quotes, "<", ">") is percent-encoded, so the value needs no further HTML escaping.
_SEGMENT_SAFE = "-._~!$'()*+,;=@"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
# The names an archive is made of (``2023-06.html``, ``../index.html``, ``_a1``) need no work:
# one regular expression says so, cheaper than encoding segment by segment (thousands of links).
_PLAIN = re.compile(r"[A-Za-z0-9\-._~!$'()*+,;=@/]*")


class UnsafeLink(ValueError):
    """A link target that cannot be written as a relative link inside the output."""


def safe_href(target: str = "", fragment: str = "") -> str:
    """``target`` (a relative path, ``/`` or ``\\`` separated) and ``fragment`` as an attribute value.

    >>> safe_href("series/a b?.html", "_a1")
    'series/a%20b%3F.html#_a1'
    >>> safe_href("javascript:alert(9).html")
    'javascript%3Aalert(9).html'
    """
    if (not target.startswith(("/", "./")) and _PLAIN.fullmatch(target)
            and _PLAIN.fullmatch(fragment)):
        return f"{target}#{fragment}" if fragment else target
    if _DRIVE.match(target) or target.startswith(("/", "\\")):
        raise UnsafeLink(f"link target {target!r} is absolute; links in the output are relative")
    segments = target.replace("\\", "/").split("/") if target else []
    while len(segments) > 1 and segments[0] == ".":  # "./x" is "x"; a lone "." stays
        segments.pop(0)
    path = "/".join(quote(segment, safe=_SEGMENT_SAFE) for segment in segments)
    href = f"{path}#{quote(fragment, safe=_SEGMENT_SAFE)}" if fragment else path
    scheme = _SCHEME.match(href)
    if scheme:  # cannot happen after encoding ":"; kept as the last guard of the promise above
        name = scheme.group(0)[:-1].lower()
        raise UnsafeLink(f"link target {target!r} would be read as a {name}: URL")
    return href


def relative_link(target: str, from_page: str) -> str:
    """``target`` (site-relative) as seen from the page at ``from_page`` (site-relative), as
    ``posixpath.relpath`` gives it (encoded where it is written: safe_href)."""
    if _plain(target) and _plain(from_page):
        # worked out from the names: relpath makes both absolute (a getcwd call each), and a
        # site's pages ask for a dozen links each, its indexes for one per issue
        start = from_page.split("/")[:-1]
        parts = target.split("/")
        common = 0
        for mine, theirs in zip(start, parts):
            if mine != theirs:
                break
            common += 1
        return "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def _plain(path: str) -> bool:
    """A relative POSIX path of names only (no ``.``, ``..``, empty or leading ``/`` parts):
    relpath would not change its parts."""
    return bool(path) and path[0] != "/" and "//" not in path and not path.endswith("/") and (
        "." not in path or not any(part in (".", "..") for part in path.split("/")))
