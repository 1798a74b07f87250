"""Rich blocks in the plain-text layout: tables in display columns, figures, lists, quotes,
footnote marks (①②) and a numbered list of link addresses after each article."""

from __future__ import annotations

from bulletin_cli.formats.text.layout import centre, display_width, indent_like, pad, wrap
from bulletin_cli.model.issue import Block, Figure, ListBlock, Quote, Runs, Table, Text

COLUMN_GAP = 2


def circled(number: int) -> str:
    """①…⑳, ㉑…㉟, ㊱…㊿; [51] beyond."""
    if 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    if 36 <= number <= 50:
        return chr(0x32B1 + number - 36)
    return f"[{number}]"


class TextBlocks:
    """Lays out one article's blocks; collects its link addresses for the list that follows it."""

    def __init__(self, width: int, cjk: bool, indent: str, labels):
        self.width, self.cjk, self.indent, self.labels = width, cjk, indent, labels
        self.links: list[str] = []

    def runs(self, runs: Runs) -> str:
        out = []
        for run in runs:
            if run.note is not None:
                out.append(circled(run.note))
                continue
            out.append(run.text)
            if run.link and run.text != run.link and "mailto:" + run.text != run.link:
                if run.link not in self.links:
                    self.links.append(run.link)
                out.append(f"[{self.links.index(run.link) + 1}]")
        return "".join(out)

    def blocks(self, blocks: Text, first: str = "", lead: str = "", heading=None) -> list[str]:
        """Lines of ``blocks``; ``first`` starts the first line, ``lead`` every other (hanging indent)."""
        lines: list[str] = []
        for number, block in enumerate(blocks):
            start = first if number == 0 else (lead or self.indent)
            if isinstance(block, (Table, Figure)):  # set apart from the running text by blank lines
                lines += ([""] if lines or first else []) + (self.table(block) if isinstance(block, Table) else
                          self.centred(self.labels.figure.format(caption=block.caption or block.src))) + [""]
            elif isinstance(block, ListBlock):
                lines += self.list(block, start if first else self.indent)
            elif isinstance(block, Quote):
                lines += self.blocks(block.blocks, start + pad(4, self.cjk), (lead or self.indent) + pad(4, self.cjk))
            elif heading is not None and block.kind == "heading":
                lines += heading(block)
            else:
                lines += wrap(self.runs(block.runs), self.width, initial=start, subsequent=lead, cjk=self.cjk)
        return lines

    def list(self, block: ListBlock, indent: str) -> list[str]:
        lines = []
        for number, item in enumerate(block.items, block.start):
            # not ·, which may not start a line (GB/T 15834); ● for Chinese, as • is not in GBK
            marker = f"{number}. " if block.ordered else ("● " if self.cjk else "• ")
            hang = indent + indent_like(marker, self.cjk)
            lines += self.blocks(item or (Block(()),), indent + marker, hang)
        return lines

    def centred(self, text: str) -> list[str]:
        if not self.width:
            return [text]
        return [centre(line, self.width, self.cjk) for line in wrap(text, self.width, cjk=self.cjk)]

    def table(self, table: Table) -> list[str]:
        cells = [[self.runs(cell) for cell in row] for row in table.rows]
        count = max((len(row) for row in cells), default=0)
        cells = [row + [""] * (count - len(row)) for row in cells]
        widths = [max((display_width(row[c], self.cjk) for row in cells), default=0) for c in range(count)]
        widths = self.fit(widths, count)
        lines = self.centred(table.caption) if table.caption else []
        wrapped_rows = [[wrap(text, widths[c], cjk=self.cjk) if widths[c] else [text] for c, text in enumerate(row)]
                        for row in cells]
        if self.width and any(display_width(line, self.cjk) > widths[c]
                              for row in wrapped_rows for c, cell in enumerate(row) for line in cell):
            return lines + self.records(cells, table.header_rows)
        rule_width = sum(widths) + COLUMN_GAP * (count - 1)
        margin = pad((self.width - rule_width) // 2, self.cjk) if self.width > rule_width else ""
        rule = ("－" * (rule_width // 2) + "-" * (rule_width % 2)) if self.cjk else "-" * rule_width
        align = list(table.align) + [None] * count
        for index, wrapped in enumerate(wrapped_rows):
            for depth in range(max(len(w) for w in wrapped)):
                parts = [self.aligned(w[depth] if depth < len(w) else "", widths[c], align[c])
                         for c, w in enumerate(wrapped)]
                lines.append((margin + pad(COLUMN_GAP, self.cjk).join(parts)).rstrip(" \u3000"))
            if index + 1 == table.header_rows:
                lines.append(margin + rule)
        return lines

    def records(self, cells: list[list[str]], header_rows: int) -> list[str]:
        """A table too wide for the line even with its cells wrapped: each row as lines of
        "header：cell" (or "header: cell"), rows apart by a blank line; nothing is dropped."""
        headers = [" ".join(part for part in column if part) for column in zip(*cells[:header_rows])] \
            if header_rows else [""] * len(cells[0])
        separator = "：" if self.cjk else ": "
        lines: list[str] = []
        for row in cells[header_rows:] or cells:
            if lines:
                lines.append("")
            for header, cell in zip(headers, row):
                label = f"{header}{separator}" if header else ""
                lines += wrap(label + cell, self.width, subsequent=pad(2 if self.cjk else 2, self.cjk), cjk=self.cjk)
        return lines

    def fit(self, widths: list[int], count: int) -> list[int]:
        """Column widths within the line: the widest columns give way first, none under one Chinese character."""
        if not self.width:
            return widths
        room = self.width - COLUMN_GAP * (count - 1)
        widths = list(widths)
        while sum(widths) > room and max(widths) > 2:
            widest = widths.index(max(widths))
            widths[widest] -= 1
        return widths

    def aligned(self, text: str, width: int, align) -> str:
        space = max(width - display_width(text, self.cjk), 0)
        if align == "right":
            return pad(space, self.cjk) + text
        if align == "center":
            return pad(space // 2, self.cjk) + text + pad(space - space // 2, self.cjk)
        return text + pad(space, self.cjk)

    def references(self) -> list[str]:
        """The article's link addresses, numbered as their marks in the text."""
        if not self.links:
            return []
        lines = [self.labels.links]
        for number, url in enumerate(self.links, 1):
            label = f"[{number}] "
            lines += wrap(url, self.width, initial=label, subsequent=indent_like(label, self.cjk), cjk=self.cjk)
        return lines
