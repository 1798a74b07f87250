"""The browsable archive: index.html (issues by year, newest first) and one index per year.

Where the files go. `bulletin export FOLDER --to html -o DIR` writes each issue at its path
relative to FOLDER (``FOLDER/series/2023-06.toml`` -> ``DIR/series/2023-06.html``) and tells
the exporter so through ``ExportOptions.site_pages`` (resolved source path -> page path in
the site). Without it (a script calling ``render_site`` directly), each issue's page is taken
to sit at its path relative to the deepest folder holding every issue. Archive pages sit at
the top of the site: ``index.html`` and ``index-<year>.html``. Every link is relative, so the
site works from ``file://`` and on any static host.

An issue page links back to the archive only when it is exported as part of a site: a page
exported on its own has nowhere to link back to.
"""

from __future__ import annotations

import os
import posixpath
import sys
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, NamedTuple

from bulletin_cli.formats.exporter import Content, ExportOptions, joined
from bulletin_cli.formats.html import search as html_search
from bulletin_cli.formats.html.parts import is_chinese, page, page_pieces
from bulletin_cli.formats.html.templating import markup, render, render_pieces
from bulletin_cli.formats.html.urls import relative_link
from bulletin_cli.model.issue import Issue
from bulletin_cli.model.contents import short_issue_line

INDEX = "index.html"


def year_index_path(year: int) -> str:
    return f"index-{year}.html"


def _common_folder(issues: Sequence[Issue]) -> Path | None:
    folders = [str(issue.path.resolve().parent) for issue in issues if issue.path is not None]
    return Path(os.path.commonpath(folders)) if folders else None


def _fallback_path(issue: Issue, root: Path | None) -> str:
    if issue.path is not None and root is not None:
        try:
            relative = issue.path.resolve().relative_to(root)
            return PurePosixPath(*relative.parts).with_suffix(".html").as_posix()
        except ValueError:
            pass
    kind = "supplement" if issue.supplement else "issue"
    which = issue.number if issue.number is not None else issue.date.isoformat()
    return f"{issue.series_id or 'bulletin'}-{issue.year}-{kind}-{which}.html"


@lru_cache(maxsize=1024)
def _source_key(path: Path) -> str:
    """An issue file's key in ``site_pages`` and ``site_neighbours``: its resolved path. Cached:
    a page asks for it four times, and each resolve is a system call per path component."""
    return str(path.resolve())


def _in_site(mapping, path: Path):
    """What ``mapping`` (site_pages or site_neighbours) holds for the issue file ``path``: looked
    up by the path's own text first, which is the key itself when the path is resolved already
    (the usual case: a key is a resolved path, and a resolved path resolves to itself), so the
    lookup costs no system calls; else by the resolved path."""
    found = mapping.get(str(path))
    return found if found is not None else mapping.get(_source_key(path))


def page_in_site(issue: Issue, options: ExportOptions) -> str | None:
    """The issue's page path in the site being exported, or None when it is not part of one."""
    if not options.site_pages or issue.path is None:
        return None
    return _in_site(options.site_pages, issue.path)


def issue_page_paths(issues: Sequence[Issue], options: ExportOptions) -> dict[int, str]:
    """Where each issue's page sits in the site (by ``id(issue)``), as relative POSIX paths."""
    return {id(issue): place.page for issue, place in zip(issues, _places(issues, options))}


def back_links(issue: Issue, options: ExportOptions) -> str:
    """The small navigation bar above an issue page that is part of a site."""
    here = page_in_site(issue, options)
    if here is None:
        return ""
    neighbours = options.site_neighbours
    previous, following = (None, None) if neighbours is None else _in_site(neighbours, issue.path) or (None, None)
    return render("site-nav.html.j2", issue.series_path, issue=issue, labels=issue.labels,
                  archive=relative_link(INDEX, here), year_index=relative_link(year_index_path(issue.year), here),
                  previous=relative_link(previous, here) if previous else "",
                  following=relative_link(following, here) if following else "")


def _newest_first(issues: Sequence[Issue]) -> list[Issue]:
    return sorted(issues, key=_newest_key, reverse=True)


