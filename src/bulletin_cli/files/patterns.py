"""Regular expressions compiled when first used, not when their module is imported.

The text checks hold a hundred-odd patterns, many over the whole Han range, and compiling
them all costs a cold `bulletin validate` of one file more than the rest of its start-up,
while a clean file makes most of them never run ("look before they work", docs/performance.md).
"""

from __future__ import annotations

import re
from typing import Any

# what a caller may ask of a pattern; each is copied onto the object on first use, so that
# later calls are a plain attribute lookup of the compiled pattern's bound method
_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
              "scanner", "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """Stands in for ``re.compile(pattern, flags)`` until one of its methods is asked for."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # only reached for attributes not yet copied onto the instance
        if name not in _FORWARDED:
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attribute in _FORWARDED:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[type, tuple[str, int]]:
        return LazyPattern, self._source

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` deferred to the first use (typed as the pattern it becomes)."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
