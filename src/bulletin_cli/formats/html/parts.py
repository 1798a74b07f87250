"""The pieces of a bulletin as HTML: masthead, contents, articles, colophon, and the stylesheet.

Shared by the HTML exporter and the EPUB exporter. Every fragment is also well-formed XHTML:
all text is escaped, attributes are quoted, and no void elements (``<br>``, ``<hr>``) are used,
so a fragment can be dropped into an XHTML chapter as it is.

Ids this module invents start with an underscore (``_leader-box``, ``_column-1``); article ids
must start with a letter (spec.ARTICLE_ID_PATTERN), so the two never collide. When several
issues share one page, ``prefix`` (such as ``n2-``) goes in front of every id of an issue.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, NamedTuple


from bulletin_cli.formats.html import blocks as rich
from bulletin_cli.formats.html.blocks import escape_text
from bulletin_cli.formats.html.templating import markup, render
from bulletin_cli.model.issue import Article, Block, Colophon, Figure, Issue, LeaderBox, ListBlock, Quote, Table, Text
from bulletin_cli.formats.html.urls import safe_href

STYLESHEET_RESOURCE = "assets/bulletin.css"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The bulletin stylesheet (screen, print and small screens), as text."""
    return resources.files("bulletin_cli.formats.html").joinpath(STYLESHEET_RESOURCE).read_text(encoding="utf-8")


def esc(text: str) -> str:
    """Text for element content or a quoted attribute value (HTML and XHTML), escaped as the
    page templates' autoescape does (markupsafe: ``'`` as ``&#39;``, ``"`` as ``&#34;``)."""
    return escape_text(text)


def is_chinese(language: str) -> bool:
    return language.lower().split("-")[0] == "zh"


# -- inline text and blocks ------------------------------------------------------------

def _plain_mark(number: int) -> str:
    return f'<sup class="note-ref">{number}</sup>'


def render_runs(block: Block, note_link=_plain_mark) -> str:
    return rich.render_inline(block.runs, note_link)


def render_blocks(blocks: Text, heading_base: int = 4, lead: str = "", note_link=_plain_mark,
                  media: rich.Media = rich.EMBEDDED) -> str:
    """Paragraphs and in-body headings.

    In-body heading level 1 (一、) becomes ``<h{heading_base}>``, level 2 the next rank and so
    on; a level deeper than ``<h6>`` becomes a paragraph with ``role="heading"`` so its rank
    is still announced. Each heading carries ``class="level-N"`` for the official fonts. The rank
    never goes more than one deeper than the heading before (a body may start at ``##``, or go
    from ``#`` to ``###``): HTML headings must not skip a rank.
    ``lead`` (already HTML) is put at the start of the first paragraph, such as an
    ``编者按：`` label.
    """
    parts = []
    depth = -1  # outline depth of the previous heading

    def inner(blocks: Text) -> str:
        return render_blocks(blocks, heading_base, "", note_link, media)

    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            parts.append(rich.render_table(block, note_link))
            continue
        if isinstance(block, Figure):
            parts.append(rich.render_figure(block, media))
            continue
        if isinstance(block, ListBlock):
            parts.append(rich.render_list(block, inner))
            continue
        if isinstance(block, Quote):
            parts.append(rich.render_quote(block, inner))
            continue
        inline = render_runs(block, note_link)
        if index == 0 and lead and block.kind != "heading":
            inline = lead + inline
        elif index == 0 and lead:
            parts.append(f"<p>{lead}</p>")
        if block.kind == "heading":
            depth = min(block.level - 1, depth + 1)
            rank = heading_base + depth
            if rank <= 6:
                parts.append(f'<h{rank} class="level-{block.level}">{inline}</h{rank}>')
            else:
                parts.append(f'<p class="level-{block.level}" role="heading" aria-level="{rank}">{inline}</p>')
        else:
            parts.append(f"<p>{inline}</p>")
    if not blocks and lead:
        parts.append(f"<p>{lead}</p>")
    return "\n".join(parts)


