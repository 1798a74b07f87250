"""A series site as a reader gets it (issue 18): 30 synthetic issues over three years beside the
examples, exported as one site. Every page passes the Nu checker; every link resolves; each
year page lists its articles by column and its issues."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, _run_cli
from test_html_export import Page, vnu_messages
from test_site_links import broken_links

sys.path.insert(0, str(ROOT / "benchmarks"))
YEARS = (2021, 2022, 2023)
PER_YEAR = 10


def _three_years(folder: Path) -> Path:
    """benchmarks/synthetic.py's rich series (tables, lists, figures), re-dated to ten issues a
    year over three years."""
    from synthetic import write_series

    write_series(folder, len(YEARS) * PER_YEAR, rich=True)
    sources = sorted(p for p in folder.glob("*.toml") if p.name != "series.toml")
    for index, source in enumerate(sources):
        year, number = YEARS[index // PER_YEAR], index % PER_YEAR + 1
        text = re.sub(r"\Anumber = \d+\ndate = [\d-]+\n", f"number = {number}\ndate = {year}-{number:02d}-05\n",
                      source.read_text(encoding="utf-8"))
        source.unlink()
        (folder / f"{year}-{number:02d}.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("archive-source")
    for example in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        shutil.copytree(example, source / example.name)
    _three_years(source / "synthetic")
    site = tmp_path_factory.mktemp("archive-site")
    run = _run_cli(["export", source, "--to", "html", "-o", f"{site}/"])
    assert run.exit_code == 0, run.stdout + run.stderr
    return site


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def test_the_site_has_every_archive_page(archive):
    names = {p.relative_to(archive).as_posix() for p in _pages(archive)}
    assert {"index.html", *(f"index-{y}.html" for y in YEARS), "synthetic/index.html"} <= names
    assert len([n for n in names if n.startswith("synthetic/20")]) == len(YEARS) * PER_YEAR


def test_the_nu_checker_accepts_every_page_of_the_site(vnu_jar, archive):
    pages = _pages(archive)
    assert len(pages) > len(YEARS) * PER_YEAR + len(YEARS)
    messages = vnu_messages(vnu_jar, pages)
    assert messages == [], "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m['type']}: {m['message']}"
                                     for m in messages[:40])


def test_every_link_of_the_site_resolves(archive):
    # an image embedded as a data: URL is content, not a link out of the site
    assert [b for b in broken_links(archive) if ": data:" not in b] == []


def test_each_year_page_lists_its_articles_by_column_and_its_issues(archive):
    for year in YEARS:
        page = Page((archive / f"index-{year}.html").read_text(encoding="utf-8"))
        headings = page.texts_by_class["archive-column-heading"]
        assert headings[-1] == f"{year}年各期"
        assert len(headings) > 2 and all(h.startswith("〔") for h in headings[:-1]), headings
        issue_links = [h for h in page.hrefs if h.startswith("synthetic/") and "#" not in h]
        assert issue_links == [f"synthetic/{year}-{n:02d}.html" for n in range(1, PER_YEAR + 1)]
        assert not [h for h in page.hrefs if re.match(r"synthetic/(\d{4})-", h) and not h.startswith(f"synthetic/{year}")]
