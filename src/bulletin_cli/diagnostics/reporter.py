"""The Reporter: collects diagnostics, placing each at the line and column of what it concerns."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin_cli.diagnostics.codes import CODES, Diagnostic, Fix, Severity
from bulletin_cli.files.document import Document, read_document
from bulletin_cli.files.source import SourceProblem

if TYPE_CHECKING:
    from bulletin_cli.files.locate import KeyPath


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """``did you mean 'title'?`` for the nearest allowed word, or the list of allowed words."""
    normalised = {c.lower().replace("-", "_"): c for c in choices}
    key = word.lower().replace("-", "_").strip()
    if key in normalised:
        return f"did you mean '{normalised[key]}'?"
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(choices) <= 12:
        return "allowed here: " + ", ".join(choices)
    return ""


class Reporter:
    """Collects diagnostics, placing each at the line and column of the key or value concerned."""

    def __init__(self, severity_overrides: dict[str, Severity | None] | None = None) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.documents: dict[Path, Document] = {}
        self.severity_overrides = severity_overrides or {}

    def add_document(self, document: Document) -> None:
        self.documents[document.path] = document

    def _document(self, path: Path | None) -> Document | None:
        """The document for positions; read on demand when another process loaded the file."""
        if path is None:
            return None
        if path not in self.documents and path.suffix.lower() == ".toml" and path.is_file():
            document, _ = read_document(path)
            if document is not None:
                self.documents[path] = document
        return self.documents.get(path)

    def _severity(self, code: str, severity: Severity | None) -> Severity | None:
        if code in self.severity_overrides:
            return self.severity_overrides[code]
        if severity is not None:
            return severity
        return CODES[code].severity if code in CODES else Severity.ERROR

    def problem(self, path: Path, problem: SourceProblem) -> None:
        self.diagnostics.append(
            Diagnostic(path, problem.line, problem.column, self._severity(problem.code, None) or Severity.ERROR,
                       problem.code, problem.message, problem.hint)
        )

    def at(
        self,
        path: Path | None,
        key_path: KeyPath,
        code: str,
        message: str,
        hint: str = "",
        *,
        on: str = "value",
        index: int | None = None,
        length: int = 0,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> None:
        """Report at a key (``on="key"``), its value, or character ``index`` of a string value."""
        level = self._severity(code, severity)
        if level is None:  # turned off by configuration
            return
        line = column = 1
        end_line = end_column = None
        document = self._document(path)
        if document is not None:
            locator = document.locator
            if index is not None:
                line, column = locator.string_position(key_path, index)
                if length:
                    end_line, end_column = locator.string_position(key_path, index + length)
            elif on == "key":
                line, column = locator.key_position(key_path)
            else:
                line, column = locator.value_position(key_path)
        self.diagnostics.append(
            Diagnostic(path, line, column, level, code, message, hint, end_line, end_column, tuple(key_path), fix)
        )
