"""Relative URLs made from file names: the one place that turns a path into a link.

A file name may hold anything a file system allows: ``javascript:alert(9).toml`` would
become a script link, and ``#``, ``?``, spaces or ``%2e%2e`` would cut or redirect it if
written as they are. Each segment is percent-encoded, so the result is always a relative
path reference with no scheme, query or fragment of its own.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit


def link_to(relative_path: str) -> str:
    """``relative_path`` (POSIX, ``/``-separated) as a relative URL; refuses anything else."""
    url = "/".join(quote(segment, safe="") for segment in relative_path.split("/"))
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/") or parts.query or parts.fragment:
        raise ValueError(f"{relative_path!r} does not make a relative link")
    return url


__all__ = ["link_to"]
