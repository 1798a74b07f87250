"""EPUB 3 export: one issue, or several issues as one book (a yearly compilation, 合订本).

The book holds, in reading order: a title page built from the masthead (报头), the contents
(the EPUB navigation document, which doubles as the visible 目录), one XHTML document per
article, and the colophon (报尾). One document per article rather than per column: every
navigation entry then points at a whole document (no fragment links to break), readers start
each article on a fresh screen as the printed bulletin starts each on a new heading, and a
reader's position and bookmarks stay per article. The first article of a column carries the
〔column〕 heading and the column's editor's note, where print puts them.

ebooklib builds the package documents (OPF, navigation document, NCX); this module writes
the OCF zip itself, once, so that the same input always gives the same bytes: every member
gets one fixed timestamp (SOURCE_DATE_EPOCH, else the issue date), fixed permissions and a
fixed order (ebooklib's), ``mimetype`` first and stored, the others deflated at level 9;
``dcterms:modified`` uses the same instant, and the identifier is a name-based UUID of the
issue's series, year and number. (ebooklib's own zip is never made: writing it and reading
it back cost as much as the compression.)

ebooklib and lxml are imported inside the functions: `bulletin validate` never loads them.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from bulletin_cli.formats.exporter import Exporter, ExportOptions
from bulletin_cli.hookspecs import hookimpl

if TYPE_CHECKING:
    from bulletin_cli.model.issue import Issue

MEDIA_TYPE = "application/epub+zip"


_ACCESSIBILITY = (
    ("accessMode", "textual"),
    ("accessModeSufficient", "textual"),
    ("accessibilityFeature", "structuralNavigation"),
    ("accessibilityFeature", "tableOfContents"),
    ("accessibilityFeature", "readingOrder"),
    ("accessibilityHazard", "none"),
)


# -- metadata -----------------------------------------------------------------------------

def issue_uuid(issue: Issue) -> uuid.UUID:
    """A name-based UUID of the issue's series, year and number: stable across runs and machines."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:bulletin-cli:{issue.identifier}")


def collection_uuid(issues: Sequence[Issue]) -> uuid.UUID:
    """A compilation is identified by the issues it holds, in order."""
    names = "\n".join(issue.identifier for issue in issues)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:bulletin-cli:collection:{names}")


def issue_title(issue: Issue) -> str:
    """The book title: bulletin name, year and number (宣传信息专报 2023年第6期)."""
    line = issue.issue_line
    if str(issue.year) in line:  # the line names the year itself (2024年第5期, 2024年6月号)
        return f"{issue.name} {line}" if issue.language.startswith("zh") else f"{issue.name}, {line}"
    if issue.language.startswith("zh"):
        return f"{issue.name} {issue.year}年{line}"
    return f"{issue.name}, {issue.year}, {line}"


def build_instant(dates: Sequence[dt.date], options: ExportOptions) -> dt.datetime:
    """The one instant written everywhere a time is needed (zip entries, dcterms:modified).

    ExportOptions.source_date_epoch, else the SOURCE_DATE_EPOCH environment variable, else
    midnight UTC of the latest issue date: never the clock.
    """
    epoch = options.source_date_epoch
    if epoch is None:
        value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        epoch = int(value) if value.lstrip("-").isdigit() else None
    if epoch is not None:  # by addition: fromtimestamp() refuses negative values on Windows
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=epoch)
    latest = max(dates)
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


# -- book assembly ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _page_class() -> type:
    from ebooklib import epub

    class Page(epub.EpubHtml):
        """A content document whose XHTML we build ourselves; ebooklib packages it as is."""

        def __init__(self, uid: str, file_name: str, title: str, lang: str, xhtml: bytes):
            super().__init__(uid=uid, file_name=file_name, title=title, lang=lang)
            self.content = xhtml

        def get_content(self, default: Any = None) -> bytes:
            return self.content

    return Page


