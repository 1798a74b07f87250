"""Block structure of rich bodies (tables, lists, quotes, figures, footnotes) via markdown-it.

markdown-it-py (CommonMark, with GitHub tables and mdit-py-plugins' footnotes) finds the
blocks and their source lines; the inline text of each block goes through
:mod:`bulletin_cli.formats.markup_inline`. Constructs outside the subset are switched off so they
stay text and can be reported: raw HTML blocks (a comment spanning a blank line prints as
written), indented and fenced code, setext headings, thematic breaks and reference
definitions. markdown-it is imported on the first body that needs it (plain paragraphs
never do: :func:`bulletin_cli.formats.markup.parse_body`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bulletin_cli.formats.markup_inline import InlineProblem, parse_inline_rich
from bulletin_cli.model.issue import Block, Figure, ListBlock, Note, Quote, Run, Table

_CAPTION = re.compile(r"^(表\s*[0-9０-９一二三四五六七八九十]+|Table\s+\d+)[\s　.:：、]")
_PARSERS: dict = {}  # (tables, footnotes) -> a configured MarkdownIt
_BLANK_ONLY = re.compile(r"(?m)^[ \t\u3000]*\u3000[ \t\u3000]*$")


@dataclass(frozen=True)
class MarkupProblem:
    """A problem at character ``index`` of the body string."""

    index: int
    length: int
    code: str
    message: str
    hint: str


@dataclass
class Body:
    blocks: tuple
    notes: tuple[Note, ...] = ()
    problems: list[MarkupProblem] = field(default_factory=list)


def _parser(tables: bool = True, footnotes: bool = True):
    """The block parser, with the table and footnote rules only when the text can hold them:
    markdown-it tries the table rule at every line a paragraph continues on, which made a
    table-free body cost as much as one full of tables (docs/performance.md, Rich bodies)."""
    key = (tables, footnotes)
    if key not in _PARSERS:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin

        md = MarkdownIt("commonmark")
        if tables:
            md.enable("table")
        md.disable(["html_block", "code", "fence", "lheading", "hr", "reference"])
        if footnotes:
            md.use(footnote_plugin)
        # only block structure is wanted: inline text is parsed by bulletin_cli.formats.markup_inline
        md.disable(["footnote_tail", "inline", "text_join"], ignoreInvalid=True)
        _PARSERS[key] = md
    return _PARSERS[key]


class _Builder:
    def __init__(self, source: str, join, strip_comments):
        self.source = source
        self.lines = source.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.join = join
        self.strip_comments = strip_comments
        self.problems: list[MarkupProblem] = []
        self.note_labels: dict[str, int] = {}
        self.definitions: dict[str, tuple[tuple, int]] = {}
        self.references: list[tuple[str, int]] = []
        self.defined: set[str] = set()

    def at(self, line: int, needle: str = "") -> int:
        start = self.starts[min(line, len(self.lines))]
        found = self.source.find(needle, start) if needle else -1
        return found if found >= 0 else start + len(self.lines[line]) - len(self.lines[line].lstrip()) \
            if line < len(self.lines) else start

    def report(self, line: int, code: str, message: str, hint: str, needle: str = "") -> None:
        self.problems.append(MarkupProblem(self.at(line, needle), len(needle), code, message, hint))

    def inline(self, content: str, line: int):
        if "<!--" in content:
            content = self.strip_comments(content)
            if "<!--" in content:
                self.report(line, "M701", "this comment does not close in its paragraph and prints as text",
                            "close it with --> before the next blank line", "<!--")
        text = self.join(content.split("\n")) if "\n" in content else content.strip()
        parsed = parse_inline_rich(text)
        for problem in parsed.problems:
            self.report(line, problem.code, problem.message, problem.hint, problem.needle)
        runs = tuple(self.note_run(run, line) if run.note is not None else run for run in parsed.runs)
        return runs, parsed

    def note_run(self, run: Run, line: int) -> Run:
        if run.text not in self.defined:
            self.report(line, "M705", f"footnote [^{run.text}] has no text",
                        f"add a line '[^{run.text}]: …' after the paragraph", f"[^{run.text}]")
            return Run(f"[^{run.text}]")
        number = self.note_labels.setdefault(run.text, len(self.note_labels) + 1)
        self.references.append((run.text, line))
        return replace(run, text=str(number), note=number)

    def blocks(self, tokens: list, i: int, end_type: str | None) -> tuple[list, int]:
        out: list = []
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == end_type:
                return out, i + 1
            if kind == "paragraph_open":
                inline = tokens[i + 1]
                block = self.paragraph(inline.content, inline.map[0] if inline.map else 0)
                if not (isinstance(block, Block) and block.kind == "paragraph" and not block.runs):
                    out.append(block)  # a paragraph of comments only prints nothing, as on the fast path
                i += 3
            elif kind == "heading_open":
                inline = tokens[i + 1]
                runs, _ = self.inline(inline.content, inline.map[0])
                level = int(token.tag[1])
                if level > 4:
                    self.report(token.map[0], "M701", f"a level-{level} heading is not one of the four official levels",
                                "use #, ##, ### or #### (一、 （一） 1. （1））")
                    runs = (Run(token.markup + " "),) + runs
                    out.append(Block(runs))
                else:
                    out.append(Block(runs, "heading", level))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                items: list = []
                start = int(token.attrs.get("start", 1)) if token.attrs else 1
                close = kind.replace("_open", "_close")
                i += 1
                while tokens[i].type == "list_item_open":
                    item, i = self.blocks(tokens, i + 1, "list_item_close")
                    items.append(tuple(item))
                assert tokens[i].type == close
                out.append(ListBlock(kind == "ordered_list_open", tuple(items), start))
                i += 1
            elif kind == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(Quote(tuple(inner)))
            elif kind == "table_open":
                table, i = self.table(tokens, i)
                if out and isinstance(out[-1], Block) and out[-1].kind == "paragraph" and \
                        _CAPTION.match(out[-1].text) and len(out[-1].runs) == 1:
                    table = replace(table, caption=out.pop().text)
                out.append(table)
            elif kind == "footnote_reference_open":
                label = token.meta.get("label", "")
                inner, i = self.blocks(tokens, i + 1, "footnote_reference_close")
                if label in self.definitions:
                    self.report(token.map[0], "M705", f"footnote [^{label}] is defined twice",
                                "give each note its own label", f"[^{label}]:")
                self.definitions[label] = (tuple(inner), token.map[0])
            else:  # nothing else is produced with the rules enabled; keep its text rather than lose it
                if token.content:
                    out.append(Block((Run(token.content),)))
                i += 1
        return out, i

    def paragraph(self, content: str, line: int):
        runs, parsed = self.inline(content, line)
        stripped = content.strip()
        if parsed.images and len(parsed.images) == 1 and stripped.startswith("![") and stripped.endswith(")") \
                and len(runs) <= 1:  # no runs: a picture without alt text
            alt, src = parsed.images[0]
            return Figure(src, self.join([alt]) if alt else "")
        for alt, src in parsed.images:
            self.report(line, "M704", "an image must stand alone in its paragraph",
                        "put ![caption](file) on its own line, with blank lines around it", f"]({src})")
        if stripped.startswith("```"):
            self.report(line, "M701", "fenced code blocks are not supported", "write `code` inside a paragraph")
        return Block(runs)

    def table(self, tokens: list, i: int):
        rows: list = []
        align: list = []
        header_rows = 0
        width = None
        i += 1
        section = None
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type in ("thead_open", "tbody_open"):
                section = token.type
            elif token.type == "tr_open":
                cells: list = []
                line = token.map[0]
                i += 1
                while tokens[i].type != "tr_close":
                    cell = tokens[i]
                    if cell.type in ("th_open", "td_open"):
                        style = (cell.attrs or {}).get("style", "")
                        if section == "thead_open":
                            align.append(style.rsplit(":", 1)[1] if style else None)
                        runs, _ = self.inline(tokens[i + 1].content, line)
                        cells.append(runs)
                        i += 3
                    else:
                        i += 1
                if section == "thead_open":
                    header_rows += 1
                    width = len(cells)
                written = _count_cells(self.lines[line]) if line < len(self.lines) else len(cells)
                if width is not None and written != width:
                    self.report(line, "M706", f"table row has {written} cells, the header has {width}",
                                "give every row as many | cells | as the header (empty cells are fine)")
                rows.append(tuple(cells))
            i += 1
        return Table(tuple(rows), tuple(align), "", header_rows), i + 1


def _count_cells(line: str) -> int:
    """Cells written on a table line: unescaped | outside code spans, the outer pipes optional."""
    line = line.strip()
    count, code, i = 1, False, 0
    while i < len(line):
        char = line[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":
            code = not code
        elif char == "|" and not code:
            count += 1
        i += 1
    if line.startswith("|"):
        count -= 1
    if line.endswith("|") and len(line) > 1 and not line.endswith("\\|"):
        count -= 1
    return count


def blank_lines_as_commonmark(source: str) -> str:
    """A line of full-width spaces is a blank line (as the plain path reads it); index for index."""
    return _BLANK_ONLY.sub(lambda m: " " * len(m.group()), source) if "\u3000" in source else source


def parse_rich(source: str, join, strip_comments, pieces: list | None = None) -> Body:
    """The body's blocks; ``pieces`` (formats.markup.body_pieces) gives the plain blocks ready made
    and the (start, end, first line) of the runs markdown-it must read; None reads it all."""
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    source = blank_lines_as_commonmark(source)
    builder = _Builder(source, join, strip_comments)
    parsed: list = []
    for piece in pieces if pieces is not None else [(0, len(source), 0)]:
        if len(piece) == 3 and isinstance(piece[0], int):
            start, end, first_line = piece
            text = source[start:end]
            tokens = _parser("|" in text, "[^" in text).parse(text, {})
            if first_line:  # lines of the whole body, so that problems point at the right place
                for token in tokens:
                    if token.map:
                        token.map = [token.map[0] + first_line, token.map[1] + first_line]
            parsed.append(tokens)
        else:
            parsed.append(piece)
    builder.defined = {t.meta.get("label", "") for tokens in parsed if isinstance(tokens, list)
                       for t in tokens if t.type == "footnote_reference_open"}
    blocks: list = []
    for item in parsed:
        blocks.extend(builder.blocks(item, 0, None)[0] if isinstance(item, list) else item)
    notes = tuple(Note(number, builder.definitions[label][0]) for label, number in builder.note_labels.items())
    for label, (inner, line) in builder.definitions.items():
        if label not in builder.note_labels:
            builder.report(line, "M705", f"footnote [^{label}] is never referred to",
                           f"refer to it with [^{label}] in the text, or remove it", f"[^{label}]:")
            blocks.append(Block((Run(f"[^{label}]: "),) + (inner[0].runs if inner and isinstance(inner[0], Block)
                                                                else ())))
    return Body(tuple(blocks), notes, builder.problems)
