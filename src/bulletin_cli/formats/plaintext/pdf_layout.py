"""PDF pages as the lines the text recogniser reads, paragraphs rebuilt from the page geometry.

The recogniser (``anatomy``) reads text in the shape a PDF's text comes out in: one paragraph a
line, blank lines between, contents entries and the lines of a title together. Here that shape
is built from what the pages show rather than guessed from punctuation:

- the body text's size, left and right edges and line pitch are the most common ones;
- a line starts a paragraph when it is indented, or the line before ended short of the right
  edge, or the size, face or boldness changes, or a larger gap comes before it;
- a paragraph whose last line on a page reaches the right edge and whose next page starts
  without an indent is one paragraph (page break joined, reported);
- page numbers (``— 3 —``) and running heads (a line in the top or bottom margin that recurs
  on most pages, digits aside) are dropped, reported;
- the masthead name is the large red line; titles are the lines set larger than the body
  (小标宋, 22 pt against 16 pt); wholly bold (黑体) or 楷体 short lines are in-body headings;
  bold runs inside body text (a 黑体 lead-in, a Bold face) are kept as ``**…**``;
- rules (the red line under the masthead, the colophon's lines) become rule lines;
- tables (``pdf_tables``), lists, block quotes and footnotes (``pdf_blocks``) are found first,
  from the words' positions, and come through as body markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.formats.markup import is_wide
from bulletin_cli.formats.plaintext.colophon import CREDIT, LIST_LABEL
from bulletin_cli.formats.plaintext.pdf import SUPER_CLOSE, SUPER_OPEN, Page, Rule, VisualLine, read_pages
from bulletin_cli.formats.plaintext.pdf_blocks import Found, find_blocks, join_lists, references, resolve_references
from bulletin_cli.formats.plaintext.pdf_tables import caption_text, find_tables
from bulletin_cli.formats.plaintext.reader import PAGE_NUMBER, Guess, Line, is_chinese, repair_spacing

_OF_PAGES = re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$")  # a browser's page footer: 3/12
_FIGURE_CAPTION = re.compile(r"^(?:图\s*[0-9一二三四五六七八九十]+|图为|Figure\s*\d+|Photo\b|照片)")
_CLOSES_SENTENCE = "。！？；.!?;:：，,）)”’\"'"


@dataclass
class _Metrics:
    size: float
    left: float
    right: float
    pitch: float
    centre: float


@dataclass
class _Paragraph:
    kind: str  # name, title, body, small, rule, markup
    lines: list[VisualLine] = field(default_factory=list)
    ended: bool = False  # its last line stopped short of the right edge
    hint: str = ""
    markup: list[str] = field(default_factory=list)  # kind "markup": a table, list, quote or footnotes


def _metrics(pages: list[Page]) -> _Metrics:
    sizes: Counter = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size)] += len(line.plain)
    size = float(sizes.most_common(1)[0][0]) if sizes else 12.0
    body = [line for page in pages for line in page.lines if abs(line.size - size) < 0.8]
    rights = Counter(round(line.x1) for line in body if len(line.plain) >= 10)
    right = float(rights.most_common(1)[0][0]) if rights else 0.0
    # the text block's left edge: the leftmost common start of the lines that reach the right
    # edge (short paragraphs make the indented first line the most common start of all)
    lefts = Counter(round(line.x0) for line in body if abs(line.x1 - right) < size) or \
        Counter(round(line.x0) for line in body)
    common = [x for x, n in lefts.items() if n >= max(2, 0.2 * lefts.most_common(1)[0][1])] if lefts else []
    left = float(min(common)) if common else 72.0
    right = right or left + 30 * size
    pitches: Counter = Counter()
    for page in pages:
        on_page = [line for line in page.lines if abs(line.size - size) < 0.8]
        for a, b in zip(on_page, on_page[1:]):
            if 0 < b.top - a.top < 3 * size:
                pitches[round(b.top - a.top)] += 1
    pitch = float(pitches.most_common(1)[0][0]) if pitches else size * 1.6
    return _Metrics(size, left, right, pitch, (left + right) / 2)


def _furniture(pages: list[Page], guesses: list[Guess], place) -> set[int]:
    """ids of the lines that are page furniture: page numbers and running heads."""
    drop: set[int] = set()
    margin_lines: dict[str, list[VisualLine]] = {}
    for page in pages:
        for line in page.lines:
            in_margin = line.top < page.height * 0.1 or line.top > page.height * 0.85
            if not in_margin:
                continue
            if PAGE_NUMBER.match(line.plain) or _OF_PAGES.match(line.plain):
                drop.add(id(line))
                guesses.append(Guess(place(line), "page number dropped", 0.95, line.plain))
                continue
            margin_lines.setdefault(re.sub(r"\d+", "#", line.plain), []).append(line)
    for key, lines in margin_lines.items():
        pages_with = {line.page for line in lines}
        if len(pages_with) >= 2 and len(pages_with) * 2 >= len(pages):
            for line in lines:
                drop.add(id(line))
            guesses.append(Guess(place(lines[0]), f"running head dropped (on {len(pages_with)} pages)", 0.85,
                                 lines[0].plain[:30]))
    return drop


def _kind(line: VisualLine, m: _Metrics) -> str:
    if line.red and line.size >= 1.4 * m.size:
        return "name"
    if line.size >= 1.2 * m.size:
        return "title"
    if line.size <= 0.93 * m.size:
        return "small"
    return "body"


_STARTS_ADDRESS = re.compile(r"^(?:https?://|mailto:|[\w.+-]+@[\w-]+\.)", re.ASCII)


def _glue(before: str, after: str) -> str:
    if before and _STARTS_ADDRESS.match(after) and not before.endswith(("/", "\x00")):
        return " "  # an address is set apart by spaces (a link ends at one); a line end hides it
    if not before or not after or is_wide(before[-1]) or is_wide(after[0]) or before.endswith("\x00"):
        return ""
    return "" if before.endswith("-") and before[-2:-1].isalpha() and after[0].islower() else " "


_HYPHENATED = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([a-z]+)")


def _dehyphenate(paragraph: _Paragraph, words: set[str], guesses: list[Guess], place) -> None:
    """A word the layout hyphenated at a line end (``infor-`` | ``mation``) is one word again; a compound
    (``two-`` | ``kilometre``: either half is a word the document uses on its own) keeps its hyphen."""
    for a, b in zip(paragraph.lines, paragraph.lines[1:]):
        end, start = _HYPHENATED.search(a.plain), _WORD_START.match(b.plain)
        if not end or not start or end[1].lower() in words or start[1].lower() in words:
            continue
        a.plain, a.text = a.plain[:-1] + "\x00", (a.text[:-1] if a.text.endswith("-") else a.text) + "\x00"
        guesses.append(Guess(place(b), "hyphen at a line end removed (the layout hyphenated the word)", 0.7,
                             f"{end[1]}-|{start[1]}"))


def _shown(text: str) -> str:
    """A line's start as the report shows it (the superscript marks out)."""
    return text.replace(SUPER_OPEN, "").replace(SUPER_CLOSE, "")[:24]


