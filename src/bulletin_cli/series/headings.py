"""In-body headings numbered in the official hierarchy (GB/T 9704 7.3.3):
level 1 一、  level 2 （一）  level 3 1.  level 4 （1）, each counter restarting under its parent.

Headings are the paragraphs an article body starts with ``#`` to ``####``; their text
carries its own number (``## （一）总体要求``). ``heading_edits`` gives the edits that put the
right number in front of each heading, replacing a wrong one or adding a missing one, and
changing nothing else in the file. Only Chinese issues are numbered this way.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomli

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.files.document import value_at
from bulletin_cli.files.edit import Edit, loader_text
from bulletin_cli.files.locate import TomlLocator
from bulletin_cli.model.issue import Issue
from bulletin_cli.model.numerals import chinese_numeral

_CN = "零一二三四五六七八九十百千两〇"
# Any heading number an editor may have typed, whatever its level: it is replaced as a whole.
_NUMBER = re.compile(
    rf"(?:[{_CN}]+[、，,．.]|[（(][{_CN}]+[）)]|[（(]\d+[）)]|\d+(?:[.．、](?!\d)))"
)
_HEADING = re.compile(r"(#{1,4})[ \t\u3000]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")


def heading_number(level: int, count: int) -> str:
    """一、 （一） 1. （1） for levels 1-4."""
    if level == 1:
        return f"{chinese_numeral(count)}、"
    if level == 2:
        return f"（{chinese_numeral(count)}）"
    if level == 3:
        return f"{count}."
    return f"（{count}）"


def number_headings(levels: list[int]) -> list[str]:
    """The number of each heading, given the heading levels in order."""
    counters = [0] * 5
    out = []
    for level in levels:
        counters[level] += 1
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        out.append(heading_number(level, counters[level]))
    return out


def _headings(value: str) -> list[tuple[int, int, int, str]]:
    """(level, start, end, existing number) of each heading, indexes into the decoded value."""
    found = []
    starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(value)]
    for start in starts:
        i = start
        while i < len(value) and value[i] in " \t\u3000\n":
            i += 1
        match = _HEADING.match(value, i)
        if not match:
            continue
        number = _NUMBER.match(value, match.end())
        end = number.end() if number else match.end()
        found.append((len(match.group(1)), match.end(), end, number.group() if number else ""))
    return found



def heading_edits(issue: Issue) -> list[tuple[Path, list[Edit], list[str], list[Diagnostic]]]:
    """Per file: the edits that number the headings of the issue's articles, notes for people,
    and a diagnostic for each heading whose number is wrong or missing."""
    if not issue.language.startswith("zh"):
        return []
    by_file: dict[Path, tuple[list[Edit], list[str], list[Diagnostic]]] = {}
    cache: dict[Path, tuple[str, dict, TomlLocator]] = {}
    for article in issue.articles:
        path = article.origin.path
        if path is None or path.suffix.lower() != ".toml" or not any(b.kind == "heading" for b in article.body):
            continue
        if path not in cache:
            text = loader_text(path.read_bytes())
            cache[path] = (text, tomli.loads(text), TomlLocator(text))
        text, data, locator = cache[path]
        key_path = tuple(article.origin.key_path) + ("body",)
        value = value_at(data, key_path)
        if not isinstance(value, str):
            continue
        found = _headings(value)
        wanted = number_headings([level for level, *_ in found])
        edits, notes, problems = by_file.setdefault(path, ([], [], []))
        for (level, start, end, existing), number in zip(found, wanted):
            if existing == number:
                continue
            offset = locator.string_offset(key_path, start)
            end_offset = locator.string_offset(key_path, end) if end > start else offset
            assert offset is not None and end_offset is not None
            # A space the editor typed after the number stays. A new number gets none, except
            # 1. before a digit ("1. 1.5万人"), which would otherwise read back as "1.1."
            spaced = not existing and number[-1] == "." and value[end:end + 1].isdigit()
            edits.append(Edit(offset, end_offset - offset, number + (" " if spaced else "")))
            line, column = locator.line_column(offset)
            what = f"is numbered {existing}" if existing else "has no number"
            notes.append(f"{article.id}: heading {existing or '(none)'} → {number}")
            problems.append(Diagnostic(path, line, column, Severity.WARNING, "N406",
                                       f"level-{level} heading in article '{article.id}' {what}; "
                                       f"in sequence it is {number}",
                                       "`bulletin number FOLDER --headings --write` renumbers the headings",
                                       key_path=key_path))
    return [(path, *entry) for path, entry in by_file.items() if entry[0]]
