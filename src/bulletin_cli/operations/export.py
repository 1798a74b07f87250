"""Exporting files and folders: what `bulletin export` does, as a library call.

    from bulletin_cli.operations.export import export_paths
    result = export_paths(["examples"], "html", "site/")

Where each output goes is decided in export_plan.py (docs/cli/export.md). A folder (or
several files) exported to a folder streams: each issue is read, checked and rendered once,
by the process that read it, into a staging folder inside the output folder, and let go; the
main process keeps only summaries (numbers, dates, titles, columns). When every issue and
the series checks are clean, the staged files are renamed into place and the archive extras
(``render_site``) are made from the summaries; otherwise the staging folder is removed and
nothing is written. Other requests (one issue, standard output, several issues in one file)
load their issues first and render them afterwards (export_render.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.files.atomic import BackgroundFlush
from bulletin_cli.formats.exporter import ExportError, ExportOptions, check_option_keys
from bulletin_cli.formats.toml.loader import SERIES_FILE, LoadedIssue
from bulletin_cli.operations.export_plan import (
    STDOUT,
    ExportResult,
    PageTasks,
    Source,
    Task,
    check_inputs_untouched,
    is_folder_target,
    make_options,
    plan_outputs,
    plugin_label,
    resolve_exporter,
)
from bulletin_cli.operations.export_render import (
    _exporter_named,
    encode,
    flush_staged,
    move_into_place,
    page_files,
    run_plan,
    site_extras,
    site_pages,
    stage_bytes,
    stage_page_files,
    write_extras,
)
from bulletin_cli.operations.progress import Progress
from bulletin_cli.operations.site_map import SiteMap
from bulletin_cli.operations.site_search import search_options
from bulletin_cli.operations.summaries import ShelvedIssues
from bulletin_cli.operations.validate import (
    NothingToValidate,
    ValidationResult,
    expand_paths,
    validate_paths,
)


def _invalid(result: ValidationResult) -> ExportError:
    error = ExportError("nothing was exported: fix the errors above (`bulletin validate` shows the same)",
                        1, result.diagnostics)
    error.checked = len(result.checked)
    return error


def _relative(file: Path, arguments: Sequence[Path], prefixes: Sequence[str] | None = None) -> str:
    """The file's name in the output, without suffix, as a POSIX path: relative to the folder
    argument it was found in (the last one, as duplicates keep the last), or its own name. Text,
    not a Path: one is kept per issue until the plan is made, and a Path was 300 bytes.
    ``prefixes`` (_folder_prefixes of the arguments): cut from the path's text when one starts it."""
    if prefixes is not None:
        text = str(file)
        where = _page_in_text(text, file.name, prefixes)
        if where is not None:
            return text[where[0]:where[1]]
    relative = Path(file.name)
    for argument in arguments:
        if argument.is_dir():
            try:
                relative = file.relative_to(argument)
            except ValueError:
                continue
    return relative.with_suffix("").as_posix()


def _folder_prefixes(arguments: Sequence[Path]) -> list[str]:
    """The folders given, as the text their files' paths start with, the last given first (of
    two that hold a file, the last counts, as in _relative)."""
    return [os.path.join(str(argument), "") for argument in reversed(arguments) if argument.is_dir()]


def _page_in_text(text: str, name: str, prefixes: Sequence[str]) -> tuple[int, int] | None:
    """Where a file's page name (``_relative``'s) sits in its path's text, when the path starts
    with a folder given: from after that folder to before the suffix. None: work it out with
    Paths (on Windows paths compare without case, which text does not)."""
    if os.sep != "/":
        return None
    for prefix in prefixes:
        if text.startswith(prefix):
            dot = name.rfind(".")
            suffix = len(name) - dot if 0 < dot < len(name) - 1 else 0  # as Path.suffix
            return len(prefix), len(text) - suffix
    return None