def _rich(pages: list[Page], m: _Metrics, drop: set[int]) -> dict[int, list[Found]]:
    """The tables, lists, quotes and footnote texts of each page (by page number); their lines go into ``drop``."""
    wanted = references(pages)
    out: dict[int, list[Found]] = {}
    for page in pages:
        found = find_tables(page, m.pitch, drop)
        for table in found:
            drop.update(id(line) for line in table.lines + ([table.caption] if table.caption else []))
            page.rules = [r for r in page.rules if not any(abs(r.top - top) < 1.5 for top in table.rules)]
        blocks = find_blocks(page, drop, wanted, m.left, m.right, m.size, m.pitch)
        for block in blocks:
            drop.update(id(line) for line in block.lines)
        _join_over_page_break(out, pages, page, blocks)
        out[page.number] = found + blocks
    return out


def _join_over_page_break(out: dict[int, list[Found]], pages: list[Page], page: Page, blocks: list[Found]) -> None:
    """A list that ends the page before (nothing of its size below it) and one that starts this
    page (nothing of its size above it) are one list broken by the page: joined into the first."""
    index = pages.index(page)
    if not index or not blocks or not out.get(pages[index - 1].number):
        return
    before, after = out[pages[index - 1].number][-1], blocks[0]
    last, first = before.lines[-1], after.lines[0]
    if any(other.lines[0].top > last.top for other in out[pages[index - 1].number]) \
            or any(abs(line.size - last.size) < 0.6 and line.top > last.top for line in pages[index - 1].lines) \
            or any(abs(line.size - first.size) < 0.6 and line.top < first.top for line in page.lines):
        return
    joined = join_lists(before, after)
    if joined is not None:
        out[pages[index - 1].number][-1] = joined
        blocks.pop(0)


