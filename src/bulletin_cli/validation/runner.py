"""`bulletin validate` as a library call: files and folders in, diagnostics out.

Given a file inside a series folder, the whole series is still loaded, so that numbering
checks see every issue even when pre-commit passes only the changed files; only the
diagnostics of the files asked about are reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.model.document import Reporter
from bulletin_cli.model.issue import Issue
from bulletin_cli.model.loader import SERIES_FILE, LoadedIssue, Loader, find_series_file
from bulletin_cli.validation.diagnostics import Diagnostic, Severity

_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
ISSUE_SUFFIXES = (".toml",)


class NothingToValidate(Exception):
    """A path that does not exist, or a folder without issue files: a usage error (exit 2)."""


@dataclass
class ValidationResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: list[Path] = field(default_factory=list)
    issues: dict[Path, Issue] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def _walk(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if any(part in _SKIP_DIRS or part.startswith(".") for part in path.relative_to(folder).parts[:-1]):
            continue
        if path.is_file() and path.suffix.lower() in ISSUE_SUFFIXES + (".xml",):
            found.append(path)
    return found


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders searched recursively for .toml (and .xml) files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in _walk(path) if p.suffix.lower() in ISSUE_SUFFIXES or _is_xml_issue(p)]
            if not any(p.name != SERIES_FILE for p in found):
                raise NothingToValidate(f"{path}: no issue files (*.toml) in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise NothingToValidate(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


def _is_xml_issue(path: Path) -> bool:
    return path.suffix.lower() == ".xml"


def _series_folder(path: Path) -> Path | None:
    series = path if path.name == SERIES_FILE else find_series_file(path)
    return series.parent if series else None


def _looks_like_article_file(data: dict) -> bool:
    return "number" not in data and "date" not in data and "articles" not in data and ("body" in data or "title" in data)


def validate_paths(paths: list[Path | str], *, run_rules: bool = True) -> ValidationResult:
    requested = [Path(p) for p in paths]
    files = expand_paths(requested)
    reporter = Reporter()
    loader = Loader(reporter)
    result = ValidationResult(checked=list(files))

    # Every series touched is loaded whole, for the numbering checks.
    by_series: dict[Path | None, list[Path]] = defaultdict(list)
    for path in files:
        by_series[_series_folder(path)].append(path)
    wanted = {p.resolve() for p in files}
    # An issue is reported with what it is made of: its article files and its series.toml.
    reported = set(wanted)
    for folder, members in by_series.items():
        candidates = members if folder is None else _walk(folder)
        loaded_issues = _load_group(loader, candidates, wanted, run_rules)
        for loaded in loaded_issues:
            if loaded.path.resolve() in wanted:
                reported.update(p.resolve() for p in loaded.article_files)
                if loaded.series is not None:
                    reported.add(loaded.series.path.resolve())
        issues = [li.issue for li in loaded_issues if li.issue is not None]
        result.issues.update({li.path: li.issue for li in loaded_issues if li.issue is not None})
        if folder is not None and len(issues) > 1:
            from bulletin_cli.validation.series_checks import check_series

            _with_series_overrides(reporter, loaded_issues, lambda: check_series(issues, reporter))
    result.diagnostics = sorted(
        _unique(d for d in reporter.diagnostics if d.path is None or d.path.resolve() in reported),
        key=Diagnostic.sort_key,
    )
    result.issues = {p: i for p, i in result.issues.items() if p.resolve() in wanted}
    return result


def _unique(diagnostics) -> list[Diagnostic]:
    """Each finding once: series.toml text is checked with every issue that shares it."""
    seen: dict[tuple, Diagnostic] = {}
    for d in diagnostics:
        key = (d.display_path, d.line, d.column, d.code, d.message, tuple(d.key_path), d.fix)
        seen.setdefault(key, d)
    return list(seen.values())


def _with_series_overrides(reporter: Reporter, loaded: list[LoadedIssue], action) -> None:
    settings = loaded[0].settings if loaded else {}
    previous = reporter.severity_overrides
    reporter.severity_overrides = severity_overrides(settings)
    try:
        action()
    finally:
        reporter.severity_overrides = previous


def severity_overrides(settings: dict) -> dict[str, Severity | None]:
    """The series' [rules] table as code/name -> severity (None: off)."""
    from bulletin_cli.validation.diagnostics import CODES

    table = settings.get("rules") if isinstance(settings.get("rules"), dict) else {}
    names = {entry.name: code for code, entry in CODES.items()}
    out: dict[str, Severity | None] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            continue
        level = None if value == "off" else Severity.parse(value) if value.upper() in Severity.__members__ else None
        out[names.get(key, key)] = level
    return out