def _resolved_text(text: str, folders: dict[str, str] | None = None) -> str:
    """A file's resolved path as text (Path.resolve makes a Path of it and stats it again): the
    text itself when resolving changes nothing (the usual case), not a second copy of the name.

    ``folders`` (resolved folder by folder, shared by the calls of one pass): the file's folder
    is resolved once for all its files, and the file itself checked for being a link (one
    lstat, where realpath took one per component of the path: 50,000 for 10,000 issues)."""
    folder, name = os.path.split(text)
    if folders is None or os.name == "nt" or not folder or name in ("", ".", ".."):
        real = os.path.realpath(text)  # Windows' realpath may change a name's case too: asked whole
        return text if real == text else real
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder)
    if os.path.islink(text):
        real = os.path.realpath(text)
    else:
        real = text if real_folder == folder else os.path.join(real_folder, name)
    return text if real == text else real


def _sources(result: ValidationResult, arguments: Sequence[Path]) -> list[Source]:
    """The issues asked about, in date order (as api.load_many: collections and site indexes
    list issues in the order they appeared)."""
    prefixes = _folder_prefixes(arguments)
    # one source per resolved path, as text (no Path made and stat'ed per issue): the walked
    # Path's own text when resolving changes nothing (the usual case). When no file resolves
    # elsewhere, the paths (the result's keys) are distinct already: no table of them is made.
    keys: list[str] = []
    sources = []
    elsewhere = False
    folders: dict[str, str] = {}
    for path, issue in result.issues.items():
        if path.name != SERIES_FILE:
            text = str(path)
            key = os.path.normcase(_resolved_text(text, folders))
            elsewhere = elsewhere or key is not text
            keys.append(key)
            sources.append(Source(path, _relative(path, arguments, prefixes), issue))
    if elsewhere:  # the first place of each resolved path, its last source (as a dict keeps them)
        unique = dict(zip(keys, sources))
        sources = list(unique.values())
        del unique
    del keys
    # by (date, supplement, number, file): stable sorts from the last key to the first, each on a
    # value the issue holds already (a key tuple per issue was 0.7 MB at 10,000 issues)
    sources.sort(key=lambda s: str(s.path))
    sources.sort(key=lambda s: s.issue.number or 0)
    sources.sort(key=lambda s: s.issue.supplement)
    sources.sort(key=lambda s: s.issue.date)
    if not sources:
        raise ExportError("no issues to export in " + ", ".join(str(p) for p in arguments))
    return sources


def _warnings(result: ValidationResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.severity != Severity.ERROR]


def load_sources(paths: Sequence[str | Path], *, jobs: int | None = None) -> tuple[list[Source], list[Diagnostic]]:
    """Every issue under ``paths``, validated as `bulletin validate` does; ExportError(exit 1) when invalid."""
    arguments = [Path(p) for p in paths]
    try:
        result = validate_paths(arguments, jobs=jobs)
    except NothingToValidate as error:
        raise ExportError(str(error)) from None
    if result.failed():
        raise _invalid(result)
    return _sources(result, arguments), _warnings(result)


def export_paths(paths: Sequence[str | Path], format: str, output: str | None = None,
                 options: ExportOptions | None = None, *, jobs: int | None = None,
                 stdout_is_terminal: bool = False, progress: Progress | None = None) -> ExportResult:
    """Export files and folders; raises ExportError for usage errors and invalid issues."""
    registered = resolve_exporter(format)
    arguments = [Path(p) for p in paths]
    options = options or ExportOptions()
    check_option_keys(registered.exporter, options.extra)  # before any file is read: a usage error
    folder_given = any(p.is_dir() for p in arguments)
    if output not in (None, STDOUT) and is_folder_target(output) and (folder_given or len(arguments) > 1):
        return _export_streaming(arguments, registered, output, options, jobs=jobs, progress=progress)
    sources, warnings = load_sources(arguments, jobs=jobs)
    plan = plan_outputs(sources, registered.exporter, output, folder_given=folder_given,
                        stdout_is_terminal=stdout_is_terminal)
    check_inputs_untouched(plan, expand_paths(arguments))
    options, notes = search_options(plan.format, plan.site_dir, options)
    result = run_plan(plan, options, jobs=jobs, plugin=plugin_label(registered), progress=progress)
    result.warnings, result.notes = warnings, notes
    _index_site(result, plan, options)
    return result