@dataclass
class IssuePages:
    """The documents of one issue, and its navigation entries."""

    title_page: Any
    articles: list[Any]
    colophon: Any | None
    toc: list[Any] = field(default_factory=list)  # columns (Section, [pages]) or pages
    media: list[Any] = field(default_factory=list)  # image and attachment items of the package
    attachments: list[Any] = field(default_factory=list)  # spine entries of the attachments (non-linear)
    fallbacks: dict[str, str] = field(default_factory=dict)  # attachment item id -> its fallback page's

    @property
    def spine(self) -> list[Any]:
        return [self.title_page, *self.articles, *([self.colophon] if self.colophon else [])]


def _issue_pages(issue: Issue, prefix: str) -> IssuePages:
    from ebooklib import epub

    from bulletin_cli.formats.epub import pages as epub_pages
    from bulletin_cli.model.contents import article_numbers

    page = _page_class()
    labels = issue.labels
    numbers = article_numbers(issue)  # empty unless the series numbers its articles
    title_page = page(f"{prefix}titlepage", f"{prefix}titlepage.xhtml", labels.title_page, issue.language,
                      epub_pages.title_page(issue))
    articles: list[Any] = []
    toc: list[Any] = []
    media = epub_pages.PackageMedia()
    for column in issue.columns:
        column_pages = []
        for index, article in enumerate(column.articles):
            number = len(articles) + 1
            name = f"{prefix}a{number:02d}-{article.id}"
            document = epub_pages.article_page(issue, column, article, index == 0, media)
            entry = f"{numbers[article.id]}. {article.title}" if article.id in numbers else article.title
            column_pages.append(page(name, f"{name}.xhtml", entry, issue.language, document))
            articles.append(column_pages[-1])
        if column.name:
            heading = epub.Section(labels.column_heading(column.name), href=column_pages[0].file_name)
            toc.append((heading, column_pages))
        else:
            toc.extend(column_pages)
    colophon = None
    if not issue.colophon.is_empty or issue.attachments:
        colophon = page(f"{prefix}colophon", f"{prefix}colophon.xhtml", labels.colophon, issue.language,
                        epub_pages.colophon_page(issue, media))
    images = [epub.EpubItem(uid="img-" + name.split("/")[-1].split(".")[0], file_name=name, media_type=kind,
                            content=data) for name, (kind, data) in sorted(media.files.items())]
    spine, fallbacks = [], {}
    for name, (kind, data, attachment) in sorted(media.attachments.items()):  # see epub/attachments.py
        uid = "file-" + name.split("/")[-1].split(".")[0]
        images += [epub.EpubItem(uid=uid, file_name=name, media_type=kind, content=data),
                   page(f"{uid}-page", f"{uid}.xhtml", attachment.title, issue.language,
                        epub_pages.attachment_page(issue, attachment))]
        spine.append((uid, "no"))
        fallbacks[uid] = f"{uid}-page"
    return IssuePages(title_page, articles, colophon, toc, images, spine, fallbacks)


def _stylesheets() -> list[Any]:
    """The HTML exporter's stylesheet, then the EPUB adjustments (epub_pages.STYLESHEETS)."""
    from ebooklib import epub

    from bulletin_cli.formats.epub.pages import STYLESHEETS

    return [epub.EpubItem(uid=name.split(".")[0] + "-css", file_name=name, media_type="text/css", content=content)
            for name, content in zip(STYLESHEETS, _stylesheet_bytes())]


@functools.lru_cache(maxsize=1)
def _stylesheet_bytes() -> tuple[bytes, bytes]:
    from importlib.resources import files

    from bulletin_cli.formats.html import parts as html_parts

    return (html_parts.stylesheet().encode("utf-8"),
            files("bulletin_cli.formats.epub").joinpath("epub.css").read_bytes())


