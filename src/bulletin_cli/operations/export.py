"""Exporting files and folders: what `bulletin export` does, as a library call.

    from bulletin_cli.operations.export import export_paths
    result = export_paths(["examples"], "html", "site/")

Output rules (docs/cli/export.md):

- one issue, no ``output``: ``./<stem><ext>`` in the current folder;
- ``output`` is a folder (exists as one, ends with ``/``, or has no suffix and does not
  exist): ``DIR/<stem><ext>`` per issue, the stem taken relative to the folder argument it
  was found in, plus the exporter's ``render_site`` extras when a folder or several issues
  were given; every render then gets ``ExportOptions.site_pages`` (each issue's page in the
  site) so pages and extras can link to one another;
- ``output`` is a file name: the one issue, or several issues in one file through the
  exporter's ``render_collection`` (an error if the format has none);
- ``output`` is ``-``: standard output (one issue, or a collection).

Issues are loaded through the validation runner, so an invalid issue is refused with the
diagnostics `bulletin validate` prints. Each file is written atomically: a failure never
leaves a partial file, and no output may overwrite an input.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Callable, Sequence

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.formats.exporter import Exporter, ExportError, ExportOptions
from bulletin_cli.model.issue import Issue, plain_text

ENCODINGS = ("utf-8", "gb18030", "gbk")
NEWLINES = {"lf": "\n", "crlf": "\r\n"}
STDOUT = "-"


@dataclass(frozen=True)
class Source:
    """One issue to export: the file it came from and its name relative to the folder argument."""

    path: Path
    relative: Path  # e.g. 2023/06 for DIR/2023/06.html
    issue: Issue


@dataclass(frozen=True)
class Task:
    """One file to render: one issue (``issues`` of length 1) or a collection."""

    issues: tuple[Issue, ...]
    target: Path | None  # None: standard output
    label: str  # what to name in messages: the source file, or "N issues"
    collection: bool = False


@dataclass
class Plan:
    format: str
    tasks: list[Task]
    site_dir: Path | None = None  # write render_site extras here
    destination: str = ""  # for the summary line
    protected: frozenset[Path] = frozenset()  # resolved input files: never written


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    stdout: bytes | None = None
    failures: list[str] = field(default_factory=list)
    usage_error: bool = False  # some failure was a bad option (exit 2), not a failed export
    warnings: list[Diagnostic] = field(default_factory=list)
    destination: str = ""
    notes: list[str] = field(default_factory=list)  # for the user, such as how to get site search

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        if self.stdout is not None:
            text = "written to standard output"
        else:
            count = len(self.written)
            text = f"{count} file{'' if count == 1 else 's'} written to {self.destination}"
        if self.failures:
            text += f"; {len(self.failures)} failed"
        return text


# ---------------------------------------------------------------- options


def make_options(width: int | None = None, encoding: str = "utf-8", newline: str = "lf",
                 extra: Sequence[str] = (), environ: dict[str, str] | None = None) -> ExportOptions:
    """ExportOptions from command-line style values; raises ExportError on bad ones."""
    environ = os.environ if environ is None else environ
    if width is not None and width < 0:
        raise ExportError(f"--width must be 0 (no wrapping) or a positive number of columns, not {width}")
    normal_encoding = encoding.lower().replace("_", "-")
    if normal_encoding in ("utf8", "utf-8"):
        normal_encoding = "utf-8"
    if normal_encoding not in ENCODINGS:
        raise ExportError(f"unknown --encoding '{encoding}'; choose one of {', '.join(ENCODINGS)}")
    if newline.lower() not in NEWLINES:
        raise ExportError(f"unknown --newline '{newline}'; choose lf or crlf")
    pairs: dict[str, str] = {}
    for item in extra:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ExportError(f"-O takes key=value, not '{item}'")
        pairs[key.strip()] = value
    epoch = None
    raw_epoch = environ.get("SOURCE_DATE_EPOCH")
    if raw_epoch not in (None, ""):
        try:
            epoch = int(raw_epoch)
        except ValueError:
            raise ExportError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{raw_epoch}'") from None
    return ExportOptions(width=width, encoding=normal_encoding, newline=NEWLINES[newline.lower()],
                         source_date_epoch=epoch, extra=pairs)


# ---------------------------------------------------------------- exporter and sources


def resolve_exporter(name: str):
    """The registered exporter for ``name`` (plugins.RegisteredExporter); ExportError when unknown or claimed twice."""
    from bulletin_cli import plugins

    try:
        return plugins.get_exporter(name)
    except (plugins.UnknownFormat, plugins.FormatConflict) as error:
        raise ExportError(str(error)) from None


def load_sources(paths: Sequence[str | Path]) -> tuple[list[Source], list[Diagnostic]]:
    """Every issue under ``paths``, validated as `bulletin validate` does; ExportError(exit 1) when invalid."""
    from bulletin_cli.formats.toml.loader import SERIES_FILE
    from bulletin_cli.operations.validate import (
        NothingToValidate,
        expand_paths,
        validate_paths,
    )

    arguments = [Path(p) for p in paths]
    try:
        result = validate_paths(arguments)
        if result.failed():
            error = ExportError("nothing was exported: fix the errors above (`bulletin validate` shows the same)",
                                1, result.diagnostics)
            error.checked = len(result.checked)
            raise error
        issues_by_file = {path.resolve(): issue for path, issue in result.issues.items()}
        sources: list[Source] = []
        for argument in arguments:
            for file in expand_paths([argument]):
                issue = issues_by_file.get(file.resolve())
                if issue is None or file.name == SERIES_FILE:
                    continue  # series.toml, article files
                base = file.relative_to(argument) if argument.is_dir() else Path(file.name)
                sources.append(Source(file, base.with_suffix(""), issue))
    except NothingToValidate as error:
        raise ExportError(str(error)) from None
    # Date order, as api.load_many: collections and site indexes list issues in the order they appeared.
    unique = sorted({s.path.resolve(): s for s in sources}.values(),
                    key=lambda s: (s.issue.date, s.issue.supplement, s.issue.number, str(s.path)))
    if not unique:
        raise ExportError("no issues to export in " + ", ".join(str(p) for p in arguments))
    warnings = [d for d in result.diagnostics if d.severity != Severity.ERROR]
    return unique, warnings


# ---------------------------------------------------------------- planning


def _is_folder_target(output: str) -> bool:
    path = Path(output)
    if path.is_dir():
        return True
    if output.endswith(("/", os.sep)):
        return True
    return not path.exists() and path.suffix == ""


def plan_outputs(sources: Sequence[Source], exporter: Exporter, output: str | None, *,
                 folder_given: bool = False, stdout_is_terminal: bool = False) -> Plan:
    """Where each issue goes (see the module docstring); ExportError for impossible requests."""
    name = exporter.name
    several = len(sources) > 1

    def collection_task(target: Path | None) -> Task:
        if exporter.render_collection is None:
            where = "standard output" if target is None else str(target)
            raise ExportError(f"format '{name}' cannot put several issues in one file ({where}); "
                              f"give a folder instead, e.g. -o {name}/")
        return Task(tuple(s.issue for s in sources), target, f"{len(sources)} issues", collection=True)

    if output == STDOUT:
        if exporter.binary and stdout_is_terminal:
            raise ExportError(f"format '{name}' is binary and standard output is a terminal; "
                              f"redirect it (> file{exporter.extension}) or give -o FILE")
        task = collection_task(None) if several else Task((sources[0].issue,), None, str(sources[0].path))
        return Plan(name, [task], destination="standard output")

    if output is None:
        if several:
            raise ExportError(f"{len(sources)} issues to export: give -o DIR for one file per issue, "
                              f"or -o FILE{exporter.extension} for one file holding them all")
        target = Path(sources[0].relative.name + exporter.extension)
        return Plan(name, [Task((sources[0].issue,), target, str(sources[0].path))], destination=str(target))

    if _is_folder_target(output):
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file, not a folder")
        tasks, seen = [], {}
        for source in sources:
            relative = source.relative.with_name(source.relative.name + exporter.extension)
            if relative in seen:
                raise ExportError(f"{seen[relative]} and {source.path} would both be written to "
                                  f"{folder / relative}; export them separately")
            seen[relative] = source.path
            tasks.append(Task((source.issue,), folder / relative, str(source.path)))
        site = folder if (several or folder_given) and exporter.render_site is not None else None
        return Plan(name, tasks, site_dir=site, destination=str(folder) + "/")

    target = Path(output)
    if several:
        return Plan(name, [collection_task(target)], destination=str(target))
    return Plan(name, [Task((sources[0].issue,), target, str(sources[0].path))], destination=str(target))


def check_inputs_untouched(plan: Plan, inputs: Sequence[Path]) -> None:
    """Refuse a plan that would overwrite one of the files being read."""
    protected = frozenset(p.resolve() for p in inputs)
    plan.protected = protected
    for task in plan.tasks:
        if task.target is not None and task.target.resolve() in protected:
            raise ExportError(f"{task.target} is an input file; exporting would overwrite it. Choose another -o")


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class _Job:
    format: str
    plugin: str  # for messages: "plugin 'x' (package y)"
    task: Task
    options: ExportOptions
    debug: bool


@dataclass(frozen=True)
class _Outcome:
    target: Path | None
    data: bytes | None  # only for standard output
    error: str = ""
    usage: bool = False  # the error is a usage error (a bad option), not a failed export


_exporters_in_this_process: dict[str, Exporter] = {}


def _exporter_named(name: str) -> Exporter:
    # Workers look the exporter up themselves: render functions need not be picklable.
    if name not in _exporters_in_this_process:
        from bulletin_cli import plugins

        _exporters_in_this_process[name] = plugins.get_exporter(name).exporter
    return _exporters_in_this_process[name]


def encode(content: object, exporter: Exporter, options: ExportOptions, task: Task) -> bytes:
    """The file's bytes; a clear error naming the character, file and article when it cannot be encoded."""
    from bulletin_cli.formats.exporter import encode_output

    if not isinstance(content, (str, bytes)):
        raise TypeError(f"render returned {type(content).__name__}; it must return str or bytes")
    try:
        return encode_output(content, exporter, options)
    except UnicodeEncodeError as error:
        character = error.object[error.start]
        raise ExportError(f"{task.label}: {where_is(character, task.issues)}: the character '{character}' "
                          f"(U+{ord(character):04X}) cannot be encoded in {options.encoding}; "
                          "replace it, or export with --encoding utf-8 or gb18030", 1) from None


