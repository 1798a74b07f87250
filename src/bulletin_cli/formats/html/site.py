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
from collections import OrderedDict
from pathlib import Path, PurePosixPath
from typing import Sequence

from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.html import search as html_search
from bulletin_cli.formats.html.parts import article_href, esc, is_chinese, page
from bulletin_cli.formats.html.urls import safe_href
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


def page_in_site(issue: Issue, options: ExportOptions) -> str | None:
    """The issue's page path in the site being exported, or None when it is not part of one."""
    if not options.site_pages or issue.path is None:
        return None
    return options.site_pages.get(str(issue.path.resolve()))


def issue_page_paths(issues: Sequence[Issue], options: ExportOptions) -> dict[int, str]:
    """Where each issue's page sits in the site (by ``id(issue)``), as relative POSIX paths."""
    root = _common_folder(issues)
    return {id(issue): page_in_site(issue, options) or _fallback_path(issue, root) for issue in issues}


def relative_link(target: str, from_page: str) -> str:
    """``target`` (site-relative) as seen from the page at ``from_page`` (site-relative)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")  # encoded where it is written (safe_href)


def back_links(issue: Issue, options: ExportOptions) -> str:
    """The small navigation bar above an issue page that is part of a site."""
    here = page_in_site(issue, options)
    if here is None:
        return ""
    labels = issue.labels
    previous, following = (options.site_neighbours or {}).get(str(issue.path.resolve()), (None, None))
    steps = ""
    if previous:
        steps += f'<a rel="prev" href="{safe_href(relative_link(previous, here))}">{esc(labels.previous_issue)}</a>'
    if following:
        steps += f'<a rel="next" href="{safe_href(relative_link(following, here))}">{esc(labels.next_issue)}</a>'
    return (
        f'<nav class="site-nav" aria-label="{esc(labels.archive)}">'
        f'<a href="{safe_href(relative_link(INDEX, here))}">{esc(labels.archive)}</a>'
        f'<a href="{safe_href(relative_link(year_index_path(issue.year), here))}">'
        f"{esc(labels.fill('year_index', year=issue.year))}</a>{steps}</nav>"
    )


def _newest_first(issues: Sequence[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.date, i.supplement, i.number or 0, i.name), reverse=True)


def _lang(issue: Issue, page_language: str) -> str:
    return "" if issue.language == page_language else f' lang="{esc(issue.language)}"'


def _series_title(issues: Sequence[Issue]) -> str:
    names = {issue.name for issue in issues}
    return next(iter(names)) if len(names) == 1 else ""


def _search_box(language: str, search: bool, here: str = INDEX) -> str:
    """The search box for an archive page, or nothing when the site has no index."""
    if not search:
        return ""
    return html_search.search_box(relative_link(html_search.BUNDLE, here), "搜索" if is_chinese(language) else "Search")


def _series_key(issue: Issue) -> str:
    return issue.series_id or issue.name


def series_groups(issues: Sequence[Issue], paths: dict[int, str]) -> dict[str, tuple[str, list[Issue]]]:
    """Each series (by id, else name) -> its own index page and its issues; empty for one series.

    A series' index sits in the folder holding its pages (``series/index.html``) when no other
    series shares that folder, else at the top as ``index-series-N.html``."""
    grouped: OrderedDict[str, list[Issue]] = OrderedDict()
    for issue in _newest_first(issues):
        grouped.setdefault(_series_key(issue), []).append(issue)
    if len(grouped) < 2:
        return {}
    folders = {key: {posixpath.dirname(paths[id(i)]) for i in members} for key, members in grouped.items()}
    out = {}
    for number, (key, members) in enumerate(grouped.items(), start=1):
        own = folders[key]
        folder = next(iter(own)) if len(own) == 1 else ""
        shared = any(folder in other for other_key, other in folders.items() if other_key != key)
        page = f"{folder}/{INDEX}" if folder and not shared else f"index-series-{number}.html"
        out[key] = (page, members)
    return out


def render_series_list(groups: dict[str, tuple[str, list[Issue]]], paths: dict[int, str], search: bool) -> str:
    """The top index of a site holding several series: each series, in its own language, with a
    link to its own index and to its newest issue."""
    newest = _newest_first([members[0] for _, members in groups.values()])[0]
    language, labels = newest.language, newest.labels
    parts = [f'<header>\n<h1 class="archive-title">{esc(labels.archive)}</h1>\n</header>']
    box = _search_box(language, search)
    parts.extend([box] if box else [])
    parts.append('<main class="archive">')
    for number, (page_path, members) in enumerate(groups.values(), start=1):
        first = members[0]
        parts.append(
            f'<section class="archive-series"{_lang(first, language)} aria-labelledby="_series-{number}">\n'
            f'<h2 class="archive-year" id="_series-{number}"><a href="{esc(page_path)}">'
            f"{esc(first.name)} {esc(first.labels.archive)}</a></h2>\n"
            f'<p class="archive-series-facts">{esc(first.issuer)} · '
            f'<a href="{esc(paths[id(first)])}">{esc(first.issue_line)}</a>'
            f'<time class="issue-date" datetime="{first.date.isoformat()}">'
            f"{esc(first.labels.format_date(first.date))}</time></p>\n"
            "</section>"
        )
    parts.append("</main>")
    return page(labels.archive, language, "\n".join(parts))


def render_index(issues: Sequence[Issue], paths: dict[int, str], search: bool = False, here: str = INDEX) -> str:
    ordered = _newest_first(issues)
    first = ordered[0]
    labels, language = first.labels, first.language
    name = _series_title(ordered)
    title = f"{name} {labels.archive}" if name else labels.archive
    parts = [f'<header>\n<h1 class="archive-title">{esc(title)}</h1>\n</header>']
    box = _search_box(language, search, here)
    parts.extend([box] if box else [])
    parts.append('<main class="archive">')
    for year in sorted({issue.year for issue in ordered}, reverse=True):
        # Each year speaks the language of its newest issue (a site may mix languages).
        newest = next(i for i in ordered if i.year == year)
        parts.append(
            f'<section class="archive-year-group"{_lang(newest, language)} aria-labelledby="_year-{year}">'
        )
        parts.append(
            f'<h2 class="archive-year" id="_year-{year}"><a href="{safe_href(relative_link(year_index_path(year), here))}">'
            f"{esc(newest.labels.fill('year_index', year=year))}</a></h2>"
        )
        for issue in (i for i in ordered if i.year == year):
            href = relative_link(paths[id(issue)], here)
            heading = f"{issue.name} {issue.issue_line}"
            date = issue.labels.format_date(issue.date)
            items = "\n".join(
                f'<li><a href="{article_href(a, href)}">{esc(a.title)}</a></li>'
                for a in issue.articles_in_print_order
            )
            parts.append(
                f'<article class="archive-issue"{_lang(issue, newest.language)}>\n'
                f'<h3><a href="{safe_href(href)}">{esc(heading)}</a>'
                f'<time class="issue-date" datetime="{issue.date.isoformat()}">{esc(date)}</time></h3>\n'
                + (f"<ol>\n{items}\n</ol>\n" if items else "")
                + "</article>"
            )
        parts.append("</section>")
    parts.append("</main>")
    nav = ""
    if here != INDEX:
        nav = (f'<nav class="site-nav" aria-label="{esc(labels.archive)}">'
               f'<a href="{safe_href(relative_link(INDEX, here))}">{esc(labels.archive)}</a></nav>')
    return page(title, language, "\n".join(parts), before=nav)


def render_year_index(year: int, issues: Sequence[Issue], paths: dict[int, str], search: bool = False) -> str:
    """Every article of the year grouped by series and column, oldest issue first."""
    in_year = sorted((i for i in issues if i.year == year), key=lambda i: (i.date, i.supplement, i.number or 0))
    newest = _newest_first(in_year)[0]
    labels, language = newest.labels, newest.language
    name = _series_title(in_year)
    title = labels.fill("year_index", year=year)
    title = f"{name} {title}" if name else title
    here = year_index_path(year)
    nav = (
        f'<nav class="site-nav" aria-label="{esc(labels.archive)}">'
        f'<a href="{safe_href(relative_link(INDEX, here))}">{esc(labels.archive)}</a></nav>'
    )
    series: OrderedDict[str, list[Issue]] = OrderedDict()
    for issue in in_year:
        series.setdefault(issue.name, []).append(issue)
    several = len(series) > 1
    parts = [f'<header>\n<h1 class="archive-title">{esc(title)}</h1>\n</header>']
    box = _search_box(language, search)
    parts.extend([box] if box else [])
    parts.append('<main class="archive">')
    for number, (series_name, members) in enumerate(series.items(), start=1):
        column_rank = 3 if several else 2
        if several:
            parts.append(
                f'<section class="archive-series"{_lang(members[-1], language)} aria-labelledby="_series-{number}">\n'
                f'<h2 class="archive-year" id="_series-{number}">{esc(series_name)}</h2>'
            )
        columns: OrderedDict[str, list[tuple[Issue, object]]] = OrderedDict()
        for issue in members:
            for column in issue.columns:
                columns.setdefault(column.name, []).extend((issue, a) for a in column.articles)
        for column_number, (column_name, entries) in enumerate(columns.items(), start=1):
            labels_of = members[-1].labels
            heading = labels_of.column_heading(column_name) if column_name else series_name
            heading_id = f"_column-{number}-{column_number}"
            items = "\n".join(
                f'<li><a href="{article_href(article, relative_link(paths[id(issue)], here))}">'
                f"{esc(article.title)}</a>"
                f'<span class="in-issue">{esc(short_issue_line(issue))}</span></li>'
                for issue, article in entries
            )
            parts.append(
                f'<section class="archive-column" aria-labelledby="{heading_id}">\n'
                f'<h{column_rank} class="archive-column-heading" id="{heading_id}">{esc(heading)}</h{column_rank}>\n'
                f"<ol>\n{items}\n</ol>\n</section>"
            )
        if several:
            parts.append("</section>")
    parts.append("</main>")
    return page(title, language, "\n".join(parts), before=nav)


def render_site(issues: Sequence[Issue], options: ExportOptions) -> dict[str, str | bytes]:
    """The archive pages, by site-relative path; the issue pages are rendered one by one."""
    if not issues:
        return {}
    paths = issue_page_paths(issues, options)
    search = html_search.enabled(options)
    groups = series_groups(issues, paths)
    if groups:
        files: dict[str, str | bytes] = {INDEX: render_series_list(groups, paths, search)}
        for page_path, members in groups.values():
            files[page_path] = render_index(members, paths, search, here=page_path)
    else:
        files = {INDEX: render_index(issues, paths, search)}
    from bulletin_cli.formats.html import feeds

    names = {i.name for i in issues}
    feed_title = next(iter(names)) if len(names) == 1 else _newest_first(issues)[0].labels.archive
    files[feeds.FEED] = feeds.render_feed(issues, paths, options, feed_title)
    sitemap = feeds.render_sitemap([*files, *paths.values()], options)
    if sitemap is not None:
        files[feeds.SITEMAP] = sitemap
    for year in sorted({issue.year for issue in issues}):
        files[year_index_path(year)] = render_year_index(year, issues, paths, search)
    return files


__all__ = ["INDEX", "year_index_path", "page_in_site", "issue_page_paths", "render_site", "back_links"]