def _new_book(title: str, languages: Sequence[str], identifier: uuid.UUID, publishers: Sequence[str],
              date: dt.date) -> Any:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{identifier}")  # replaces ebooklib's random default
    book.set_title(title)
    book.set_language(languages[0])
    for language in languages[1:]:
        book.add_metadata("DC", "language", language)
    for publisher in publishers:
        book.add_metadata("DC", "publisher", publisher)
        book.add_metadata("DC", "creator", publisher)
    book.add_metadata("DC", "date", date.isoformat())
    # EPUB Accessibility (schema.org) metadata: text only, navigable, in reading order, no hazards.
    for prop, value in _ACCESSIBILITY:
        book.add_metadata("OPF", prop, value, {"property": f"schema:{prop}"})
    return book


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _write(book: Any, documents: list[Any], nav_title: str, spine_before_nav: list[Any],
           spine_after_nav: list[Any], first_article: Any, instant: dt.datetime,
           fallbacks: dict[str, str] | None = None) -> bytes:
    from ebooklib import epub

    nav = epub.EpubNav(title=nav_title)
    for stylesheet in _stylesheets():
        book.add_item(stylesheet)
        nav.add_item(stylesheet)  # our own pages link the stylesheets themselves
    for document in documents:
        book.add_item(document)
    book.add_item(epub.EpubNcx())
    book.add_item(nav)
    book.spine = [*spine_before_nav, nav, *spine_after_nav]
    book.guide = [{"href": nav.file_name, "title": nav_title, "type": "toc"}]
    if first_article is not None:
        book.guide.append({"href": first_article.file_name, "title": first_article.title, "type": "text"})
    # epub3_pages off: its page-list heuristic takes any element with epub:type and an id for a page.
    options = {"mtime": instant.replace(tzinfo=None), "epub3_pages": False, "raise_exceptions": True,
               "landmark_title": nav_title}
    writer = _member_writer()(None, book, options)
    writer.process()
    writer.write()
    languages = {document.file_name: document.lang for document in documents if hasattr(document, "lang")}
    return _ocf_zip(writer.members, instant, f"{book.FOLDER_NAME}/{nav.file_name}", languages, fallbacks or {})


@functools.lru_cache(maxsize=1)
def _member_writer() -> type:
    from ebooklib import epub

    class MemberWriter(epub.EpubWriter):
        """ebooklib's writer, keeping each member's name and bytes in order instead of zipping them
        (its write() with a list where it opens a zipfile)."""

        def write(self) -> None:
            self.members: list[tuple[str, bytes]] = []
            self.out = self  # _write_container, _write_opf and _write_items call self.out.writestr
            self.writestr("mimetype", MEDIA_TYPE)
            self._write_container()
            self._write_opf()
            self._write_items()

        def writestr(self, name: str, data: str | bytes, *args: Any, **kwargs: Any) -> None:
            self.members.append((name, data.encode("utf-8") if isinstance(data, str) else data))

    return MemberWriter


def _finish_nav(nav_xhtml: bytes, languages: dict[str, str]) -> bytes:
    """Hide the landmarks list on the visible contents page (it is for reading systems), and
    mark entries whose document is in another language than the book (a mixed compilation)."""
    from lxml import etree

    xhtml = "{http://www.w3.org/1999/xhtml}"
    root = etree.fromstring(nav_xhtml)
    for element in root.iter(f"{xhtml}nav"):
        if element.get("{http://www.idpf.org/2007/ops}type") == "landmarks":
            element.set("hidden", "hidden")
    for item in root.iter(f"{xhtml}li"):
        link = item.find(f"{xhtml}a")
        language = languages.get(link.get("href", "")) if link is not None else None
        inherited = next(a.get("lang") for a in item.iterancestors() if a.get("lang"))
        if language and language != inherited:
            item.set("lang", language)
            item.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>",
                          pretty_print=True)


def _ocf_zip(members: list[tuple[str, bytes]], instant: dt.datetime, nav_path: str,
             languages: dict[str, str], fallbacks: dict[str, str] | None = None) -> bytes:
    """The book's zip: one fixed timestamp and mode, ebooklib's order, mimetype first and stored.

    Written by files/archive.py rather than zipfile so that the members every book shares
    (stylesheets, container.xml: a third of what is compressed) are deflated once per
    process; the bytes are those zipfile writes for the same members (tests/test_epub_zip.py
    compares them).
    """
    from bulletin_cli.files.archive import zip_archive

    ordered = []
    shared = set()
    for name, content in sorted(members, key=lambda member: member[0] != "mimetype"):  # stable
        if name == nav_path:
            content = _finish_nav(content, languages)
        elif name.endswith(".opf") and fallbacks:
            from bulletin_cli.formats.epub.attachments import add_fallbacks

            content = add_fallbacks(content, fallbacks)
        if name == "META-INF/container.xml" or name.endswith(".css"):  # the same in every book
            shared.add(name)
        ordered.append((name, content))
    return zip_archive(ordered, instant, level=9, stored={"mimetype"}, shared=shared)


