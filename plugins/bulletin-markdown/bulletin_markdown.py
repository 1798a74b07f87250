"""Markdown for web CMSs: a bulletin-cli exporter plugin (`bulletin export --to markdown`).

The page: front matter (title, date, issue, series, issuer, language, identifier), a line
with the issue number, issuer and date, column headings as ``#``, articles as ``##``,
in-body headings (一、（一）1.（1）) as ``###`` to ``######``, bold kept, the attribution
after each article, then the colophon after a thematic break. Text is escaped so that
nothing in an article turns into Markdown syntax by accident (CommonMark rules). A folder
exported to a directory also gets ``index.md`` linking every issue's page.

Options (``-O key=value``): ``front_matter=yaml`` (default), ``toml`` (Hugo's ``+++``) or
``none``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from operator import itemgetter
from urllib.parse import quote as url_quote

from bulletin_cli import Exporter, hookimpl

__version__ = "0.1.0"

FRONT_MATTER = ("yaml", "toml", "none")


@hookimpl
def register_exporters(register):
    register(Exporter(
        name="markdown",
        extension=".md",
        render=render,
        options={"front_matter": "yaml, toml or none"},
        description="Markdown with front matter, for web CMSs",
        media_type="text/markdown",
        render_site=render_site,
        render_files=render_files,
    ))


# ---------------------------------------------------------------- escaping

# Characters that start inline syntax anywhere in a line (code, emphasis, links, HTML, strikethrough).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a paragraph's first characters a heading, quote, list item or thematic break.
_BLOCK_START = re.compile(r"^(?:([#>+=-])|(\d{1,9})([.)])(?=\s|$))")


# "{{" and "{%" open Liquid tags, which Jekyll (GitHub Pages) runs before the Markdown is read:
# their "{" is written as a character reference, which every Markdown renderer prints as "{".
_TEMPLATE_OPEN = re.compile(r"\{(?=[{%])")
_TEMPLATE_REFERENCE = "&#123;"


def escape(text: str, heading: bool = False) -> str:
    """Text that renders as itself inside a Markdown line (and that no template engine runs)."""
    escaped = _ENTITY.sub("\\&", _INLINE_SPECIAL.sub(r"\\\1", text))
    if heading:  # a heading's trailing #s would be read as its closing sequence
        escaped = escaped.replace("#", "\\#")
    return _TEMPLATE_OPEN.sub(_TEMPLATE_REFERENCE, escaped)


def escape_block(markdown: str) -> str:
    """Escape the start of an already escaped paragraph so it stays a plain paragraph."""
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    if match.group(1):
        return "\\" + markdown
    return match.group(2) + "\\" + markdown[match.end(2):]


def escape_heading(text: str) -> str:
    return escape(text, heading=True)


def _is_punctuation(char: str, with_symbols: bool) -> bool:
    category = unicodedata.category(char)
    return (char.isascii() and not char.isalnum() and not char.isspace()) or category.startswith("P") or (
        with_symbols and category.startswith("S"))


def _flanking_ok(before: str, first: str, last: str, after: str) -> bool:
    """Whether ``**`` around a run whose first/last characters are given opens and closes.

    CommonMark's flanking rules: an opening ``**`` followed by punctuation must be preceded by
    whitespace or punctuation, a closing one preceded by punctuation must be followed by one
    of them. Chinese text breaks this often (``**……。**优化``), so the caller falls back to
    ``<strong>``. Both the older (punctuation only) and newer (punctuation and symbols)
    definitions are checked, so the result holds for any renderer.
    """
    for with_symbols in (False, True):
        def loose(char: str) -> bool:
            return char == "" or char.isspace() or _is_punctuation(char, with_symbols)

        opens = not first.isspace() and (not _is_punctuation(first, with_symbols) or loose(before))
        closes = not last.isspace() and (not _is_punctuation(last, with_symbols) or loose(after))
        if not (opens and closes):
            return False
    return True


def _strong(text: str, before: str, after: str) -> str:
    """``**…**`` where CommonMark allows it, else ``<strong>``; spaces stay outside."""
    if not text.strip():
        return escape(text)
    core = text.strip()
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    before, after = lead[-1:] or before, trail[:1] or after
    if _flanking_ok(before, core[0], core[-1], after):
        return f"{escape(lead)}**{escape(core)}**{escape(trail)}"
    return f"{escape(lead)}<strong>{escape(core)}</strong>{escape(trail)}"


def _code(text: str) -> str:
    if _TEMPLATE_OPEN.search(text):  # a code span shows references literally: inline HTML decodes them
        html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f"<code>{_TEMPLATE_OPEN.sub(_TEMPLATE_REFERENCE, html)}</code>"
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def inline(runs) -> str:
    """Runs as Markdown: bold, italic (``<em>``: CommonMark's ``*`` has the same flanking trouble
    with Chinese), code, links (percent-encoded) and footnote marks ``[^1]``."""
    parts = []
    for index, run in enumerate(runs):
        if getattr(run, "note", None) is not None:
            parts.append(f"[^{run.note}]")
            continue
        before = runs[index - 1].text[-1:] if index > 0 else ""
        after = runs[index + 1].text[:1] if index + 1 < len(runs) else ""
        if getattr(run, "code", False):
            text = _code(run.text)
        elif run.strong:
            text = _strong(run.text, before, after)
        else:
            text = escape(run.text)
        if getattr(run, "emphasis", False) and run.text.strip():
            text = f"<em>{text}</em>"
        if getattr(run, "link", None):
            text = f"[{text}](<{url_quote(run.link, safe=':/?#[]@!$&()*+,;=%~-._')}>)"
        parts.append(text)
    return "".join(parts)


def table(block) -> list[str]:
    """A GitHub-style table; its caption as a paragraph before it."""
    marks = {None: "---", "left": ":--", "center": ":-:", "right": "--:"}
    rows = [["" if not cell else inline(cell).replace("|", "\\|") for cell in row] for row in block.rows]
    width = max((len(row) for row in rows), default=0)
    align = list(block.align) + [None] * (width - len(block.align))
    lines = []
    for number, row in enumerate(rows):
        lines.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
        if number == 0:
            lines.append("| " + " | ".join(marks[a] for a in align[:width]) + " |")
    out = [escape_block(escape(block.caption))] if block.caption else []
    return out + ["\n".join(lines)]


def _indented(paragraphs: list[str], marker: str) -> str:
    text = "\n\n".join(paragraphs)
    pad = " " * len(marker)
    return marker + "\n".join((pad + line) if line and n else line for n, line in enumerate(text.split("\n")))


# ---------------------------------------------------------------- the page


def _is_cjk(language: str) -> bool:
    return language.split("-")[0].lower() in {"zh", "ja", "ko"}


# Characters YAML does not allow in a document, even inside quotes (DEL, C1 controls, the BOM,
# U+FFFE, U+FFFF), and those YAML 1.1 reads as line breaks (NEL, U+2028, U+2029): written as
# \u escapes, which YAML double-quoted strings and TOML basic strings both read.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _quoted(value: str) -> str:
    """A double-quoted string that YAML and TOML both read back as ``value``."""
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def front_matter(issue, style: str) -> list[str]:
    fields = [
        ("title", f"{issue.name} {issue.issue_line}"),
        ("date", issue.date),
        ("issue", issue.number),
        ("cumulative_issue", issue.cumulative_number),
        ("supplement", issue.supplement or None),
        ("series", issue.name),
        ("issuer", issue.issuer),
        ("language", issue.language),
        ("identifier", issue.identifier),
    ]
    separator, assign = ("---", ": ") if style == "yaml" else ("+++", " = ")
    lines = [separator]
    for key, value in fields:
        if value is None:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int):
            text = str(value)
        elif hasattr(value, "isoformat"):
            text = value.isoformat()  # a date: YAML and TOML both read it unquoted
        else:
            text = _quoted(str(value))
        lines.append(f"{key}{assign}{text}")
    return lines + [separator]


def blocks(text, lead: str = "") -> list[str]:
    """Blocks as Markdown: in-body headings (levels 1-4 become ### to ######), paragraphs,
    tables, figures (``![caption](src)``), lists, block quotes."""
    out = []
    for number, block in enumerate(text):
        kind = block.kind
        if kind == "heading":
            out.append("#" * (block.level + 2) + " " + escape_heading(block.text))
        elif kind == "table":
            out += table(block)
        elif kind == "figure":
            out.append(f"![{escape(block.caption)}](<{url_quote(block.src, safe='/._-~')}>)")
        elif kind == "list":
            items = []
            for position, item in enumerate(block.items, block.start):
                marker = f"{position}. " if block.ordered else "- "
                items.append(_indented(blocks(item) or [""], marker))
            out.append("\n".join(items))
        elif kind == "quote":
            out += quote(blocks(block.blocks))
        elif kind == "paragraph":
            prefix = f"**{escape(lead.strip())}**" if lead and number == 0 else ""
            body = inline(block.runs)
            out.append(prefix + body if prefix else escape_block(body))
        else:  # a block kind this plugin does not know yet: its text, never nothing
            out.append(escape_block(escape(block.text)))
    return out


def notes(article) -> list[str]:
    """Footnotes as ``[^1]: …`` definitions after the article."""
    out = []
    for item in getattr(article, "notes", ()):
        out.append(_indented(blocks(item.blocks) or [""], f"[^{item.number}]: ").replace("\n" + " " * 6, "\n    "))
    return out


def attachments(items, labels) -> list[str]:
    """附件：1. [title](<file>) …, each linked by its path as written (relative to the issue file,
    as figures are; a site export copies the files there, see render_files)."""
    if not items:
        return []
    label = escape(getattr(labels, "attachments", "附件："))
    titles = []
    for n, a in enumerate(items, 1):
        title = escape(a.title)
        if getattr(a, "file", ""):
            title = f"[{title}](<{url_quote(a.file, safe='/._-~')}>)"
        titles.append(f"{n}. {title}" if len(items) > 1 else title)
    return [escape_block(label + "\\\n".join(titles))]


def quote(paragraphs: list[str]) -> list[str]:
    """A block quote holding the paragraphs."""
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append(">")
        lines.append("> " + paragraph)
    return ["\n".join(lines)] if lines else []


def note(text, labels) -> list[str]:
    return quote(blocks(text, lead=labels.editor_note)) if text else []


def article_blocks(article, labels) -> list[str]:
    out = ["## " + escape_heading(article.title)]
    if article.subtitle:
        out.append(escape_block(escape(labels.subtitle_dash + article.subtitle)))
    if article.author:
        out.append(escape_block(escape(labels.fill("author", author=article.author))))
    out += note(article.editor_note, labels)
    out += blocks(article.body)
    if article.source:
        out.append(escape_block(escape(labels.fill("source", source=article.source))))
    out += attachments(getattr(article, "attachments", ()), labels)
    out += notes(article)
    return out


def colophon_blocks(issue) -> list[str]:
    colophon, labels = issue.colophon, issue.labels
    if colophon.is_empty:
        return []
    out = ["* * *"]
    for label, names in colophon.distribution(labels):
        out.append(escape_block(escape(label + labels.list_separator.join(names))))
    editorial = [label + value for label, value in colophon.credits(labels)]
    if colophon.print_run:
        editorial.append(labels.fill("print_run", number=colophon.print_run))
    if editorial:
        separator = "\u3000" if _is_cjk(issue.language) else " · "
        out.append(escape_block(escape(separator.join(part.strip() for part in editorial))))
    return out


def render(issue, options) -> str:
    style = options.extra.get("front_matter", "yaml")
    if style not in FRONT_MATTER:
        raise ValueError(f"-O front_matter={style}: choose one of {', '.join(FRONT_MATTER)}")
    labels = issue.labels
    out: list[str] = []
    if style != "none":
        out.append("\n".join(front_matter(issue, style)))
    out.append(escape_block(escape(" · ".join([issue.issue_line, issue.issuer, labels.format_date(issue.date)]))))
    if issue.leader_box is not None and issue.leader_box.text:  # an empty box is for paper only
        out += quote(blocks(issue.leader_box.text, lead=labels.leader_box + ("：" if _is_cjk(issue.language) else ": ")))
    out += note(issue.editor_note, labels)
    for column in issue.columns:
        if column.name:
            out.append("# " + escape_heading(labels.column_heading(column.name)))
            out += note(column.editor_note, labels)
        for article in column.articles:
            out += article_blocks(article, labels)
    out += attachments(getattr(issue, "attachments", ()), labels)
    out += colophon_blocks(issue)
    return "\n\n".join(out) + "\n"


def render_files(issue, options) -> list:
    """In a site, each figure's image and attachment copied to where the page's relative link
    points (the page sits where the issue file sat, relative to the exported folder); a path
    that would leave the site is not copied."""
    import posixpath

    page = (options.site_pages or {}).get(str(issue.path.resolve())) if issue.path else None
    if page is None:
        return []
    from bulletin_cli.model.issue import media_of

    files = {}
    for item in media_of(issue):
        written = getattr(item, "src", None) or getattr(item, "file", "")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), written))
        if item.path is not None and not target.startswith("../") and target != ".." and not posixpath.isabs(target):
            files[target] = item.path
    return list(files.items())


def render_site(issues, options) -> dict:
    """``index.md``: every issue, newest first, grouped by series, linking to its page.

    The issues are gone through once to order them, keeping of each only its date, number and
    position; the index is then given in pieces (one line an issue), each issue read again by
    position: an export of a large folder reads them from disk and need not hold them, nor
    their lines, nor the whole page."""
    style = options.extra.get("front_matter", "yaml")
    by_series: dict[str, list[tuple]] = {}  # series name -> (date, number, position)
    title = "Archive"
    for position, issue in enumerate(issues):
        if position == 0:
            title = issue.labels.archive  # 总目录 / Archive
        by_series.setdefault(issue.name, []).append((issue.date, issue.number or 0, position))
    return {"index.md": _index_pieces(issues, options.site_pages or {}, style, title, by_series)}


def _index_pieces(issues, pages, style: str, title: str, by_series: dict):
    separator = ""  # between blocks: the front matter, each series' heading, its lines
    if style == "yaml":
        yield f"---\ntitle: {_quoted(title)}\n---"
        separator = "\n\n"
    elif style == "toml":
        yield f"+++\ntitle = {_quoted(title)}\n+++"
        separator = "\n\n"
    for name, members in by_series.items():
        yield separator + "# " + escape_heading(name) + "\n\n"
        # newest first; issues of the same date and number in the order they came (stable sorts
        # in place, from the last key: no key tuple and no second list per issue)
        members.sort(key=itemgetter(1), reverse=True)
        members.sort(key=itemgetter(0), reverse=True)
        for count, (_, _, position) in enumerate(members):
            yield ("\n" if count else "") + _index_line(issues[position], pages)
        separator = "\n\n"
    yield "\n"


def _index_line(issue, pages) -> str:
    page = pages.get(str(issue.path.resolve())) if issue.path else None
    page = page or (issue.path.stem + ".md" if issue.path else f"{issue.number}.md")
    text = escape(f"{issue.issue_line} · {issue.labels.format_date(issue.date)}")
    return f"- [{text}](<{url_quote(page, safe='/')}>)"