def _newest_key(issue: Issue) -> tuple:
    # the name interned: each issue read back from a shelf brings its own copy of its series' name
    return (issue.date, issue.supplement, issue.number or 0, sys.intern(issue.name))


def _series_title(names: set[str]) -> str:
    return next(iter(names)) if len(names) == 1 else ""


def _search_box(language: str, search: bool, here: str = INDEX, series_path: Path | None = None) -> str:
    """The search box for an archive page, or nothing when the site has no index."""
    if not search:
        return ""
    return html_search.search_box(relative_link(html_search.BUNDLE, here), "搜索" if is_chinese(language) else "Search",
                                  series_path)


def _series_key(issue: Issue) -> str:
    return issue.series_id or issue.name


class _Place(NamedTuple):
    """What the archive orders and groups one issue by, kept for every issue (by its position):
    the issues themselves are read again one at a time (a streaming export's are on disk). One
    flat tuple: the newest-first key is its first four values."""

    date: object
    supplement: bool
    number: int
    name: str
    year: int
    series: str  # id, else name
    page: str  # site-relative


def _places(issues: Sequence[Issue], options: ExportOptions) -> list[_Place]:
    places, missing = [], []
    years: dict[int, int] = {}  # one int object a year, not one an issue
    for position, issue in enumerate(issues):
        page = page_in_site(issue, options)
        if page is None:
            missing.append(position)
        year = years.setdefault(issue.year, issue.year)
        places.append(_Place(issue.date, issue.supplement, issue.number or 0, sys.intern(issue.name), year,
                             sys.intern(_series_key(issue)), page or ""))
    if missing:  # pages not in the site's map sit where their files do, under their common folder
        root = _common_folder(issues)
        for position in missing:
            places[position] = places[position]._replace(page=_fallback_path(issues[position], root))
    return places


def _newest_first_positions(places: Sequence[_Place], fields: tuple[int, ...] = (0, 1, 2, 3)) -> list[int]:
    """The positions of ``places`` newest first by those fields (ties in position order), as
    ``sorted(key=..., reverse=True)`` orders them: stable sorts from the last field to the
    first, each on a value the place holds (no key tuple per issue)."""
    positions = list(range(len(places)))
    for field in reversed(fields):
        positions.sort(key=lambda p: places[p][field], reverse=True)
    return positions


def _series_groups(places: Sequence[_Place], newest_first: Sequence[int]) -> dict[str, tuple[str, list[int]]]:
    """Each series (by id, else name) -> its own index page and its issues (positions, newest
    first); empty for one series.

    A series' index sits in the folder holding its pages (``series/index.html``) when no other
    series shares that folder, else at the top as ``index-series-N.html``."""
    grouped: OrderedDict[str, list[int]] = OrderedDict()
    for position in newest_first:
        grouped.setdefault(places[position].series, []).append(position)
    if len(grouped) < 2:
        return {}
    folders = {key: {posixpath.dirname(places[p].page) for p in members} for key, members in grouped.items()}
    out = {}
    for number, (key, members) in enumerate(grouped.items(), start=1):
        own = folders[key]
        folder = next(iter(own)) if len(own) == 1 else ""
        shared = any(folder in other for other_key, other in folders.items() if other_key != key)
        page = f"{folder}/{INDEX}" if folder and not shared else f"index-series-{number}.html"
        out[key] = (page, members)
    return out


def _series_list(issues: Sequence[Issue], groups: dict[str, tuple[str, list[int]]], places: Sequence[_Place],
                 search: bool) -> str:
    """The top index of a site holding several series: each series, in its own language, with a
    link to its own index and to its newest issue."""
    series = [SeriesEntry(issues[members[0]], page_path, places[members[0]].page)
              for page_path, members in groups.values()]
    newest = _newest_first([entry.issue for entry in series])[0]
    language, labels, templates = newest.language, newest.labels, newest.series_path
    body = render("series-list.html.j2", templates, labels=labels, language=language, series=series,
                  search_box=markup(_search_box(language, search, series_path=templates)))
    return page(labels.archive, language, body, series_path=templates)