def _index_site(result: ExportResult, plan, options: ExportOptions, issues: Sequence | None = None) -> None:
    """The site's search index, once its pages are written (when search is on); ``issues``: the
    plan's issues, when its tasks hold their numbers only."""
    if not result.ok or plan.site_dir is None or options.extra.get("search") != "yes":
        return
    from bulletin_cli.operations.site_search import build_index

    if issues is None:
        issues = [task.issues[0] for task in plan.tasks]
    try:
        stats = build_index(plan.site_dir, [issue.language for issue in issues])
    except ExportError as error:
        result.failures.append(str(error))
    else:
        result.notes.append(f"search index: {stats.pages} pages, {stats.bytes / 1e6:.1f} MB "
                            f"in {stats.seconds:.1f} s (serve the site over HTTP to search it)")


# ---------------------------------------------------------------- streaming


def staged_name(staging: str, source: Path) -> str:
    """The staged file of an issue, named after its path as the checking process had it (the key
    of its outcome; two sources that would clash are refused by the plan later). Worked out
    where it is needed rather than sent back, and without resolving: 10,000 names held were
    about 1.4 MB, and resolving each again about 0.3 s."""
    return os.path.join(staging, hashlib.sha1(str(source).encode()).hexdigest())


@dataclass(frozen=True, slots=True)
class _Staged:
    """What rendering one issue gave: its page staged (``staged_name``), or why not."""

    error: str = ""
    usage: bool = False  # the error is a bad option (exit 2)
    files: tuple = ()  # the page's own files (render_files), placed with the page
    printed: bool = False  # the plugin printed to standard output (sent to standard error instead)


_RENDERED = _Staged()  # a page staged with no files of its own: one object for them all


@dataclass(frozen=True)
class _RenderIntoStaging:
    """Called by validation on each clean issue, in the process that checked it (picklable)."""

    format: str
    plugin: str
    extension: str
    arguments: tuple[Path, ...]
    staging: str
    options: ExportOptions
    debug: bool

    def __call__(self, loaded: LoadedIssue, clean: bool) -> _Staged | None:
        if not clean or loaded.issue is None:
            return None  # the export stops anyway: no work for a file that is never written
        from bulletin_cli import plugins

        with plugins.stdout_to_stderr() as printed:
            staged = self._render(loaded)
        return replace(staged, printed=True) if printed.used else staged

    def _render(self, loaded: LoadedIssue) -> _Staged:
        assert loaded.issue is not None
        issue = loaded.issue
        label = str(loaded.path)
        staged = staged_name(self.staging, loaded.path)
        try:
            exporter = _exporter_named(self.format)
            data = encode(exporter.render(issue, self.options), exporter, self.options,
                          Task((issue,), Path(staged), label))
            files = page_files(exporter, issue, self.options)
            stage_bytes(Path(staged), data)
            return _Staged(files=files) if files else _RENDERED
        except ExportError as error:
            return _Staged(error=str(error), usage=error.exit_code == 2)
        except Exception as error:  # noqa: BLE001 - a plugin's bug is reported, named, and leaves no file
            message = f"{label}: exporter '{self.format}' from {self.plugin} failed: {type(error).__name__}: {error}"
            if self.debug:
                message += "\n" + traceback.format_exc()
            return _Staged(error=message)


