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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from bulletin_cli.diagnostics.codes import Diagnostic
from bulletin_cli.formats.exporter import Exporter, ExportError, ExportOptions
from bulletin_cli.model.issue import Issue

ENCODINGS = ("utf-8", "gb18030", "gbk")
NEWLINES = {"lf": "\n", "crlf": "\r\n"}
STDOUT = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One issue to export: the file it came from and its name relative to the folder argument."""

    path: Path
    relative: Path  # e.g. 2023/06 for DIR/2023/06.html
    issue: Issue


@dataclass(frozen=True, slots=True)
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


def resolve_exporter(name: str):
    """The registered exporter for ``name`` (plugins.RegisteredExporter); ExportError when unknown or claimed twice."""
    from bulletin_cli import plugins

    try:
        return plugins.get_exporter(name)
    except (plugins.UnknownFormat, plugins.FormatConflict) as error:
        raise ExportError(str(error)) from None


def is_folder_target(output: str) -> bool:
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

    if is_folder_target(output):
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file, not a folder")
        tasks, seen = [], {}
        for source in sources:
            relative = source.relative.with_name(source.relative.name + exporter.extension)
            # by name (as paths compare here): a Path per issue kept only for this check was
            # about 350 bytes each
            key = os.path.normcase(str(relative))
            if key in seen:
                raise ExportError(f"{seen[key]} and {source.path} would both be written to "
                                  f"{folder / relative}; export them separately")
            seen[key] = source.path
            tasks.append(Task((source.issue,), folder / relative, str(source.path)))
        site = folder if (several or folder_given) and exporter.render_site is not None else None
        return Plan(name, tasks, site_dir=site, destination=str(folder) + "/")

    target = Path(output)
    if several:
        return Plan(name, [collection_task(target)], destination=str(target))
    return Plan(name, [Task((sources[0].issue,), target, str(sources[0].path))], destination=str(target))


def resolved_path(path: Path) -> Path:
    """``path`` resolved; the same object when resolving changes nothing (one Path per input kept, not two)."""
    resolved = path.resolve()
    return path if resolved == path else resolved


def check_inputs_untouched(plan: Plan, inputs: Sequence[Path]) -> None:
    """Refuse a plan that would overwrite one of the files being read."""
    protected = frozenset(map(resolved_path, inputs))
    plan.protected = protected
    for task in plan.tasks:
        if task.target is not None and task.target.resolve() in protected:
            raise ExportError(f"{task.target} is an input file; exporting would overwrite it. Choose another -o")


def plugin_label(registered) -> str:
    """``plugin 'x' (package y)`` for a plugins.RegisteredExporter."""
    from bulletin_cli import plugins

    package = plugins._state.packages.get(registered.plugin, ("", ""))[0]
    return f"plugin '{registered.plugin}'" + (f" (package {package})" if package else "")
