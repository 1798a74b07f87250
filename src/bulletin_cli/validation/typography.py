"""Typography rules for official Chinese text (T1xx), a built-in validation-rule plugin.

They run on every printed string of an issue, one paragraph at a time, as the reader will
see it (zh_text.paragraphs). Findings carry the exact position in the TOML file; mechanical
repairs carry a Fix that `bulletin validate --fix` applies. A fix never changes wording: a
stray English word is reported, never rewritten. docs/rules.md describes every rule.

Configuration (series.toml): ``[rules]`` turns a rule off or changes its severity,
``words`` lists Latin words the text may use, ``latin_spacing`` chooses "none" (official
style) or "space" between Chinese and Latin letters or digits, and
``<!-- bulletin: ignore T103 -->`` inside a paragraph turns rules off for that paragraph
(``# bulletin: ignore T101`` beside a value, for the whole string).
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterator

from bulletin_cli.hookspecs import hookimpl
from bulletin_cli.model.labels import LANGUAGES
from bulletin_cli.model.loader import TextField
from bulletin_cli.model.markup import PARAGRAPH_BREAK, is_wide
from bulletin_cli.validation import zh_tables as tables
from bulletin_cli.validation.diagnostics import Fix, Severity, register_code
from bulletin_cli.validation.rules import Rule, RuleContext
from bulletin_cli.validation.zh_text import (
    CLOSERS, HAN_CLASS, HSPACE, OPENERS, PAUSE_MARKS, SPACE, Paragraph, is_chinese, is_han, is_latin,
    paragraphs, suppressed_by_comment,
)

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


@hookimpl
def register_rules(register):
    for rule in _RULES:
        register(rule)


# -- helpers ------------------------------------------------------------------------------

# Characters every Chinese text is full of, and which no rule's quick test looks for: Han
# ideographs, the common full-width marks and the line break. Whatever else an issue's texts
# hold is collected in one pass, so a rule learns from one set lookup that the issue has
# nothing it could report, and otherwise looks only for the characters it needs that are
# there, field by field, with `in` (a scan in C). Paired marks and pause marks are found by
# the rules that care about them (T104, T110).
_COMMON = "\u3400-\u4dbf\u4e00-\u9fff\n，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』〖〗—"
_UNCOMMON_RUN = re.compile(f"[^{_COMMON}]+")
# In a quick test on a raw value: what may stand between two characters that print side by
# side (bold markers, comments). Quick tests may let through more than the rule reports,
# never less; tests/test_typography.py runs the rules with and without them.
_MARKUP_BETWEEN = r"(?:\*\*|<!--.*?-->)*"


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
    if anywhere is not None and not anywhere(text.joined):
        return
    for view in text.views:
        if present is not None and not view.holds(present):
            continue
        if having is None or having(view):
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


# -- T101 half-width punctuation ------------------------------------------------------------

HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_BRACKET = re.compile(r"[()]")
_HALFWIDTH = frozenset(',.;:?!()"')


@_rule("T101", "halfwidth-punctuation", "half-width , . ; : ? ! ( ) or \" in Chinese text")
def check_halfwidth_punctuation(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _HALFWIDTH):
        _marks(ctx, p)
        _brackets(ctx, p)
        _straight_quotes(ctx, p)


_HALF_RUN = re.compile(r"([,.;:?!])\1*")


def _marks(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    for match in _HALF_RUN.finditer(s):
        k, end = match.span()
        char = s[k]
        if _wants_fullwidth(p, char, k, end):
            full = HALF_TO_FULL[char]
            edits = {k: full, **{j: "" for j in range(k + 1, end)}}
            written = s[k:end]
            _report(ctx, p, k, end, f"half-width \"{written}\" in Chinese text ({_excerpt(p, k, end)}); use \"{full}\"",
                    fix=p.fix(edits))


def _wants_fullwidth(p: Paragraph, char: str, start: int, end: int) -> bool:
    s = p.text
    before = s[start - 1] if start else ""
    after = s[end] if end < len(s) else ""
    if char == ".":
        # Only a sentence end after Chinese: 28.5, No.1, the heading number "1." and
        # abbreviations stay; two or more dots are an ellipsis (T109).
        return end - start == 1 and (is_han(before) or before in CLOSERS) and not is_latin(after)
    if char == ":" and s.startswith("//", end):
        return False  # a URL
    return is_chinese(p.prev_visible(start)[0]) or is_chinese(p.next_visible(end - 1)[0])


def _brackets(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    if "(" not in s and ")" not in s:
        return
    stack: list[int] = []
    single: list[int] = []
    for match in _ASCII_BRACKET.finditer(s):
        k, char = match.start(), match.group()
        if char == "(":
            stack.append(k)
        elif char == ")":
            if stack:
                start = stack.pop()
                inside = s[start + 1:k]
                outside = (p.prev_visible(start)[0], p.next_visible(k)[0])
                if any(is_han(c) for c in inside) or any(is_han(c) for c in outside):
                    _report(ctx, p, start, k + 1,
                            f"ASCII brackets in Chinese text: \"{_clip(s[start:k + 1])}\"; use full-width （）",
                            fix=p.fix({start: "（", k: "）"}))
            else:
                single.append(k)
    for k in sorted(single + stack):
        if is_han(p.prev_visible(k)[0]) or is_han(p.next_visible(k)[0]):
            full = "（" if s[k] == "(" else "）"
            _report(ctx, p, k, k + 1, f"ASCII \"{s[k]}\" in Chinese text ({_excerpt(p, k, k + 1)}); use \"{full}\"",
                    fix=p.fix({k: full}))


def _clip(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def _straight_quotes(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    if '"' not in s:
        return
    quotes = [k for k, c in enumerate(s) if c == '"']
    for i in range(0, len(quotes) - 1, 2):
        start, end = quotes[i], quotes[i + 1]
        inside = s[start + 1:end]
        outside = (p.prev_visible(start)[0], p.next_visible(end)[0])
        if any(is_han(c) for c in inside) or any(is_han(c) for c in outside):
            _report(ctx, p, start, end + 1, f"straight quotes in Chinese text: {_clip(s[start:end + 1])}; use “”",
                    fix=p.fix({start: "“", end: "”"}))
    if len(quotes) % 2:
        k = quotes[-1]
        if is_han(p.prev_visible(k)[0]) or is_han(p.next_visible(k)[0]):
            _report(ctx, p, k, k + 1, f"straight quote \" without a partner in Chinese text ({_excerpt(p, k, k + 1)})",
                    "use “ to open a quotation and ” to close it")


# -- T102 spaces between Chinese and Latin or digits -------------------------------------

_SPACE_RUN = re.compile(f"[{HSPACE}]+")
_SPACES = frozenset(HSPACE)
_ALNUM = _characters("A-Z", "a-z", "0-9")
_UNITS_AFTER_DIGITS = set("年月日天号时分秒")
_HAN_LATIN_BOUNDARY = re.compile(f"(?<=[{HAN_CLASS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN_CLASS}])")


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
            if (is_han(left) and _latinish(right)) or (_latinish(left) and is_han(right)):
                _report(ctx, p, a, b, f"space between Chinese and Latin or digits ({_excerpt(p, a, b)}); "
                        "official text has none", "set latin_spacing = \"space\" in series.toml for spaced style",
                        fix=p.fix({j: "" for j in range(a, b)}))


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

_ASCII_LETTER = re.compile("[A-Za-z]")
_ASCII_LETTERS = _characters("A-Z", "a-z")
_LATIN_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.'’&+/@:_\-]|[ ](?=[A-Za-z0-9]))*")


class _Words:
    """The Latin words a series accepts: series `words` plus the built-in defaults."""

    def __init__(self, settings: dict) -> None:
        entries = settings.get("words") if isinstance(settings.get("words"), list) else []
        entries = [e.strip() for e in entries if isinstance(e, str) and e.strip()]
        self.plain = {e.lower() for e in entries if e.isascii()} | tables.DEFAULT_WORDS
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


# -- T104 paired marks ------------------------------------------------------------------------

PAIRS = dict(zip(OPENERS, CLOSERS))
CLOSER_OF = {close: open_ for open_, close in PAIRS.items()}


@_rule("T104", "unbalanced-pair", "an opening quote, bracket or title mark without its partner, or a mismatched pair")
def check_pairs(ctx: RuleContext) -> None:
    for field, paras in _fields(ctx, having=_may_be_unbalanced, anywhere=_may_be_unbalanced_anywhere):
        for n, p in enumerate(paras):
            following = paras[n + 1].text.lstrip(SPACE)[:1] if n + 1 < len(paras) else ""
            _check_pairs_in(ctx, p, following)


_PAIR_MARK = re.compile(f"[{OPENERS}{CLOSERS}]")
_PAIR_STRINGS = [opener + closer for opener, closer in PAIRS.items()]


def _may_be_unbalanced(view: _FieldText) -> bool:
    """False when every line of the raw value pairs its marks: then every paragraph (one line
    or more) does too, and so does what prints, since the markup that does not print holds no
    marks (comments aside, hence their test)."""
    value = view.field.value
    if view.field.kind == "text" and "<!--" in value:
        return True
    return not _lines_balanced(value)


def _may_be_unbalanced_anywhere(texts: str) -> bool:
    return "<!--" in texts or not _lines_balanced(texts)


def _lines_balanced(text: str) -> bool:
    return all(map(_balanced, "".join(_MARK_OR_NEWLINE.findall(text)).split("\n")))


_MARK_OR_NEWLINE = re.compile(f"[{OPENERS}{CLOSERS}\n]")


@functools.lru_cache(maxsize=4096)  # the same few strings of marks come back in every paragraph
def _balanced(marks: str) -> bool:
    """True when the marks pair up properly (removing innermost pairs empties the string)."""
    while marks:
        reduced = marks
        for pair in _PAIR_STRINGS:
            reduced = reduced.replace(pair, "")
        if reduced == marks:
            return False
        marks = reduced
    return True


def _check_pairs_in(ctx: RuleContext, p: Paragraph, following: str) -> None:
    s = p.text
    if _balanced("".join(_PAIR_MARK.findall(s))):
        return  # the common case, decided without walking the marks
    stack: list[int] = []
    for match in _PAIR_MARK.finditer(s):
        k, char = match.start(), match.group()
        if char in PAIRS:
            stack.append(k)
        elif char in CLOSER_OF:
            opener = CLOSER_OF[char]
            if char == "’" and k and is_latin(s[k - 1]) and k + 1 < len(s) and is_latin(s[k + 1]):
                continue  # an apostrophe: Xi’an
            if stack and s[stack[-1]] == opener:
                stack.pop()
            elif any(s[i] == opener for i in stack):
                while s[stack[-1]] != opener:
                    start = stack.pop()
                    _report(ctx, p, start, start + 1,
                            f"\"{s[start]}\" is not closed before \"{char}\" ({_excerpt(p, start, k + 1)})",
                            f"close it with {PAIRS[s[start]]} or remove it")
                stack.pop()
            else:
                _report(ctx, p, k, k + 1, f"closing \"{char}\" without an opening \"{opener}\" ({_excerpt(p, k, k + 1)})",
                        f"add the opening {opener}, or check that the marks are not reversed")
    first = len(s) - len(s.lstrip(SPACE))
    for start in stack:
        if s[start] == "“" and start == first and following == "“":
            continue  # a quotation over several paragraphs closes only in its last one
        _report(ctx, p, start, start + 1, f"\"{s[start]}\" is never closed in this paragraph ({_excerpt(p, start, start + 1)})",
                f"add the closing {PAIRS[s[start]]}")


# -- T105 control and invisible characters -----------------------------------------------

# C0 controls are S207's (XML cannot hold them); DEL and the C1 controls print as nothing
_OTHER_CONTROLS = re.compile(r"[\x7f\x80-\x84\x86-\x9f]")
_SUSPECT = re.compile("[" + re.escape("".join(tables.INVISIBLE) + "".join(tables.BREAKS)) + r"\x7f\x80-\x9f]")
_SUSPECTS = _characters("".join(tables.INVISIBLE), "".join(tables.BREAKS), "\x7f-\x9f")
_LOOKALIKE_BLOCKS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_LOOKALIKE_CHARS = _characters("\u2e80-\u2fdf", "\uf900-\ufaff")


@_rule("T105", "invisible-character", "invisible characters and stray breaks left by copy-paste "
       "(soft hyphen, zero-width space, line separator …)", languages=ANY)
def check_invisible(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _SUSPECTS):
        s = p.text
        for match in _SUSPECT.finditer(s):
            k, char = match.start(), match.group()
            code = f"U+{ord(char):04X}"
            if char in tables.INVISIBLE:
                name, replacement = tables.INVISIBLE[char]
                _report(ctx, p, k, k + 1, f"invisible {name} ({code}) in the text",
                        "remove it" if replacement is not None else "retype the missing character",
                        fix=p.fix({k: replacement}) if replacement is not None else None)
            elif char in tables.BREAKS and not (char == "\r" and p.field.kind == "text"):
                if p.field.kind == "text":
                    replacement = "\n"
                else:
                    around = (s[k - 1] if k else "", s[k + 1] if k + 1 < len(s) else "")
                    replacement = "" if any(c and is_wide(c) for c in around) else " "
                _report(ctx, p, k, k + 1, f"{tables.BREAKS[char]} ({code}) in the text, probably from copy-paste",
                        "a body starts a new paragraph with a blank line; other texts are one line",
                        fix=p.fix({k: replacement}))
            elif _OTHER_CONTROLS.match(char):
                _report(ctx, p, k, k + 1, f"control character {code} in the text",
                        "remove it; if text is garbled around it, the file was converted with the wrong encoding")


# -- T106 look-alike ideographs ----------------------------------------------------------------

@_rule("T106", "lookalike-ideograph", "a Kangxi radical or compatibility ideograph in place of the ordinary "
       "character (PDF copy-paste)", languages=ANY)
def check_lookalikes(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _LOOKALIKE_CHARS):
        for match in _LOOKALIKE_BLOCKS.finditer(p.text):
            k, char = match.start(), match.group()
            if char not in tables.LOOKALIKES and not tables.is_radical(char):
                continue
            code = f"U+{ord(char):04X}"
            target = tables.LOOKALIKES.get(char)
            kind = "radical" if tables.is_radical(char) else "compatibility ideograph"
            if target:
                _report(ctx, p, k, k + 1, f"{kind} \"{char}\" ({code}) looks like \"{target}\" but is another "
                        "character (search, sorting and screen readers fail on it)", f"use \"{target}\"",
                        fix=p.fix({k: target}))
            else:
                _report(ctx, p, k, k + 1, f"{kind} \"{char}\" ({code}) in the text, probably from PDF copy-paste",
                        "retype the character it stands for")


# -- T107 broken lines ---------------------------------------------------------------------------

_BREAK_IN_LINE = re.compile(f"[{HSPACE}]*\n[{SPACE}]*")
_SPLIT_NUMBER = re.compile(f"(?<=\\d)(?:\\.)?([{HSPACE}]*\n[{HSPACE}]*)(?=\\d)")
_MID_SENTENCE_END = "，、；"


@_rule("T107", "broken-line", "a line break inside a one-line text, a paragraph break in mid-sentence, or a number "
       "split over two lines")
def check_broken_lines(ctx: RuleContext) -> None:
    # one-line texts can only break where they hold a line break; bodies break between paragraphs
    for field, paras in _fields(ctx, having=_may_break):
        for n, p in enumerate(paras):
            if field.kind == "plain":
                _break_in_plain(ctx, p)
                continue
            for match in _SPLIT_NUMBER.finditer(p.text) if "\n" in p.text else ():
                a, b = match.span(1)
                _report(ctx, p, a, b, f"a number is split over two lines ({_excerpt(p, a, b)}); it prints with a space",
                        "join the lines", fix=p.fix({j: "" for j in range(a, b)}))
            if n + 1 < len(paras):
                _paragraph_break(ctx, p, paras[n + 1])


_MARKUP_AT_END = "*>\\"  # a bold marker, a comment's end or an escape: what prints ends elsewhere


def _may_break(view: _FieldText) -> bool:
    """False when the raw value shows that no line or paragraph break can be reported: every
    paragraph is written on one line, and every paragraph but the last ends in a character
    that ends a sentence (not in markup, not ，、； or a Han character)."""
    if view.field.kind == "plain":
        return "\n" in view.field.value
    chunks = [chunk for chunk in (c.strip(SPACE) for c in view.chunks) if chunk]
    for n, chunk in enumerate(chunks):
        if "\n" in chunk:
            return True
        if n + 1 < len(chunks):
            last = chunk[-1]
            if last in _MARKUP_AT_END or last in _MID_SENTENCE_END or is_han(last):
                return True
    return False


def _break_in_plain(ctx: RuleContext, p: Paragraph) -> None:
    s = p.text
    if "\n" not in s:
        return
    content_start = len(s) - len(s.lstrip(SPACE))
    content_end = len(s.rstrip(SPACE))
    for match in _BREAK_IN_LINE.finditer(s, content_start, content_end):
        a, b = match.span()
        if a == content_start or b >= content_end + 1:
            continue
        joiner = "" if is_wide(s[a - 1]) or is_wide(s[b]) else " "
        edits = {j: "" for j in range(a, b)}
        edits[a] = joiner
        _report(ctx, p, a, b, f"line break inside a one-line text ({_excerpt(p, a, b)})",
                "titles, names and colophon entries are printed on one line", fix=p.fix(edits))


def _paragraph_break(ctx: RuleContext, p: Paragraph, following: Paragraph) -> None:
    if p.heading or following.heading or p.all_bold:
        return
    text, nxt = p.text.rstrip(SPACE), following.text.lstrip(SPACE)
    if not text or not nxt:
        return
    last, first = text[-1], nxt[0]
    if not ((last in _MID_SENTENCE_END and (is_chinese(first) or is_latin(first)))
            or (is_han(last) and is_han(first))):
        return
    if not following.allows(ctx.rule.code, ctx.rule.name):
        return
    end = len(text)
    _report(ctx, p, end, end, f"the paragraph ends in mid-sentence (\"…{text[-6:]}\" / \"{nxt[:6]}…\"): "
            "a line break from copy-paste?", "remove the blank line to join the paragraphs, or end the sentence")


# -- T108 full-width letters and digits --------------------------------------------------------

_FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
_FULLWIDTH_ALNUM_CHARS = _characters("０-９", "Ａ-Ｚ", "ａ-ｚ")


@_rule("T108", "fullwidth-alphanumeric", "full-width letters or digits (１２３, ＡＢＣ)", languages=ANY)
def check_fullwidth_alphanumeric(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _FULLWIDTH_ALNUM_CHARS):
        for match in _FULLWIDTH_ALNUM.finditer(p.text):
            a, b = match.span()
            half = "".join(chr(ord(c) - 0xFEE0) for c in match.group())
            _report(ctx, p, a, b, f"full-width \"{match.group()}\"; use \"{half}\"", "letters and digits are half-width",
                    fix=p.fix({k: chr(ord(p.text[k]) - 0xFEE0) for k in range(a, b)}))


# -- T109 dash and ellipsis forms --------------------------------------------------------------

_DASHES = re.compile(r"([-－―])\1+")  # a backreference scans faster than an alternation
# 。 is everywhere, so its runs have a pattern of their own and single full stops cost nothing
_ELLIPSIS_RUNS = (re.compile(r"([.·・．⋯…])\1*"), re.compile("。{3,}"))


_DOTS_OR_DASHES = frozenset(".·・．⋯…-－―")


_FULL_STOPS = re.compile(f"。{_MARKUP_BETWEEN}。{_MARKUP_BETWEEN}。", re.S)

_ELLIPSIS_MIN = {".": 2, "。": 3, "·": 3, "・": 3, "．": 3, "⋯": 1, "…": 1}


@_rule("T109", "dash-ellipsis", "a dash or ellipsis not written —— or ……")
def check_dash_ellipsis(ctx: RuleContext) -> None:
    dots = _DOTS_OR_DASHES & _issue_text(ctx).all_chars

    def may_have(view: _FieldText) -> bool:
        return view.holds(dots) or (_FULL_STOPS.search(view.field.value) is not None)

    anywhere = None if dots else _FULL_STOPS.search
    for p in _paragraphs(ctx, having=may_have, anywhere=anywhere):
        for match in _DASHES.finditer(p.text):
            a, b = match.span()
            if _chinese_context(p, a, b):
                edits = {k: ("—" if k < a + 2 else "") for k in range(a, b)}
                _report(ctx, p, a, b, f"dash written \"{match.group()}\" ({_excerpt(p, a, b)}); use \"——\"",
                        "the Chinese dash is two em dashes (U+2014)", fix=p.fix(edits))
        for match in (m for pattern in _ELLIPSIS_RUNS for m in pattern.finditer(p.text)):
            a, b = match.span()
            written = match.group()
            if len(written) < _ELLIPSIS_MIN[written[0]] or (written[0] == "…" and len(written) != 1):
                continue  # a full stop, a 间隔号, or …… (……… is left to the editor)
            if written.startswith(".") and not _chinese_context(p, a, b):
                continue
            if written == "..":
                _report(ctx, p, a, b, f"\"..\" in Chinese text ({_excerpt(p, a, b)})", "end the sentence with 。 or "
                        "write the ellipsis ……")
                continue
            if len(written) == 1:
                edits = {a: "……"}
            else:
                edits = {k: ("…" if k < a + 2 else "") for k in range(a, b)}
            _report(ctx, p, a, b, f"ellipsis written \"{written}\" ({_excerpt(p, a, b)}); use \"……\"",
                    "the Chinese ellipsis is two ellipsis characters (U+2026)", fix=p.fix(edits))


# -- T110 doubled punctuation -------------------------------------------------------------------

_PAUSE_RUN = re.compile(f"[{PAUSE_MARKS}]{{2,}}")
_HAS_PAUSE_PAIR = re.compile(f"[{PAUSE_MARKS}]{_MARKUP_BETWEEN}[{PAUSE_MARKS}]", re.S)
_ALLOWED_STACKS = {"？！", "！？"}


@_rule("T110", "doubled-punctuation", "punctuation marks doubled or stacked (。。 ，， ，。)")
def check_doubled_punctuation(ctx: RuleContext) -> None:
    # on the raw value: the pattern lets bold markers and comments stand between the marks
    for p in _paragraphs(ctx, having=lambda view: _HAS_PAUSE_PAIR.search(view.field.value),
                         anywhere=_HAS_PAUSE_PAIR.search):
        for match in _PAUSE_RUN.finditer(p.text):
            a, b = match.span()
            run = match.group()
            if run in _ALLOWED_STACKS:
                continue
            if len(set(run)) == 1:
                if run[0] == "。" and len(run) >= 3:
                    continue  # an ellipsis written with full stops (T109)
                _report(ctx, p, a, b, f"doubled punctuation \"{run}\" ({_excerpt(p, a, b)})", f"write one \"{run[0]}\"",
                        fix=p.fix({k: "" for k in range(a + 1, b)}))
            else:
                _report(ctx, p, a, b, f"punctuation marks stacked \"{run}\" ({_excerpt(p, a, b)})",
                        "keep the one the sentence needs")


# -- T111 dates ---------------------------------------------------------------------------------

# the character before a match is checked by hand: a leading lookbehind slows every position
_LEADING_ZERO = re.compile(r"0(?=[1-9][ \t]*[月日])")
# the same, on the raw value: markup may stand between the characters that print side by side
_MAY_HAVE_LEADING_ZERO = re.compile(f"0{_MARKUP_BETWEEN}[1-9](?:[ \t]|\\*\\*|<!--.*?-->)*[月日]", re.S)
_MAY_HAVE_NUMERIC_DATE = re.compile(f"\\d{_MARKUP_BETWEEN}[-./]{_MARKUP_BETWEEN}\\d", re.S)


def _may_have_date(view: _FieldText) -> bool:
    return _may_have_date_in(view.field.value)


def _may_have_date_in(value: str) -> bool:
    if _MAY_HAVE_LEADING_ZERO.search(value):
        return True
    return ("-" in value or "." in value or "/" in value) and _MAY_HAVE_NUMERIC_DATE.search(value) is not None
_NUMERIC_DATE = re.compile(r"((?:19|20)\d\d)([-./])(\d{1,2})\2(\d{1,2})(?![\d.\-/])")


@_rule("T111", "date-format", "a date not in the official form 2023年8月14日 (leading zeros, 2023-08-14)")
def check_dates(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, having=_may_have_date, anywhere=_may_have_date_in):
        s = p.text
        for match in _LEADING_ZERO.finditer(s):
            a = match.start()
            if a and (s[a - 1].isdigit() or s[a - 1] == "."):
                continue
            _report(ctx, p, a, a + 2, f"leading zero in a date ({_excerpt(p, a, a + 2)})",
                    "official dates have no leading zeros: 2023年8月4日", fix=p.fix({a: ""}))
        for match in _NUMERIC_DATE.finditer(s):
            if match.start() and (s[match.start() - 1].isdigit() or s[match.start() - 1] in ".-/"):
                continue
            year, month, day = int(match[1]), int(match[3]), int(match[4])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            a, b = match.span()
            _report(ctx, p, a, b, f"date written \"{match.group()}\" in Chinese text",
                    f"write {year}年{month}月{day}日")


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
