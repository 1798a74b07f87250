"""Lists, block quotes and footnotes on PDF pages, read from where the lines sit, as body markup.

- **Lists**: a line that starts with a mark (● • ▪ ◦ ○ ■ ◆ – -, or 1. 1、 1) （1） with a gap after
  it) is an item; the item's text starts after the gap, and a following line starting there
  (a hanging indent) goes on with it. Items whose marks stand further right are nested under
  the item before. A run of items is a list when it has a bullet, or two numbered items, or a
  numbered item whose text hangs: ``1.审批…`` set as a paragraph (no gap, the next line back
  at the margin) is an in-body heading or a paragraph, not a list.
- **Block quotes**: two or more lines set in from both sides by the same amount (a first-line
  indent aside), not a list; or one full line set in so (its first-line indent tells it from a
  centred line). A closing mark hung past a line's end (the PDF plugin's fitting) still ends it there.
- **Footnotes**: a reference is a small raised number in a line (``pdf.SUPER_OPEN``…); a note
  is a line that starts with that number (①, [1], a raised 1, or ``1.``) below the text, its
  wrapped lines hanging after it. A reference whose note is found becomes ``[^n]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulletin_cli.formats.plaintext.docx_rich import list_markup
from bulletin_cli.formats.plaintext.reader import is_chinese, repair_spacing
from bulletin_cli.formats.plaintext.pdf import SUPER_CLOSE, SUPER_OPEN, Edge, Page, VisualLine, line_text

_MARK = re.compile(r"^(?:(?P<bullet>[●•▪◦○■◆‣⁃·–\-])|(?P<number>\d{1,2}[.．、)）]|[（(]\d{1,2}[）)]))")
_BACK_LINK = re.compile(r"\s*[↩↑⤴]\s*$")
_NOTES_HEADING = re.compile(r"^(?:注释|注|Notes?|Footnotes)\s*[：:]?$", re.I)
_ENDS_SENTENCE = re.compile(r"[。！？!?.…][”’」』\"')）]*$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_REFERENCE = re.compile(f"{SUPER_OPEN}([0-9{_CIRCLED}]+){SUPER_CLOSE}")
_NOTE_START = re.compile(rf"^(?:(?P<circled>[{_CIRCLED}])|\[(?P<bracket>\d{{1,3}})\]|{SUPER_OPEN}(?P<raised>[0-9{_CIRCLED}]+)"
                         rf"{SUPER_CLOSE}|(?P<dotted>\d{{1,3}})[.．]\s)\s*")


@dataclass
class Found:
    """Lines of a page read as one construct: its markup lines and what the report says of it."""

    lines: list[VisualLine]
    markup: list[str]
    what: str
    confidence: float
    rules: list[float] = field(default_factory=list)
    caption: VisualLine | None = None
    items: list[list] = field(default_factory=list)  # a list's (mark x, text x, ordered, text), to join pages


def tidy(text: str) -> str:
    """A cell's or an item's text with the spaces a layout put between Chinese and digits removed
    (Typst's and Word's CJK-Latin spacing: 表 2, 8 月 20 日)."""
    return repair_spacing(text).strip() if is_chinese(text) else text.strip()


def glue(a: str, b: str) -> str:
    if not a or not b:
        return a + b
    return a + (" " if a[-1].isascii() and b[0].isascii() and a[-1].isalnum() else "") + b


def reference_number(mark: str) -> int:
    return _CIRCLED.index(mark) + 1 if mark in _CIRCLED else int(mark)


def _item(line: VisualLine, dots: list[Edge] = ()):
    """(mark x, text x, ordered, text) of a list item's first line, or None. A bullet may be a
    drawn dot just left of the line (a browser draws list discs as shapes)."""
    match = _MARK.match(line.plain)
    if not match and line.chars:
        middle = line.top + line.size / 2
        for dot in dots:
            if 0 <= line.x0 - dot.x1 < 1.5 * line.size and dot.top - 0.2 * line.size < middle < dot.bottom + 0.5 * line.size \
                    and dot.x1 - dot.x0 < 0.6 * line.size:
                return dot.x0, line.x0, False, line.text
    if not match or not line.chars:
        return None
    count = len(match.group(0))
    chars = line.chars
    if len(chars) <= count:
        return None
    gap = chars[count]["x0"] - chars[count - 1]["x1"]
    bullet = match["bullet"]
    if gap < 0.2 * line.size and (not bullet or bullet in "-–·"):
        return None  # 1.建强 / -5: a number or a hyphen that starts the text, not a mark
    text = line_text(chars[count:], line.size)[0].strip()
    return chars[0]["x0"], chars[count]["x0"], not bullet, text


def _near(a: float, b: float, size: float) -> bool:
    return abs(a - b) < 0.35 * size


_CLOSING_MARKS = "，。、；：？！）》」』】〕〉”’"


def _ends_at(line: VisualLine, edge: float, size: float) -> bool:
    """Whether a full line ends at ``edge``: a closing mark hung past it (允许标点溢出边界) ends a cell later."""
    return _near(line.x1, edge, size) or (line.plain[-1:] in _CLOSING_MARKS and _near(line.x1 - size, edge, size))


def _follows(line: VisualLine, previous: VisualLine, pitch: float) -> bool:
    return abs(line.size - previous.size) < 0.6 and 0 < line.top - previous.top <= 1.8 * pitch


def _list(lines: list[VisualLine], start: int, pitch: float, dots: list[Edge]) -> Found | None:
    first = _item(lines[start], dots)
    if first is None or lines[start].bold and first[2]:
        return None
    items = [[*first]]
    taken = [lines[start]]
    hangs = False
    for line in lines[start + 1:]:
        if not _follows(line, taken[-1], pitch):
            break
        item = _item(line, dots)
        if item is not None and not (line.bold and item[2]):
            items.append([*item])
        elif _near(line.x0, items[-1][1], line.size) and line.x0 > items[-1][0] + 0.3 * line.size:
            items[-1][3] = glue(items[-1][3], line.text)
            hangs = True
        else:
            break
        taken.append(line)
    bullets = any(not ordered for _, _, ordered, _ in items)
    if not (bullets or len(items) >= 2 or hangs):
        return None
    return _list_found(taken, items, 0.8 if bullets or hangs else 0.6)


def _list_found(taken: list[VisualLine], items: list[list], confidence: float) -> Found:
    size = taken[0].size
    marks: list[float] = []
    for x, *_ in items:
        if not any(_near(x, m, size) for m in marks):
            marks.append(x)
    marks.sort()
    depth = [next(i for i, m in enumerate(marks) if _near(x, m, size)) for x, *_ in items]
    markup = list_markup([(d, ordered, tidy(text)) for d, (_, _, ordered, text) in zip(depth, items)]).split("\n")
    what = f"list: {len(items)} items, nesting from the marks' indents ({max(depth) + 1} levels)"
    return Found(taken, markup, what, confidence, items=items)


def join_lists(before: Found, after: Found) -> Found | None:
    """One list from a list that ends a page and one that starts the next, or None when they are not
    both lists of the same size (the nesting is read again over both: a page may hold one level only)."""
    if not (before.items and after.items) or abs(before.lines[0].size - after.lines[0].size) > 0.6:
        return None
    joined = _list_found(before.lines + after.lines, before.items + after.items,
                         max(before.confidence, after.confidence))
    joined.what += f" (continued from page {before.lines[0].page} to {after.lines[0].page})"
    return joined


def _quote(lines: list[VisualLine], start: int, left: float, right: float, size: float, pitch: float):
    first = lines[start]
    if abs(first.size - size) > 0.12 * size or first.plain.startswith(("—", "-")) or _item(first):
        return None
    run = [first]
    for line in lines[start + 1:]:
        if not _follows(line, run[-1], pitch) or _item(line):
            break
        run.append(line)
        if len(run) > 2 and not _near(line.x0, run[1].x0, size):
            run.pop()
            break
    while len(run) >= 2:
        inset = run[1].x0 - left
        if inset >= 1.5 * size and all(_near(line.x0, run[1].x0, size) for line in run[1:]) \
                and (_near(first.x0, run[1].x0, size) or size <= first.x0 - run[1].x0 <= 4 * size) \
                and all(_ends_at(line, right - inset, size) for line in run[:-1]) \
                and run[-1].x1 <= right - inset + 0.5 * size:
            break
        run.pop()
    if len(run) < 2:
        # One full line: set in from the left by the inset and a first-line indent of two
        # characters, from the right by the inset alone (a centred line is set in alike both sides).
        inset = first.x0 - left - 2 * size
        run = [first] if inset >= 1.5 * size and _ends_at(first, right - inset, size) else []
    if not run or not _ENDS_SENTENCE.search(run[-1].plain):
        return None  # a quote ends a sentence: contents entries and titles set in do not
    text = ""
    for line in run:
        text = glue(text, line.text)
    return Found(run, ["> " + tidy(text)], "block quote (lines set in from both sides)", 0.6)


def _note_start(line: VisualLine):
    match = _NOTE_START.match(line.plain)
    if not match:
        return None
    mark = match["circled"] or match["bracket"] or match["raised"] or match["dotted"]
    if not re.fullmatch(f"[{_CIRCLED}]|\\d+", mark):
        return None
    text_match = _NOTE_START.match(line.text)
    return reference_number(mark), line.text[text_match.end():] if text_match else line.plain[match.end():]


def references(pages: list[Page]) -> set[int]:
    """The numbers printed raised in the text (footnote references)."""
    out: set[int] = set()
    for page in pages:
        for line in page.lines:
            for mark in _REFERENCE.findall(line.plain):
                if re.fullmatch(f"[{_CIRCLED}]|\\d+", mark):
                    out.add(reference_number(mark))
    return out


def _set_apart(lines: list[VisualLine], start: int, page: Page, size: float, pitch: float) -> bool:
    """Notes stand apart from the text: set smaller, under a short rule, or under a 注释： heading
    (a paragraph of the text may well start with ①)."""
    line = lines[start]
    if line.size < 0.95 * size:
        return True
    if start and _NOTES_HEADING.match(lines[start - 1].plain):
        return True
    return any(e.top == e.bottom and e.x1 - e.x0 < 0.45 * page.width and 0 < line.top - e.top < 2 * pitch
               for e in page.edges)


def _notes(lines: list[VisualLine], start: int, wanted: set[int], size: float, pitch: float,
           page: Page) -> Found | None:
    first = _note_start(lines[start])
    if first is None or first[0] not in wanted or lines[start].size > size + 0.6 \
            or not _set_apart(lines, start, page, size, pitch):
        return None
    notes = [[*first]]
    taken = [lines[start]]
    for line in lines[start + 1:]:
        if not _follows(line, taken[-1], pitch):
            break
        note = _note_start(line)
        if _BACK_LINK.match(line.plain):
            pass  # a browser's link back to the reference (↩)
        elif note is not None and note[0] in wanted:
            notes.append([*note])
        elif line.x0 >= taken[0].x0 - 0.35 * line.size and not _MARK.match(line.plain):
            notes[-1][1] = glue(notes[-1][1], line.text)
        else:
            break
        taken.append(line)
    if start and _NOTES_HEADING.match(lines[start - 1].plain) and _follows(lines[start], lines[start - 1], pitch):
        taken.insert(0, lines[start - 1])  # 注释： over the notes: the markup needs no heading
    markup = [f"[^{number}]: {tidy(_BACK_LINK.sub('', text))}" for number, text in notes]
    return Found(taken, markup, f"footnotes {', '.join(str(n) for n, _ in notes)} (their texts below the article)", 0.85)


def find_blocks(page: Page, taken: set[int], wanted_notes: set[int], left: float, right: float, size: float,
                pitch: float) -> list[Found]:
    """The lists, block quotes and footnote texts on ``page`` (lines in ``taken`` skipped)."""
    lines = [line for line in page.lines if id(line) not in taken]
    out: list[Found] = []
    index = 0
    while index < len(lines):
        found = _notes(lines, index, wanted_notes, size, pitch, page) if wanted_notes else None
        found = found or _list(lines, index, pitch, page.dots) or _quote(lines, index, left, right, size, pitch)
        if found is None:
            index += 1
            continue
        out.append(found)
        index = lines.index(found.lines[-1]) + 1
    return out


def resolve_references(text: str, notes: set[int]) -> str:
    """Raised numbers as ``[^n]`` where note n was found, else as the digits they are."""
    def one(match: re.Match) -> str:
        mark = match.group(1)
        if re.fullmatch(f"[{_CIRCLED}]|\\d+", mark) and reference_number(mark) in notes:
            return f"[^{reference_number(mark)}]"
        return mark
    return _REFERENCE.sub(one, text) if SUPER_OPEN in text else text
