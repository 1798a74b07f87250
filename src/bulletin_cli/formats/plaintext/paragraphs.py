"""Paragraphs split at page breaks, joined again on evidence.

A PDF's text comes out with a blank line wherever a page ended, so a paragraph that ran onto
the next page is cut in two. Punctuation alone does not find every cut: some halves end with
a closing quote or even a full stop. The evidence used, strongest first:

- the first half ends without closing punctuation (``进一步健全`` | ``完善…``);
- in the typed layout the second half has no paragraph indent;
- the page rhythm: cuts without doubt fall about one page of typeset lines apart (estimated
  from them, 22 lines of 28 characters by default); a paragraph boundary close to where the
  next page must have ended, whose first half ends in ”/。 and with no other cut on that page,
  is taken for a cut too, with a lower confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin_cli.formats.plaintext.reader import Guess
from bulletin_cli.formats.plaintext.units import HEADINGS

_CLOSING = "。！？；：…”’）》」』!?.;:\"')"
_PAGE_LINES = 22.875  # typeset lines per page when no better estimate exists
_TOLERANCE = 2.0


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int
    position: float  # typeset lines from the start of the body to this paragraph's end
    indent: int = 0
    heading: int = 0  # a heading level the layout showed (typed layout), 0 for a paragraph
    markup: bool = False  # body markup as the reader found it (a Word table, list, footnote): parsed as such


def _joined(first: Paragraph, second: Paragraph) -> Paragraph:
    glue = " " if first.text[-1].isascii() and second.text[0].isascii() and first.text[-1] != "-" else ""
    return Paragraph(first.text + glue + second.text, first.line, second.position, first.indent, first.heading)


def _looks_like_heading(text: str) -> bool:
    return any(p.match(text) for _, p in HEADINGS) and len(text) <= 40


def page_period(anchors: list[float]) -> float:
    """Typeset lines per page, from the positions of certain cuts."""
    pages = lines = 0.0
    for a, b in zip(anchors, anchors[1:]):
        n = round((b - a) / _PAGE_LINES)
        if n >= 1:
            pages += n
            lines += b - a
    return lines / pages if pages else _PAGE_LINES


def find_cuts(paragraphs: list[Paragraph], typed: bool) -> dict[int, tuple[float, str]]:
    """Boundaries (index of the first half) taken for page-break cuts, with confidence and reason."""
    cuts: dict[int, tuple[float, str]] = {}
    for i, (first, second) in enumerate(zip(paragraphs, paragraphs[1:])):
        if _looks_like_heading(first.text) or _looks_like_heading(second.text) or first.heading or second.heading \
                or first.markup or second.markup:  # a table or list is not half a paragraph
            continue
        if first.text[-1] not in _CLOSING:
            cuts[i] = (0.9, "the first half ends without closing punctuation")
        elif typed and second.indent == 0 and first.indent > 0:
            cuts[i] = (0.85, "the second half has no paragraph indent")
    return cuts


def rhythm_cuts(paragraphs: list[Paragraph], anchors: list[float], period: float) -> dict[int, tuple[float, str]]:
    """Boundaries ending in ”/。 where the page rhythm says a page ended."""
    best: dict[tuple[float, int], tuple[float, int]] = {}  # (anchor, page) -> (distance, boundary)
    if not anchors:
        return {}
    for i, (first, second) in enumerate(zip(paragraphs, paragraphs[1:])):
        if first.text[-1] not in "。”" or _looks_like_heading(first.text) or _looks_like_heading(second.text) \
                or first.markup or second.markup:
            continue
        b = first.position
        before = [a for a in anchors if a < b]
        after = [a for a in anchors if a > b]
        if not before or (after and after[0] - b < period / 2):
            continue
        pages = (b - before[-1]) / period
        distance = abs(pages - round(pages)) * period
        page = (before[-1], round(pages))
        if page[1] >= 1 and distance <= _TOLERANCE and (page not in best or distance < best[page][0]):
            best[page] = (distance, i)  # only the boundary nearest to where the page ended
    return {i: (0.6, f"a page ends here by the page rhythm ({period:.1f} lines a page, {distance:.1f} off)")
            for distance, i in best.values()}


def join_page_splits(paragraphs: list[Paragraph], guesses: list[Guess], typed: bool,
                     anchors: list[float] | None = None, period: float | None = None) -> list[Paragraph]:
    """The paragraphs with page-break cuts joined; each join is a guess in the report."""
    cuts = find_cuts(paragraphs, typed)
    if anchors is not None and not typed:
        for i, value in rhythm_cuts(paragraphs, anchors, period or _PAGE_LINES).items():
            cuts.setdefault(i, value)
    out: list[Paragraph] = []
    for i, paragraph in enumerate(paragraphs):
        if out and (i - 1) in cuts:
            confidence, reason = cuts[i - 1]
            guesses.append(Guess(paragraph.line, f"paragraph joined to the one before (page break: {reason})",
                                 confidence, out[-1].text[-8:] + "|" + paragraph.text[:8]))
            out[-1] = _joined(out[-1], paragraph)
        else:
            out.append(paragraph)
    return out
