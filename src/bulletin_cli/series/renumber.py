"""`bulletin number` as a library call: the numbers each issue file should carry, and the
edited file contents (only the number tokens change)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.files.edit import Edit, loader_text
from bulletin_cli.files.locate import TomlLocator
from bulletin_cli.series.numbering import Numbered


@dataclass
class FileChange:
    path: Path
    before: bytes
    after: bytes
    notes: list[str] = field(default_factory=list)  # "number 7 → 6", for people


@dataclass
class Plan:
    """What `bulletin number` found: the changes, and the problems that block writing."""

    changes: list[FileChange] = field(default_factory=list)
    numbered: list[Numbered] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # as `bulletin validate` reports them
    blocked: set[Path] = field(default_factory=set)  # files that must not be written
    checked: int = 0
    heading_problems: list[Diagnostic] = field(default_factory=list)  # headings out of sequence (--headings)
    not_editable: list[str] = field(default_factory=list)  # changes in files this command cannot edit (XML)

    @property
    def numbering_problems(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code.startswith("N4")]

    @property
    def errors(self) -> list[Diagnostic]:
        """Errors other than numbering: invalid issues."""
        return [d for d in self.diagnostics if d.severity == Severity.ERROR and not d.code.startswith("N4")]


def number_edits(item: Numbered) -> tuple[list[Edit], list[str]]:
    """The edits that set an issue file's number (and cumulative number) to what the dates give."""
    issue = item.issue
    assert issue.path is not None
    text = loader_text(issue.path.read_bytes())
    locator = TomlLocator(text)
    edits: list[Edit] = []
    notes: list[str] = []
    if item.number_changes:
        span = locator.value_span(("number",))
        assert span is not None
        edits.append(Edit(span.start, span.end - span.start, str(item.number)))
        notes.append(f"number {issue.number} → {item.number}")
    if item.cumulative_changes:
        span = locator.value_span(("cumulative_number",))
        if span is not None:
            edits.append(Edit(span.start, span.end - span.start, str(item.cumulative_number)))
            notes.append(f"cumulative_number {issue.cumulative_number} → {item.cumulative_number}")
        else:
            # Add the key on its own line right after the number's line.
            number = locator.value_span(("number",))
            assert number is not None
            line_end = text.find("\n", number.end)
            line_end = len(text) if line_end < 0 else line_end
            edits.append(Edit(line_end, 0, f"\ncumulative_number = {item.cumulative_number}"))
            notes.append(f"cumulative_number added: {item.cumulative_number}")
    return edits, notes
