"""The anatomy of a 简报 in plain text: masthead, 领导批示, contents, columns, articles, colophon.

Works on the two shapes text bulletins come in: text extracted from a PDF (one paragraph per
line, blank lines between, page-break splits) and the typed layout (paragraphs indented with
two full-width spaces and wrapped, titles centred, rules of ＝ and －), as `--to text` writes.
Every decision that is not certain is recorded as a Guess with its source line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bulletin_cli.formats.plaintext.colophon import read_colophon
from bulletin_cli.formats.plaintext.masthead import Masthead, read_contents
from bulletin_cli.formats.plaintext.paragraphs import Paragraph, find_cuts, join_page_splits, page_period
from bulletin_cli.formats.plaintext.reader import Guess, Line, display_width
from bulletin_cli.formats.plaintext.units import COLUMN, HEADINGS, SUBTITLE, Unit, make_units, norm
from bulletin_cli.model.issue import Article, Block, Issue, LeaderBox, Run
from bulletin_cli.model.labels import labels_for
from bulletin_cli.formats.markup import join_lines, parse_inline

_EDITOR_NOTE = re.compile(r"^(?:【\s*编者按\s*】|编者按[：:]|按[：:]|Editor's note:)\s*", re.I)
_SOURCE = re.compile(r"^[（(](?P<s>[^（）()]{2,40})[）)]$")
_AUTHOR = re.compile(r"^(?:作者[：:]|文[/／]|记者[：:\s]|通讯员[：:\s]|By\s+)(?P<a>.{1,40})$")
_SENTENCE_END = "。！？!?；;"
_ATTACHMENTS = re.compile(r"^(?:附件|Attachments?)[：:]\s*\S")
_ATTACHMENT_ITEM = re.compile(r"^\d{1,2}[.．]\S{2,60}$")

@dataclass
class _Draft:
    title: str
    line: int
    column: str | None
    subtitle: str = ""
    author: str = ""
    source: str = ""
    note: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Recognised:
    issue: Issue
    guesses: list[Guess]
    unplaced: list[tuple[int, str]]  # (line, text) kept as comments in the issue file


def recognise(lines: list[Line | None], guesses: list[Guess], language: str, *, markup: bool = False,
              typed: bool | None = None, page_breaks_known: bool = False) -> Recognised:
    """The issue in ``lines``. ``markup``: the texts hold ``**bold**`` (read from Word or PDF runs), so
    they are parsed as body markup; ``typed``: the layout when the reader knows it; ``page_breaks_known``:
    the reader joined paragraphs across page breaks from the page itself (PDF), so no guessing here."""
    if typed is None:
        indented = sum(1 for line in lines if line is not None and line.indent in (4, 5) and len(line.text) > 15)
        typed = indented >= 3
    if typed:
        guesses.append(Guess(0, "typed layout: paragraphs start with a two-character indent", 0.9))
    units = [u for u in make_units(lines, typed)]
    labels = labels_for(language)
    state = Masthead()
    index = state.read(units, guesses)
    body_start, toc = read_contents(units, index, state, guesses)
    colophon, body_end = read_colophon(units, body_start, guesses)
    position = 0.0
    for unit in units[body_start:body_end]:
        position += max(1, -(-(display_width(unit.text) + 4) // 56))
        unit.position = position
    drafts, issue_note, column_notes, columns, unplaced = _read_body(
        units[body_start:body_end], toc, state.columns, typed, guesses)
    anchors = sorted(d.paragraphs[i].position for d in drafts for i in find_cuts(d.paragraphs, typed))
    period = page_period(anchors)
    articles = []
    used: set[str] = set()
    for i, draft in enumerate(drafts, 1):
        paragraphs = draft.paragraphs if page_breaks_known else join_page_splits(
            draft.paragraphs, guesses, typed, anchors, period)
        body, notes = _body(paragraphs, markup, guesses)
        body = body or (Block((Run("（正文缺失）"),)),)
        if not paragraphs:
            guesses.append(Guess(draft.line, "article without body text; a placeholder paragraph was written", 0.3))
        articles.append(Article(id=_article_id(draft.title, i, used), title=draft.title, body=body,
                                column=draft.column, subtitle=draft.subtitle, author=draft.author,
                                source=draft.source, editor_note=tuple(_block(t, 0, markup) for t in draft.note),
                                notes=notes))
    if not articles:
        raise ValueError("no article found: the text has no title followed by paragraphs")
    if state.date is None:
        guesses.append(Guess(0, "no date found; 1970-01-01 written, correct it", 0.0))
    if state.number is None:
        guesses.append(Guess(0, "no issue number (第N期) found; 1 written", 0.2))
    issue = Issue(name=state.name or "（未识别的简报名称）", issuer=state.issuer or "（未识别的编印单位）",
                  date=state.date or dt.date(1970, 1, 1), number=state.number or 1, articles=tuple(articles),
                  language=language, cumulative_number=state.cumulative, supplement=state.supplement,
                  classification=state.classification, copy_number=state.copy_number,
                  leader_box=LeaderBox(tuple(_block(t, 0, markup) for t in state.leader_text)) if state.leader else None,
                  editor_note=tuple(_block(t, 0, markup) for t in issue_note), declared_columns=tuple(columns),
                  column_notes=tuple((k, tuple(_block(t, 0, markup) for t in v)) for k, v in column_notes.items() if k in columns),
                  colophon=colophon, labels=labels, number_style=state.number_style)
    return Recognised(issue, guesses, unplaced)


_NOTE_REFERENCE = re.compile(r"\[\^\w+\]")
_CONSTRUCTS = (("|", "table"), ("![", "figure (its picture written beside the issue)"), ("[^", "footnote text"),
               (">", "quote"), ("-", "bulleted list"))


def _body(paragraphs: list[Paragraph], markup: bool, guesses: list[Guess]):
    """The body's blocks and footnotes. Paragraphs the reader found as body markup (a Word table,
    list or footnote) are parsed with the body parser, together with the paragraphs around them
    (written back as markup) so that footnote references meet their texts."""
    if not any(p.markup or _NOTE_REFERENCE.search(p.text) for p in paragraphs):
        return tuple(_block(p.text, p.heading, markup) for p in paragraphs), ()
    from bulletin_cli.formats.markup import parse_body
    from bulletin_cli.formats.markup_unparse import unparse_blocks

    pieces = []
    reported = {g.line for g in guesses}  # the text and PDF readers report their own finds
    for p in paragraphs:
        if p.markup and markup and p.line not in reported:
            what = next((name for mark, name in _CONSTRUCTS if p.text.startswith(mark)),
                        "numbered list" if re.match(r"\d+\. ", p.text) else
                        "footnote reference" if "[^" in p.text else "link")
            guesses.append(Guess(p.line, f"{what} (read from the file's structure)", 0.9, p.text[:24]))
        piece = p.text if p.markup else unparse_blocks((_block(p.text, p.heading, markup),))
        if not p.markup and not markup:  # plain text: its footnote marks (read as [^n]) are markup again
            piece = re.sub(r"\\\[\\?\^(\d+)\\?\]", r"[^\1]", piece)
        pieces.append(piece)
    parsed = parse_body("\n\n".join(pieces))
    for problem in parsed.problems:
        guesses.append(Guess(paragraphs[0].line, f"body markup problem: {problem.message}", 0.3))
    return parsed.blocks, parsed.notes


def _block(text: str, level: int = 0, markup: bool = False) -> Block:
    runs = parse_inline(text) if markup else (Run(text),)
    if level:
        return Block(runs, "heading", level)
    for level, pattern in HEADINGS:
        if pattern.match(text) and len(text) <= 40 and text[-1] not in "。；;：:，,":
            return Block(runs, "heading", level)
    return Block(runs)


def _article_id(title: str, index: int, used: set[str]) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title.lower())
    base = "-".join(words[:6]) if words and title.isascii() else f"article-{index}"
    if not base[0].isalpha():
        base = f"a-{base}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _breaks(lines: list[str]) -> set[int]:
    offsets, total = set(), 0
    for line in lines[:-1]:
        total += len(norm(line))
        offsets.add(total)
    return offsets


_PAUSES = "，、；：,;:暨"


def _title_text(fragments: list[str], body_lines: list[str]) -> str:
    """The title from its contents lines. Where the contents and the body title both wrap at the
    same place between two Chinese phrases (not after a pause), the layout broke at the headline's
    phrase space and dropped it: the space is put back."""
    common = _breaks(fragments) & _breaks(body_lines)
    out, total = "", 0
    for n, fragment in enumerate(fragments):
        if n and total in common and out[-1] not in _PAUSES and "\u4e00" <= out[-1] <= "\u9fff" \
                and "\u4e00" <= fragment[0] <= "\u9fff":
            out += " "
        out = join_lines([out, fragment]) if out and not out.endswith(" ") else out + fragment
        total += len(norm(fragment))
    return out


def _match_title(text: str, toc: list[tuple[str | None, list[Line]]], used: set[tuple[int, int]],
                 body_lines: list[str] | None = None):
    """The contents entry this body line is, as (title text, column, lines joined), or None."""
    body_lines = body_lines or [text]
    wanted = norm(text)
    for g, (column, fragments) in enumerate(toc):
        for i in range(len(fragments)):
            if (g, i) in used:
                continue
            joined = ""
            for k in range(i, min(len(fragments), i + 4)):
                joined += norm(fragments[k].text)
                if joined == wanted:
                    used.update((g, j) for j in range(i, k + 1))
                    return _title_text([f.text for f in fragments[i:k + 1]], body_lines), column, k - i + 1
                if not wanted.startswith(joined):
                    break
    return None


def _read_body(units: list[Unit], toc, columns: list[str], typed: bool, guesses: list[Guess]):
    drafts: list[_Draft] = []
    issue_note: list[str] = []
    column_notes: dict[str, list[str]] = {}
    unplaced: list[tuple[int, str]] = []
    column: str | None = None
    after_column = False
    used: set = set()
    closed = True  # the previous article ended with its source line: the next unit is a title
    attachments_open = False  # the unit before was an attachment line: numbered lines go on the list
    columns = list(columns)
    for n, unit in enumerate(units):
        text = unit.text
        if unit.lines[0].text == "\x00rule":
            continue
        if drafts and unit.lines[0].hint == "markup" and text.startswith("[^"):  # a footnote's text, below
            drafts[-1].paragraphs.append(Paragraph(text, unit.number, unit.position, 0, 0, markup=True))
            continue
        marker = COLUMN.match(text) if len(unit.lines) == 1 else None
        if marker or (len(unit.lines) == 1 and text in columns and not typed) or (
                typed and len(unit.lines) == 1 and text in columns):
            column = marker["name"].strip() if marker else text
            if column not in columns:
                columns.append(column)
            guesses.append(Guess(unit.number, "column heading", 0.95, column))
            after_column, closed = True, True
            continue
        note = _EDITOR_NOTE.match(text)
        if note:
            body = text[note.end():]
            if drafts and not drafts[-1].paragraphs and not closed:
                drafts[-1].note.append(body)
            elif after_column and column:
                column_notes.setdefault(column, []).append(body)
            else:
                issue_note.append(body)
            guesses.append(Guess(unit.number, "编者按", 0.9, body[:20]))
            continue
        draft = drafts[-1] if drafts else None
        match = _match_title(text, toc, used, [x.text for x in unit.lines]) if toc else None
        if match:
            title, toc_column, pieces = match
            drafts.append(_Draft(title, unit.number, toc_column or column))
            confidence = 0.95 if pieces == 1 else 0.9
            if title.count(" ") > text.count(" "):
                guesses.append(Guess(unit.number, "headline space put back where the contents and the title both "
                                     "wrap between two phrases", 0.6, title))
            guesses.append(Guess(unit.number, "title (found in the contents)"
                                 + (f", {pieces} lines joined" if pieces > 1 else ""), confidence, title))
            after_column, closed = False, False
            continue
        attachment = _ATTACHMENTS.match(text) if drafts else None
        if attachment or (attachments_open and drafts and _ATTACHMENT_ITEM.match(text)):
            unplaced.append((unit.number, text + "（附件的文件不在导入的文件里 / the attachment's file is not in the source）"))
            guesses.append(Guess(unit.number, "attachment line (附件); its file is not in the source, so the title "
                                 "is kept as a comment: add the file and an attachments entry", 0.8, text[:24]))
            attachments_open = True
            continue
        attachments_open = False
        if _is_title(unit, units, n, draft, closed, typed, bool(toc)):
            title = text
            drafts.append(_Draft(title, unit.number, column))
            guesses.append(Guess(unit.number, "title (not in the contents)" if toc else "title", 0.6, title))
            after_column, closed = False, False
            continue
        after_column = False
        if draft is None or closed:
            unplaced.append((unit.number, text))
            guesses.append(Guess(unit.number, "text before any article: kept as a comment", 0.3, text[:20]))
            continue
        if not draft.paragraphs and not draft.subtitle and SUBTITLE.match(text):
            draft.subtitle = text[SUBTITLE.match(text).end():]
            guesses.append(Guess(unit.number, "subtitle", 0.9, draft.subtitle[:20]))
            continue
        source = _SOURCE.match(text)
        if source and draft.paragraphs and _ends_article(units, n, toc, columns):
            draft.source = source["s"].strip()
            guesses.append(Guess(unit.number, "source attribution", 0.9, draft.source))
            closed = True
            continue
        author = _AUTHOR.match(text)
        if author and not draft.paragraphs:
            draft.author = author["a"].strip()
            guesses.append(Guess(unit.number, "author", 0.7, draft.author))
            continue
        heading = 0
        hint = unit.lines[0].hint
        if hint.startswith("heading"):
            heading = int(hint[-1])
        elif typed and hint != "markup" and unit.after_blank and unit.lines[0].indent == 0 and len(unit.lines) == 1 and draft.paragraphs \
                and len(text) <= 60 and text[-1] not in _SENTENCE_END + "，,.:：":
            heading = 1  # the typed layout sets an unnumbered heading flush left after a blank line
            guesses.append(Guess(unit.number, "in-body heading (flush left after a blank line)", 0.7, text))
        draft.paragraphs.append(Paragraph(text, unit.number, unit.position, unit.lines[0].indent, heading,
                                          markup=hint == "markup"))
    return drafts, issue_note, column_notes, columns, unplaced


def _ends_article(units: list[Unit], n: int, toc, columns) -> bool:
    """A bracketed line is the source when the article ends after it (a title, column or the end follows)."""
    return n + 1 >= len(units) or bool(COLUMN.match(units[n + 1].text)) or units[n + 1].text in columns or (
        len(units[n + 1].text) <= 60 and units[n + 1].text[-1] not in _SENTENCE_END) or bool(toc)


def _is_title(unit: Unit, units: list[Unit], n: int, draft, closed: bool, typed: bool, have_toc: bool) -> bool:
    text = unit.text
    if unit.lines[0].hint:  # the page showed it: a title is set larger than the body (PDF)
        return unit.lines[0].hint == "title"
    if len(text) > 70 or text[-1] in _SENTENCE_END + "，,：:" or _SOURCE.match(text) or SUBTITLE.match(text):
        return False
    if any(p.match(text) for _, p in HEADINGS):
        return False
    following = units[n + 1].text if n + 1 < len(units) else ""
    if typed:
        return (unit.lines[0].indent > 5 or closed or draft is None) and bool(following)
    if closed or draft is None:
        return bool(following)
    return not have_toc and bool(following) and len(following) > 2 * len(text) and bool(
        draft.paragraphs) and draft.paragraphs[-1].text[-1] in _SENTENCE_END + "”"
