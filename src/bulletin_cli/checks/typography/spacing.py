"""Spaces and Latin in Chinese text: spacing beside Latin or digits, stray English words, spaces around punctuation."""

from __future__ import annotations

import re

from bulletin_cli.checks import zh_forms
from bulletin_cli.checks import zh_tables as tables
from bulletin_cli.checks.rules import RuleContext
from bulletin_cli.checks.typography.common import (
    _MARKUP_BETWEEN,
    _characters,
    _excerpt,
    _FieldText,
    _paragraphs,
    _report,
    _rule,
)
from bulletin_cli.checks.zh_text import (
    CLOSERS,
    HAN_CLASS,
    HSPACE,
    OPENERS,
    PAUSE_MARKS,
    Paragraph,
    is_chinese,
    is_han,
    is_latin,
)
from bulletin_cli.files.patterns import lazy_compile

# -- T102 spaces between Chinese and Latin or digits -------------------------------------

_SPACE_RUN = lazy_compile(f"[{HSPACE}]+")
_SPACES = frozenset(HSPACE)
_ALNUM = _characters("A-Z", "a-z", "0-9")
_UNITS_AFTER_DIGITS = set("年月日天号时分秒")
_HAN_LATIN_BOUNDARY = lazy_compile(f"(?<=[{HAN_CLASS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN_CLASS}])")


@_rule("T102", "latin-spacing", "a space between Chinese and Latin letters or digits (or a missing one, by the "
       "series setting latin_spacing)")
def check_latin_spacing(ctx: RuleContext) -> None:
    style = ctx.settings.get("latin_spacing", "none")
    words = _Words(ctx.settings)
    quick = None if style == "space" else _may_have_latin_space
    for p in _paragraphs(ctx, _ALNUM if style == "space" else _SPACES, quick):
        if style == "space":
            _missing_spaces(ctx, p, words)
            continue
        s = p.text
        if not _has_space(s):
            continue
        stray = _stray_words(p, words)
        edges = {start for start, _, _ in stray} | {end for _, end, _ in stray}
        for match in _SPACE_RUN.finditer(s):
            a, b = match.span()
            if a == 0 or b >= len(s) or a in edges or b in edges:
                continue
            left, right = s[a - 1], s[b]
            if _beside_address(s, a, b):
                continue  # a space sets an e-mail address or a URL off: 邮箱 fzgh@qd.gov.cn
            if (is_han(left) and _latinish(right)) or (_latinish(left) and is_han(right)):
                _report(ctx, p, a, b, f"space between Chinese and Latin or digits ({_excerpt(p, a, b)}); "
                        "official text has none", "set latin_spacing = \"space\" in series.toml for spaced style",
                        fix=p.fix({j: "" for j in range(a, b)}))


_ADDRESS_AFTER = lazy_compile(r"[\x21-\x7e]+")
_ADDRESS_BEFORE = lazy_compile(r"[\x21-\x7e]+$")


def _beside_address(s: str, a: int, b: int) -> bool:
    after = _ADDRESS_AFTER.match(s, b)
    before = _ADDRESS_BEFORE.search(s, max(0, a - 200), a)
    return bool(after and zh_forms.is_address(after.group())) or bool(before and zh_forms.is_address(before.group()))


def _may_have_latin_space(view: _FieldText) -> bool:
    return _LATIN_NEXT_TO_SPACE.search(view.field.value) is not None


def _may_have_space_by_mark(view: _FieldText) -> bool:
    return _MARK_NEXT_TO_SPACE.search(view.field.value) is not None


def _next_to_space(chars: str) -> re.Pattern:
    """A space and one of ``chars`` side by side as printed: in the raw value, bold markers
    and comments may stand between them."""
    return re.compile(f"[{chars}]{_MARKUP_BETWEEN}[{HSPACE}]|[{HSPACE}]{_MARKUP_BETWEEN}[{chars}]", re.S)


def _has_space(text: str) -> bool:
    return " " in text or "\u3000" in text or "\t" in text or "\u00a0" in text


# over-wide on purpose: a quick test may let through what the rule then passes, never the reverse
_LATIN_NEXT_TO_SPACE = _next_to_space("A-Za-z0-9%")
_MARK_NEXT_TO_SPACE = _next_to_space(PAUSE_MARKS + OPENERS + CLOSERS)


def _latinish(char: str) -> bool:
    return is_latin(char) or char == "%"


