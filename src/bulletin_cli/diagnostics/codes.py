"""Diagnostics: what `bulletin validate` reports, and the registry of stable codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        return cls[value.upper()]


@dataclass(frozen=True)
class Code:
    """A stable diagnostic code: ``code`` never changes meaning once released."""

    code: str
    name: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Fix:
    """A safe, mechanical replacement of ``length`` characters at ``offset`` of a string value."""

    key_path: tuple[str | int, ...]
    offset: int
    length: int
    replacement: str


@dataclass
class Diagnostic:
    path: Path | None
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""
    end_line: int | None = None
    end_column: int | None = None
    key_path: tuple[str | int, ...] = ()
    fix: Fix | None = field(default=None, compare=False)

    @property
    def display_path(self) -> str:
        return str(self.path) if self.path is not None else "<input>"

    def sort_key(self) -> tuple:
        return (self.display_path, self.line, self.column, self.code)



class DiagnosedError(Exception):
    """An operation that stops with a message and, when files are what fails, their diagnostics
    (printed with file:line:col by the command)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


CODES: dict[str, Code] = {}


def register_code(code: str, name: str, severity: Severity, summary: str) -> Code:
    existing = CODES.get(code)
    if existing is not None and existing.name != name:
        raise ValueError(f"diagnostic code {code} is already used by {existing.name!r}")
    entry = Code(code, name, severity, summary)
    CODES[code] = entry
    return entry


E, W = Severity.ERROR, Severity.WARNING
# F: files and TOML syntax
register_code("F101", "not-utf8", E, "the file is not UTF-8 text")
register_code("F102", "empty-file", E, "the file is empty")
register_code("F103", "binary-file", E, "the file is binary, not text")
register_code("F104", "toml-syntax", E, "the file is not valid TOML")
register_code("F105", "unreadable", E, "the file cannot be read")
register_code("F106", "no-series", E, "no series.toml found and the issue does not stand alone")
register_code("F108", "template-error", E, "a template in the series' templates/ folder does not compile or fails to render")
register_code("F109", "unknown-template", E, "a file in the series' templates/ folder overrides no shipped template")
register_code("F107", "orphan-article-file", W, "an article file that no issue references")
# S: structure of the document
register_code("S201", "unknown-key", E, "a key the format does not define at this place")
register_code("S202", "missing-key", E, "a required key is missing")
register_code("S203", "wrong-type", E, "a value has the wrong type")
register_code("S204", "invalid-value", E, "a value is outside what the format allows")
register_code("S205", "empty-text", E, "a title or body is empty")
register_code("S206", "unclosed-emphasis", E, "** opens bold text that never closes")
register_code("S207", "invalid-xml-char", E,
              "a character XML 1.0 cannot hold: a control character, a lone surrogate, U+FFFE or U+FFFF")
# R: references between parts
register_code("R301", "duplicate-article-id", E, "two articles share an id")
register_code("R302", "undeclared-column", E, "an article names a column the series does not declare")
register_code("R303", "missing-file", E, "a referenced file does not exist")
register_code("R304", "path-outside-series", E, "a referenced path leaves the series folder")
register_code("R305", "missing-column", E, "the series declares columns but an article names none")
register_code("R306", "duplicate-column", E, "a column is declared twice")
register_code("R307", "unused-column-note", W, "an editor's note for a column with no articles in this issue")
# N: numbering across a series
register_code("N401", "duplicate-number", E, "two issues carry the same number in one sequence")
register_code("N402", "numbering-gap", W, "a number is skipped in the sequence")
register_code("N403", "number-out-of-order", E, "issue numbers do not follow the issue dates")
register_code("N404", "cumulative-mismatch", E, "the cumulative number (总第N期) does not follow the sequence")
register_code("N405", "renumber", W, "a number differs from the one the dates give (`bulletin number --write` fixes it)")
register_code("N406", "heading-number", W, "an in-body heading is not numbered in the sequence 一、（一）1.（1）")
# M: rich body markup and the files it names (docs/format.md#text-markup)
register_code("M701", "unsupported-markup", W, "markup the body subset does not hold (raw HTML, an open comment, ...); "
              "it prints as text")
register_code("M702", "unsupported-link-form", W, "a reference-style link or a link title; it prints as text")
register_code("M703", "unsafe-link", E, "a link whose scheme is not http, https or mailto")
register_code("M704", "inline-image", W, "an image inside running text instead of alone in its paragraph")
register_code("M705", "footnote-mismatch", E, "a footnote reference without its text, or a footnote never referred to")
register_code("M706", "ragged-table", E, "a table row with more or fewer cells than the header")
register_code("M711", "unsupported-image", E, "an image file that is not JPEG, PNG, GIF, WebP or SVG by its content")
register_code("M712", "large-image", W, "an image file over 5 MB")
# X: XML issues (docs/xml.md)
register_code("X501", "xml-syntax", E, "the XML file is not well-formed")
register_code("X502", "xml-schema", E, "the XML does not match the bulletin schema")
