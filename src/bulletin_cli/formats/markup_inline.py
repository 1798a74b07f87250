"""Inline body markup: ``**bold**``, ``*italic*``, `` `code` ``, links, footnote references.

Written by hand instead of taken from markdown-it: CommonMark's delimiter rules do not close
``**坚持“红色”引领。**优化…`` (a closing ``**`` after punctuation and before a letter is not
"right-flanking"), and Chinese bulletins write bold lead-ins exactly that way. Here a ``*``
run opens when the next character is not a space and closes when the previous one is not,
and pairs with the nearest open run of the same length; a run that pairs with nothing is
printed as written. The rest follows CommonMark: a backslash before ASCII punctuation is a
literal, a code span is closed by a backtick run of the same length, ``[text](url)``,
``<https://…>`` and ``<name@example.org>`` are links, and bare ``https://…`` / e-mail
addresses are links too (as GitHub writes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bulletin_cli.model.issue import Run

SAFE_SCHEMES = ("http:", "https:", "mailto:")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_SPECIAL = re.compile(r"[*\\`\[<!]|://|@")
_DELIMITER = re.compile(r"[*\\`\[<!]")
# a URL ends at a space, an angle bracket or a Chinese character or punctuation mark
_BARE_LINK = re.compile(r"(?P<url>https?://[^\s<>\"\u2E80-\u9FFF\u3000-\u303F\uFF00-\uFFEF“”‘’]+)"
                        r"|(?<![\w.+-])[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.I)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_EMAIL_AUTOLINK = re.compile(r"<([\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


@dataclass(frozen=True)
class InlineProblem:
    """Something in a paragraph the subset does not hold; ``needle`` is the text to point at."""

    code: str
    needle: str
    message: str
    hint: str


@dataclass
class Inline:
    runs: tuple[Run, ...]
    notes: tuple[str, ...]  # footnote labels referenced, in order ("1" for [^1])
    images: tuple[tuple[str, str], ...]  # (alt, src) of images met inline
    problems: list[InlineProblem]


def has_markup(text: str) -> bool:
    return _SPECIAL.search(text) is not None


def is_safe_link(url: str) -> bool:
    return url.lower().startswith(SAFE_SCHEMES)


def _trim_url(url: str) -> str:
    # as GitHub's autolinks: trailing punctuation ends the sentence, an unbalanced ) closes a bracket
    while url and url[-1] in ".,:;!?'*_~":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.items: list = []  # str, Run, or ["*", length, index-in-items] delimiters
        self.notes: list[str] = []
        self.images: list[tuple[str, str]] = []
        self.problems: list[InlineProblem] = []

    def literal(self, text: str) -> None:
        if self.items and isinstance(self.items[-1], str):
            self.items[-1] += text
        else:
            self.items.append(text)

    def parse(self) -> list:
        text, i, n = self.text, 0, len(self.text)
        while i < n:
            char = text[i]
            if char == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCTUATION:
                self.literal(text[i + 1])
                i += 2
            elif char == "`":
                i = self.code_span(i)
            elif char == "*":
                j = i
                while j < n and text[j] == "*":
                    j += 1
                before = text[i - 1] if i else " "
                after = text[j] if j < n else " "
                self.items.append(["*", j - i, not after.isspace(), not before.isspace()])
                i = j
            elif char == "!" and text.startswith("![", i):
                i = self.link(i + 1, image=True)
            elif char == "[":
                i = self.link(i, image=False)
            elif char == "<":
                i = self.angle(i)
            else:
                i = self.plain(i)
        return self.items

    def plain(self, i: int) -> int:
        """Text up to the next markup character, with bare URLs and e-mail addresses made links."""
        text = self.text
        match = _DELIMITER.search(text, i + 1)
        end = match.start() if match else len(text)
        stretch = text[i:end]
        if "://" not in stretch and "@" not in stretch:
            self.literal(stretch)
            return end
        position = 0
        for found in _BARE_LINK.finditer(stretch):
            if found.start() < position:
                continue
            target = _trim_url(found.group()) if found.group("url") else found.group()
            self.literal(stretch[position:found.start()])
            self.items.append(Run(target, link=target if found.group("url") else "mailto:" + target))
            position = found.start() + len(target)
        self.literal(stretch[position:])
        return end

    def code_span(self, i: int) -> int:
        text = self.text
        j = i
        while j < len(text) and text[j] == "`":
            j += 1
        fence = text[i:j]
        close = re.compile(r"(?<!`)" + fence + r"(?!`)").search(text, j)
        if close is None:
            self.literal(fence)
            return j
        content = text[j:close.start()]
        if len(content) > 2 and content[0] == " " and content[-1] == " " and content.strip():
            content = content[1:-1]
        self.items.append(Run(content, code=True))
        return close.end()

    def bracket_end(self, i: int) -> int:
        """Index of the ] closing the [ at i, or -1."""
        depth, j, text = 0, i, self.text
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "`":  # code spans hide brackets
                k = text.find("`", j + 1)
                j = k + 1 if k > 0 else j + 1
                continue
            if text[j] == "[":
                depth += 1
            elif text[j] == "]":
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        return -1

    def destination(self, i: int) -> tuple[str, int] | None:
        """The destination of ``(url)`` starting at i (the '('), and the index after ')'."""
        text = self.text
        if text.startswith("(<", i):
            end = text.find(">)", i)
            return (text[i + 2:end], end + 2) if end > 0 else None
        depth, j = 0, i
        while j < len(text):
            if text[j] == "(":
                depth += 1
            elif text[j] == ")":
                depth -= 1
                if depth == 0:
                    return text[i + 1:j].strip(), j + 1
            j += 1
        return None

    def link(self, i: int, image: bool) -> int:
        text = self.text
        start = i - 1 if image else i
        note = _NOTE_REF.match(text, i) if not image else None
        if note:
            self.notes.append(note.group(1))
            self.items.append(Run(note.group(1), note=len(self.notes)))
            return note.end()
        close = self.bracket_end(i)
        if close < 0 or not text.startswith("(", close + 1):
            if close > 0 and text.startswith("[", close + 1) or close > 0 and text.startswith("]:", close):
                self.problems.append(InlineProblem(
                    "M702", text[start:close + 1], "reference-style links are not supported",
                    "write the address in place: [text](https://…)"))
            self.literal(text[start:i + 1])
            return i + 1
        found = self.destination(close + 1)
        if found is None:
            self.literal(text[start:i + 1])
            return i + 1
        url, after = found
        label = text[i + 1:close]
        written = text[start:after]
        if " " in url or "\t" in url:
            self.problems.append(InlineProblem("M702", written, "a link or image title is not supported",
                                               "write only the address inside ( ), without spaces or a title"))
            self.literal(written)
            return after
        if image:
            self.images.append((label, url))
            self.items.append(Run(label))
            return after
        inner = _Parser(label)
        runs = _resolve(inner.parse())
        self.notes.extend(inner.notes)
        self.problems.extend(inner.problems)
        if not is_safe_link(url):
            self.problems.append(InlineProblem(
                "M703", written, f"link '{url}' uses a scheme that is not allowed",
                "link only to http:, https: or mailto: addresses; write the address as text otherwise"))
            self.items.extend(runs)
        else:
            self.items.extend(replace(run, link=url) for run in runs)
        return after

    def angle(self, i: int) -> int:
        text = self.text
        if text.startswith("<!--", i):  # a comment left open in its paragraph prints as written
            self.literal("<!--")
            return i + 4
        for pattern, prefix in ((_EMAIL_AUTOLINK, "mailto:"), (_AUTOLINK, "")):
            match = pattern.match(text, i)
            if match:
                url = prefix + match.group(1)
                if is_safe_link(url):
                    self.items.append(Run(match.group(1), link=url))
                else:
                    self.problems.append(InlineProblem(
                        "M703", match.group(), f"link '{url}' uses a scheme that is not allowed",
                        "link only to http:, https: or mailto: addresses"))
                    self.literal(match.group())
                return match.end()
        tag = _TAG.match(text, i)
        if tag:
            self.problems.append(InlineProblem("M701", tag.group(), "raw HTML is printed as text, not as markup",
                                               "remove the tag, or write \\< to print it on purpose"))
            self.literal(tag.group())
            return tag.end()
        self.literal("<")
        return i + 1


def _resolve(items: list) -> list[Run]:
    """Pair ``*`` runs (1 italic, 2 bold, 3 both) and turn the stream into flat runs."""
    openers: list[int] = []
    pairs: dict[int, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, list):
            _, length, can_open, can_close = item
            match = next((k for k in reversed(openers) if items[k][1] == length), None) if can_close else None
            if match is not None and length <= 3:
                openers = openers[:openers.index(match)]
                pairs[match] = index
                pairs[index] = match
            elif can_open:
                openers.append(index)
    runs: list[Run] = []
    strong = emphasis = False
    for index, item in enumerate(items):
        if isinstance(item, list):
            if index in pairs and item[1] <= 3:
                if item[1] in (2, 3):
                    strong = not strong
                if item[1] in (1, 3):
                    emphasis = not emphasis
                continue
            item = "*" * item[1]
        run = item if isinstance(item, Run) else Run(item)
        if strong or emphasis:
            run = replace(run, strong=run.strong or strong, emphasis=run.emphasis or emphasis)
        if runs and runs[-1].note is None and run.note is None and replace(runs[-1], text="") == replace(run, text=""):
            runs[-1] = replace(run, text=runs[-1].text + run.text)
        elif run.text or run.note is not None:
            runs.append(run)
    return runs


def parse_inline_rich(text: str) -> Inline:
    parser = _Parser(text)
    runs = _resolve(parser.parse())
    return Inline(tuple(runs), tuple(parser.notes), tuple(parser.images), parser.problems)


def unclosed_strong(text: str) -> bool:
    """True when a ``**`` in the paragraph pairs with nothing."""
    parser = _Parser(text)
    items = parser.parse()
    return any(isinstance(run, Run) and "**" in run.text and not run.code and run.link is None
               for run in _resolve(items)) and "**" in text