def _missing_spaces(ctx: RuleContext, p: Paragraph, words: "_Words") -> None:
    s = p.text
    covered = words.covered(s)
    for match in _HAN_LATIN_BOUNDARY.finditer(s):
        k = match.start()
        left, right = s[k - 1], s[k]
        if left.isdigit() and right in _UNITS_AFTER_DIGITS or any(a < k < b for a, b in covered):
            continue
        if left in _UNITS_AFTER_DIGITS and k >= 2 and s[k - 2].isdigit():
            continue  # 2023年8月: a date stays together
        _report(ctx, p, k - 1, k + 1, f"no space between Chinese and Latin or digits ({_excerpt(p, k - 1, k + 1)})",
                "this series sets latin_spacing = \"space\"", fix=p.insert(k, " "))


# -- T103 a stray Latin word ------------------------------------------------------------------

_ASCII_LETTER = lazy_compile("[A-Za-z]")
_ASCII_LETTERS = _characters("A-Z", "a-z")
_LATIN_RUN = lazy_compile(r"[A-Za-z0-9](?:[A-Za-z0-9.'’&+/@:_\-]|[ ](?=[A-Za-z0-9]))*")


class _Words:
    """The Latin words a series accepts: series `words` plus the built-in defaults."""

    def __init__(self, settings: dict) -> None:
        entries = settings.get("words") if isinstance(settings.get("words"), list) else []
        entries = [e.strip() for e in entries if isinstance(e, str) and e.strip()]
        self.plain = {e.lower() for e in entries if e.isascii()} | tables.DEFAULT_WORDS | tables.LATIN_NAMES
        self.phrases = [e.lower() for e in entries if not e.isascii()]

    def covered(self, text: str) -> list[tuple[int, int]]:
        lowered = text.lower()
        spans = []
        for phrase in self.phrases:
            start = lowered.find(phrase)
            while start >= 0:
                spans.append((start, start + len(phrase)))
                start = lowered.find(phrase, start + 1)
        return spans


def _stray_words(p: Paragraph, words: _Words) -> list[tuple[int, int, str]]:
    """Single Latin words standing alone between Chinese text, which are not names."""
    found: list[tuple[int, int, str]] = []
    if not _ASCII_LETTER.search(p.text):
        return found
    covered = None
    for match in _LATIN_RUN.finditer(p.text):
        word = match.group().rstrip(".'’&+/@:_-")
        start, end = match.start(), match.start() + len(word)
        if not word.isalpha() or len(word) < 2 or word.lower() in words.plain:
            continue
        if zh_forms.named_by_context(p.text[max(0, start - 12):start]):
            continue  # an id or an account after its label (ID：qdwenming), a list entry (10、dino)
        lower = word.lower()
        if not (word.islower() or (word[0].isupper() and word[1:].islower() and lower in tables.FUNCTION_WORDS)):
            continue  # capitals and mixed case are names and abbreviations: APP, MALL, WeChat
        before, after = p.prev_visible(start)[0], p.next_visible(end - 1)[0]
        if not (is_chinese(before) or is_chinese(after)) or (before and not is_chinese(before)) \
                or (after and not is_chinese(after)):
            continue
        if before in OPENERS and after in CLOSERS:
            continue  # quoted or a title: “vlog”, 《lean》
        if covered is None:
            covered = words.covered(p.text)
        if any(a <= start and end <= b for a, b in covered):
            continue
        found.append((start, end, word))
    return found


@_rule("T103", "stray-latin-word", "an English word standing alone inside Chinese text")
def check_stray_latin_word(ctx: RuleContext) -> None:
    words = _Words(ctx.settings)
    for p in _paragraphs(ctx, _ASCII_LETTERS):
        for start, end, word in _stray_words(p, words):
            guess = tables.TRANSLATIONS.get(word.lower())
            hint = (f"did you mean \"{guess}\"? " if guess else "write it in Chinese; ") + \
                f"if \"{word}\" is a name, add it to words = [...] in series.toml"
            _report(ctx, p, start, end, f"English word \"{word}\" inside Chinese text ({_excerpt(p, start, end)})", hint)


# -- T112 spaces around punctuation ---------------------------------------------------------

@_rule("T112", "space-around-punctuation", "a space before or after full-width punctuation (。 ， “ （ …)")
def check_space_around_punctuation(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _SPACES, _may_have_space_by_mark):
        s = p.text
        if not _has_space(s):
            continue
        for match in _SPACE_RUN.finditer(s):
            a, b = match.span()
            if a == 0 or b >= len(s) or s[a - 1] == "\n" or s[b] == "\n":
                continue
            left, right = s[a - 1], s[b]
            if left in PAUSE_MARKS + OPENERS or right in PAUSE_MARKS + CLOSERS:
                _report(ctx, p, a, b, f"space next to \"{left if left in PAUSE_MARKS + OPENERS else right}\" "
                        f"({_excerpt(p, a, b)})", "full-width punctuation carries its own spacing",
                        fix=p.fix({j: "" for j in range(a, b)}))
