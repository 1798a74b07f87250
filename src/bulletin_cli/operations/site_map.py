"""An exported site's map: each issue's page and its neighbours in its series, for pages that
are rendered one by one, in any order, before the series is known whole.

`bulletin export` works the map out from the file names and the few keys that order issues
before any issue is loaded, and hands it to every render as ``ExportOptions.site_pages`` and
``ExportOptions.site_neighbours`` (two read-only mappings over one table). The table is
ordered by source path and looked up by halving; a page is cut out of its source's own text
when it can be (the usual case), and neighbours are positions in the table. Held as two
dicts of strings and tuples, the map was about 250 bytes an issue for the whole export.
"""

from __future__ import annotations

import os
from array import array
from operator import itemgetter
from typing import Iterable, Iterator, Mapping

from bulletin_cli.files.paths import position_in_sorted

_NONE = -1  # no previous (or next) issue: the first (or last) of its series
_UNORDERED = -2  # not in site_neighbours: its order keys could not be read


class SiteMap:
    """The pages and neighbours of a site's issues, by resolved source path (text)."""

    __slots__ = ("_sources", "_cut", "_end", "_odd", "_extension", "_previous", "_next", "_ordered")

    def __init__(self, pages: Iterable[tuple[str, str | tuple[int, int]]], extension: str) -> None:
        """``pages``: (resolved source path, page relative to the site) pairs, the page given as
        text or as where it sits in the source's text ((start, end): the page is that part,
        with ``extension`` put on and "/" between folders); for a source given twice, the last
        pair counts (as in a dict)."""
        self._extension = extension
        sources: list[str] = []
        cut, end = array("i"), array("i")
        odd: dict[int, str] = {}
        for source, page in pages:
            at, until = page if isinstance(page, tuple) else _cut_points(source, page, extension)
            if at < 0:
                odd[len(sources)] = page  # type: ignore[assignment]
            sources.append(source)
            cut.append(at)
            end.append(until)
        order = sorted(range(len(sources)), key=sources.__getitem__)  # stable: of equal sources, the last given last
        kept = [given for at, given in enumerate(order)
                if at + 1 == len(order) or sources[order[at + 1]] != sources[given]]
        del order
        self._sources = [sources[given] for given in kept]
        self._cut = array("i", (cut[given] for given in kept))
        self._end = array("i", (end[given] for given in kept))
        self._odd = {position: odd[given] for position, given in enumerate(kept) if given in odd}
        self._previous = array("i", [_UNORDERED]) * len(kept)
        self._next = array("i", [_UNORDERED]) * len(kept)
        self._ordered = 0  # how many have neighbours: len(site_neighbours), asked by every page rendered

    def order(self, series: Iterable[list[tuple]]) -> None:
        """Each series' members as (date, supplement, number, source), in the order they were
        found: sorted in place by (date, supplement, number), ties in that order (stable sorts
        on each value from the last: no key tuple per issue), then linked to their neighbours.
        A source not in the map is left out."""
        for members in series:
            for field in (2, 1, 0):
                members.sort(key=itemgetter(field))
            positions = [at for at in (self.position(member[3]) for member in members) if at >= 0]
            last = len(positions) - 1
            for index, at in enumerate(positions):
                self._previous[at] = positions[index - 1] if index else _NONE
                self._next[at] = positions[index + 1] if index < last else _NONE
        self._ordered = len(self._previous) - self._previous.count(_UNORDERED)

    def position(self, source: object) -> int:
        """The source's place in the table, -1 when it is not there."""
        return position_in_sorted(self._sources, source) if isinstance(source, str) else -1

    def page(self, position: int) -> str:
        odd = self._odd.get(position)
        if odd is not None:
            return odd
        stem = self._sources[position][self._cut[position]:self._end[position]]
        return (stem if os.sep == "/" else stem.replace(os.sep, "/")) + self._extension

    def neighbours_of(self, position: int) -> tuple[str | None, str | None] | None:
        previous, following = self._previous[position], self._next[position]
        if previous == _UNORDERED:
            return None
        return (self.page(previous) if previous >= 0 else None, self.page(following) if following >= 0 else None)

    @property
    def pages(self) -> Mapping[str, str]:
        """ExportOptions.site_pages: resolved source path -> page."""
        return _Pages(self)

    @property
    def neighbours(self) -> Mapping[str, tuple[str | None, str | None]]:
        """ExportOptions.site_neighbours: resolved source path -> (previous page, next page)."""
        return _Neighbours(self)


def _cut_points(source: str, page: str, extension: str) -> tuple[int, int]:
    """Where the page's name (without extension) sits in the source's text, when the page is
    that part of it with the extension put on; (-1, -1) when it is not."""
    if not page.endswith(extension):
        return -1, -1
    stem = page[:len(page) - len(extension)]
    native = stem if os.sep == "/" else stem.replace("/", os.sep)
    cut = source.rfind(native)
    if cut < 0 or not stem or (cut and source[cut - 1] != os.sep):
        return -1, -1
    return cut, cut + len(native)


class _Pages(Mapping[str, str]):
    __slots__ = ("_map",)

    def __init__(self, site: SiteMap) -> None:
        self._map = site

    def __getitem__(self, source: str) -> str:
        at = self._map.position(source)
        if at < 0:
            raise KeyError(source)
        return self._map.page(at)

    def get(self, source, default=None):  # type: ignore[override]
        at = self._map.position(source)
        return self._map.page(at) if at >= 0 else default

    def __contains__(self, source: object) -> bool:
        return self._map.position(source) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._map._sources)

    def __len__(self) -> int:
        return len(self._map._sources)


class _Neighbours(Mapping[str, tuple]):
    __slots__ = ("_map",)

    def __init__(self, site: SiteMap) -> None:
        self._map = site

    def __getitem__(self, source: str) -> tuple[str | None, str | None]:
        found = self.get(source)
        if found is None:
            raise KeyError(source)
        return found

    def get(self, source, default=None):  # type: ignore[override]
        at = self._map.position(source)
        found = self._map.neighbours_of(at) if at >= 0 else None
        return default if found is None else found

    def __contains__(self, source: object) -> bool:
        return self.get(source) is not None

    def __iter__(self) -> Iterator[str]:
        site = self._map
        return (source for at, source in enumerate(site._sources) if site._previous[at] != _UNORDERED)

    def __len__(self) -> int:
        return self._map._ordered


__all__ = ["SiteMap"]
