"""`bulletin validate` as a library call: files and folders in, diagnostics out.

Given a file inside a series folder, the whole series is still loaded, so that numbering
checks see every issue even when pre-commit passes only the changed files; only the
diagnostics of the files asked about are reported.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.diagnostics.reporter import Reporter
from bulletin_cli.formats.toml.loader import (
    SERIES_FILE,
    LoadedIssue,
    LoadedSeries,
    Loader,
    find_series_file,
)
from bulletin_cli.model.issue import Issue
from bulletin_cli.model.numbers import IssueNumbers
from bulletin_cli.operations.rule_settings import check_rule_settings, severity_overrides
from bulletin_cli.operations.walking import (  # noqa: F401 - NothingToValidate re-exported: callers import it from here
    NothingToValidate,
    expand_paths,
    walk_issue_files,
)


if TYPE_CHECKING:
    from bulletin_cli.operations.summaries import SummaryShelf


class _Resolved(dict):
    """Path -> resolved path, each resolved once (resolving costs system calls)."""

    def __missing__(self, path: Path) -> Path:
        value = path.resolve()
        if value == path:  # the usual case (absolute, no links): one object, not two, per file
            value = path
        self[path] = value
        return value


@dataclass
class ValidationResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: list[Path] = field(default_factory=list)
    issues: dict[Path, Issue] = field(default_factory=dict)
    # what ``after_check`` returned for each issue it was called on (by issue file)
    outcomes: dict[Path, object] = field(default_factory=dict)
    # keep "shelf": each issue's summary, by issue file (``issues`` holds its numbers)
    shelf: SummaryShelf | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def _is_xml_issue(path: Path) -> bool:
    return path.suffix.lower() == ".xml"


def _series_folder(path: Path, known: dict[Path, Path | None]) -> Path | None:
    """The folder of the series an issue belongs to (None: it stands alone), found once per
    folder of issues."""
    if path.name == SERIES_FILE:
        return path.parent
    if path.parent not in known:
        series = find_series_file(path)
        known[path.parent] = series.parent if series else None
    return known[path.parent]


def _looks_like_article_file(data: dict) -> bool:
    return "number" not in data and "date" not in data and "articles" not in data and ("body" in data or "title" in data)


Keep = Literal["full", "summary", "shelf", "numbers", "none"]
# A function called on each issue asked about, in the process that checked it, while the
# whole issue is still there: (the loaded issue, whether it has no errors) -> a small result.
AfterCheck = Callable[[LoadedIssue, bool], object]


def validate_paths(paths: list[Path | str], *, run_rules: bool = True, jobs: int | None = None,
                   keep_issues: bool | Keep = True, after_check: AfterCheck | None = None,
                   walked: dict[Path, list[Path]] | None = None,
                   progress: Callable[[int], None] | None = None) -> ValidationResult:
    """Validate files and folders; ``jobs`` worker processes for large folders (default: one per core).

    ``keep_issues``: "full" (or True) keeps every issue asked about whole; "summary" keeps
    each issue without its texts (numbers, dates, titles, columns: what the series checks and
    an archive index need), "shelf" the same summaries in a temporary file
    (``result.shelf``: summaries.SummaryShelf) and each issue's numbers in memory, "numbers"
    only each issue's numbers, date and file
    (model.numbers.IssueNumbers: what the series checks and the output plan need), "none"
    (or False) keeps none: the same numbers are kept only until the series checks have run,
    which is what `bulletin validate` wants.

    ``after_check`` (picklable: it may run in a worker) is called once per issue asked about,
    right after its checks, while the whole issue is loaded; its results are in
    ``result.outcomes``. `bulletin export` renders there, so each issue is read once.
    ``walked``: the folders already walked by the caller (folder -> files), so that no folder
    is walked twice; ``progress`` is told how many issue files have been checked.
    """
    keep: Keep = "full" if keep_issues is True else "none" if keep_issues is False else keep_issues
    requested = [Path(p) for p in paths]
    walked = {} if walked is None else walked
    files = expand_paths(requested, walked)
    reporter = Reporter()
    loader = Loader(reporter)
    result = ValidationResult(checked=list(files))
    if keep == "shelf":
        from bulletin_cli.operations.summaries import SummaryShelf

        result.shelf = SummaryShelf()

    # Every series touched is loaded whole, for the numbering checks.
    by_series: dict[Path | None, list[Path]] = defaultdict(list)
    series_of_folder: dict[Path, Path | None] = {}
    for path in files:
        by_series[_series_folder(path, series_of_folder)].append(path)
    resolved = _Resolved()
    # the files asked about, resolved; None when that is every file of every series touched (folders
    # given whole, the usual case): no set of them, and no path resolved only to be looked up
    wanted: set[Path] | None = None
    if not _every_series_asked(by_series, requested):
        wanted = {resolved[p] for p in files}
    # An issue is reported with what it is made of: its article files and its series.toml
    # (kept apart from ``wanted``: a copy of it is half a megabyte at 10,000 issues).
    reported: set[Path] = set()
    for folder, members in by_series.items():
        candidates = members if folder is None else walked.get(folder) or walk_issue_files(folder)
        group = _Group(wanted, run_rules, keep, after_check, progress)
        loaded_issues = _load_group(loader, candidates, group, jobs, resolved, result.outcomes, result.shelf)
        for loaded in loaded_issues:
            if wanted is None or resolved[loaded.path] in wanted:
                reported.update(resolved[p] for p in loaded.article_files)
                if loaded.series is not None:
                    reported.add(resolved[loaded.series.path])
        issues = [li.issue for li in loaded_issues if li.issue is not None]
        if keep != "none":
            result.issues.update({li.path: li.issue for li in loaded_issues if li.issue is not None})
        settings = loaded_issues[0].settings if loaded_issues else {}
        templates = folder is not None and (folder / "templates").is_dir()  # its own page templates
        if not templates:  # let go before the series checks: what they make and these never coincide
            del loaded_issues
        if folder is not None and len(issues) > 1:
            from bulletin_cli.series.checks import check_series

            _with_series_overrides(reporter, settings, lambda: check_series(issues, reporter))
        if templates:
            from bulletin_cli.series.templates import check_series_templates

            reported.update(check_series_templates(folder, loaded_issues, reporter))
    result.diagnostics = sorted(
        _unique(d for d in reporter.diagnostics
                if d.path is None or wanted is None or resolved[d.path] in wanted or resolved[d.path] in reported),
        key=Diagnostic.sort_key,
    )
    if result.shelf is not None:
        result.shelf.compact()  # every summary is there: its places kept compact from now on
    if keep == "none":
        result.issues = {}
    elif wanted is not None:
        result.issues = {p: i for p, i in result.issues.items() if resolved[p] in wanted}
    return result


def _every_series_asked(by_series: dict[Path | None, list[Path]], requested: list[Path]) -> bool:
    """Whether every file of the series touched was asked about: each series' folder is a folder
    given or inside one (its files were walked with it). Files that stand alone are asked about."""
    folders = [path for path in requested if path.is_dir()]
    return all(series is None or any(series == folder or folder in series.parents for folder in folders)
               for series in by_series)


def _unique(diagnostics) -> list[Diagnostic]:
    """Each finding once: series.toml text is checked with every issue that shares it."""
    seen: dict[tuple, Diagnostic] = {}
    for d in diagnostics:
        key = (d.display_path, d.line, d.column, d.code, d.message, tuple(d.key_path), d.fix)
        seen.setdefault(key, d)
    return list(seen.values())


def _with_series_overrides(reporter: Reporter, settings: dict, action) -> None:
    """``action`` with the severities of a series' [rules] (``settings``: its first issue's)."""
    previous = reporter.severity_overrides
    reporter.severity_overrides = severity_overrides(settings)
    try:
        action()
    finally:
        reporter.severity_overrides = previous


@dataclass(frozen=True)
class _Group:
    """What checking a group of files needs to know, in this process and in workers."""

    wanted: set[Path] | None  # the files asked about (resolved); None: all of them
    run_rules: bool
    keep: Keep
    after_check: AfterCheck | None = None
    progress: Callable[[int], None] | None = field(default=None, compare=False)

    def for_workers(self, wanted: set[Path] | None) -> _Group:
        return replace(self, wanted=wanted, progress=None)


def _load_group(loader: Loader, candidates: list[Path], group: _Group, jobs: int | None,
                resolved: _Resolved, outcomes: dict[Path, object], shelf=None) -> list[LoadedIssue]:
    reporter = loader.reporter
    loaded_issues: list[LoadedIssue] = []
    toml_files: list[Path] = []
    for path in candidates:
        if path.name == SERIES_FILE:
            series = loader.load_series(path)
            if series is not None:
                check_rule_settings(series.path, series.data, reporter)
        elif _is_xml_issue(path):
            first = len(reporter.diagnostics)
            loaded = _load_xml(path, reporter)
            if loaded is not None:
                loaded_issues.append(loaded)
                # read here, not in a worker: seen by after_check here too (an export renders it)
                _after_check(group, loaded, reporter, first, resolved, outcomes)
        else:
            toml_files.append(path)
    jobs = validation_jobs(len(toml_files), jobs)
    interner = None
    if group.keep != "full":  # one copy of what the issues share (labels, colophon, names)
        from bulletin_cli.operations.summaries import Interner

        interner = Interner(candidates, shelf)  # the paths walked: one Path object per file, not one per copy
    if jobs > 1:
        checked = _check_in_workers(toml_files, group, jobs, reporter, resolved, interner)
    else:
        checked = _check_files(loader, toml_files, group, resolved)
        if interner is not None:
            _share(checked, interner)
    loaded_issues.extend(checked.issues)
    if interner is not None and shelf is not None:  # issues read here (XML): shelved as the others
        loaded_issues = [interner.shelved(loaded) for loaded in loaded_issues]
    outcomes.update(checked.outcomes)
    for path in checked.article_like:
        if resolved[path] not in checked.referenced:
            reporter.at(path, (), "F107", "this looks like an article file, but no issue references it",
                        "reference it from an issue: [[articles]] file = \"…\"", on="key")
    return loaded_issues


@dataclass
class _Checked:
    """What checking some issue files gave: the issues, and what the article-file check needs."""

    issues: list[LoadedIssue] = field(default_factory=list)
    article_like: list[Path] = field(default_factory=list)  # files that look like article files
    referenced: set[Path] = field(default_factory=set)  # article files some issue references
    outcomes: dict[Path, object] = field(default_factory=dict)  # after_check's results


def _check_files(loader: Loader, paths: list[Path], group: _Group, resolved: _Resolved | None = None) -> _Checked:
    """Load and check issue files: structure, per-issue checks, rules (for the files asked about).

    Once an issue is checked (and ``after_check`` has seen it), it is kept only as far as
    ``group.keep`` says, and its files' text is let go (a diagnostic reported later reads it
    again): a large folder then holds a few objects per issue, not every parsed file and
    paragraph.
    """
    reporter = loader.reporter
    resolved = _Resolved() if resolved is None else resolved
    checked = _Checked()
    wanted = group.wanted
    for path in paths:
        document = loader.read(path)
        if document is not None and _looks_like_article_file(document.data):
            checked.article_like.append(path)
            continue
        first = len(reporter.diagnostics)
        loaded = loader.load_issue(path, document)
        checked.referenced.update(resolved[p] for p in loaded.article_files)
        if wanted is None or resolved[loaded.path] in wanted or any(resolved[p] in wanted
                                                                      for p in loaded.article_files):
            _check_issue(loaded, reporter, group.run_rules)
            _after_check(group, loaded, reporter, first, resolved, checked.outcomes)
        if group.keep != "full":
            loaded = _slimmed(loaded, loaded.series, group.keep)
            for file in (path, *loaded.article_files):
                reporter.documents.pop(file, None)
        checked.issues.append(loaded)
        if group.progress is not None:
            group.progress(1)
    return checked


def _after_check(group: _Group, loaded: LoadedIssue, reporter: Reporter, first: int, resolved: _Resolved,
                 outcomes: dict[Path, object]) -> None:
    """``group.after_check`` on a checked issue asked about, told whether it is clean (no error
    among the diagnostics from ``first`` on); its result kept in ``outcomes``."""
    if group.after_check is None or (group.wanted is not None and resolved[loaded.path] not in group.wanted):
        return
    clean = loaded.issue is not None and not any(d.severity == Severity.ERROR for d in reporter.diagnostics[first:])
    outcomes[loaded.path] = group.after_check(loaded, clean)


def check_loaded_issue(loaded: LoadedIssue, reporter: Reporter) -> None:
    """The checks `bulletin validate` runs on one loaded issue (its own, then every rule), for callers
    that loaded it themselves (import --into checks the issue with the new article before writing)."""
    _check_issue(loaded, reporter, run_rules=True)


def _check_issue(loaded: LoadedIssue, reporter: Reporter, run_rules: bool) -> None:
    from bulletin_cli.checks.issue import check_issue

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


def _slimmed(loaded: LoadedIssue, series: LoadedSeries | None, keep: Keep) -> LoadedIssue:
    """What the series checks and the report need of a checked issue: its numbers and files and
    its [rules]; with keep "summary" also its articles' titles and columns, with "full" the
    whole issue."""
    rules = loaded.settings.get("rules")
    issue = loaded.issue
    if issue is not None and keep in ("summary", "shelf"):
        issue = summary(issue)
    elif issue is not None and keep in ("numbers", "none"):  # what the series checks and the plan read
        issue = IssueNumbers.of(issue)
    return LoadedIssue(loaded.path, issue, series, article_files=loaded.article_files,
                       settings={"rules": rules} if isinstance(rules, dict) else {})


def summary(issue: Issue) -> Issue:
    """The issue without its texts: articles keep id, title, subtitle, column and source."""
    return replace(issue, articles=tuple(replace(a, body=(), editor_note=()) for a in issue.articles),
                   editor_note=(), column_notes=(), leader_box=None)


# -- checking a large folder on every core ----------------------------------------------------

JOBS_ENV = "BULLETIN_JOBS"
PARALLEL_FROM = 64  # fewer files than this are checked faster than worker processes start
CHUNK_FILES = 50


def validation_jobs(files: int, requested: int | None = None) -> int:
    """Worker processes for ``files`` issue files: as asked (--jobs, BULLETIN_JOBS), else one per
    core for large folders."""
    value = os.environ.get(JOBS_ENV, "").strip()
    if requested is None and value.isdigit() and int(value) > 0:
        requested = int(value)
    if requested is not None and requested > 0:
        return min(requested, max(1, files))
    if files < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


_group_in_this_worker: _Group | None = None


def _receive_group(group: _Group) -> None:
    """Worker set-up: what every chunk needs, sent once per process instead of with each chunk
    (an export's options hold every issue's page: pickling them per chunk grew with the square
    of the issues)."""
    global _group_in_this_worker
    _group_in_this_worker = group


def _worker(paths: list[Path]) -> tuple[_Checked, list[Diagnostic], list]:
    from bulletin_cli import plugins
    from bulletin_cli.operations.summaries import packed

    group = _group_in_this_worker
    assert group is not None
    loader = Loader(Reporter())
    checked = _check_files(loader, paths, group)
    # Send back only what the series checks and the report need, not documents and texts.
    shared: dict = {}  # equal values sent as one object: pickled once a chunk, not once an issue
    for index, loaded in enumerate(checked.issues):
        if group.keep != "full":  # the main process keeps a summary: its paths go as strings
            checked.issues[index] = packed(_slimmed(loaded, loaded.series, group.keep), group.keep,  # type: ignore[call-overload]
                                           shared)
            continue
        series = loaded.series
        series = LoadedSeries(series.path, series.folder, None, {}) if series is not None else None
        checked.issues[index] = _slimmed(loaded, series, group.keep)
    if group.keep != "full":  # by name too: an unpickled Path is made (and its parts interned) only to be dropped
        checked.outcomes = {str(path): outcome for path, outcome in checked.outcomes.items()}  # type: ignore[misc]
    return checked, loader.reporter.diagnostics, plugins.plugin_errors()


def _share(checked: _Checked, interner) -> None:
    """The slim issues (and the outcomes' keys) pointing at the instances
    ``interner`` keeps, replaced one by one so that each copy is let go as its summary is made."""
    issues = checked.issues
    for index in range(len(issues)):
        loaded = issues[index]
        issues[index] = interner.unpacked(loaded) if isinstance(loaded, tuple) else interner.loaded(loaded)
    checked.outcomes = {interner.path(path) if isinstance(path, str) else interner.one(path): outcome
                        for path, outcome in checked.outcomes.items()}


def _check_in_workers(paths: list[Path], group: _Group, jobs: int, reporter: Reporter,
                      resolved: _Resolved, interner=None) -> _Checked:
    from bulletin_cli import plugins
    from bulletin_cli.operations.workers import quiet_gc, work_chunks, worker_pool

    plugins.load_plugins()  # forked workers inherit the registrations
    _import_what_workers_use()
    # a whole folder asked about (the usual case): no need to send every worker every path
    wanted = group.wanted
    wanted_here = None if wanted is None or all(resolved[path] in wanted for path in paths) else wanted
    # chunks of at most CHUNK_FILES: a worker holds a chunk's results until it sends them, so
    # its memory does not grow with the folder
    size = max(8, min(CHUNK_FILES, len(paths) // (jobs * 4)))
    chunks = work_chunks(paths, size, jobs)
    merged = _Checked()
    with quiet_gc(), worker_pool(jobs, setup=_receive_group, setup_args=(group.for_workers(wanted_here),)) as pool:
        for checked, diagnostics, errors in pool.map(_worker, chunks):
            if interner is not None:  # as each chunk comes: no moment holds every issue twice
                _share(checked, interner)
            merged.issues.extend(checked.issues)
            merged.article_like.extend(checked.article_like)
            merged.referenced |= checked.referenced
            merged.outcomes.update(checked.outcomes)
            reporter.diagnostics.extend(diagnostics)
            for error in errors:
                plugins._record(error)
            if group.progress is not None:
                group.progress(len(checked.issues))
    return merged


def _import_what_workers_use() -> None:
    """Import, before the workers fork, the modules that checking imports on first use, so
    that each worker does not import (and compile) them again."""
    import tomli  # noqa: F401

    import bulletin_cli.checks.issue  # noqa: F401
    import bulletin_cli.formats.toml.structure  # noqa: F401


def _load_xml(path: Path, reporter: Reporter) -> LoadedIssue | None:
    """XML issues are validated by the XML plugin's importer when it is installed."""
    try:
        from bulletin_cli.formats.xml.plugin import load_xml_issue  # type: ignore[attr-defined]
    except ImportError:
        reporter.at(path, (), "F105", "XML issues need the XML exporter, which is not available", on="key")
        return None
    return load_xml_issue(path, reporter)


def run_plugin_rules(loaded: LoadedIssue, reporter: Reporter, overrides: dict[str, Severity | None]) -> None:
    from bulletin_cli import plugins
    from bulletin_cli.checks.rules import RuleContext

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
