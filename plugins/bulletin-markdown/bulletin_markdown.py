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
        description="Markdown with front matter, for web CMSs",
        media_type="text/markdown",
        render_site=render_site,
    ))


# ---------------------------------------------------------------- escaping

# Characters that start inline syntax anywhere in a line (code, emphasis, links, HTML, strikethrough).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a paragraph's first characters a heading, quote, list item or thematic break.
_BLOCK_START = re.compile(r"^(?:([#>+=-])|(\d{1,9})([.)])(?=\s|$))")


def escape(text: str) -> str:
    """Text that renders as itself inside a Markdown line."""
    return _ENTITY.sub("\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def escape_block(markdown: str) -> str:
    """Escape the start of an already escaped paragraph so it stays a plain paragraph."""
    match = _BLOCK_START.match(markdown)
    if not match:
        return markdown
    if match.group(1):
        return "\\" + markdown
    return match.group(2) + "\\" + markdown[match.end(2):]


def escape_heading(text: str) -> str:
    # A heading's trailing #s would be read as its closing sequence.
    return escape(text).replace("#", "\\#")


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


def inline(runs) -> str:
    """Runs (plain and bold) as Markdown; bold as ``**…**`` where CommonMark allows, else ``<strong>``."""
    parts = []
    for index, run in enumerate(runs):
        text = run.text
        if not run.strong or not text.strip():
            parts.append(escape(text))
            continue
        core = text.strip()
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        before = lead[-1:] or (runs[index - 1].text[-1:] if index > 0 else "")
        after = trail[:1] or (runs[index + 1].text[:1] if index + 1 < len(runs) else "")
        if _flanking_ok(before, core[0], core[-1], after):
            parts.append(f"{escape(lead)}**{escape(core)}**{escape(trail)}")
        else:
            parts.append(f"{escape(lead)}<strong>{escape(core)}</strong>{escape(trail)}")
    return "".join(parts)


# ---------------------------------------------------------------- the page


def _is_cjk(language: str) -> bool:
    return language.split("-")[0].lower() in {"zh", "ja", "ko"}


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
            text = json.dumps(str(value), ensure_ascii=False)  # valid YAML and TOML basic strings
        lines.append(f"{key}{assign}{text}")
    return lines + [separator]


def blocks(text, lead: str = "") -> list[str]:
    """Paragraphs and in-body headings (levels 1-4 become ### to ######)."""
    out = []
    for number, block in enumerate(text):
        if block.kind == "heading":
            out.append("#" * (block.level + 2) + " " + escape_heading(block.text))
        else:
            prefix = f"**{escape(lead.strip())}**" if lead and number == 0 else ""
            body = inline(block.runs)
            out.append(prefix + body if prefix else escape_block(body))
    return out


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
    out += colophon_blocks(issue)
    return "\n\n".join(out) + "\n"


def render_site(issues, options) -> dict[str, str]:
    """``index.md``: every issue, newest first, grouped by series, linking to its page."""
    style = options.extra.get("front_matter", "yaml")
    pages = options.site_pages or {}
    by_series: dict[str, list] = {}
    for issue in issues:
        by_series.setdefault(issue.name, []).append(issue)
    out: list[str] = []
    title = json.dumps(issues[0].labels.archive if issues else "Archive", ensure_ascii=False)  # 总目录 / Archive
    if style == "yaml":
        out.append(f"---\ntitle: {title}\n---")
    elif style == "toml":
        out.append(f"+++\ntitle = {title}\n+++")
    for name, members in by_series.items():
        out.append("# " + escape_heading(name))
        items = []
        for issue in sorted(members, key=lambda i: (i.date, i.number), reverse=True):
            page = pages.get(str(issue.path.resolve())) if issue.path else None
            page = page or (issue.path.stem + ".md" if issue.path else f"{issue.number}.md")
            text = escape(f"{issue.issue_line} · {issue.labels.format_date(issue.date)}")
            items.append(f"- [{text}](<{url_quote(page, safe='/')}>)")
        out.append("\n".join(items))
    return {"index.md": "\n\n".join(out) + "\n"}
