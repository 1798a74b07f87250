"""What every typography rule family shares: the rule registry, field and paragraph views, reporting.

The rules themselves live in one module per family beside this one; plugin.py registers them all.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from bulletin_cli.checks.rules import Rule, RuleContext
from bulletin_cli.checks.zh_text import (
    Paragraph,
    is_chinese,
    paragraphs,
    suppressed_by_comment,
)
from bulletin_cli.diagnostics.codes import Fix, Severity, register_code
from bulletin_cli.files.patterns import lazy_compile
from bulletin_cli.formats.markup import PARAGRAPH_BREAK
from bulletin_cli.formats.toml.loader import TextField
from bulletin_cli.model.labels import LANGUAGES

CHINESE = tuple(language for language in LANGUAGES if language.startswith("zh"))
ANY = ()
_RULES: list[Rule] = []


def _rule(code: str, name: str, summary: str, severity: Severity = Severity.WARNING,
          languages: tuple[str, ...] = CHINESE) -> Callable:
    def register(check: Callable[[RuleContext], None]) -> Callable[[RuleContext], None]:
        register_code(code, name, severity, summary)
        _RULES.append(Rule(code, name, summary, check, severity, languages))
        return check
    return register




# -- helpers ------------------------------------------------------------------------------

# Characters every Chinese text is full of, and which no rule's quick test looks for: Han
# ideographs, the common full-width marks and the line break. Whatever else an issue's texts
# hold is collected in one pass, so a rule learns from one set lookup that the issue has
# nothing it could report, and otherwise looks only for the characters it needs that are
# there, field by field, with `in` (a scan in C). Paired marks and pause marks are found by
# the rules that care about them (T104, T110).
_COMMON = "\u3400-\u4dbf\u4e00-\u9fff\n，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』〖〗—"
_UNCOMMON_RUN = lazy_compile(f"[^{_COMMON}]+")
# In a quick test on a raw value: what may stand between two characters that print side by
# side (bold markers, comments). Quick tests may let through more than the rule reports,
# never less; tests/test_typography.py runs the rules with and without them.
_MARKUP_BETWEEN = r"(?:\*\*|<!--.*?-->)*"
# ... but such a pattern searches from every "<!--" to the text's end when the comment does
# not close there: with many of them (100 KB of "<!--") that is quadratic time. A text with
# more comment openers than this skips the quick tests (letting it through is always allowed).
_MANY_COMMENTS = 32


def _many_comments(text: str) -> bool:
    return "<!--" in text and text.count("<!--") > _MANY_COMMENTS


def _raw(pattern: str) -> re.Pattern:
    """A quick test on a raw value (markup may stand between the characters: see _MARKUP_BETWEEN)."""
    return re.compile(pattern, re.S)


class _FieldText:
    """One text field as the rules' quick tests see it; what is worked out is kept for the
    other rules of the same issue."""

    __slots__ = ("field", "_chunks", "paragraphs")

    def __init__(self, field: TextField) -> None:
        self.field = field
        self._chunks: list[str] | None = None
        self.paragraphs: list[Paragraph] | None = None  # as printed (zh_text.paragraphs), once needed

    def holds(self, chars: frozenset[str] | set[str]) -> bool:
        value = self.field.value
        return any(char in value for char in chars)

    @property
    def chunks(self) -> list[str]:
        """The raw paragraphs of a body or note; the whole value of a one-line text."""
        if self._chunks is None:
            value = self.field.value
            self._chunks = PARAGRAPH_BREAK.split(value) if self.field.kind == "text" else [value]
        return self._chunks


class _IssueText:
    """The rules' view of one issue's texts, and every uncommon character in any of them."""

    def __init__(self, texts: list[TextField]) -> None:
        self.texts = texts
        self.views = [_FieldText(field) for field in texts]
        # every text, one per line: a pattern that cannot match across a line break finds
        # here, in one call, whether any field could match it
        self.joined = "\n".join(field.value for field in texts)
        self.all_chars = frozenset("".join(_UNCOMMON_RUN.findall(self.joined)))
        self.many_comments = _many_comments(self.joined)


_last_issue: _IssueText | None = None


def _issue_text(ctx: RuleContext) -> _IssueText:
    global _last_issue
    if _last_issue is None or _last_issue.texts is not ctx.texts:
        _last_issue = _IssueText(ctx.texts)
    return _last_issue


def _paragraphs_of(ctx: RuleContext, view: _FieldText) -> list[Paragraph]:
    """A field's printed paragraphs, made on first use and shared by all the rules of one issue."""
    if view.paragraphs is None:
        view.paragraphs = paragraphs(view.field, _ignored_beside(ctx, view.field))
    return view.paragraphs


def _fields(ctx: RuleContext, needs: frozenset[str] | None = None,
            having: Callable[[_FieldText], object] | None = None,
            anywhere: Callable[[str], object] | None = None) -> Iterator[tuple[TextField, list[Paragraph]]]:
    """Each text field with its paragraphs; only fields holding one of the characters ``needs``
    and passing the quick test ``having(view of the field)``, so most fields are never split
    into paragraphs. ``anywhere(all texts, one per line)`` first asks whether any field could
    pass at all."""
    text = _issue_text(ctx)
    present = None if needs is None else needs & text.all_chars
    if present is not None and not present:
        return
    if anywhere is not None and not text.many_comments and not anywhere(text.joined):
        return
    for view in text.views:
        if present is not None and not view.holds(present):
            continue
        if having is None or (text.many_comments and _many_comments(view.field.value)) or having(view):
            yield view.field, _paragraphs_of(ctx, view)


def _ignored_beside(ctx: RuleContext, field: TextField) -> frozenset[str]:
    """Rules turned off for a whole string by a comment beside it: ``# bulletin: ignore T101``."""
    comment = ctx.source_line_comment(field, containing="bulletin:")
    return suppressed_by_comment(comment) if comment else frozenset()


def _paragraphs(ctx: RuleContext, needs: frozenset[str] | None = None,
                having: Callable[[_FieldText], object] | None = None,
                anywhere: Callable[[str], object] | None = None) -> Iterator[Paragraph]:
    """Every paragraph of the fields that hold one of ``needs`` and pass the quick tests (_fields)."""
    for _, paras in _fields(ctx, needs, having, anywhere):
        yield from paras


def _characters(*ranges: str) -> frozenset[str]:
    """The characters of ranges written "a-z" and of plain strings."""
    out: set[str] = set()
    for item in ranges:
        if len(item) == 3 and item[1] == "-":
            out.update(chr(c) for c in range(ord(item[0]), ord(item[2]) + 1))
        else:
            out.update(item)
    return frozenset(out)


def _report(ctx: RuleContext, p: Paragraph, start: int, end: int, message: str, hint: str = "",
            fix: Fix | None = None) -> None:
    if not p.allows(ctx.rule.code, ctx.rule.name):
        return
    index, length = p.span(start, end)
    ctx.report(p.field, message, index=index, length=length, hint=hint, fix=fix)


def _excerpt(p: Paragraph, start: int, end: int, around: int = 4) -> str:
    left = max(0, start - around)
    right = min(len(p.text), end + around)
    text = p.text[left:right].replace("\n", " ")
    return ("…" if left else "") + text + ("…" if right < len(p.text) else "")


def _chinese_context(p: Paragraph, start: int, end: int) -> bool:
    """The nearest visible character on either side is Chinese."""
    return is_chinese(p.prev_visible(start)[0]) or is_chinese(p.next_visible(end - 1)[0])