def _paragraphs(pages: list[Page], m: _Metrics, drop: set[int], guesses: list[Guess], place,
                rich: dict[int, list[Found]]) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    previous: VisualLine | None = None
    # Footnotes at a page's foot wait for the next paragraph to start: the paragraph they
    # interrupt may go on over the page break.
    pending: list[_Paragraph] = []
    for page in pages:
        items: list[VisualLine | Rule | Found] = [line for line in page.lines if id(line) not in drop] + list(page.rules)
        items += rich.get(page.number, [])
        items.sort(key=lambda item: item.lines[0].top if isinstance(item, Found) else item.top)
        for item in items:
            if isinstance(item, Rule):
                paragraphs.extend(pending)
                pending.clear()
                paragraphs.append(_Paragraph("rule"))
                previous = None
                continue
            if isinstance(item, Found) and item.markup[0].startswith("[^") and previous is not None:
                guesses.append(Guess(place(item.lines[0]), item.what, item.confidence, _shown(item.lines[0].plain)))
                pending.append(_Paragraph("markup", list(item.lines), markup=item.markup))
                continue
            if isinstance(item, Found):
                paragraphs.extend(pending)
                pending.clear()
                guesses.append(Guess(place(item.lines[0]), item.what, item.confidence, _shown(item.lines[0].plain)))
                if item.caption is not None:
                    paragraphs.append(_Paragraph("markup", [item.caption], markup=[caption_text(item.caption)]))
                    guesses.append(Guess(place(item.caption), "table caption (表N right above the table)", 0.8,
                                         item.caption.plain[:24]))
                paragraphs.append(_Paragraph("markup", list(item.lines), markup=item.markup))
                previous = None
                continue
            line, kind = item, _kind(item, m)
            indented = line.x0 >= m.left + 1.5 * m.size
            right_aligned = line.x0 > m.left + 0.3 * (m.right - m.left) and line.x1 >= m.right - 1.5 * m.size
            current = paragraphs[-1] if paragraphs and previous is not None else None
            join = False
            if current is not None and current.kind == kind == "name":
                join = True
            elif current is not None and current.kind == kind and kind in ("body", "small") and not indented \
                    and not right_aligned and not current.ended and line.bold == previous.bold \
                    and not (kind == "small" and (LIST_LABEL.match(line.plain) or CREDIT.match(line.plain))):
                if previous.page == line.page:
                    join = line.top - previous.top <= 1.6 * m.pitch
                else:
                    join = True
                    guesses.append(Guess(place(line), f"paragraph continued across the page break (page "
                                         f"{previous.page} to {line.page}: the line before reaches the right "
                                         "edge, this one has no indent)", 0.95,
                                         previous.plain[-8:] + "|" + line.plain[:8]))
            elif current is not None and current.kind == kind == "body" and _continues_subtitle(current, line, m):
                join = True  # a ——subtitle too long for one line goes on, centred, on the next
            if join and current is not None:
                current.lines.append(line)
            else:
                paragraphs.extend(pending)
                pending.clear()
                current = _Paragraph(kind, [line])
                paragraphs.append(current)
            current.ended = line.x1 < m.right - 1.5 * m.size or right_aligned
            previous = line
    return paragraphs + pending