def render_editor_note(issue: Issue, note: Text, heading_base: int) -> str:
    if not note:
        return ""
    label = f'<strong class="label">{esc(issue.labels.editor_note)}</strong>'
    return render("editor-note.html.j2", issue.series_path, issue=issue, labels=issue.labels,
                  text=markup(render_blocks(note, heading_base, lead=label)))


# -- masthead --------------------------------------------------------------------------

def render_masthead(issue: Issue, rank: int = 1) -> str:
    """报头: marks, the name in red, the issue line, issuer left and date right over a red rule."""
    return render("masthead.html.j2", issue.series_path, issue=issue, labels=issue.labels, rank=rank)


def render_leader_box(issue: Issue, box: LeaderBox | None = None, prefix: str = "", rank: int = 2) -> str:
    """领导批示: a box left blank for the instruction, or holding it once given."""
    box = box if box is not None else issue.leader_box
    if box is None:
        return ""
    text = render_blocks(box.text, heading_base=rank + 1)
    return render("leader-box.html.j2", issue.series_path, issue=issue, labels=issue.labels, box=box,
                  text=markup(text), prefix=prefix, rank=rank)


# -- contents --------------------------------------------------------------------------

def article_href(article: Article, page: str = "", prefix: str = "") -> str:
    """Link to an article: ``#id`` in the same page, or ``page#id`` (through ``safe_href``)."""
    return safe_href(page, prefix + article.id)


def render_contents(issue: Issue, page: str = "", prefix: str = "", rank: int = 2) -> str:
    """目录: a visible heading, then the titles grouped by 〔column〕, each linking to its article."""
    from bulletin_cli.model.contents import article_numbers

    numbers = article_numbers(issue)  # empty unless the series numbers its articles
    return render("contents.html.j2", issue.series_path, issue=issue, labels=issue.labels, page=page,
                  prefix=prefix, rank=rank, numbers=numbers)


# -- articles --------------------------------------------------------------------------

def render_article(issue: Issue, article: Article, title_rank: int = 3, prefix: str = "",
                   media: rich.Media = rich.EMBEDDED) -> str:
    """One article: title, subtitle (——…), byline, editor's note, body, attribution （…）."""
    labels = issue.labels
    body_rank = min(title_rank + 1, 6)
    note = render_editor_note(issue, article.editor_note, body_rank)

    def ids(number: int) -> str:
        return rich.note_id(prefix, article.id, number)

    def note_link(number: int) -> str:
        return (f'<sup class="note-ref"><a id="{esc(ids(number))}-ref" href="#{esc(ids(number))}" '
                f'>{number}</a></sup>')

    body = render_blocks(article.body, heading_base=body_rank, note_link=note_link, media=media)
    extras = [markup(extra) for extra in (
        rich.render_attachments(article.attachments, labels.attachments, media),
        rich.render_notes(article.notes, labels.notes, ids,
                          lambda blocks: render_blocks(blocks, body_rank, "", note_link, media))) if extra]
    return render("article.html.j2", issue.series_path, issue=issue, labels=labels, article=article,
                  title_rank=title_rank, prefix=prefix, editor_note=markup(note), body=markup(body), extras=extras)


def render_columns(issue: Issue, prefix: str = "", rank: int = 2, searchable: bool = False,
                   media: rich.Media = rich.EMBEDDED) -> str:
    """Every column with its 〔heading〕, its editor's note and its articles, in print order.

    ``searchable`` marks each column as a value of the site search's ``column`` filter.
    """
    columns = []
    for column in issue.columns:
        articles = "\n".join(
            render_article(issue, a, title_rank=rank + 1 if column.name else rank, prefix=prefix, media=media)
            for a in column.articles
        )
        note = render_editor_note(issue, column.editor_note, rank + 1) if column.name else ""
        columns.append(RenderedColumn(column.name, markup(note), markup(articles)))
    return render("columns.html.j2", issue.series_path, issue=issue, labels=issue.labels, columns=columns,
                  prefix=prefix, rank=rank, searchable=searchable)


class RenderedColumn(NamedTuple):
    """A column as columns.html.j2 gets it: its name, its editor's note and its articles (HTML)."""

    name: str
    editor_note: str
    articles: str


