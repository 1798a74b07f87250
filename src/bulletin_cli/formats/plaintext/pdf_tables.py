"""Tables on a PDF page, read from where the words sit, as pipe-table body markup.

A table drawn without rules between its columns (a 三线表: rules above, under the header and
below only, as the PDF plugin prints it; many Word and browser tables too) is invisible to
rule-based table finders. What every table shows is columns: stretches of the page's width
that no word of several consecutive lines crosses (gutters), while each line holds words on
both sides of one. Here:

- a line is cut into runs of characters where the gap between two is wide (0.7 em and more);
- a table is a run of consecutive lines, at least two of them with more than one run, that
  keeps at least one gutter; once two lines have shown the gutters, a line crossing one ends
  the table (a paragraph after it); a line within one column is a wrapped line of a cell;
- rows come from the height: lines whose boxes overlap are one row (cells centred
  vertically), lines a row apart by the rules drawn between them where there are some, else
  by the gaps (a cell's wrapped lines stand closer than rows do), else a line with nothing in
  the first column continues the row above;
- the first row is the header; a column's alignment is read from where its cells start and
  end (left edges equal: left; right edges: right; middles: centred);
- a centred 表N / Table N line right above is the caption.

Passages that only look like two columns are left alone: a colophon's 承办/编辑 line, a
contents page whose last column is page numbers, two-column running text.
"""

from __future__ import annotations

import re
from bulletin_cli.formats.plaintext.colophon import CREDIT, LIST_LABEL
from bulletin_cli.formats.plaintext.pdf import Edge, Page, VisualLine, line_text
from bulletin_cli.formats.plaintext.pdf_blocks import Found, glue, tidy

_CAPTION = re.compile(r"^(?:表\s*[0-9一二三四五六七八九十]+|Table\s*\d+)")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_LABELLED = re.compile(r"^[^\s：:]{1,8}[：:]")
_GAP = 0.7  # em between two characters that starts a new run
_GUTTER = 0.45  # em of width no run may cross for a column gap


def runs_of(line: VisualLine) -> list[list[dict]]:
    """The line's characters cut where two stand wide apart."""
    out: list[list[dict]] = []
    for char in sorted(line.chars, key=lambda c: c["x0"]):
        if out and char["x0"] - out[-1][-1]["x1"] < _GAP * line.size:
            out[-1].append(char)
        else:
            out.append([char])
    return out


