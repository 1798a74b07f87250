"""A parsed TOML file: its text, its data, and where each key sits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin_cli.files.source import SourceProblem, parse_toml, read_source

if TYPE_CHECKING:  # positions are needed only for diagnostics: the locator loads on first use
    from bulletin_cli.files.locate import TomlLocator


@dataclass
class Document:
    """One TOML file: its text, its data, and (computed on first use) where each key sits."""

    path: Path
    text: str
    data: dict
    _locator: TomlLocator | None = field(default=None, repr=False)

    @property
    def locator(self) -> TomlLocator:
        if self._locator is None:
            from bulletin_cli.files.locate import TomlLocator

            self._locator = TomlLocator(self.text)
        return self._locator


def read_document(path: Path) -> tuple[Document | None, SourceProblem | None]:
    text, problem = read_source(path)
    if problem:
        return None, problem
    assert text is not None
    data, problem = parse_toml(text)
    if problem:
        return None, problem
    assert data is not None
    return Document(path, text, data), None


def value_at(data: object, key_path: tuple) -> object:
    """The value at a key path (("articles", 0, "body")) of parsed TOML data, or None."""
    for key in key_path:
        try:
            data = data[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data