def where_is(character: str, issues: Sequence[Issue]) -> str:
    """Which article (or other part) of the issues holds ``character``, for error messages."""
    for issue in issues:
        prefix = f"{issue.path.name}: " if len(issues) > 1 and issue.path else ""
        for article in issue.articles:
            texts = (article.title, article.subtitle, article.author, article.source,
                     plain_text(article.body), plain_text(article.editor_note))
            if any(character in text for text in texts):
                return f"{prefix}article '{article.id}' ({article.title})"
        if character in issue.name or character in issue.issuer:
            return f"{prefix}the masthead"
    return "the issue"


def _render(job: _Job) -> _Outcome:
    from bulletin_cli.files.atomic import write_atomic

    task = job.task
    try:
        exporter = _exporter_named(job.format)
        if task.collection:
            content = exporter.render_collection(task.issues, job.options)  # type: ignore[misc]
        else:
            content = exporter.render(task.issues[0], job.options)
        data = encode(content, exporter, job.options, task)
        if task.target is None:
            return _Outcome(None, data)
        write_atomic(task.target, data)
        return _Outcome(task.target, None)
    except ExportError as error:
        return _Outcome(task.target, None, str(error), error.exit_code == 2)
    except OSError as error:
        return _Outcome(task.target, None, f"{task.target}: cannot write: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - a plugin's bug is reported, named, and leaves no file
        message = (f"{task.label}: exporter '{job.format}' from {job.plugin} failed: "
                   f"{type(error).__name__}: {error}")
        if job.debug:
            message += "\n" + traceback.format_exc()
        return _Outcome(task.target, None, message)


class Progress:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, total: int, stream: IO[str] | None = None, label: str = "exporting") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.done, self.label = total, 0, label
        self.active = total > 1 and _is_terminal(self.stream)

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.active:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run_plan(plan: Plan, options: ExportOptions, *, jobs: int | None = None, plugin: str = "",
             progress: Progress | None = None, on_outcome: Callable[[_Outcome], None] | None = None) -> ExportResult:
    """Render and write every task (in parallel for several), then the site extras."""
    debug = bool(os.environ.get("BULLETIN_DEBUG"))
    if plan.site_dir is not None:
        pages = site_pages(plan)
        from bulletin_cli.operations.site_order import site_neighbours

        options = replace(options, site_pages=pages,
                          site_neighbours=site_neighbours([t.issues[0] for t in plan.tasks], pages))
    work = [_Job(plan.format, plugin or "its plugin", task, options, debug) for task in plan.tasks]
    workers = min(jobs or default_jobs(), len(work))
    result = ExportResult(destination=plan.destination)
    progress = progress or Progress(len(work))

    def collect(outcome: _Outcome) -> None:
        if outcome.error:
            result.failures.append(outcome.error)
            result.usage_error = result.usage_error or outcome.usage
        elif outcome.target is None:
            result.stdout = outcome.data
        else:
            result.written.append(outcome.target)
        progress.advance()

    try:
        if workers <= 1:
            for job in work:
                collect(_render(job))
        else:
            from concurrent.futures import ProcessPoolExecutor

            chunk = max(1, len(work) // (workers * 8))
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for outcome in pool.map(_render, work, chunksize=chunk):
                    collect(outcome)
    finally:
        progress.close()
    if plan.site_dir is not None and not result.failures:
        _write_site(plan, options, plugin, result)
    return result


def site_pages(plan: Plan) -> dict[str, str]:
    """Each issue's resolved source path -> its page relative to the site folder (ExportOptions.site_pages)."""
    assert plan.site_dir is not None
    root = plan.site_dir.resolve()
    pages = {}
    for task in plan.tasks:
        issue = task.issues[0]
        if task.target is not None and issue.path is not None:
            pages[str(issue.path.resolve())] = task.target.resolve().relative_to(root).as_posix()
    return pages


def _write_site(plan: Plan, options: ExportOptions, plugin: str, result: ExportResult) -> None:
    from bulletin_cli.files.atomic import write_atomic

    assert plan.site_dir is not None
    exporter = _exporter_named(plan.format)
    issues = [task.issues[0] for task in plan.tasks]
    try:
        extras = exporter.render_site(issues, options) or {}  # type: ignore[misc]
        if not isinstance(extras, dict):
            raise TypeError(f"render_site returned {type(extras).__name__}; it must return a dict")
    except ExportError as error:  # a bad option, such as -O base_url: the user's to fix
        result.failures.append(str(error))
        result.usage_error = result.usage_error or error.exit_code == 2
        return
    except Exception as error:  # noqa: BLE001
        result.failures.append(f"exporter '{plan.format}' from {plugin or 'its plugin'} failed in render_site: "
                               f"{type(error).__name__}: {error}")
        return
    issue_files = {t.target.resolve() for t in plan.tasks if t.target is not None}
    root = plan.site_dir.resolve()
    for relative, content in sorted(extras.items()):
        target = plan.site_dir / relative
        resolved = target.resolve()
        if (Path(relative).is_absolute() or root not in resolved.parents or resolved in issue_files
                or resolved in plan.protected):
            result.failures.append(f"exporter '{plan.format}' from {plugin or 'its plugin'}: render_site returned "
                                   f"'{relative}', which is outside {plan.site_dir} or clashes with an issue or input file")
            continue
        try:
            data = encode(content, exporter, options, Task(tuple(issues), target, str(relative), True))
            write_atomic(target, data)
        except ExportError as error:
            result.failures.append(str(error))
        except OSError as error:
            result.failures.append(f"{target}: cannot write: {error.strerror or error}")
        else:
            result.written.append(target)


def plugin_label(registered) -> str:
    """``plugin 'x' (package y)`` for a plugins.RegisteredExporter."""
    from bulletin_cli import plugins

    package = plugins._state.packages.get(registered.plugin, ("", ""))[0]
    return f"plugin '{registered.plugin}'" + (f" (package {package})" if package else "")


def export_paths(paths: Sequence[str | Path], format: str, output: str | None = None,
                 options: ExportOptions | None = None, *, jobs: int | None = None,
                 stdout_is_terminal: bool = False, progress: Progress | None = None) -> ExportResult:
    """Export files and folders; raises ExportError for usage errors and invalid issues."""
    registered = resolve_exporter(format)
    sources, warnings = load_sources(paths)
    folder_given = any(Path(p).is_dir() for p in paths)
    plan = plan_outputs(sources, registered.exporter, output, folder_given=folder_given,
                        stdout_is_terminal=stdout_is_terminal)
    from bulletin_cli.operations.validate import expand_paths

    check_inputs_untouched(plan, expand_paths([Path(p) for p in paths]))
    from bulletin_cli.operations.site_search import search_options

    options, notes = search_options(plan.format, plan.site_dir, options or ExportOptions())
    result = run_plan(plan, options, jobs=jobs, plugin=plugin_label(registered), progress=progress)
    result.warnings, result.notes = warnings, notes
    if result.ok and plan.site_dir is not None and options.extra.get("search") == "yes":
        from bulletin_cli.operations.site_search import build_index

        try:
            stats = build_index(plan.site_dir, [task.issues[0].language for task in plan.tasks])
        except ExportError as error:
            result.failures.append(str(error))
        else:
            result.notes.append(f"search index: {stats.pages} pages, {stats.bytes / 1e6:.1f} MB "
                                f"in {stats.seconds:.1f} s (serve the site over HTTP to search it)")
    return result

