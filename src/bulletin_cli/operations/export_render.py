"""Rendering planned exports: each task's file through its exporter, then the archive extras.

Used for requests that load their issues first (one issue, standard output, a collection in
one file); the streaming export of folders (export.py) shares encode() and the site writer.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from bulletin_cli.formats.exporter import Exporter, ExportError, ExportOptions
from bulletin_cli.model.issue import Issue, plain_text
from bulletin_cli.operations.export_plan import (
    ExportResult,
    Plan,
    Task,
)
from bulletin_cli.operations.progress import Progress
from bulletin_cli.operations.workers import default_jobs

# ---------------------------------------------------------------- exporter and sources



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
    files: tuple = ()  # the page's own files (render_files), placed by the main process


_exporters_in_this_process: dict[str, Exporter] = {}


def _exporter_named(name: str) -> Exporter:
    # Workers look the exporter up themselves: render functions need not be picklable.
    if name not in _exporters_in_this_process:
        from bulletin_cli import plugins

        _exporters_in_this_process[name] = plugins.get_exporter(name).exporter
    return _exporters_in_this_process[name]


def encode(content: object, exporter: Exporter, options: ExportOptions, task: Task, what: str = "render") -> bytes:
    """The file's bytes; a clear error naming the character, file and article when it cannot be encoded.

    TypeError (a plugin's bug, which callers report naming the plugin) for content that is not
    str or bytes, str from a binary format, or nothing at all."""
    from bulletin_cli.formats.exporter import encode_output

    if not isinstance(content, (str, bytes)):
        raise TypeError(f"{what} returned {type(content).__name__}; it must return str or bytes")
    if exporter.binary and isinstance(content, str):
        raise TypeError(f"{what} returned str, but the format is binary (Exporter.binary); it must return bytes")
    if not content:
        raise TypeError(f"{what} returned an empty output")
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
        files = page_files(exporter, task.issues[0], job.options) if not task.collection else ()
        write_atomic(task.target, data)
        return _Outcome(task.target, None, files=files)
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


def run_plan(plan: Plan, options: ExportOptions, *, jobs: int | None = None, plugin: str = "",
             progress: Progress | None = None, on_outcome: Callable[[_Outcome], None] | None = None) -> ExportResult:
    """Render and write every task (in parallel for several), then the site extras."""
    debug = bool(os.environ.get("BULLETIN_DEBUG"))
    if plan.site_dir is not None:
        from bulletin_cli.operations.site_order import site_neighbours

        pages = site_pages(plan)
        options = replace(options, site_pages=pages,
                          site_neighbours=site_neighbours([t.issues[0] for t in plan.tasks], pages))
    work = [_Job(plan.format, plugin or "its plugin", task, options, debug) for task in plan.tasks]
    workers = min(jobs or default_jobs(), len(work))
    result = ExportResult(destination=plan.destination)
    progress = progress or Progress(len(work))
    placed: set[str] = set()

    def collect(outcome: _Outcome) -> None:
        if outcome.error:
            result.failures.append(outcome.error)
            result.usage_error = result.usage_error or outcome.usage
        elif outcome.target is None:
            result.stdout = outcome.data
        else:
            result.written.append(outcome.target)
            if outcome.files and plan.site_dir is not None:
                place_files(plan, outcome.files, plugin, result, placed)
        progress.advance()

    try:
        if workers <= 1:
            for job in work:
                collect(_render(job))
        else:
            from bulletin_cli.operations.workers import worker_pool

            chunk = max(1, len(work) // (workers * 8))
            with worker_pool(workers) as pool:
                for outcome in pool.map(_render, work, chunksize=chunk):
                    collect(outcome)
    finally:
        progress.close()
    if plan.site_dir is not None and not result.failures:
        write_site(plan, options, plugin, result)
    return result


def page_files(exporter: Exporter, issue: Issue, options: ExportOptions) -> tuple:
    """What ``render_files`` gives for an issue of a site, checked for shape: ((path, bytes | Path), ...)."""
    if exporter.render_files is None or not options.site_pages:
        return ()
    files = tuple(exporter.render_files(issue, options) or ())
    for entry in files:
        if (not isinstance(entry, tuple) or len(entry) != 2 or not isinstance(entry[0], str)
                or not isinstance(entry[1], (bytes, Path))):
            raise TypeError(f"render_files returned {entry!r}; each entry must be (relative path, bytes or Path)")
    return files


def place_files(plan: Plan, files: Sequence[tuple], plugin: str, result: ExportResult, placed: set[str]) -> None:
    """Write an issue's own files (images, attachments) into the site, each path once.

    ``placed`` holds the paths written so far; the issue pages and input files, which no such
    file may replace, are worked out on the first call and kept in it under the key "".
    """
    from bulletin_cli.files.atomic import write_atomic

    assert plan.site_dir is not None
    root = plan.site_dir.resolve()
    if "" not in placed:
        placed.add("")
        placed.update(str(t.target.resolve()) for t in plan.tasks if t.target is not None)
        placed.update(str(p) for p in plan.protected)
    for relative, content in files:
        if relative in placed:
            continue
        target = plan.site_dir / relative
        resolved = target.resolve()
        if Path(relative).is_absolute() or root not in resolved.parents or str(resolved) in placed:
            result.failures.append(f"exporter '{plan.format}' from {plugin or 'its plugin'}: render_files returned "
                                   f"'{relative}', which is outside {plan.site_dir} or clashes with an issue or input file")
            continue
        try:
            write_atomic(target, content if isinstance(content, bytes) else content.read_bytes())
        except OSError as error:
            result.failures.append(f"{target}: cannot write: {error.strerror or error}")
        else:
            placed.add(relative)
            result.written.append(target)


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


def _site_files(exporter, issues, options: ExportOptions, plan: Plan, named: str, result: ExportResult):
    """render_site's files, as they come: a dict (sorted by path) or an iterator of (path,
    content) pairs, rendered one at a time (the HTML archive). A failure ends the files."""
    try:
        extras = exporter.render_site(issues, options) or {}  # type: ignore[misc]
        if isinstance(extras, dict):
            extras = sorted(extras.items(), key=lambda item: str(item[0]))
        elif isinstance(extras, (str, bytes)) or not hasattr(extras, "__iter__"):
            raise TypeError(f"render_site returned {type(extras).__name__}; it must return a dict "
                            "or an iterator of (path, content) pairs")
        for relative, content in extras:
            yield relative, content
    except ExportError as error:  # a bad option, such as -O base_url: the user's to fix
        result.failures.append(str(error))
        result.usage_error = result.usage_error or error.exit_code == 2
    except Exception as error:  # noqa: BLE001
        result.failures.append(f"{named} failed in render_site: {type(error).__name__}: {error}")


def write_site(plan: Plan, options: ExportOptions, plugin: str, result: ExportResult) -> None:
    import shutil
    import tempfile

    assert plan.site_dir is not None
    plan.site_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".bulletin-export-", dir=plan.site_dir))
    try:
        write_extras(site_extras(plan, options, plugin, result, staging), result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def site_extras(plan: Plan, options: ExportOptions, plugin: str, result: ExportResult,
                staging: Path) -> list[tuple[Path, Path]]:
    """The archive extras render_site gives, checked, encoded and written one at a time into
    ``staging`` (so a site of 10,000 pages is never held in memory): (staged file, target)
    pairs, moved into place by :func:`write_extras`. One bad entry (outside the folder, not str
    or bytes, empty) is a failure naming the plugin, and then no extra is moved (failures go to
    ``result``)."""
    assert plan.site_dir is not None
    exporter = _exporter_named(plan.format)
    issues = [task.issues[0] for task in plan.tasks]
    named = f"exporter '{plan.format}' from {plugin or 'its plugin'}"
    issue_files = {t.target.resolve() for t in plan.tasks if t.target is not None}
    root = plan.site_dir.resolve()
    ready: list[tuple[Path, Path]] = []
    failures_before = len(result.failures)
    for relative, content in _site_files(exporter, issues, options, plan, named, result):
        target = plan.site_dir / str(relative)
        resolved = target.resolve()
        if (Path(str(relative)).is_absolute() or root not in resolved.parents or resolved in issue_files
                or resolved in plan.protected):
            result.failures.append(f"{named}: render_site returned "
                                   f"'{relative}', which is outside {plan.site_dir} or clashes with an issue or input file")
            continue
        try:
            data = encode(content, exporter, options, Task(tuple(issues), target, str(relative), True),
                          what=f"render_site's '{relative}'")
        except ExportError as error:
            result.failures.append(str(error))
            continue
        except TypeError as error:  # not str or bytes, or empty: the plugin's bug
            result.failures.append(f"{named}: {error}")
            continue
        staged = staging / f"extra-{len(ready)}"
        staged.write_bytes(data)
        ready.append((staged, target))
    return [] if len(result.failures) > failures_before else ready


def write_extras(extras: list[tuple[Path, Path]], result: ExportResult) -> None:
    """Move the staged extras into place (same file system: each move is atomic)."""
    for staged, target in extras:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        except OSError as error:
            result.failures.append(f"{target}: cannot write: {error.strerror or error}")
        else:
            result.written.append(target)


def _site_extras(exporter: Exporter, issues: list[Issue], options: ExportOptions, format: str, plugin: str,
                 result: ExportResult):
    """render_site's files as (name, content): from a dict (in name order), or one at a time from
    an iterator of pairs, so that an exporter need not hold every archive page at once."""
    try:
        extras = exporter.render_site(issues, options) or {}  # type: ignore[misc]
        if isinstance(extras, dict):
            yield from sorted(extras.items())
            return
        if isinstance(extras, (str, bytes)) or not hasattr(extras, "__iter__"):
            raise TypeError(f"render_site returned {type(extras).__name__}; it must return a dict "
                            "or an iterator of (name, content) pairs")
        for relative, content in extras:
            yield relative, content
    except ExportError as error:  # a bad option, such as -O base_url: the user's to fix
        result.failures.append(str(error))
        result.usage_error = result.usage_error or error.exit_code == 2
    except Exception as error:  # noqa: BLE001
        result.failures.append(f"exporter '{format}' from {plugin or 'its plugin'} failed in render_site: "
                               f"{type(error).__name__}: {error}")
