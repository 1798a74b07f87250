"""`bulletin number` over files: load the series as `validate` does, then plan each file's edits."""

from __future__ import annotations

from pathlib import Path

from bulletin_cli.files.edit import Edit, apply_edits
from bulletin_cli.files.paths import is_inside
from bulletin_cli.series.numbering import by_series, work_out_numbers
from bulletin_cli.series.renumber import FileChange, Plan, number_edits


def _resolved(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def plan_renumbering(paths: list[Path], *, headings: bool = False) -> Plan:
    """Load the series as `validate` does and work out every file's numbers.

    With ``headings``, the in-body headings of the articles are numbered too.
    """
    from bulletin_cli.formats.toml.loader import SERIES_FILE, find_series_file
    from bulletin_cli.operations.validate import validate_paths

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
        from bulletin_cli.series.headings import heading_edits

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