class SeriesEntry(NamedTuple):
    """A series on the top index: its newest issue, its own index page and the issue's page."""

    issue: Issue
    index: str
    page: str


class IssueEntry(NamedTuple):
    """An issue on an archive page: the issue and the link to its page (relative to the archive page)."""

    issue: Issue
    page: str


class YearGroup:
    """A year on the archive index: its newest issue (whose language it speaks), its index page
    (relative) and its issues, newest first. The newest issue is read when a template asks for
    it (the last one read is kept): a year of issues held each for the whole index was over a
    megabyte at 10,000 issues."""

    __slots__ = ("year", "index", "issues", "_read", "_position")

    def __init__(self, year: int, read: Callable[[int], Issue], position: int, index: str,
                 issues: Sequence[IssueEntry]) -> None:
        self.year, self.index, self.issues = year, index, issues
        self._read, self._position = read, position

    @property
    def newest(self) -> Issue:
        return self._read(self._position)


class ArticleEntry(NamedTuple):
    """An article on a year index: its issue, the issue's page (relative), the short issue line."""

    issue: Issue
    article: object
    page: str
    issue_line: str


class ColumnGroup(NamedTuple):
    name: str  # "" for articles outside any column
    entries: list[ArticleEntry]


class SeriesGroup(NamedTuple):
    """A series within a year index: its name, its newest issue that year, its columns."""

    name: str
    newest: Issue
    columns: list[ColumnGroup]


class _Entries(Sequence):
    """The issues at ``positions``, each read as the template comes to it, as IssueEntry."""

    def __init__(self, issues: Sequence[Issue], positions: list[int], places: Sequence[_Place], here: str) -> None:
        self._issues, self._positions, self._places, self._here = issues, positions, places, here

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._entry(p) for p in self._positions[index]]
        return self._entry(self._positions[index])

    def __iter__(self):
        return map(self._entry, self._positions)

    def _entry(self, position: int) -> IssueEntry:
        return IssueEntry(self._issues[position], relative_link(self._places[position].page, self._here))


def index_pieces(issues: Sequence[Issue], newest_first: list[int], places: Sequence[_Place], search: bool = False,
                 here: str = INDEX) -> Iterator[str]:
    """The archive index of the issues at ``newest_first`` in the pieces it is made of, each
    issue read as it is reached: at 10,000 issues it is 10 MB, and as one string its pieces
    held 80 MB at once."""
    first = issues[newest_first[0]]
    labels, language = first.labels, first.language
    templates = first.series_path
    name = _series_title({places[p].name for p in newest_first})
    title = f"{name} {labels.archive}" if name else labels.archive
    by_year: dict[int, list[int]] = {}  # one pass: newest year first, as ordered
    for position in newest_first:
        by_year.setdefault(places[position].year, []).append(position)
    # Each year speaks the language of its newest issue (a site may mix languages).
    read = lru_cache(maxsize=1)(issues.__getitem__)  # the year being written asks often
    years = [YearGroup(year, read, members[0], relative_link(year_index_path(year), here),
                       _Entries(issues, members, places, here))
             for year, members in by_year.items()]
    body = render_pieces("archive-index.html.j2", templates, title=title, labels=labels, language=language,
                         years=years, search_box=markup(_search_box(language, search, here, templates)))
    nav = ""
    if here != INDEX:
        nav = render("archive-nav.html.j2", templates, labels=labels, archive=relative_link(INDEX, here))
    return page_pieces(title, language, body, before=nav, series_path=templates)


