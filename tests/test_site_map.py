"""The compact site map the streaming export hands to every render (site_pages, site_neighbours)."""

from __future__ import annotations

import datetime as dt
import os
import pickle

from bulletin_cli.operations.site_map import SiteMap


def _source(*parts: str) -> str:
    return os.path.join(os.sep, "archive", *parts)


def _members(*rows):
    return [list(rows)]


def test_pages_are_cut_from_their_sources_and_odd_ones_kept_whole():
    pairs = [(_source("2024", "01.toml"), "2024/01.html"),
             (_source("2024", "02.toml"), "2024/02.html"),
             (_source("elsewhere", "linked.toml"), "2024/03.html")]  # a link: its page is not in its path
    site = SiteMap(pairs, ".html")
    assert dict(site.pages) == dict(pairs)
    assert site.pages.get(_source("2024", "09.toml")) is None
    assert _source("2024", "01.toml") in site.pages and "2024/01.html" not in site.pages
    assert len(site.pages) == 3 and sorted(site.pages) == sorted(source for source, _ in pairs)


def test_a_source_given_twice_keeps_its_last_page_as_a_dict_would():
    twice = [(_source("a.toml"), "a.html"), (_source("b.toml"), "b.html"), (_source("a.toml"), "other/a.html")]
    assert dict(SiteMap(twice, ".html").pages) == dict(twice)


def test_neighbours_follow_date_supplement_and_number_within_each_series():
    first, second, supplement, third = (_source(name) for name in ("1.toml", "2.toml", "2s.toml", "3.toml"))
    pages = [(third, "3.md"), (first, "1.md"), (supplement, "2s.md"), (second, "2.md"), (_source("x.toml"), "x.md")]
    site = SiteMap(pages, ".md")
    day = dt.date(2024, 3, 1)
    site.order(_members((day + dt.timedelta(7), False, 3, third), (day, False, 1, first),
                        (day + dt.timedelta(1), True, 1, supplement), (day + dt.timedelta(1), False, 2, second)))
    neighbours = site.neighbours
    assert neighbours[first] == (None, "2.md")
    assert neighbours[second] == ("1.md", "2s.md")
    assert neighbours[supplement] == ("2.md", "3.md")
    assert neighbours[third] == ("2s.md", None)
    # a file whose order keys could not be read has a page but no neighbours
    assert _source("x.toml") in site.pages and _source("x.toml") not in neighbours
    assert neighbours.get(_source("x.toml"), (None, None)) == (None, None)
    assert len(neighbours) == 4 and set(neighbours) == {first, second, supplement, third}


def test_two_series_are_linked_apart_and_the_map_survives_pickling():
    a1, a2, b1 = _source("a", "1.toml"), _source("a", "2.toml"), _source("b", "1.toml")
    site = SiteMap([(a1, "a/1.html"), (a2, "a/2.html"), (b1, "b/1.html")], ".html")
    day = dt.date(2024, 1, 1)
    site.order([[(day, False, 2, a2), (day, False, 1, a1)], [(day, False, 1, b1)]])
    copy = pickle.loads(pickle.dumps(site))
    assert dict(copy.neighbours) == {a1: (None, "a/2.html"), a2: ("a/1.html", None), b1: (None, None)}
    assert dict(copy.pages) == dict(site.pages)


class _LookupsOnly(dict):
    """A site_neighbours mapping that may be looked up but not counted or walked."""

    def __len__(self):
        raise AssertionError("a page counted the whole site map")

    def __iter__(self):
        raise AssertionError("a page walked the whole site map")


def test_a_page_finds_its_neighbours_by_lookup_alone():
    """Each page rendered asks for its own neighbours only: counting the map per page (as
    ``neighbours or {}`` did) made a site cost the square of its issues."""
    from pathlib import Path

    from bulletin_cli import api
    from bulletin_cli.formats.exporter import ExportOptions

    issue = api.load(Path("examples/newsletter/2024-03.toml"))
    key = str(issue.path.resolve())
    neighbours = _LookupsOnly({key: ("2024-02.html", "2024-04.html")})
    options = ExportOptions(site_pages={key: "2024-03.html"}, site_neighbours=neighbours)
    page = api.export(issue, "html", options).decode("utf-8")
    assert 'href="2024-02.html"' in page and 'href="2024-04.html"' in page


def test_the_count_of_ordered_issues_is_kept_not_counted_again():
    sources = [_source(f"{n}.toml") for n in range(5)]
    site = SiteMap([(source, f"{n}.md") for n, source in enumerate(sources)], ".md")
    assert len(site.neighbours) == 0 and not site.neighbours
    day = dt.date(2024, 1, 1)
    site.order(_members(*((day + dt.timedelta(n), False, n, sources[n]) for n in (0, 2, 3))))
    assert len(site.neighbours) == 3 and list(site.neighbours) == [sources[0], sources[2], sources[3]]


def test_a_resolved_path_finds_its_page_without_resolving_again(monkeypatch):
    """Pages and neighbours are keyed by resolved path: a path that is one already (what a
    folder walk gives) is looked up as it is, with no system call; others are resolved."""
    from dataclasses import replace
    from pathlib import Path

    from bulletin_cli import api
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.formats.html import site

    relative = api.load(Path("examples/newsletter/2024-03.toml"))
    key = str(relative.path.resolve())
    options = ExportOptions(site_pages={key: "2024-03.html"},
                            site_neighbours=_LookupsOnly({key: ("2024-02.html", "2024-04.html")}))
    assert site.page_in_site(relative, options) == "2024-03.html"  # resolved: it is not a key as it is
    resolved = replace(relative, path=Path(key))
    site._source_key.cache_clear()

    def refuse(self, strict=False):
        raise AssertionError(f"resolved again: {self}")

    monkeypatch.setattr(Path, "resolve", refuse)
    assert site.page_in_site(resolved, options) == "2024-03.html"
    page = api.export(resolved, "html", options).decode("utf-8")
    assert 'href="2024-02.html"' in page and 'href="2024-04.html"' in page
