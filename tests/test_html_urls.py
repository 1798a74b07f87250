"""Links built from file names: every href goes through formats/html/urls.safe_href.

A file name is data, not markup: ``javascript:alert(9).toml`` must give a link to the page
``javascript:alert(9).html``, never a script URL; ``#``, ``?``, ``%`` and spaces must stay in
the name instead of starting a fragment, a query or an escape.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import _run_cli
from helpers import issue, write_series
from test_html_export import Page, vnu_messages

from bulletin_cli.formats.html.urls import UnsafeLink, safe_href

HOSTILE_STEMS = ["javascript:alert(9)", "a#b", "a b?", "%2e%2e", "data:text", "简报 第1期"]


@pytest.mark.parametrize("target, fragment, expected", [
    ("javascript:alert(9).html", "", "javascript%3Aalert(9).html"),
    ("VBScript:x.html", "", "VBScript%3Ax.html"),
    ("a#b.html", "", "a%23b.html"),
    ("a b?.html", "_a1", "a%20b%3F.html#_a1"),
    ("%2e%2e.html", "", "%252e%252e.html"),
    ("./series/2023-06.html", "", "series/2023-06.html"),
    ("..\\index.html", "", "../index.html"),
    ("", "_1-issue", "#_1-issue"),
    ("a\"<b>&.html", "", "a%22%3Cb%3E%26.html"),
])
def test_safe_href_encodes_every_segment(target, fragment, expected):
    assert safe_href(target, fragment) == expected


@pytest.mark.parametrize("target", ["/etc/passwd", "\\\\server\\share", "C:\\x.html", "c:/x.html"])
def test_safe_href_refuses_absolute_targets(target):
    with pytest.raises(UnsafeLink):
        safe_href(target)


def test_plain_names_are_left_as_they_are():
    # What every example produces: the archive must not change for ordinary names.
    for target in ["index.html", "../index-2024.html", "series/2023-06.html"]:
        assert safe_href(target) == target


def test_relative_links_are_what_relpath_gives():
    # relative_link works most links out from the names alone; every shape of site-relative
    # path (dot parts, empty parts, absolute, trailing slash) must come out as relpath has it
    import itertools
    import posixpath

    from bulletin_cli.formats.html.urls import relative_link

    names = ["a", "b", "index.html", ".", "..", "", "a.b", "..x", "x..", "c d"]
    paths = ["/".join(parts) for size in (1, 2, 3) for parts in itertools.product(names, repeat=size)]
    paths += ["/a/b.html", "a/b/", "/index.html"]
    for target in paths:
        for page in paths[::7]:
            try:
                expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
            except ValueError:  # an empty target: relpath refuses it, and so must the link
                with pytest.raises(ValueError):
                    relative_link(target, page)
                continue
            assert relative_link(target, page) == expected, (target, page)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    if os.name == "nt":
        pytest.skip("Windows file names cannot hold : or ?")
    root = tmp_path_factory.mktemp("hostile")
    series = write_series(root / "series", {
        f"{stem}.toml": issue(number=n, date=f"2024-0{n}-10") for n, stem in enumerate(HOSTILE_STEMS, 1)
    })
    out = root / "out"
    run = _run_cli(["export", str(series), "--to", "html", "-o", f"{out}/", "-q"])
    assert run.exit_code == 0, run.stdout + run.stderr
    return out


def test_hostile_file_names_give_relative_links_that_resolve(hostile_site):
    written = sorted(hostile_site.rglob("*.html"))
    assert {p.stem for p in written} >= set(HOSTILE_STEMS)
    pages = {p.resolve(): Page(p.read_text(encoding="utf-8")) for p in written}
    checked = 0
    for path, page in pages.items():
        for href in page.hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not parts.query, f"{path.name}: {href}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target in pages, f"{path.name}: {href} goes to a missing page"
            if parts.fragment:
                assert unquote(parts.fragment) in pages[target].ids, f"{path.name}: {href}"
            checked += 1
    assert checked >= 2 * len(HOSTILE_STEMS)  # archive links and back links at least


def test_hostile_file_names_pass_the_nu_checker(vnu_jar, hostile_site):
    messages = vnu_messages(vnu_jar, sorted(hostile_site.rglob("*.html")))
    assert messages == [], messages