def render_year_index(year: int, issues: Sequence[Issue], paths: dict[int, str], search: bool = False) -> str:
    """Every article of the year grouped by series and column, oldest issue first; then the
    year's issues. ``issues`` may be the whole site's (only the year's are used), but the site
    passes each year its own, so the archive costs time linear in the issues."""
    in_year = sorted((i for i in issues if i.year == year), key=lambda i: (i.date, i.supplement, i.number or 0))
    newest = _newest_first(in_year)[0]
    labels, language = newest.labels, newest.language
    name = _series_title({issue.name for issue in in_year})
    title = labels.fill("year_index", year=year)
    title = f"{name} {title}" if name else title
    here = year_index_path(year)
    templates = newest.series_path
    series: OrderedDict[str, list[Issue]] = OrderedDict()
    for issue in in_year:
        series.setdefault(issue.name, []).append(issue)
    groups = []
    for series_name, members in series.items():
        columns: OrderedDict[str, list[ArticleEntry]] = OrderedDict()
        for issue in members:
            link, line = relative_link(paths[id(issue)], here), short_issue_line(issue)
            for column in issue.columns:
                columns.setdefault(column.name, []).extend(ArticleEntry(issue, a, link, line) for a in column.articles)
        groups.append(SeriesGroup(series_name, members[-1], [ColumnGroup(n, e) for n, e in columns.items()]))
    several = len(series) > 1
    issues_of_year = [IssueEntry(i, relative_link(paths[id(i)], here)) for i in in_year]
    issues_heading = f"{year}年各期" if is_chinese(language) else f"Issues of {year}"
    body = render("year-index.html.j2", templates, title=title, labels=labels, language=language, year=year,
                  series=groups, several=several, column_rank=3 if several else 2, issues=issues_of_year,
                  issues_heading=issues_heading,
                  search_box=markup(_search_box(language, search, series_path=templates)))
    nav = render("archive-nav.html.j2", templates, labels=labels, archive=relative_link(INDEX, here))
    return page(title, language, body, before=nav, series_path=templates)


def site_pages(issues: Sequence[Issue], options: ExportOptions) -> Iterator[tuple[str, Content]]:
    """The archive pages as (site-relative path, content), one at a time: the export writes each
    as it comes, so no more than one archive page is held at once; the indexes of every issue
    come as pieces of text, written as they are made. ``issues`` is gone through a few times,
    one issue at a time, and never held whole: a streaming export reads each from disk."""
    if not issues:
        return
    from bulletin_cli.formats.html import feeds

    places = _places(issues, options)
    search = html_search.enabled(options)
    newest_first = _newest_first_positions(places)
    groups = _series_groups(places, newest_first)
    by_year: dict[int, list[int]] = {}
    # one pass, so the year pages cost time linear in the issues; in position order, over the same
    # int objects as newest_first (range() would make 10,000 more)
    for position in sorted(newest_first):
        by_year.setdefault(places[position].year, []).append(position)
    years = sorted(by_year)
    archive = [INDEX, *(page_path for page_path, _ in groups.values()), feeds.FEED,
               *(year_index_path(year) for year in years)]
    if groups:
        yield INDEX, _series_list(issues, groups, places, search)
        for page_path, members in groups.values():
            yield page_path, index_pieces(issues, members, places, search, here=page_path)
    else:
        yield INDEX, index_pieces(issues, newest_first, places, search)
    names = {place.name for place in places}
    feed_title = next(iter(names)) if len(names) == 1 else issues[newest_first[0]].labels.archive
    in_feed = _newest_first_positions(places, (0, 1, 2))[:feeds.FEED_SIZE]
    newest = [issues[position] for position in in_feed]
    yield feeds.FEED, feeds.render_feed(newest, {id(issue): places[p].page for issue, p in zip(newest, in_feed)},
                                        options, feed_title)
    sitemap = feeds.render_sitemap([*archive, *(place.page for place in places)], options)
    if sitemap is not None:
        yield feeds.SITEMAP, sitemap
    for year in years:
        members = [issues[position] for position in by_year[year]]  # one year's issues at a time
        paths = {id(issue): places[p].page for issue, p in zip(members, by_year[year])}
        yield year_index_path(year), render_year_index(year, members, paths, search)


def render_site(issues: Sequence[Issue], options: ExportOptions) -> dict[str, str | bytes]:
    """The archive pages, by site-relative path (all at once: :func:`site_pages` streams them)."""
    return {path: joined(content) for path, content in site_pages(issues, options)}


__all__ = ["INDEX", "year_index_path", "page_in_site", "issue_page_paths", "render_site", "site_pages", "back_links"]
