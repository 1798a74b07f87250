"""Rendering planned exports: each task's file through its exporter, then the archive extras.

Used for requests that load their issues first (one issue, standard output, a collection in
one file); the streaming export of folders (export.py) shares encode() and the site writer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from bulletin_cli.formats.exporter import Exporter, ExportError, ExportOptions
from bulletin_cli.model.issue import Issue, plain_text
from bulletin_cli.operations.export_plan import (
    ExportResult,
    Plan,
    Task,
    landing,
    landings,
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
    staged: Path | None = None  # where the file is written first, in a staging folder beside its target


@dataclass(frozen=True)
class _Outcome:
    target: Path | None
    data: bytes | None  # only for standard output
    error: str = ""
    usage: bool = False  # the error is a usage error (a bad option), not a failed export
    files: tuple = ()  # the page's own files (render_files), placed by the main process
    staged: Path | None = None  # the rendered file, moved to ``target`` once every task succeeded
    printed: bool = False  # the plugin printed to standard output (sent to standard error instead)


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
        raise _unencodable(error, options, task) from None


def _unencodable(error: UnicodeEncodeError, options: ExportOptions, task: Task) -> ExportError:
    character = error.object[error.start]
    return ExportError(f"{task.label}: {where_is(character, task.issues)}: the character '{character}' "
                       f"(U+{ord(character):04X}) cannot be encoded in {options.encoding}; "
                       "replace it, or export with --encoding utf-8 or gb18030", 1)


def stage_pieces(staged: Path, pieces: Iterable[str], exporter: Exporter, options: ExportOptions, task: Task,
                 what: str) -> None:
    """Write text given in pieces into ``staged`` as they come, encoded and with line ends as
    :func:`encode` does for the whole (a CR LF split between two pieces stays one line end).
    The same errors as :func:`encode`; what was written is left for the caller's staging
    folder to remove."""
    import codecs

    if exporter.binary:
        raise TypeError(f"{what} returned text in pieces, but the format is binary (Exporter.binary); "
                        "it must return bytes")
    encoder = codecs.getincrementalencoder(options.encoding)()
    newline = options.newline
    carried = ""  # a CR that ended the last piece: its LF may start the next
    wrote = False
    with open(staged, "wb") as stream:
        for piece in pieces:
            if not isinstance(piece, str):
                raise TypeError(f"{what} gave a piece of {type(piece).__name__}; each piece must be str")
            if not piece:
                continue
            if newline != "\n":
                piece = carried + piece
                carried = "\r" if piece.endswith("\r") else ""
                piece = piece[:-1] if carried else piece
                piece = piece.replace("\r\n", "\n").replace("\n", newline)
            try:
                stream.write(encoder.encode(piece))
            except UnicodeEncodeError as error:
                raise _unencodable(error, options, task) from None
            wrote = wrote or bool(piece)
        stream.write(encoder.encode(carried, final=True))  # a BOM (utf-8-sig) when nothing came
        wrote = wrote or bool(carried)
    if not wrote:
        raise TypeError(f"{what} returned an empty output")


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


def stage_bytes(staged: Path, data: bytes) -> None:
    """Write a staged file whole. It is flushed to disk with the others just before the
    moves (:func:`flush_staged`), so that once renamed into place it is complete."""
    with open(staged, "wb") as stream:
        stream.write(data)


def flush_staged(*moves: Iterable[tuple[Path | str, Path]]) -> None:
    """Flush every staged file of the (staged, target) pairs to disk, together, before any moves."""
    from bulletin_cli.files.atomic import flush_to_disk

    flush_to_disk(staged for pairs in moves for staged, _ in pairs)


def _render(job: _Job) -> _Outcome:
    from bulletin_cli import plugins

    with plugins.stdout_to_stderr() as printed:
        outcome = _render_quietly(job)
    return replace(outcome, printed=printed.used) if printed.used else outcome


def _render_quietly(job: _Job) -> _Outcome:
    task = job.task
    try:
        exporter = _exporter_named(job.format)
        if task.collection:
            content = exporter.render_collection(task.issues, job.options)  # type: ignore[misc]
        else:
            content = exporter.render(task.issues[0], job.options)
        data = encode(content, exporter, job.options, task)
        if task.target is None or job.staged is None:
            return _Outcome(None, data)
        files = page_files(exporter, task.issues[0], job.options) if not task.collection else ()
        stage_bytes(job.staged, data)
        return _Outcome(task.target, None, files=files, staged=job.staged)
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


def _staging_folders(plan: Plan, created: list[Path]) -> dict[Path, Path]:
    """A staging folder in each folder that receives a file (the same file system: each final
    move is an atomic rename). Folders made for the output are added to ``created``."""
    folders: dict[Path, Path] = {}
    for task in plan.tasks:
        if task.target is None or task.target.parent in folders:
            continue
        parent = task.target.parent
        missing = [p for p in (parent, *parent.parents) if not p.exists()]
        parent.mkdir(parents=True, exist_ok=True)
        created.extend(missing)  # deepest first: the order they are removed in
        folders[parent] = Path(tempfile.mkdtemp(prefix=".bulletin-export-", dir=parent))
    return folders


def move_into_place(staged: str | Path, target: str | Path, folders_made: set[str] | None = None) -> None:
    """Rename a staged file onto its target, keeping the permissions of a file it replaces.
    ``folders_made``: folders known to exist (the target's is made once, not asked per page)."""
    from bulletin_cli.files.atomic import mode_for

    os.chmod(staged, mode_for(target))
    folder = os.path.dirname(target) or os.curdir
    if folders_made is None or folder not in folders_made:
        os.makedirs(folder, exist_ok=True)
        if folders_made is not None:
            folders_made.add(folder)
    os.replace(staged, target)


def run_plan(plan: Plan, options: ExportOptions, *, jobs: int | None = None, plugin: str = "",
             progress: Progress | None = None, on_outcome: Callable[[_Outcome], None] | None = None) -> ExportResult:
    """Render every task (in parallel for several) into staging folders, then the site extras;
    only when all succeeded is anything moved into place (no partial output, also after
    Ctrl-C or SIGTERM: the staging folders are removed on the way out)."""
    from bulletin_cli import plugins

    debug = bool(os.environ.get("BULLETIN_DEBUG"))
    if plan.site_dir is not None:
        from bulletin_cli.operations.site_order import site_neighbours

        pages = site_pages(plan)
        options = replace(options, site_pages=pages,
                          site_neighbours=site_neighbours([t.issues[0] for t in plan.tasks], pages))
    result = ExportResult(destination=plan.destination)
    created: list[Path] = []
    folders: dict[Path, Path] = {}
    moved = False
    progress = progress or Progress(len(plan.tasks))
    try:
        folders = _staging_folders(plan, created)
        work = [_Job(plan.format, plugin or "its plugin", task, options, debug,
                     None if task.target is None else folders[task.target.parent] / f"page-{index}")
                for index, task in enumerate(plan.tasks)]
        workers = min(jobs or default_jobs(), len(work))
        rendered: list[_Outcome] = []

        def collect(outcome: _Outcome) -> None:
            if outcome.printed:
                plugins.note_printed_while_exporting(plan.format)
            if outcome.error:
                result.failures.append(outcome.error)
                result.usage_error = result.usage_error or outcome.usage
            elif outcome.target is None:
                result.stdout = outcome.data
            else:
                rendered.append(outcome)
            progress.advance()

        if workers <= 1:
            for job in work:
                collect(_render(job))
        else:
            from bulletin_cli.operations.workers import worker_pool

            chunk = max(1, len(work) // (workers * 8))
            with worker_pool(workers) as pool:
                for outcome in pool.map(_render, work, chunksize=chunk):
                    collect(outcome)
        progress.close()
        if result.failures or not rendered:
            return result
        media: list[tuple[Path, Path]] = []
        extras: list[tuple[Path, Path]] = []
        if plan.site_dir is not None:
            site_staging = folders.get(plan.site_dir) or Path(tempfile.mkdtemp(prefix=".bulletin-export-",
                                                                              dir=plan.site_dir))
            folders[plan.site_dir] = site_staging
            media = stage_page_files(plan, [o.files for o in rendered if o.files], plugin, result, site_staging)
            if not result.failures:
                extras = site_extras(plan, options, plugin, result, site_staging)
            if result.failures:  # a bad page file or archive page: no page is moved either
                return result
        flush_staged([(o.staged, o.target) for o in rendered], media, extras)
        for outcome in rendered:
            assert outcome.staged is not None and outcome.target is not None
            move_into_place(outcome.staged, outcome.target)
            moved = True
            result.written.append(outcome.target)
        write_extras(media + extras, result)
        return result
    except OSError as error:
        result.failures.append(f"{error.filename or plan.destination}: cannot write: {error.strerror or error}")
        return result
    finally:
        progress.close()
        for staging in folders.values():
            shutil.rmtree(staging, ignore_errors=True)
        if not moved:
            for folder in created:
                try:
                    folder.rmdir()  # nothing was exported: leave no empty folder behind either
                except OSError:
                    break


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


def stage_page_files(plan: Plan, file_lists: Sequence[tuple], plugin: str, result: ExportResult,
                     staging: Path) -> list[tuple[Path, Path]]:
    """The pages' own files (images, attachments, from render_files), checked and written into
    ``staging``, each path once: (staged file, target) pairs for :func:`write_extras`. A path
    outside the site, or one that would replace an issue page or input file, is a failure naming
    the plugin (in ``result``); then nothing is returned, so no page is moved either."""
    assert plan.site_dir is not None
    if not file_lists:
        return []
    root = plan.site_dir.resolve()
    pages, folders = landings(plan.tasks), {}
    placed: set[str] = set()
    ready: list[tuple[Path, Path]] = []
    failures_before = len(result.failures)
    for files in file_lists:
        for relative, content in files:
            if relative in placed:
                continue
            target = plan.site_dir / relative
            resolved, lands = target.resolve(), landing(target, folders)
            if (Path(relative).is_absolute() or root not in resolved.parents or lands in pages
                    or resolved in plan.protected or Path(lands) in plan.protected):
                result.failures.append(f"exporter '{plan.format}' from {plugin or 'its plugin'}: render_files returned "
                                       f"'{relative}', which is outside {plan.site_dir} or clashes with an issue or input file")
                continue
            placed.add(relative)
            staged = staging / f"file-{len(ready)}"
            if isinstance(content, bytes):
                stage_bytes(staged, content)
            else:
                shutil.copyfile(content, staged)
            ready.append((staged, target))
    return [] if len(result.failures) > failures_before else ready


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


def site_extras(plan: Plan, options: ExportOptions, plugin: str, result: ExportResult,
                staging: Path, issues: Sequence[Issue] | None = None) -> list[tuple[Path, Path]]:
    """The archive extras render_site gives, checked, encoded and written one at a time into
    ``staging`` (so a site of 10,000 pages is never held in memory): (staged file, target)
    pairs, moved into place by :func:`write_extras`. One bad entry (outside the folder, not str
    or bytes, empty) is a failure naming the plugin, and then no extra is moved (failures go to
    ``result``). ``issues``: the plan's issues, when its tasks hold their numbers only."""
    assert plan.site_dir is not None
    exporter = _exporter_named(plan.format)
    if issues is None:
        issues = [task.issues[0] for task in plan.tasks]
    named = f"exporter '{plan.format}' from {plugin or 'its plugin'}"
    failures_before = len(result.failures)
    from bulletin_cli import plugins

    with plugins.stdout_to_stderr() as printed:
        ready = _stage_site_files(plan, exporter, issues, options, named, result, staging)
    if printed.used:
        plugins.note_printed_while_exporting(plan.format)
    return [] if len(result.failures) > failures_before else ready


def _stage_site_files(plan: Plan, exporter: Exporter, issues: Sequence[Issue], options: ExportOptions, named: str,
                      result: ExportResult, staging: Path) -> list[tuple[Path, Path]]:
    assert plan.site_dir is not None
    pages, folders = landings(plan.tasks), {}
    root = plan.site_dir.resolve()
    ready: list[tuple[Path, Path]] = []
    for relative, content in _site_files(exporter, issues, options, plan, named, result):
        target = plan.site_dir / str(relative)
        resolved, lands = target.resolve(), landing(target, folders)
        if (Path(str(relative)).is_absolute() or root not in resolved.parents or lands in pages
                or resolved in plan.protected or Path(lands) in plan.protected):
            result.failures.append(f"{named}: render_site returned "
                                   f"'{relative}', which is outside {plan.site_dir} or clashes with an issue or input file")
            continue
        staged = staging / f"extra-{len(ready)}"
        # the issues are gone through only to name a character that cannot be encoded
        task, what = Task(issues, target, str(relative), True), f"render_site's '{relative}'"  # type: ignore[arg-type]
        try:
            if isinstance(content, (str, bytes)) or not isinstance(content, Iterable):
                staged.write_bytes(encode(content, exporter, options, task, what=what))
            else:  # text in pieces, written as they are made (the HTML archive's index)
                stage_pieces(staged, content, exporter, options, task, what)
        except ExportError as error:
            result.failures.append(str(error))
            continue
        except TypeError as error:  # not str or bytes, or empty: the plugin's bug
            result.failures.append(f"{named}: {error}")
            continue
        except OSError:
            raise
        except Exception as error:  # noqa: BLE001 - a plugin's generator failing part-way
            result.failures.append(f"{named} failed in render_site's '{relative}': {type(error).__name__}: {error}")
            continue
        ready.append((staged, target))
    return ready


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