# -- the exporter -----------------------------------------------------------------------

def render(issue: Issue, options: ExportOptions) -> bytes:
    """One issue as an EPUB 3 book: title page, contents, articles, colophon."""

    book = _new_book(issue_title(issue), [issue.language], issue_uuid(issue), [issue.issuer], issue.date)
    pages = _issue_pages(issue, prefix="")
    toc = [pages.title_page, *pages.toc, *([pages.colophon] if pages.colophon else [])]
    book.toc = toc
    first_article = pages.articles[0] if pages.articles else None
    return _write(book, pages.spine + pages.media, issue.labels.contents, [pages.title_page],
                  pages.spine[1:] + pages.attachments, first_article, build_instant([issue.date], options),
                  pages.fallbacks)


def collection_title(issues: Sequence[Issue], options: ExportOptions) -> str:
    """``-O title=…`` if given, else the bulletin name(s) and the years covered."""
    if options.extra.get("title"):
        return options.extra["title"]
    years = sorted({issue.year for issue in issues})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"{' / '.join(_unique([issue.name for issue in issues]))} {span}"


def _issue_entry(issue: Issue, several_series: bool) -> str:
    label = f"{issue.issue_line} · {issue.labels.format_date(issue.date)}"
    return f"{issue.name} {label}" if several_series else label


def render_collection(issues: Sequence[Issue], options: ExportOptions) -> bytes:
    """Several issues as one book; navigation nests issue → column → article."""
    from ebooklib import epub

    from bulletin_cli.formats.epub import pages as epub_pages

    if not issues:
        raise ValueError("a compilation needs at least one issue")
    issues = list(issues)
    first = issues[0]
    title = collection_title(issues, options)
    languages = _unique([issue.language for issue in issues])
    issuers = _unique([issue.issuer for issue in issues])
    book = _new_book(title, languages, collection_uuid(issues), issuers, max(issue.date for issue in issues))
    dates = [issue.labels.format_date(issue.date) for issue in (issues[0], issues[-1])]
    span = dates[0] if len(issues) == 1 else f"{dates[0]} – {dates[-1]}"
    cover = _page_class()("title", "title.xhtml", title, first.language,
                          epub_pages.collection_title_page(title, issuers, span, first.language))
    several_series = len(_unique([issue.name for issue in issues])) > 1
    toc: list[Any] = []
    after_nav: list[Any] = []
    images: list[Any] = []
    attachments: list[Any] = []
    fallbacks: dict[str, str] = {}
    first_article = None
    for number, issue in enumerate(issues, start=1):
        pages = _issue_pages(issue, prefix=f"i{number:02d}-")
        entry = epub.Section(_issue_entry(issue, several_series), href=pages.title_page.file_name)
        toc.append((entry, [*pages.toc, *([pages.colophon] if pages.colophon else [])]))
        after_nav.extend(pages.spine)
        images.extend(pages.media)
        attachments.extend(pages.attachments)
        fallbacks.update(pages.fallbacks)
        first_article = first_article or (pages.articles[0] if pages.articles else None)
    book.toc = toc
    unique = list({item.file_name: item for item in images}.values())  # an image shared by issues, once
    spine_attachments = list(dict.fromkeys(attachments))  # a file attached to several issues, once
    return _write(book, [cover, *after_nav, *unique], first.labels.contents, [cover], after_nav + spine_attachments,
                  first_article, build_instant([issue.date for issue in issues], options), fallbacks)


@hookimpl
def register_exporters(register) -> None:  # noqa: ANN001
    register(Exporter(
        name="epub",
        extension=".epub",
        render=render,
        options={"title": "the book title of a collection (several issues in one EPUB)"},
        render_collection=render_collection,
        description="EPUB 3 e-book (navigation document and NCX); several issues make one compilation",
        binary=True,
        media_type=MEDIA_TYPE,
    ))
