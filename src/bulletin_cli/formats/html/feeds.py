"""The site's Atom feed of the newest issues, and its sitemap.

``feed.xml`` (Atom, RFC 4287) lists the newest issues with their article titles; links are
relative to the feed, as Atom allows (``-O base_url=`` makes them absolute), and ids are
``tag:`` URIs built from the issue's stable identifier, so a reader sees the same entry after
every export. ``sitemap.xml`` (sitemaps.org) needs absolute addresses, so it is written only
when ``-O base_url=https://host/path/`` says where the site lives.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence
from urllib.parse import quote, urljoin

from bulletin_cli.formats.exporter import ExportOptions, OptionError
from bulletin_cli.model.issue import Issue

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
FEED_SIZE = 20
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def base_url(options: ExportOptions) -> str:
    value = options.extra.get("base_url", "").strip()
    if value and not value.startswith(("http://", "https://")):
        raise OptionError(f"-O base_url must be an absolute http(s) address such as https://intranet/archive/, "
                          f"not '{value}'")
    return value if not value or value.endswith("/") else value + "/"


def _address(page: str, base: str) -> str:
    return urljoin(base, quote(page)) if base else quote(page)


def _timestamp(issue: Issue) -> str:
    return dt.datetime.combine(issue.date, dt.time(), dt.timezone.utc).isoformat().replace("+00:00", "Z")


def render_feed(issues: Sequence[Issue], paths: dict[int, str], options: ExportOptions, title: str) -> bytes:
    from lxml import etree

    newest = sorted(issues, key=lambda i: (i.date, i.supplement, i.number or 0), reverse=True)[:FEED_SIZE]
    base = base_url(options)
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", newest[0].language)
    etree.SubElement(feed, f"{{{ATOM}}}title").text = title
    etree.SubElement(feed, f"{{{ATOM}}}id").text = f"tag:bulletin-cli,2024:{quote(newest[0].series_id or 'site')}/feed"
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest[0])
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_address(FEED, base))
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=_address("index.html", base))
    etree.SubElement(etree.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = newest[0].issuer
    etree.SubElement(feed, f"{{{ATOM}}}generator").text = "bulletin-cli"
    for issue in newest:
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        if issue.language != newest[0].language:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", issue.language)
        etree.SubElement(entry, f"{{{ATOM}}}title").text = f"{issue.name} {issue.issue_line}"
        etree.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:bulletin-cli,2024:{quote(issue.identifier)}"
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(issue)
        etree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                         href=_address(paths[id(issue)], base))
        etree.SubElement(etree.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = issue.issuer
        titles = "\n".join(a.title for a in issue.articles_in_print_order)
        etree.SubElement(entry, f"{{{ATOM}}}summary").text = titles or issue.issue_line
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def render_sitemap(pages: Sequence[str], options: ExportOptions) -> bytes | None:
    """The sitemap of ``pages`` (site-relative), or None without ``-O base_url``."""
    base = base_url(options)
    if not base:
        return None
    from lxml import etree

    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for page in sorted(pages):
        etree.SubElement(etree.SubElement(root, f"{{{SITEMAP_NS}}}url"), f"{{{SITEMAP_NS}}}loc").text = \
            _address(page, base)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


__all__ = ["FEED", "SITEMAP", "render_feed", "render_sitemap", "base_url"]