def _cover(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for a, b in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _gutters(spans: list[tuple[float, float]], size: float) -> list[tuple[float, float]]:
    covered = _cover(spans)
    return [(a[1], b[0]) for a, b in zip(covered, covered[1:]) if b[0] - a[1] >= _GUTTER * size]


def _crosses(span: tuple[float, float], gutters: list[tuple[float, float]]) -> bool:
    """The run reaches from one side of a gutter to the other (running into one only narrows it)."""
    return any(span[0] < a and span[1] > b for a, b in gutters)


def _spans(line: VisualLine) -> list[tuple[float, float]]:
    return [(run[0]["x0"], run[-1]["x1"]) for run in runs_of(line)]


def _looks_like_prose(line: VisualLine) -> bool:
    """A colophon line (承办：…　编辑：…) or a distribution list: label runs, not cells."""
    if CREDIT.match(line.plain) or LIST_LABEL.match(line.plain):
        return True
    texts = [line_text(run, line.size)[1].strip() for run in runs_of(line)]
    return len(texts) > 1 and all(_LABELLED.match(t) for t in texts)  # 主编：甲　　责任编辑：乙


def _block(lines: list[VisualLine], start: int, pitch: float) -> list[VisualLine]:
    """The longest run of lines from ``start`` that keeps a gutter (see the module's description)."""
    first = lines[start]
    block = [first]
    spans = _spans(first)
    gutters = _gutters(spans, first.size)
    shown = 1  # lines with more than one run: they show the gutters
    for line in lines[start + 1:]:
        previous = block[-1]
        if abs(line.size - first.size) > 0.6 or line.top - previous.top > max(2.6 * first.size, 1.6 * pitch) \
                or _looks_like_prose(line):
            break
        own = _spans(line)
        if shown >= 2 and any(_crosses(span, gutters) for span in own):
            break
        narrowed = _gutters(spans + own, first.size)
        if not narrowed or shown >= 2 and len(narrowed) < len(gutters):
            break
        block.append(line)
        spans += own
        gutters = narrowed
        shown += len(own) > 1
    while len(block) > 1 and len(_spans(block[-1])) == 1 and block[-1].x0 < gutters[0][0] and \
            block[-1].plain[-1:] in "。！？":
        block.pop()  # a paragraph's last line right under the table
    return block


def _rows(block: list[VisualLine], columns: list[tuple[float, float]], rules: list[float], size: float):
    """Lines grouped into rows (see the module's description)."""
    groups: list[list[VisualLine]] = []
    for line in block:
        if groups and line.top < max(x.top + x.size for x in groups[-1]) - 0.2 * size \
                and not any(groups[-1][-1].top < r < line.top for r in rules):
            groups[-1].append(line)
        else:
            groups.append([line])
    between = [r for r in rules if block[0].top < r < block[-1].top]
    if len(between) >= len(groups) - 1 and len(between) > 1:
        return groups  # a rule under every row: the rules are the rows
    gaps = []
    for a, b in zip(groups, groups[1:]):
        ruled = any(a[-1].top < r < b[0].top for r in rules)
        gaps.append((b[0].top - max(x.top + x.size for x in a), ruled))
    free = [g for g, ruled in gaps if not ruled]
    merged = [groups[0]]
    for group, (gap, ruled) in zip(groups[1:], gaps):
        close = bool(free) and max(free) - min(free) > 0.3 * size and gap < min(free) + 0.15 * size
        empty_first = not any(columns[0][0] <= (c["x0"] + c["x1"]) / 2 <= columns[0][1]
                              for line in group for c in line.chars)
        if not ruled and (close or (not free or max(free) - min(free) <= 0.3 * size) and empty_first):
            merged[-1] = merged[-1] + group
        else:
            merged.append(group)
    return merged


def _cells(rows, columns, header_rows: int) -> tuple[list[list[str]], list[list[tuple[float, float]]]]:
    texts: list[list[str]] = []
    extents: list[list[tuple[float, float]]] = []
    for number, row in enumerate(rows):
        cells = [""] * len(columns)
        spans: list[list[float]] = [[] for _ in columns]
        for line in sorted(row, key=lambda x: x.top):
            parts: list[list[dict]] = [[] for _ in columns]
            for char in line.chars:
                middle = (char["x0"] + char["x1"]) / 2
                index = next((i for i, (a, b) in enumerate(columns) if middle <= b), len(columns) - 1)
                parts[index].append(char)
            for index, chars in enumerate(parts):
                if chars:
                    text = line_text(chars, line.size, keep_all_bold=number >= header_rows)[0].strip()
                    cells[index] = glue(cells[index], text)
                    spans[index] += [chars[0]["x0"], chars[-1]["x1"]]
        texts.append([tidy(c).replace("|", "\\|") for c in cells])
        extents.append([(min(s), max(s)) if s else (0.0, 0.0) for s in spans])
    return texts, extents


def _alignments(extents, size: float) -> list[str]:
    out = []
    for index in range(len(extents[0])):
        seen = [row[index] for row in extents if row[index] != (0.0, 0.0)]
        if len(seen) < 2:
            out.append("---")
            continue
        spread = [max(v) - min(v) for v in zip(*[(a, b, (a + b) / 2) for a, b in seen])]
        tight = 0.15 * size
        if spread[0] < tight:
            out.append("---")
        elif spread[1] < tight:
            out.append("--:")
        elif spread[2] < tight:
            out.append(":-:")
        else:
            out.append("---")
    return out


def _is_contents(texts: list[list[str]]) -> bool:
    """A contents page: two columns, the second page numbers that never go down."""
    if len(texts[0]) != 2:
        return False
    numbers = [row[1] for row in texts if row[1]]
    return bool(numbers) and all(_PAGE_NUMBER.match(n) for n in numbers) and \
        [int(n) for n in numbers] == sorted(int(n) for n in numbers)


def _is_running_text(block: list[VisualLine], columns, size: float) -> bool:
    """Two columns of running text (a two-column page): both columns wide and most of their lines full."""
    if len(columns) != 2 or len(block) < 6:
        return False
    return all(b - a > 12 * size for a, b in columns)


def _clusters(values: list[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _grids(page: Page) -> list[tuple[list[float], list[float]]]:
    """Ruled tables: (column edges, row edges) where vertical rules stand side by side over one
    stretch of the page, at least three of them (two columns)."""
    vertical = sorted((e for e in page.edges if e.x0 == e.x1 and e.bottom - e.top > 4), key=lambda e: e.top)
    groups: list[list[Edge]] = []
    for edge in vertical:
        if groups and edge.top <= max(e.bottom for e in groups[-1]) + 2:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    out = []
    for group in groups:
        xs = _clusters([e.x0 for e in group], 2)
        if len(xs) < 3:
            continue
        top, bottom = min(e.top for e in group), max(e.bottom for e in group)
        ys = _clusters([e.top for e in page.edges if e.top == e.bottom and top - 2 <= e.top <= bottom + 2
                        and e.x0 >= xs[0] - 2 and e.x1 <= xs[-1] + 2] + [top, bottom], 2)
        out.append((xs, ys))
    return out


def _grid_table(grid, lines: list[VisualLine]) -> Found | None:
    xs, ys = grid
    inside = [line for line in lines if ys[0] - 2 <= line.top + line.size / 2 <= ys[-1] + 2
              and line.x0 >= xs[0] - 2 and line.x1 <= xs[-1] + 2]
    if not inside:
        return None
    columns = list(zip(xs, xs[1:]))
    rows: list[list[VisualLine]] = [[] for _ in zip(ys, ys[1:])]
    for line in inside:
        middle = line.top + line.size / 2
        index = next((i for i, (a, b) in enumerate(zip(ys, ys[1:])) if middle <= b), len(rows) - 1)
        rows[index].append(line)
    rows = [row for row in rows if row]
    if len(rows) < 2:
        return None
    texts, extents = _cells(rows, columns, 1)
    aligns = _alignments(extents, inside[0].size)
    markup = ["| " + " | ".join(row) + " |" for row in texts]
    markup.insert(1, "| " + " | ".join(aligns) + " |")
    what = f"table: {len(columns)} columns, {len(rows)} rows, from its rules (the first row taken for the header)"
    return Found(inside, markup, what, 0.9, [y for y in ys])


def find_tables(page: Page, pitch: float, taken: set[int]) -> list[Found]:
    """The tables on ``page``; lines in ``taken`` (ids) are skipped."""
    lines = [line for line in page.lines if id(line) not in taken]
    out: list[Found] = []
    for grid in _grids(page):
        found = _grid_table(grid, lines)
        if found is not None:
            first = lines.index(found.lines[0])
            above = lines[first - 1] if first else None
            if above is not None and _CAPTION.match(above.plain) and found.lines[0].top - above.top < 3 * pitch:
                found.caption = above
            out.append(found)
            claimed = {id(line) for line in found.lines + ([found.caption] if found.caption else [])}
            lines = [line for line in lines if id(line) not in claimed]
    horizontal = [e for e in page.edges if e.top == e.bottom]
    index = 0
    while index < len(lines):
        line = lines[index]
        if len(_spans(line)) < 2 or _looks_like_prose(line):
            index += 1
            continue
        block = _block(lines, index, pitch)
        found = _table(block, horizontal, lines[index - 1] if index else None, pitch) \
            if sum(len(_spans(x)) > 1 for x in block) >= 2 else None
        if found is None:
            index += 1
            continue
        out.append(found)
        index += len(block)
    return out


def _table(block: list[VisualLine], horizontal: list[Edge], above: VisualLine | None, pitch: float):
    size = block[0].size
    spans = [span for line in block for span in _spans(line)]
    gutters = _gutters(spans, size)
    if not gutters:
        return None
    left, right = min(a for a, _ in spans), max(b for _, b in spans)
    edges = [a for a, _ in gutters]
    columns = [(left if i == 0 else gutters[i - 1][1], edges[i] if i < len(gutters) else right)
               for i in range(len(gutters) + 1)]
    width = right - left
    top, bottom = block[0].top - 1.5 * size, block[-1].top + 2.5 * size
    rules = sorted({round(e.top, 1) for e in horizontal if top < e.top < bottom and e.x1 - e.x0 >= 0.6 * width
                    and e.x0 <= left + size and e.x1 >= right - size})
    rows = _rows(block, columns, rules, size)
    header_rows = 1
    if len(rows) < 2 or (len(rows) < 3 and not rules):
        return None  # two lines side by side are no table without rules to say so
    texts, extents = _cells(rows, columns, header_rows)
    if _is_contents(texts) or _is_running_text(block, columns, size):
        return None
    aligns = _alignments(extents, size)
    markup = ["| " + " | ".join(row) + " |" for row in texts]
    markup.insert(1, "| " + " | ".join(aligns) + " |")
    caption = above if above is not None and _CAPTION.match(above.plain) and block[0].top - above.top < 3 * pitch \
        else None
    ruled = "rules above and below" if rules else "no rules"
    what = (f"table: {len(columns)} columns, {len(rows)} rows, read from the words' positions ({ruled}; "
            f"the first row taken for the header)")
    return Found(block, markup, what, 0.8 if rules else 0.65, rules, caption)


def caption_text(line: VisualLine) -> str:
    """The caption as written: the gap after 表N is a full-width space in Chinese."""
    runs = runs_of(line)
    texts = [tidy(line_text(run, line.size)[1]) for run in runs]
    if len(texts) == 1:
        match = re.match(r"^((?:表|Table)\s*[0-9一二三四五六七八九十]+)\s+(.*)$", texts[0])
        return f"{match[1]}　{match[2]}" if match and not texts[0].isascii() else texts[0]
    gap = "　" if not line.plain.isascii() else " "
    return gap.join(texts)