def _centred(line: VisualLine, m: _Metrics) -> bool:
    """Set centred, away from both margins (a full line of the body is centred too, edge to edge)."""
    return (abs((line.x0 + line.x1) / 2 - m.centre) < m.size and line.x0 > m.left + 2 * m.size
            and line.x1 < m.right - 2 * m.size)


def _continues_subtitle(current: _Paragraph, line: VisualLine, m: _Metrics) -> bool:
    """``line`` is the second line of a centred ——subtitle: both centred, the same face, one line
    pitch apart on one page, the subtitle not yet closed by a sentence mark."""
    first, last = current.lines[0], current.lines[-1]
    return (first.plain.startswith("—") and all(_centred(x, m) for x in current.lines) and _centred(line, m)
            and last.page == line.page and line.top - last.top <= 1.6 * m.pitch
            and last.face == line.face and last.bold == line.bold and last.plain[-1:] not in _CLOSES_SENTENCE)


def _text(paragraph: _Paragraph, marked: bool) -> str:
    out_plain = out = ""
    for line in paragraph.lines:
        piece = line.text if marked and not line.bold else line.plain
        glue = _glue(out_plain, line.plain)
        out, out_plain = (out + glue + piece).replace("\x00", ""), out_plain + glue + line.plain
    if paragraph.kind == "name" and re.fullmatch(r"(?:[\u4e00-\u9fff] +)+[\u4e00-\u9fff]", out):
        out = out.replace(" ", "")  # a name set with letter spacing: 督 查 通 报
    return out


def _hint(paragraph: _Paragraph, text: str, next_kind: str, english: bool, in_body: bool, m: _Metrics,
          guesses: list[Guess], number: int) -> str:
    if paragraph.kind == "title":
        return "title"
    if paragraph.kind != "body":
        return ""
    first = paragraph.lines[0]
    short = len(paragraph.lines) == 1 and len(text) <= 40 and text[-1] not in _CLOSES_SENTENCE
    if short and first.bold:
        return "heading1" if first.face == "hei" else "heading3"
    if short and abs((first.x0 + first.x1) / 2 - m.centre) < m.size and first.x0 > m.left + m.size \
            and _FIGURE_CAPTION.match(text):
        guesses.append(Guess(number, "figure caption, kept as a paragraph (the picture is not read from the PDF)",
                             0.6, text))
        return "body"
    if short and first.face == "kai" and not text.startswith("—"):
        return "heading2"
    centred = abs((first.x0 + first.x1) / 2 - m.centre) < m.size and first.x0 > m.left + m.size
    if short and english and in_body and next_kind == "body" and first.x0 >= m.left + 1.5 * m.size \
            and len(text) <= 60 and not centred and not text.startswith(("(", "—", "-")):
        guesses.append(Guess(number, "in-body heading (a short indented line without closing punctuation)", 0.6,
                             text))
        return "heading1"
    return "body"


@dataclass
class PdfBulletin:
    """One bulletin of a PDF: the lines for the recogniser, where each came from ({line: (page, line on
    the page)}), its language, the guesses made reading it, and its pages."""

    lines: list[Line | None]
    places: dict[int, tuple[int, int]]
    language: str
    guesses: list[Guess]
    pages: tuple[int, int]


