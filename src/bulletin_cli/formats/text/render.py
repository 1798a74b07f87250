"""The plain-text official layout (`--to text`): the issue as a typed bulletin reads.

The plugin that registers it is :mod:`bulletin_cli.formats.text.plugin`.

Masthead centred, a rule, the 领导批示 box, the contents by column, each article (title
centred, subtitle, paragraphs indented two full-width spaces, the attribution flush right),
then the colophon between rules. Every label comes from ``issue.labels``. Lines are wrapped
by :mod:`bulletin_cli.formats.text.layout`; docs/cli/text-layout.md describes the layout.

The result is a ``str`` with ``\\n`` line ends and one final newline; `bulletin export`
applies the encoding (UTF-8, GB18030) and CRLF through ``api.encode_output``.
"""

from __future__ import annotations

from typing import Sequence

from bulletin_cli.formats.exporter import ExportOptions, OptionError
from bulletin_cli.formats.text.layout import (
    centre, display_width, indent_like, pad, right, spread, word_breaks, wrap, wrap_title,
)
from bulletin_cli.model.issue import Article, Issue, Text

ENTRY_SEPARATORS = "，、；"  # between the names of a colophon list

# GB/T 9704 5.2.3: 28 characters per line; a Chinese character is 2 display columns.
DEFAULT_WIDTH = 56
MIN_WIDTH = 16
PARAGRAPH_INDENT = {True: "\u3000\u3000", False: "    "}  # two full-width spaces; 4 columns in English
COLOPHON_SEPARATOR = {True: "\u3000", False: "   "}

Section = list[str]


def is_cjk(language: str) -> bool:
    return language.split("-")[0].lower() in {"zh", "ja", "ko"}


