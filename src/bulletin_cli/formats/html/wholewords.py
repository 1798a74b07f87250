"""Titles, contents entries and unit names as HTML whose lines break only between words.

GB/T 9704-2012 7.3.1 keeps the words of a title whole (词意完整), and the same goes for the
contents and the colophon's unit names (市委办公｜厅 is the fault). A browser breaks Chinese
text between any two characters, so each word of two or more Chinese characters goes in a
``<span class="word">``, which the stylesheet keeps on one line (``white-space: nowrap``);
between words the browser's own rules still apply (``line-break: strict``: no line starts
with ，or ”). The words come from :mod:`bulletin_cli.formats.words`, the segmenter the text
layout and the PDF plugin use, so every layout breaks a title at the same places.

Why spans and not ``word-break: keep-all`` with ``<wbr>``: the fragments are XHTML too (EPUB
chapters, see :mod:`.parts`), where ``<wbr>`` would have to be written ``<wbr/>``, which the
HTML checker flags; and keep-all leaves no break at all in a run without ``<wbr>``. A span
is well-formed in both, and text copied or indexed from the page is unchanged.

The whole text is wrapped in one ``<span class="words">`` so a layout can treat it as one
box (the contents hang a title after its number with it).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# A mark that may not start a line joins the word before it; one that may not end a line joins
# the word after it (GB/T 15834; CSS line-break: strict agrees, the join only saves spans).
_JOINS_BEFORE = frozenset("，。、；：？！）》」』】〕〉”’…%‰,.;:?!)]}")
_JOINS_AFTER = frozenset("（《「『【〔〈“‘([{<")
_JOINS_BOTH = frozenset("·・—-/～~")  # 红·绿·蓝, ——副题, 1-6月: nothing breaks beside them
# A longer "word" is a segmenter's miss or a long Latin run: let the browser break it rather
# than push it past the edge of a narrow screen.
LONGEST_WORD = 12


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


_SPACES = re.compile(r"\s+")


def word_runs(text: str) -> list[str]:
    """``text`` cut where a line may break: between words, with the marks that cling to a word
    joined to it and spaces on their own. Joined, the runs give ``text`` back."""
    from bulletin_cli.formats.words import break_opportunities

    # where a run of spaces starts or ends (str.isspace and \s agree on str patterns)
    edges = {i for match in _SPACES.finditer(text) for i in match.span() if 0 < i < len(text)}
    cuts = sorted(edges.union(break_opportunities(text)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if a < b]
    runs: list[str] = []
    glue_next = False
    for piece in pieces:
        joins_previous = runs and not runs[-1][-1].isspace() and not piece[0].isspace() and (
            glue_next or piece[0] in _JOINS_BEFORE or piece[0] in _JOINS_BOTH or runs[-1][-1] in _JOINS_BOTH)
        if joins_previous:
            runs[-1] += piece
        else:
            runs.append(piece)
        glue_next = piece[-1] in _JOINS_AFTER
    return runs


@lru_cache(maxsize=2048)
def keep_words(text: str) -> str:
    """``text`` escaped for HTML and XHTML, each word that a browser could split in a
    ``<span class="word">``, the whole in a ``<span class="words">``.

    Cached: a page prints each title twice (contents and heading) and each column name and
    the series name on every page."""
    out = []
    for run in word_runs(text):
        escaped = html.escape(run, quote=True)
        breakable = len(run) > 1 and any(_is_wide(c) for c in run)
        if breakable and len(run) <= LONGEST_WORD:
            out.append(f'<span class="word">{escaped}</span>')
        else:
            out.append(escaped)
    return f'<span class="words">{"".join(out)}</span>'


__all__ = ["keep_words", "word_runs"]
