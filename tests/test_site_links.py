"""The exported HTML site as a reader walks it: every link resolves, issues link to their neighbours."""

from __future__ import annotations

from html.parser import HTMLParser
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import EXAMPLES
from helpers import article, issue, write_series


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(found[name])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# The examples' articles link to these hosts; any other absolute link is the site's own mistake.
WEB_LINK = re.compile(r"^(mailto:[^@]+@|https?://)[^/]*\b(gov\.cn|example\.(org|com|net))\b")


def broken_links(site: Path) -> list[str]:
    """Every href and src of every page, checked: the file exists, and so does the #fragment."""
    pages = {p: _parse(p) for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") and WEB_LINK.search(link):
                continue  # an article's own link to the web (rich content), not a page of the site
            if parts.scheme or parts.netloc:
                broken.append(f"{page.name}: {link} leaves the site")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link} -> no such file")
            elif parts.fragment and unquote(parts.fragment) not in _parse(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} -> no such id")
    return broken


def test_every_link_of_the_examples_site_resolves(cli, tmp_path):
    site = tmp_path / "site"
    run = cli(["export", EXAMPLES, "--to", "html", "-o", f"{site}/"])
    assert run.exit_code == 0, run.stderr
    assert len(list(site.rglob("*.html"))) >= 5
    assert broken_links(site) == []


def test_issue_pages_link_to_the_previous_and_next_issue_of_their_series(cli, tmp_path):
    folder = write_series(tmp_path / "series", {
        f"2024-0{n}.toml": issue(n, f"2024-0{n}-10", article(title=f"第{n}期标题")) for n in (1, 2, 3)})
    site = tmp_path / "site"
    run = cli(["export", folder, "--to", "html", "-o", f"{site}/", "--no-search"])
    assert run.exit_code == 0, run.stderr
    middle = (site / "2024-02.html").read_text(encoding="utf-8")
    assert '<a rel="prev" href="2024-01.html">上一期</a>' in middle
    assert '<a rel="next" href="2024-03.html">下一期</a>' in middle
    assert 'rel="prev"' not in (site / "2024-01.html").read_text(encoding="utf-8")
    assert 'rel="next"' not in (site / "2024-03.html").read_text(encoding="utf-8")
    assert broken_links(site) == []


def test_neighbours_are_ordered_by_the_keys_before_the_first_table_even_when_a_string_there_holds_a_bracket(
        cli, tmp_path):
    # The first pass reads only the text before the first [table]; an editor's note whose
    # lines start with "[" must not cut it short (it falls back to the whole file).
    note = 'editor_note = """\n[按] 本期刊发。\n[[又一行]]\n"""\n'
    folder = write_series(tmp_path / "series", {
        "a.toml": issue(3, "2024-03-10", article(title="第三期"), extra=note),
        "b.toml": issue(1, "2024-01-10", article(title="第一期")),
        "c.toml": issue(2, "2024-02-10", article(title="第二期"), extra=note),
    })
    site = tmp_path / "site"
    run = cli(["export", folder, "--to", "html", "-o", f"{site}/", "--no-search"])
    assert run.exit_code == 0, run.stderr
    middle = (site / "c.html").read_text(encoding="utf-8")
    assert '<a rel="prev" href="b.html">上一期</a>' in middle
    assert '<a rel="next" href="a.html">下一期</a>' in middle
    assert 'rel="next"' not in (site / "a.html").read_text(encoding="utf-8")


def test_issue_contents_has_a_visible_heading(cli, tmp_path):
    folder = write_series(tmp_path / "series", {"2024-01.toml": issue()})
    run = cli(["export", folder / "2024-01.toml", "--to", "html", "-o", str(tmp_path / "one.html")])
    assert run.exit_code == 0, run.stderr
    page = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert '<nav class="contents" aria-labelledby="_contents">\n<h2 class="contents-heading" id="_contents">目录</h2>' in page


def test_a_folder_of_several_series_gets_one_index_per_series(cli, tmp_path):
    site = tmp_path / "site"
    run = cli(["export", EXAMPLES, "--to", "html", "-o", f"{site}/", "--no-search"])
    assert run.exit_code == 0, run.stderr
    top = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="xuanchuan-zhuanbao/index.html">宣传信息专报 总目录</a>' in top
    assert 'href="newsletter/index.html">' in top
    seed = (site / "xuanchuan-zhuanbao" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in seed and "Riverside" not in seed  # only its own series, in its language
    assert 'href="2023-06.html"' in seed and 'href="../index.html"' in seed
    assert broken_links(site) == []


def test_the_site_has_an_atom_feed_of_its_issues_and_a_sitemap_with_a_base_url(cli, tmp_path):
    from lxml import etree

    atom = "{http://www.w3.org/2005/Atom}"
    site = tmp_path / "site"
    run = cli(["export", EXAMPLES, "--to", "html", "-o", f"{site}/", "--no-search"])
    assert run.exit_code == 0, run.stderr
    feed = etree.parse(str(site / "feed.xml")).getroot()
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == ["督查通报 第5期", "Riverside Campus Bulletin Issue 3",
                                                             "宣传信息专报 第6期"]  # newest first
    for entry in entries:
        assert entry.findtext(f"{atom}id").startswith("tag:bulletin-cli,2024:")
        assert (site / entry.find(f"{atom}link").get("href")).is_file()
    assert not (site / "sitemap.xml").exists()  # a sitemap needs absolute addresses

    run = cli(["export", EXAMPLES, "--to", "html", "-o", f"{site}/", "--no-search",
               "-O", "base_url=https://intranet.example/archive"])
    assert run.exit_code == 0, run.stderr
    locs = [e.text for e in etree.parse(str(site / "sitemap.xml")).getroot().iter("{*}loc")]
    assert "https://intranet.example/archive/xuanchuan-zhuanbao/2023-06.html" in locs
    assert "https://intranet.example/archive/index.html" in locs
    for loc in locs:
        assert (site / loc.removeprefix("https://intranet.example/archive/")).is_file()
    feed = etree.parse(str(site / "feed.xml")).getroot()
    assert feed.find(f"{atom}link").get("href") == "https://intranet.example/archive/feed.xml"


def test_a_relative_base_url_is_a_usage_error(cli, tmp_path):
    folder = write_series(tmp_path / "series", {"2024-01.toml": issue()})
    run = cli(["export", folder, "--to", "html", "-o", f"{tmp_path / 'site'}/", "-O", "base_url=archive/"])
    assert run.exit_code == 2 and "base_url must be an absolute" in run.stderr, run.stderr
