"""`bulletin number` as a library call: the numbers each issue file should carry, and the
edited file contents (only the number tokens change)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.model.loader import is_inside
from bulletin_cli.model.locate import TomlLocator
from bulletin_cli.numbering.edit import Edit, apply_edits, loader_text
from bulletin_cli.numbering.series import Numbered, by_series, work_out_numbers
from bulletin_cli.validation.diagnostics import Diagnostic, Severity


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


def _resolved(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def plan_renumbering(paths: list[Path], *, headings: bool = False) -> Plan:
    """Load the series as `validate` does and work out every file's numbers.

    With ``headings``, the in-body headings of the articles are numbered too.
    """
    from bulletin_cli.model.loader import SERIES_FILE, find_series_file
    from bulletin_cli.validation.runner import validate_paths

    # An issue file stands for its whole series: numbers only make sense across all of it.
    wanted = []
    for path in paths:
        series = find_series_file(path) if path.is_file() and path.name != SERIES_FILE else None
        wanted.append(series.parent if series else path)
    result = validate_paths(list(dict.fromkeys(wanted)))
    plan = Plan(diagnostics=result.diagnostics, checked=len(result.checked))
    issues = list(result.issues.values())
    error_files = {_resolved(d.path) for d in plan.errors}
    built = {_resolved(p) for p in result.issues}
    # A file that could not be built at all leaves its series' numbering unknown: write nothing there.
    unbuilt = [p for p in result.checked if p.name != SERIES_FILE and _resolved(p) in error_files
               and _resolved(p) not in built]
    edits: dict[Path, tuple[list[Edit], list[str]]] = {}
    for series, members in by_series(issues).items():
        numbered = work_out_numbers(members)
        plan.numbered.extend(numbered)
        # An unreadable issue or an invalid series.toml (numbering = "yerly", say) makes the
        # numbering itself uncertain: nothing in that series is written.
        series_blocked = series in error_files or any(series is None or is_inside(p, series.parent)
                                                      for p in unbuilt)
        for item in numbered:
            assert item.issue.path is not None
            if series_blocked or _resolved(item.issue.path) in error_files:
                plan.blocked.add(item.issue.path)
            if item.changes and item.issue.path.suffix.lower() != ".toml":
                wanted_numbers = f"number {item.number}" + (
                    f", cumulative_number {item.cumulative_number}" if item.cumulative_changes else "")
                plan.not_editable.append(f"{item.issue.path}: should carry {wanted_numbers}; "
                                         "edit it by hand (only TOML files are renumbered)")
            elif item.changes:
                file_edits, notes = edits.setdefault(item.issue.path, ([], []))
                more, more_notes = number_edits(item)
                file_edits.extend(more)
                notes.extend(more_notes)
    if headings:
        from bulletin_cli.numbering.headings import heading_edits

        for issue in issues:
            for path, more, more_notes, problems in heading_edits(issue):
                plan.heading_problems.extend(problems)
                if not more:
                    continue
                if issue.path in plan.blocked or _resolved(path) in error_files:
                    plan.blocked.add(path)
                file_edits, notes = edits.setdefault(path, ([], []))
                file_edits.extend(more)
                notes.extend(more_notes)
    for path, (file_edits, notes) in edits.items():
        before = path.read_bytes()
        plan.changes.append(FileChange(path, before, apply_edits(before, file_edits), notes))
    plan.changes.sort(key=lambda c: str(c.path))
    return plan


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
