"""An issue as the plain data the Typst template lays out (JSON through ``sys.inputs``).

Keeping the data apart from the template means no text of an issue is ever pasted into
Typst markup, so nothing in it can be read as markup. Blocks are converted by ``kind``:
paragraphs, headings, tables (a three-line table: rules above and below it and under the
header, none between rows or columns), lists (● or 1. at a hanging indent, nested lists
indented under their item's text), quotes (set in from both sides) and figures (the image,
centred, its caption under it: figures.py) keep their structure; any other kind prints as
its plain ``.text``, paragraph by line, never dropped. Footnote references print as raised
circled numbers (①), the notes' texts after a short rule at the foot of the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bulletin_cli.formats.words import balanced_lines, bold_width, name_pieces, words
from bulletin_pdf.units import units

# Characters per line at each size, on the 156 mm line: titles (二号, 22 pt) hold 20.
TITLE_LINE_WIDTH = 20
MASTHEAD_LINE_WIDTH = 10


# A run of letters, digits and symbols with no break in it, too long to be sure of fitting a
# line (a URL, a code): Typst would let it run past the type area's edge. Such a stretch is
# marked "split" and the template sets its characters as separate boxes, between which a
# line may break (a zero-width space would do the same but would be copied with the text).
# (Chinese text goes to the template as units instead, which split such runs too: units.py.)
_UNBREAKABLE = re.compile(r"[!-~]{28,}")


def _pieces(text: str, strong: bool) -> list[dict]:
    out, position = [], 0
    for match in _UNBREAKABLE.finditer(text):
        if match.start() > position:
            out.append({"text": text[position:match.start()], "strong": strong})
        out.append({"text": match.group(), "strong": strong, "split": True})
        position = match.end()
    if position < len(text) or not out:
        out.append({"text": text[position:], "strong": strong})
    return out


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def note_mark(number: int) -> str:
    return CIRCLED[number - 1] if 0 < number <= len(CIRCLED) else f"[{number}]"


def _flat(runs: list[dict]) -> list[dict]:
    """Runs for text Typst breaks itself: long unbreakable stretches marked "split", note marks as they are."""
    return [piece for run in runs
            for piece in ([run] if run.get("note") else _pieces(run["text"], run["strong"]))]


def _text(runs: list[dict], cjk: bool) -> dict:
    """A block's text for the template: Chinese as units it fits into lines itself, other text as runs."""
    if cjk:
        return {"units": units(runs)}
    return {"runs": _flat(runs)}


def _runs(runs) -> list[dict]:
    """A block's runs as plain dicts; a footnote reference becomes its circled number ("note")."""
    out = []
    for run in runs:
        if getattr(run, "note", None) is not None:
            out.append({"text": note_mark(run.note), "strong": False, "note": True})
        else:
            out.append({"text": run.text, "strong": bool(getattr(run, "strong", False))})
    return out


def _paragraph(block, cjk: bool) -> list[dict]:
    return [{"kind": "paragraph", **_text(_runs(block.runs), cjk)}]


def _heading(block, cjk: bool) -> list[dict]:
    return [{"kind": "heading", "level": max(1, min(4, int(block.level or 1))), **_text(_runs(block.runs), cjk)}]