def _site_map(files: Sequence[Path], arguments: Sequence[Path], extension: str) -> SiteMap:
    """Each possible issue file's page in the site (ExportOptions.site_pages), from the names
    alone, and its neighbours in its series (ExportOptions.site_neighbours)."""
    sources: dict[Path, str] = {}  # each issue file's resolved path as text, resolved once
    prefixes = _folder_prefixes(arguments)
    folders: dict[str, str] = {}  # each folder's resolved path (_resolved_text)

    def pages():
        for file in files:
            if file.name == SERIES_FILE:
                continue
            text = str(file)
            sources[file] = source = _resolved_text(text, folders)
            # the page as a cut of the source's text when it is the walked path's own (the usual case)
            where = _page_in_text(text, file.name, prefixes) if source is text else None
            yield source, where or _relative(file, arguments, prefixes) + extension

    site = SiteMap(pages(), extension)
    site.order(_series_members(files, sources))
    return site


# A table header or an array of tables: the top-level keys (number, date, supplement) come before it.
_FIRST_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _order_keys(text: str) -> dict:
    """The top-level keys of an issue file, parsed from the text before its first table (a few
    lines instead of every article); the whole file when that prefix does not parse alone (a
    line starting with ``[`` inside a multi-line string or array cuts it where TOML would fail)."""
    import tomli

    first = _FIRST_TABLE.search(text)
    if first is not None:
        try:
            return tomli.loads(text[:first.start()])
        except tomli.TOMLDecodeError:
            pass
    return tomli.loads(text)