class TextLayout:
    """Lays out one issue at one width (0: nothing wrapped or centred, one line per paragraph)."""

    def __init__(self, issue: Issue, width: int):
        self.issue = issue
        self.labels = issue.labels
        self.width = width
        self.cjk = is_cjk(issue.language)
        self.indent = PARAGRAPH_INDENT[self.cjk]

    # -- building blocks ------------------------------------------------------------------

    def rule(self, thick: bool) -> str:
        columns = self.width or DEFAULT_WIDTH
        if self.cjk:
            return ("＝" if thick else "－") * (columns // 2)
        return ("=" if thick else "-") * columns

    def centred(self, text: str) -> list[str]:
        """A heading: wrapped into balanced lines, each centred (flush left at width 0)."""
        if not self.width:
            return [text]
        return [centre(line, self.width, self.cjk) for line in wrap_title(text, self.width, cjk=self.cjk)]

    def flush_right(self, text: str) -> list[str]:
        if not self.width:
            return [text]
        return [right(line, self.width, self.cjk) for line in wrap(text, self.width, cjk=self.cjk)]

    def paragraphs(self, blocks: Text, lead: str = "") -> list[str]:
        """Paragraphs and in-body headings, each indented; bold runs come out as plain text.

        Chinese headings carry their number (一、（一）1.（1）) and are indented like paragraphs,
        as GB/T 9704 sets them; English headings stand flush left after a blank line.
        """
        lines: list[str] = []
        for number, block in enumerate(blocks):
            text = (lead if number == 0 else "") + block.text
            if block.kind == "heading" and not self.cjk:
                lines += ([""] if lines else []) + wrap(text, self.width, cjk=False)
            else:
                lines += wrap(text, self.width, initial=self.indent, cjk=self.cjk)
        return lines

    def hanging(self, label: str, text: str) -> list[str]:
        """``label`` then ``text``; continuation lines aligned after the label. Unit names in a
        colophon list keep their words whole (GB/T 9704: never 市委办公｜厅)."""
        subsequent = indent_like(label, self.cjk)
        if not self.cjk or self.width <= 0:
            return wrap(text, self.width, initial=label, subsequent=subsequent, cjk=self.cjk)
        words = word_breaks(text, self.cjk)
        # first each name whole (a break only after the separator), then words whole
        entries = [ok and i > 0 and text[i - 1] in ENTRY_SEPARATORS for i, ok in enumerate(words)]
        for breaks in (entries, words):
            lines = wrap(text, self.width, initial=label, subsequent=subsequent, cjk=self.cjk, breaks=breaks)
            if all(display_width(line, self.cjk) <= self.width for line in lines):
                return lines
        return lines

    def note(self, blocks: Text) -> Section:
        return self.paragraphs(blocks, lead=self.labels.editor_note) if blocks else []

    # -- parts of the issue ---------------------------------------------------------------

    def masthead(self) -> Section:
        issue, labels = self.issue, self.labels
        lines: list[str] = []
        if issue.classification or issue.copy_number:
            lines += self.spread(issue.classification, issue.copy_number) + [""]
        lines += self.centred(issue.name) + [""]
        lines += self.centred(issue.issue_line) + [""]
        lines += self.spread(issue.issuer, labels.format_date(issue.date))
        lines.append(self.rule(thick=True))
        return lines

    def spread(self, left: str, right_text: str) -> list[str]:
        if not self.width:
            return [left + pad(4, self.cjk) + right_text if left and right_text else left or right_text]
        if not left:
            return [right(right_text, self.width, self.cjk)]
        return spread(left, right_text, self.width, self.cjk)

    def leader_box(self) -> Section:
        box = self.issue.leader_box
        if box is None:
            return []
        lines = [self.labels.leader_box]
        lines += self.paragraphs(box.text) if box.text else ["", "", ""]  # room to write by hand
        lines.append(self.rule(thick=False))
        return lines

    def contents(self) -> list[Section]:
        if len(self.issue.articles) < 2:
            return []
        sections: list[Section] = [self.centred(self.labels.contents)]
        from bulletin_cli.model.contents import article_numbers

        numbers = article_numbers(self.issue)  # empty unless the series numbers its articles
        hang = pad(2, self.cjk)
        for column in self.issue.columns:
            lines = [self.labels.column_heading(column.name)] if column.name else []
            for article in column.articles:
                title = f"{numbers[article.id]}. {article.title}" if article.id in numbers else article.title
                lines += wrap_title(title, self.width, subsequent=hang, cjk=self.cjk)
            sections.append(lines)
        sections[-1] = sections[-1] + [self.rule(thick=False)]
        return sections

    def article(self, article: Article) -> Section:
        labels = self.labels
        lines = self.centred(article.title)
        if article.subtitle:
            lines += self.centred(labels.subtitle_dash + article.subtitle)
        if article.author:
            lines += self.centred(labels.fill("author", author=article.author))
        lines.append("")
        lines += self.note(article.editor_note)
        lines += self.paragraphs(article.body)
        if article.source:
            lines += self.flush_right(labels.fill("source", source=article.source))
        return lines

    def body(self) -> list[Section]:
        sections: list[Section] = []
        for column in self.issue.columns:
            if column.name:
                sections.append([self.labels.column_heading(column.name)] + self.note(column.editor_note))
            sections += [self.article(article) for article in column.articles]
        return sections

    def colophon(self) -> Section:
        colophon, labels = self.issue.colophon, self.labels
        if colophon.is_empty:
            return []
        lines = [self.rule(thick=True)]
        for label, names in colophon.distribution(labels):
            lines += self.hanging(label, labels.list_separator.join(names))
        editorial = colophon.credits(labels)
        print_run = labels.fill("print_run", number=colophon.print_run) if colophon.print_run else ""
        if editorial or print_run:
            if len(lines) > 1:
                lines.append(self.rule(thick=False))
            lines += self.editorial_lines(editorial, print_run)
        lines.append(self.rule(thick=True))
        return lines

    def editorial_lines(self, credits: list[tuple[str, str]], print_run: str) -> list[str]:
        """承办 / 审核 / 编辑 / 电话 packed on as few lines as fit; 共印N份 at the right.

        A credit too long for a line of its own wraps with its continuation after the label.
        """
        separator = COLOPHON_SEPARATOR[self.cjk]
        units = [label + value for label, value in credits]
        if not self.width:
            line = separator.join(units)
            return [line + pad(4, self.cjk) + print_run if line and print_run else line or print_run]
        lines: list[str] = []
        for (label, value), unit in zip(credits, units):
            candidate = lines[-1] + separator + unit if lines else unit
            if lines and display_width(candidate, self.cjk) <= self.width:
                lines[-1] = candidate
            else:
                lines += self.hanging(label, value)
        if print_run:
            if lines:
                last = lines.pop()
                lines += spread(last, print_run, self.width, self.cjk)
            else:
                lines.append(right(print_run, self.width, self.cjk))
        return lines

    def render(self) -> str:
        sections = [self.masthead(), self.leader_box(), *self.contents(), self.note(self.issue.editor_note),
                    *self.body(), self.colophon()]
        lines: list[str] = []
        for section in sections:
            if section:
                if lines:
                    lines.append("")
                lines += section
        return "\n".join(line.rstrip(" \u3000") for line in lines) + "\n"


def resolve_width(options: ExportOptions) -> int:
    """The line width in display columns: the option, the default for None, 0 for no wrapping."""
    width = DEFAULT_WIDTH if options.width is None else options.width
    if width != 0 and width < MIN_WIDTH:
        raise OptionError(
            f"text width {width} is too narrow: use 0 (no wrapping) or at least {MIN_WIDTH} display "
            f"columns (a Chinese character takes 2; the default is {DEFAULT_WIDTH}, 28 characters)"
        )
    return width


def render_text(issue: Issue, options: ExportOptions) -> str:
    """The issue in the plain-text official layout."""
    return TextLayout(issue, resolve_width(options)).render()


# Several issues in one file start each on a new page: a form feed on a line of its own, the
# plain-text page break that printers and `pr` honour.
PAGE_BREAK = "\f\n"


def render_text_collection(issues: Sequence[Issue], options: ExportOptions) -> str:
    """Several issues in one text file, in the given order, each starting on a new page."""
    width = resolve_width(options)
    return PAGE_BREAK.join(TextLayout(issue, width).render() for issue in issues)