def _plain(block, cjk: bool) -> list[dict]:
    """A kind the template does not know: its text, one paragraph per line, so nothing is lost."""
    text = str(getattr(block, "text", "") or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [{"kind": "paragraph", **_text([{"text": line, "strong": False}], cjk), "from": block.kind}
            for line in lines]


def _table(block, cjk: bool) -> list[dict]:
    # Cells are set by Typst's own breaker, not fitted (bulletin.typ says why): plain runs.
    rows = [[_flat([{"text": cell, "strong": False}] if isinstance(cell, str) else _runs(cell)) for cell in row]
            for row in block.rows]
    columns = max((len(row) for row in rows), default=0)
    if not columns:  # no cells: the caption alone, if any
        caption = str(getattr(block, "caption", "") or "")
        return [{"kind": "paragraph", **_text([{"text": caption, "strong": False}], cjk)}] if caption else []
    # a richer model's table may leave out what the core's Table has: no alignment, no caption, one header row
    align = list(getattr(block, "align", ()) or ()) + [None] * columns
    return [{"kind": "table", "caption": str(getattr(block, "caption", "") or ""), "columns": columns,
             "align": [a or "left" for a in align[:columns]],
             "header_rows": min(int(getattr(block, "header_rows", 1)), len(rows)),
             "rows": [row + [[]] * (columns - len(row)) for row in rows]}]


def _list(block, cjk: bool) -> list[dict]:
    start = getattr(block, "start", 1) or 1
    return [{"kind": "list", "items": [{"mark": f"{start + index}." if block.ordered else "●",
                                        "blocks": blocks(item, cjk)} for index, item in enumerate(block.items)]}]


def _quote(block, cjk: bool) -> list[dict]:
    return [{"kind": "quote", "blocks": blocks(block.blocks, cjk)}]


def plain_text(text: str, cjk: bool) -> dict:
    return _text([{"text": text, "strong": False}], cjk)


def _figure(block, cjk: bool) -> list[dict]:
    """The image's file (figures.py turns it into a path Typst reads, or the caption's plain form)
    and the caption; the pixel size, when known, gives the picture its size at 96 dpi."""
    caption = str(getattr(block, "caption", "") or "")
    path = getattr(block, "path", None)
    width, height = getattr(block, "width", None), getattr(block, "height", None)
    return [{"kind": "figure", "caption": caption, **plain_text(caption, cjk),
             "file": str(path) if path is not None else None, "media_type": getattr(block, "media_type", ""),
             "pixels": [width, height] if width and height else None}]


BLOCK_KINDS: dict[str, Callable[[object, bool], list[dict]]] = {
    "paragraph": _paragraph, "heading": _heading, "table": _table, "list": _list, "quote": _quote,
    "figure": _figure}


def blocks(text, cjk: bool, lead: str = "") -> list[dict]:
    """The blocks for the template; ``lead`` (编者按：) is set in bold before the first paragraph's text."""
    out = []
    for block in text or ():
        kind = getattr(block, "kind", "paragraph")
        if lead and not out and kind == "paragraph":
            runs = [{"text": lead, "strong": True}, *_runs(block.runs)]
            out.append({"kind": "paragraph", **_text(runs, cjk)})
            continue
        out += BLOCK_KINDS.get(kind, _plain)(block, cjk)
    return out


def _is_cjk(language: str) -> bool:
    return language.split("-")[0].lower() in {"zh", "ja", "ko"}


def _title_lines(title: str, cjk: bool) -> list[dict]:
    """Balanced lines of whole words (kept unbroken by the template), and whether a space ends each.

    The space is kept (Typst does not print it at a line's end) so that the bookmark and the
    copied text read "…发展 打造…" as written.
    """
    if not cjk:
        return [{"words": [title], "space": False}]
    lines = balanced_lines(title, TITLE_LINE_WIDTH, bold_width)
    out, position = [], 0
    for line in lines:
        position = title.index(line, position) + len(line)
        out.append({"words": words(line), "space": title[position:position + 1].isspace()})
    return out


def _entry_words(title: str) -> list[str]:
    """A contents entry's words, each kept on one line; a word longer than a line is split into characters."""
    out = []
    for word in words(title):
        out += list(word) if bold_width(word) > TITLE_LINE_WIDTH else [word]
    return out


def article_data(article, labels, cjk: bool, label: str) -> dict:
    return {
        "label": label,
        "title": article.title,
        "title_lines": _title_lines(article.title, cjk),
        "subtitle": labels.subtitle_dash + article.subtitle if article.subtitle else "",
        "author": labels.author.format(author=article.author) if article.author else "",
        "note": blocks(article.editor_note, cjk, labels.editor_note),
        "blocks": blocks(article.body, cjk),
        "source": labels.source.format(source=article.source) if article.source else "",
        "notes": [{"mark": note_mark(note.number), "blocks": blocks(note.blocks, cjk)}
                  for note in getattr(article, "notes", ())],
        "attachments": _attachments(article, labels, cjk),
    }


def _attachments(article, labels, cjk: bool) -> dict | None:
    """The 附件 line under the text (GB/T 9704 7.3.4): the label, then each title (numbered when several)."""
    attachments = getattr(article, "attachments", ())
    if not attachments:
        return None
    titles = [(f"{n}. " if len(attachments) > 1 else "") + a.title for n, a in enumerate(attachments, 1)]
    return {"label": labels.attachments, "titles": [_text([{"text": t, "strong": False}], cjk) for t in titles]}


def issue_data(issue, prefix: str) -> dict:
    """One issue: masthead, 领导批示, contents, columns of articles, colophon; labels for cross-references."""
    labels, cjk = issue.labels, _is_cjk(issue.language)
    columns, contents, number = [], [], 0
    for column_index, column in enumerate(issue.columns):
        articles, entries = [], []
        for article in column.articles:
            number += 1
            label = f"{prefix}-a{number}"
            articles.append(article_data(article, labels, cjk, label))
            entries.append({"number": f"{number}." if issue.article_numbers else "",
                            "words": _entry_words(article.title) if cjk else [article.title], "label": label})
        heading = labels.column_heading(column.name) if column.name else ""
        columns.append({"heading": heading, "label": f"{prefix}-c{column_index}",
                        "note": blocks(column.editor_note, cjk, labels.editor_note), "articles": articles})
        contents.append({"heading": heading, "entries": entries})
    colophon = issue.colophon
    credits = [label + value for label, value in colophon.credits(labels)]
    separator = "\u3000" if cjk else "   "
    return {
        "label": prefix,
        "name": issue.name,
        "name_lines": balanced_lines(issue.name, MASTHEAD_LINE_WIDTH, bold_width) if cjk else [issue.name],
        "issue_line": issue.issue_line,
        "issuer": issue.issuer,
        "date": labels.format_date(issue.date),
        "classification": issue.classification,
        "copy_number": issue.copy_number,
        "bookmark": f"{issue.name} {issue.issue_line}",
        "leader_box": None if issue.leader_box is None else {
            "label": labels.leader_box + ("：" if cjk else ":"), "blocks": blocks(issue.leader_box.text, cjk)},
        "editor_note": blocks(issue.editor_note, cjk, labels.editor_note),
        "contents": contents,
        "columns": columns,
        "colophon": None if colophon.is_empty else {
            # Unit names in pieces the template keeps whole (GB/T 9704: never 市委办公｜厅).
            "distribution": [{"label": label, "names": name_pieces(names, labels.list_separator)}
                             for label, names in colophon.distribution(labels)],
            # Each kept whole on its line by the template: 电话：85911016 is never split.
            "credits": [part.strip() for part in credits],
            "gap": separator,
            "print_run": labels.print_run.format(number=colophon.print_run) if colophon.print_run else "",
        },
    }


def document_data(issues: Sequence, style: dict, compilation: bool) -> dict:
    first = issues[0]
    language = first.language or "zh-CN"
    # zh-Hant-TW: language zh, region tw (Typst takes a two-letter region; the script is implied)
    lang, *subtags = language.split("-")
    region = next((tag for tag in subtags if len(tag) == 2 and tag.isalpha()), "")
    if compilation:
        years = sorted({issue.year for issue in issues})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        title = f"{first.name} {span}"
    else:
        title = f"{first.name} {first.issue_line}"
    latest = max(issue.date for issue in issues)
    return {
        "meta": {"title": title, "author": first.issuer, "date": [latest.year, latest.month, latest.day],
                 "lang": lang.lower(), "region": region.lower() or None,
                 "keywords": sorted({a.column for issue in issues for a in issue.articles if a.column})},
        "style": {**style, "cjk": _is_cjk(language)},
        "compilation": compilation,
        "contents_title": first.labels.contents if not compilation else first.labels.archive,
        "issues": [issue_data(issue, f"i{index}") for index, issue in enumerate(issues)],
    }