def pdf_bulletins(path: Path) -> list[PdfBulletin]:
    """The bulletins in a PDF: a new one starts on a page whose top holds a masthead name (large, red),
    as when a year's issues are printed into one file."""
    pages = read_pages(path)
    if not any(page.lines for page in pages):
        raise ValueError("the PDF has no text (a scan? this importer reads the text of a PDF, not its images)")
    m = _metrics(pages)
    groups: list[list[Page]] = []
    for page in pages:
        if not groups or any(_kind(line, m) == "name" and line.top < page.height * 0.4 for line in page.lines):
            groups.append([])
        groups[-1].append(page)
    lead: list[Guess] = []
    starts = [any(_kind(line, m) == "name" for line in group[0].lines) for group in groups]
    if len(groups) > 1 and not starts[0] and all(starts[1:]):
        skipped = groups.pop(0)  # a collection's own contents (总目录) before the first masthead
        lead.append(Guess(0, f"pages {skipped[0].number}-{skipped[-1].number} come before the first masthead "
                          "(a collection's contents): not imported", 0.7,
                          " ".join(line.plain for line in skipped[0].lines[:1])))
    out = []
    for group in groups:
        guesses: list[Guess] = list(lead)
        if len(groups) > 1:
            guesses.append(Guess(0, f"one of {len(groups)} bulletins in this PDF (pages {group[0].number}-"
                                 f"{group[-1].number}): a masthead starts each", 0.85))
        lines, places, language = _bulletin_lines(group, m, guesses)
        out.append(PdfBulletin(lines, places, language, guesses, (group[0].number, group[-1].number)))
    return out


def _bulletin_lines(pages: list[Page], m: _Metrics, guesses: list[Guess]):
    places: dict[int, tuple[int, int]] = {}
    counter = [0]
    keys: dict[int, int] = {}

    def place(line: VisualLine) -> int:  # a line's number in the import report, mapped to its page
        if id(line) not in keys:
            counter[0] += 1
            keys[id(line)] = counter[0]
            places[counter[0]] = (line.page, line.number)
        return keys[id(line)]

    language = "zh-CN" if is_chinese("".join(line.plain for page in pages for line in page.lines)) else "en"
    drop = _furniture(pages, guesses, place)
    rich = _rich(pages, m, drop)
    notes = {int(line.split("]", 1)[0][2:]) for found in rich.values() for f in found for line in f.markup
             if line.startswith("[^")}
    paragraphs = _paragraphs(pages, m, drop, guesses, place, rich)
    words = {w[0].lower() for page in pages for line in page.lines  # a line's first word may be half of one
             for w in re.finditer(r"(?<![A-Za-z-])[A-Za-z]+(?![A-Za-z-])", line.plain) if w.start()}
    for paragraph in paragraphs:
        if paragraph.kind == "body" and len(paragraph.lines) > 1:
            _dehyphenate(paragraph, words, guesses, place)
    has_titles = any(p.kind == "title" for p in paragraphs)
    out: list[Line | None] = []
    before_first_title = True
    for i, paragraph in enumerate(paragraphs):
        if paragraph.kind == "rule":
            out += [None, Line(0, "\x00rule", 0), None]
            continue
        if paragraph.kind == "markup":
            number = place(paragraph.lines[0])
            out.append(None)
            for markup in paragraph.markup:
                markup = resolve_references(markup, notes)
                out.append(Line(number, markup.strip(), len(markup) - len(markup.lstrip(" ")), "markup"))
            continue
        previous = paragraphs[i - 1] if i else None
        following = paragraphs[i + 1].kind if i + 1 < len(paragraphs) else ""
        text = resolve_references(_text(paragraph, marked=paragraph.kind == "body"), notes)
        if language == "zh-CN":
            text = repair_spacing(text)
        if not text:
            continue
        first = paragraph.lines[0]
        number = place(first)
        hint = _hint(paragraph, text, following, language == "en", not before_first_title, m, guesses, number)
        if not has_titles and hint == "body":
            hint = ""  # no size tells the titles here: the recogniser's own tests decide
        if hint in ("body", "") and "[^" in text and notes:
            hint = "markup"  # a footnote reference: parsed with the notes' texts
        together = previous is not None and previous.kind == paragraph.kind and (
            paragraph.kind == "title" or before_first_title and paragraph.kind == "body"
            and previous.lines[-1].page == first.page and first.top - previous.lines[-1].top <= 1.6 * m.pitch
            and previous.lines[-1].face == first.face and previous.lines[-1].bold == first.bold)
        if paragraph.kind == "title":
            before_first_title = False
        if not together:
            out.append(None)
        indent = max(0, round((first.x0 - m.left) / m.size)) * 2 if hint != "markup" else 0
        out.append(Line(number, text, indent, hint))
    return out, places, language