def check_rule_settings(path: Path, data: dict, reporter: Reporter) -> None:
    """Every key under [rules] must name a check (code or name), built in or from a plugin."""
    from bulletin_cli import plugins
    from bulletin_cli.model.document import did_you_mean
    from bulletin_cli.validation.diagnostics import CODES

    table = data.get("rules")
    if not isinstance(table, dict):
        return
    known = {*CODES, *(entry.name for entry in CODES.values())}
    for rule in plugins.rules():
        known.update((rule.code, rule.name))
    for key in table:
        if key not in known:
            names = sorted(n for n in known if not n[:1].isupper() or not n[1:].isdigit())
            reporter.at(path, ("rules", key), "S204", f"[rules] names no known check: '{key}'",
                        did_you_mean(key, names) or "use a code such as N402 or a name such as numbering-gap "
                        "(docs/format.md, docs/rules.md)", on="key")


def _load_group(loader: Loader, candidates: list[Path], wanted: set[Path], run_rules: bool) -> list[LoadedIssue]:
    from bulletin_cli.validation.checks import check_issue

    reporter = loader.reporter
    loaded_issues: list[LoadedIssue] = []
    documents = {}
    for path in candidates:
        if path.name == SERIES_FILE:
            series = loader.load_series(path)
            if series is not None:
                check_rule_settings(series.path, series.data, reporter)
            continue
        if _is_xml_issue(path):
            loaded = _load_xml(path, reporter)
            if loaded is not None:
                loaded_issues.append(loaded)
            continue
        documents[path] = loader.read(path)
    referenced: set[Path] = set()
    for path, document in documents.items():
        if document is not None and _looks_like_article_file(document.data):
            continue
        loaded = loader.load_issue(path, document)
        referenced.update(p.resolve() for p in loaded.article_files)
        loaded_issues.append(loaded)
    for path, document in documents.items():
        if document is not None and _looks_like_article_file(document.data) and path.resolve() not in referenced:
            reporter.at(path, (), "F107", "this looks like an article file, but no issue references it",
                        "reference it from an issue: [[articles]] file = \"…\"", on="key")
    for loaded in loaded_issues:
        if loaded.path.resolve() not in wanted and not any(p.resolve() in wanted for p in loaded.article_files):
            continue
        overrides = severity_overrides(loaded.settings)
        previous = reporter.severity_overrides
        reporter.severity_overrides = overrides
        try:
            if loaded.settings:
                check_issue(loaded, reporter)
            if run_rules:
                run_plugin_rules(loaded, reporter, overrides)
        finally:
            reporter.severity_overrides = previous
    return loaded_issues


def _load_xml(path: Path, reporter: Reporter) -> LoadedIssue | None:
    """XML issues are validated by the XML plugin's importer when it is installed."""
    try:
        from bulletin_cli.exporters.xml import load_xml_issue  # type: ignore[attr-defined]
    except ImportError:
        reporter.at(path, (), "F105", "XML issues need the XML exporter, which is not available", on="key")
        return None
    return load_xml_issue(path, reporter)


def run_plugin_rules(loaded: LoadedIssue, reporter: Reporter, overrides: dict[str, Severity | None]) -> None:
    from bulletin_cli import plugins
    from bulletin_cli.validation.rules import RuleContext

    language = loaded.issue.language if loaded.issue else str(loaded.settings.get("language", "zh-CN"))
    for rule in plugins.rules():
        if rule.languages and language not in rule.languages:
            continue
        severity = overrides.get(rule.code, overrides.get(rule.name, rule.severity))
        if rule.code in overrides or rule.name in overrides:
            severity = overrides.get(rule.code) if rule.code in overrides else overrides.get(rule.name)
        if severity is None:
            continue
        try:
            rule.check(RuleContext(rule, loaded, reporter, severity))
        except Exception as error:  # noqa: BLE001 - a broken rule is reported, not fatal
            plugins.rule_failed(rule, str(loaded.path), error)