# -- colophon --------------------------------------------------------------------------

def render_colophon(issue: Issue, colophon: Colophon | None = None) -> str:
    """报尾: 报/送/发 and 增发 lines, then 承办/审核/编辑/电话 and 共印N份, between rules."""
    colophon = colophon if colophon is not None else issue.colophon
    if colophon.is_empty:
        return ""
    return render("colophon.html.j2", issue.series_path, issue=issue, labels=issue.labels, colophon=colophon)


# -- the whole issue -------------------------------------------------------------------

def render_issue_body(issue: Issue, prefix: str = "", main: bool = True, offset: int = 0,
                      searchable: bool = False, media: rich.Media = rich.EMBEDDED) -> str:
    """Everything inside ``<div class="bulletin">``: masthead to colophon, in print order.

    ``main=False`` wraps the columns in a ``<div>`` instead of ``<main>``, for pages holding
    several issues (a document has one ``<main>``); ``offset`` lowers every heading by that
    many ranks (the name becomes ``<h2>`` under a page's own ``<h1>``). ``searchable`` marks
    the articles as what site search indexes, with the issue's title and year and each
    column as filters (Pagefind's ``data-pagefind-*`` attributes). ``media`` says where
    images and attachments are: embedded (one standalone page) or files of a site.
    """
    attachments = ""
    if issue.attachments:
        attachments = rich.render_attachments(issue.attachments, issue.labels.attachments, media)
    return render(
        "issue.html.j2", issue.series_path, issue=issue, labels=issue.labels, prefix=prefix, main=main,
        searchable=searchable,
        masthead=markup(render_masthead(issue, rank=1 + offset)),
        leader_box=markup(render_leader_box(issue, prefix=prefix, rank=2 + offset)),
        contents=markup(render_contents(issue, prefix=prefix, rank=2 + offset) if issue.articles else ""),
        editor_note=markup(render_editor_note(issue, issue.editor_note, 3 + offset)),
        columns=markup(render_columns(issue, prefix, rank=2 + offset, searchable=searchable, media=media)),
        attachments=markup(attachments), colophon=markup(render_colophon(issue)),
    )


def page(title: str, language: str, body: str, before: str = "", sheet: bool = True, after: str = "",
         series_path=None) -> str:
    """A standalone HTML5 document with the stylesheet inlined; ``before`` goes above the sheet,
    ``after`` below it (such as a script). ``body``, ``before`` and ``after`` are HTML.

    ``sheet=False`` leaves ``body`` as it is, for pages that lay out their own sheets.
    ``series_path`` (a series.toml) picks that series' templates.
    """
    return render("page.html.j2", series_path, title=title, language=language, body=markup(body),
                  before=markup(before), after=markup(after), sheet=sheet,
                  stylesheet=markup(stylesheet())) + "\n"


# validate refuses a NUL in issue text (model/xmlchars.py); one that got in anyway makes a
# second mark, and then the body is put in whole
_BODY_MARK = "\x00bulletin-body\x00"


def page_pieces(title: str, language: str, body: Iterable[str], before: str = "", sheet: bool = True,
                after: str = "", series_path=None) -> Iterator[str]:
    """:func:`page` around a body given in pieces (:func:`.templating.render_pieces`), in pieces:
    the page is laid out once around a mark where the body goes, and the body streams into it.
    A page template that does not put ``body`` exactly once, as it is, gets the body whole."""
    whole = page(title, language, _BODY_MARK, before, sheet, after, series_path)
    head, found, tail = whole.partition(_BODY_MARK)
    if not found or _BODY_MARK in tail:
        yield page(title, language, "".join(body), before, sheet, after, series_path)
        return
    yield head
    yield from body
    yield tail


__all__ = [
    "page_pieces",
    "stylesheet", "esc", "render_runs", "render_blocks", "render_editor_note", "render_masthead",
    "render_leader_box", "render_contents", "render_article", "render_columns", "render_colophon",
    "render_issue_body", "page", "article_href",
]