def _series_members(files: Sequence[Path], sources: dict[Path, str]) -> Iterable[list[tuple]]:
    """Each series' issues as (date, supplement, number, resolved source), for pages rendered
    before the series is known whole: a cheap first pass reads only the keys that order issues
    from each file. A file that does not parse is left out here; validation reports it."""
    import tomli

    from bulletin_cli.formats.toml.loader import find_series_file

    series_of: dict[Path, str] = {}  # by folder: files of one folder share their series.toml
    members: dict[str, list[tuple]] = {}
    for file in files:
        if file.name == SERIES_FILE or file.suffix.lower() != ".toml":
            continue
        try:
            data = _order_keys(file.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
            continue
        number, date = data.get("number", 0), data.get("date")  # no number: numbering = "none"
        if not isinstance(number, int) or date is None or not hasattr(date, "year"):
            continue
        if file.parent not in series_of:
            series = find_series_file(file)
            series_of[file.parent] = str(series.parent) if series else ""
        series_name = series_of[file.parent] or str(file)  # an issue alone is a series of its own
        members.setdefault(series_name, []).append((date, data.get("supplement") is True, number, sources[file]))
    return members.values()


def _export_streaming(arguments: list[Path], registered, output: str, options: ExportOptions, *,
                      jobs: int | None, progress: Progress | None) -> ExportResult:
    from bulletin_cli import plugins

    exporter = registered.exporter
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder")
    walked: dict[Path, list[Path]] = {}
    try:
        files = expand_paths(arguments, walked)
    except NothingToValidate as error:
        raise ExportError(str(error)) from None
    options, notes = search_options(exporter.name, folder if exporter.render_site is not None else None, options)
    render_options = options
    if exporter.render_site is not None:  # pages link to each other: every page's name first
        site = _site_map(files, arguments, exporter.extension)
        render_options = replace(options, site_pages=site.pages, site_neighbours=site.neighbours)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".bulletin-export-", dir=folder)
    progress = progress or Progress(sum(1 for f in files if f.name != SERIES_FILE), label="exporting")
    written = False
    result = None
    flushing: BackgroundFlush | None = None
    try:
        render = _RenderIntoStaging(exporter.name, plugin_label(registered), exporter.extension, tuple(arguments),
                                    staging, render_options, bool(os.environ.get("BULLETIN_DEBUG")))
        # the archive index needs titles and columns; other formats only what the plan needs
        keep = "shelf" if exporter.render_site is not None else "numbers"
        result = validate_paths(arguments, keep_issues=keep, after_check=render, walked=walked, jobs=jobs,
                                progress=progress.advance)
        progress.close()
        if result.failed():
            raise _invalid(result)
        result.checked.clear()  # what follows needs none of these lists of every file again
        walked.clear()
        plan = plan_outputs(_sources(result, arguments), exporter, output, folder_given=True)
        result.issues.clear()  # the plan holds each issue's numbers: this table is not needed again
        check_inputs_untouched(plan, files)
        export = ExportResult(destination=plan.destination, warnings=_warnings(result), notes=notes)
        tasks = plan.tasks
        assert isinstance(tasks, PageTasks)  # a folder target: one page per issue
        # by resolved path, made only if a lookup by path misses: (the outcome's own path, outcome)
        staged_by_file: dict[Path, tuple] = {}
        # the staged file's key where it is not the task's source (found by resolved path): every
        # task moves once all are clean, so only these exceptions are kept, not a pair per page
        staged_as: dict[int, Path] = {}
        page_file_lists = []  # each page's own files (images, attachments), placed after the pages
        for index in range(len(tasks)):
            source = tasks.source(index)
            outcome = result.outcomes.get(source)
            if outcome is None and source is not None:
                if not staged_by_file:
                    staged_by_file = {path.resolve(): (path, found) for path, found in result.outcomes.items()}
                source, outcome = staged_by_file.get(source.resolve(), (source, None))
                staged_as[index] = source
            if outcome is not None and outcome.printed:
                plugins.note_printed_while_exporting(exporter.name)
            if outcome is None or outcome.error:
                export.failures.append(outcome.error if outcome else f"{tasks[index].label}: was not rendered")
                export.usage_error = export.usage_error or bool(outcome and outcome.usage)
                continue
            if outcome.files and plan.site_dir is not None:
                page_file_lists.append(outcome.files)
        result.outcomes.clear()  # gone through: let go of the table before the archive is made
        if export.failures:  # one page could not be made: none is moved into place
            return export

        def staged(index: int) -> str:
            return staged_name(staging, staged_as.get(index) or tasks.source(index))

        extras = []
        # the archive's issues, read one at a time from where validation shelved them
        summaries = (ShelvedIssues(result.shelf, [tasks.source(index) for index in range(len(tasks))])
                     if result.shelf else None)
        if summaries is not None:
            # read from the shelf by their own places from now on: the numbers and the places
            # by file were about 2 MB at 10,000 issues, let go before the archive is made
            result.shelf.forget_places()
            tasks.forget_issues()
        if plan.site_dir is not None:  # page files and extras made before any page moves: no partial site
            # the pages flushed to disk while the archive is made
            flushing = BackgroundFlush(staged(index) for index in range(len(tasks)))
            (Path(staging) / "site").mkdir()
            extras = stage_page_files(plan, page_file_lists, plugin_label(registered), export, Path(staging) / "site")
            if not export.failures:
                # the pages' map the workers rendered with: each issue's page, worked out from its name
                extras += site_extras(plan, render_options, plugin_label(registered), export, Path(staging) / "site",
                                      summaries)
            if export.failures:
                return export
            flush_staged(extras)
            flushing.wait()
        else:
            flush_staged(((staged(index), tasks.target_text(index)) for index in range(len(tasks))))
        folders_made: set[str] = set()
        for index in range(len(tasks)):
            target = tasks.target_text(index)
            move_into_place(staged(index), target, folders_made)
            written = True
            export.written.append_page(tasks, index)
        if plan.site_dir is not None:
            write_extras(extras, export)
            if not export.failures:
                _index_site(export, plan, options, summaries)
        return export
    except OSError as error:
        raise ExportError(f"{folder}: cannot write: {error.strerror or error}") from None
    finally:
        progress.close()
        if flushing is not None:
            flushing.stop()  # done already, unless the export stopped: then before its files go
        if result is not None and result.shelf is not None:
            result.shelf.close()
        shutil.rmtree(staging, ignore_errors=True)
        if created and not written:
            try:
                folder.rmdir()  # nothing was exported: leave no empty folder behind either
            except OSError:
                pass


__all__ = ["ExportError", "ExportResult", "export_paths", "load_sources", "make_options", "plan_outputs",
           "plugin_label", "resolve_exporter", "run_plan", "site_pages"]
