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
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Container, Iterable, Sequence

from bulletin_cli.diagnostics.codes import Diagnostic
from bulletin_cli.files.paths import position_in_sorted
from bulletin_cli.formats.exporter import Exporter, ExportError, ExportOptions
from bulletin_cli.model.issue import Issue

ENCODINGS = ("utf-8", "gb18030", "gbk")
NEWLINES = {"lf": "\n", "crlf": "\r\n"}
STDOUT = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One issue to export: the file it came from and its name relative to the folder argument."""

    path: Path
    relative: str  # POSIX, without suffix: e.g. "2023/06" for DIR/2023/06.html
    issue: Issue


@dataclass(frozen=True, slots=True)
class Task:
    """One file to render: one issue (``issues`` of length 1) or a collection."""

    issues: tuple[Issue, ...]
    target: Path | None  # None: standard output
    label: str  # what to name in messages: the source file, or "N issues"
    collection: bool = False


class PageTasks(Sequence[Task]):
    """The tasks of a folder plan, one page per issue, kept compact: each issue, its source
    file and its page's name, a Task made when one is asked for. Held as Task objects with
    their target Paths, they were about 500 bytes an issue for the whole export."""

    def __init__(self, folder: Path, extension: str) -> None:
        self.folder, self.extension = folder, extension
        self._folder_text = os.fspath(folder)
        self._issues: list[Issue] | None = []
        self._sources: list[Path] = []
        self._names: list[str] = []  # POSIX, relative to the folder, without the extension (Source.relative)

    def append(self, issue: Issue, source: Path, name: str) -> None:
        self._issue_list().append(issue)
        self._sources.append(source)
        self._names.append(name)

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Task((self._issue_list()[index],), self.folder / (self._names[index] + self.extension),
                    str(self._sources[index]))

    def source(self, index: int) -> Path:
        return self._sources[index]

    def issue(self, index: int) -> Issue:
        return self._issue_list()[index]

    def forget_issues(self) -> None:
        """Let go of the issues (their numbers, in a streaming export), once what is left to do
        reads them elsewhere (the summary shelf) and needs only each page's source and name."""
        self._issues = None

    def _issue_list(self) -> list[Issue]:
        if self._issues is None:
            raise RuntimeError("this plan's issues were let go (PageTasks.forget_issues)")
        return self._issues

    def by_name(self, folders: dict[str, str]) -> Container[str] | None:
        """Where the pages land, as a container looked up by name; None when a page folder is a
        link (then each page's landing must be worked out)."""
        root = os.path.realpath(self._folder_text)
        seen: set[str] = set()
        for name in self._names:
            folder = name.rpartition("/")[0]
            if folder not in seen:
                seen.add(folder)
                given = os.path.join(self._folder_text, *folder.split("/"))
                real = folders[given] = os.path.realpath(given)
                if real != os.path.normpath(os.path.join(root, *folder.split("/"))):
                    return None
        return _PagesByName(root, self.extension, self._names)

    def target_text(self, index: int) -> str:
        """The page's file as text (no Path made: what renaming the page into place needs)."""
        return os.path.join(self._folder_text, *(self._names[index] + self.extension).split("/"))


class _PagesByName:
    """The resolved page files of a folder plan, tested by their name under the resolved folder."""

    def __init__(self, root: str, extension: str, names: Sequence[str]) -> None:
        self._prefix = os.path.join(root, "")
        # sorted, searched by halving: a set of 10,000 names was half a megabyte of table
        self._extension, self._names = extension, sorted(names)

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str) or not text.startswith(self._prefix) or not text.endswith(self._extension):
            return False
        name = text[len(self._prefix):len(text) - len(self._extension)]
        return position_in_sorted(self._names, name if os.sep == "/" else name.replace(os.sep, "/")) >= 0


class PathTexts:
    """Files given as normal paths (resolved, or as a Path gives them), tested by their text as
    paths compare: sorted and searched by halving (a frozenset of 10,000 Paths was half a
    megabyte of table, built twice)."""

    def __init__(self, paths: Iterable[str | os.PathLike]) -> None:
        # normcase: the text itself where case counts (no copy of every name), folded where not
        self._texts = sorted(os.path.normcase(os.fspath(path)) for path in paths)

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, (str, os.PathLike)):
            return False
        return position_in_sorted(self._texts, os.path.normcase(os.fspath(path))) >= 0

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class Plan:
    format: str
    tasks: Sequence[Task]
    site_dir: Path | None = None  # write render_site extras here
    destination: str = ""  # for the summary line
    protected: Container[str | Path] = frozenset()  # resolved input files: never written


class WrittenFiles(Sequence[Path]):
    """The files an export wrote, in order: a sequence of Paths, each kept as text (a Path
    per page was about 350 bytes at the end of an export of thousands of issues); the pages of
    a folder plan, moved in its order, are kept as a count of them."""

    def __init__(self, paths: Iterable[str | Path] = ()) -> None:
        self._pages: PageTasks | None = None
        self._page_count = 0  # the first pages of ``_pages``, before every name
        self._names = [os.fspath(path) for path in paths]

    def append(self, path: str | Path) -> None:
        self._names.append(os.fspath(path))

    def append_page(self, tasks: PageTasks, index: int) -> None:
        """Page ``index`` of ``tasks`` was written."""
        if self._pages in (None, tasks) and index == self._page_count and not self._names:
            self._pages, self._page_count = tasks, index + 1
        else:
            self._names.append(tasks.target_text(index))

    def __len__(self) -> int:
        return self._page_count + len(self._names)

    def _text(self, index: int) -> str:
        if index < self._page_count:
            assert self._pages is not None
            return self._pages.target_text(index)
        return self._names[index - self._page_count]

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [Path(self._text(i)) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("written file index out of range")
        return Path(self._text(index))

    def __contains__(self, path: object) -> bool:
        return isinstance(path, (str, os.PathLike)) and Path(path) in iter(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"WrittenFiles({list(self)!r})"


@dataclass
class ExportResult:
    written: WrittenFiles = field(default_factory=WrittenFiles)
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
        target = Path(posixpath.basename(sources[0].relative) + exporter.extension)
        return Plan(name, [Task((sources[0].issue,), target, str(sources[0].path))], destination=str(target))

    if is_folder_target(output):
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder} is a file, not a folder")
        _refuse_clashes(sources, folder, exporter.extension)
        tasks = PageTasks(folder, exporter.extension)
        for source in sources:
            tasks.append(source.issue, source.path, source.relative)
        site = folder if (several or folder_given) and exporter.render_site is not None else None
        return Plan(name, tasks, site_dir=site, destination=str(folder) + "/")

    target = Path(output)
    if several:
        return Plan(name, [collection_task(target)], destination=str(target))
    return Plan(name, [Task((sources[0].issue,), target, str(sources[0].path))], destination=str(target))


def _refuse_clashes(sources: Sequence[Source], folder: Path, extension: str) -> None:
    """ExportError when two sources would be written to one page. Compared by name, as paths
    compare here (every page has the same extension): the names sorted, the sources' own text
    (a table of them was 300 KB at 10,000 issues, at the export's peak); the pair is looked
    for only when there is one."""
    names = sorted(os.path.normcase(source.relative) for source in sources)
    if all(names[at] != names[at + 1] for at in range(len(names) - 1)):
        return
    del names
    seen: dict[str, Path] = {}
    for source in sources:
        key = os.path.normcase(source.relative)
        if key in seen:
            raise ExportError(f"{seen[key]} and {source.path} would both be written to "
                              f"{folder / (source.relative + extension)}; export them separately")
        seen[key] = source.path


def landing(path: str | Path, folders: dict[str, str] | None = None) -> str:
    """Where a file renamed onto ``path`` lands: its folder resolved, its own name kept (a
    rename replaces a link there rather than what it points to). ``folders`` caches each
    folder's resolved text: pages share a few folders, and resolving costs a system call a part."""
    folder, name = os.path.split(os.fspath(path))
    folder = folder or os.curdir
    if folders is None:
        return os.path.join(os.path.realpath(folder), name)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def target_texts(tasks: Sequence[Task]) -> Iterable[str]:
    """Each task's target file as text (standard output left out), without making a Task per page."""
    if isinstance(tasks, PageTasks):
        return (tasks.target_text(index) for index in range(len(tasks)))
    return (os.fspath(task.target) for task in tasks if task.target is not None)


def landings(tasks: Sequence[Task]) -> Container[str]:
    """Where every task's file lands (``landing``), to tell a site file that would replace a page.
    A folder plan whose page folders are no links (the usual case) is looked up by name, not held
    as a set of every page's resolved path (1.5 MB and a second of system calls at 10,000 pages)."""
    folders: dict[str, str] = {}
    if isinstance(tasks, PageTasks):
        by_name = tasks.by_name(folders)
        if by_name is not None:
            return by_name
    return {landing(text, folders) for text in target_texts(tasks)}


def check_inputs_untouched(plan: Plan, inputs: Sequence[Path]) -> None:
    """Refuse a plan that would overwrite one of the files being read."""
    protected: list[str] = []
    folders: dict[str, str] = {}
    for path in inputs:
        if os.path.islink(path):  # both where it points and where a rename onto its name lands
            protected.append(os.fspath(path.resolve()))
            protected.append(landing(path, folders))
            continue
        # its folder resolved once for all its files (resolving each file was a second of
        # system calls at 10,000 issues); the walked Path's own text when that changes nothing
        lands = landing(path, folders)
        protected.append(os.fspath(path) if lands == os.fspath(path) else lands)
    plan.protected = PathTexts(protected)
    for text in target_texts(plan.tasks):
        if landing(text, folders) in plan.protected:  # as text: no Path made per page
            raise ExportError(f"{text} is an input file; exporting would overwrite it. Choose another -o")


def plugin_label(registered) -> str:
    """``plugin 'x' (package y)`` for a plugins.RegisteredExporter."""
    from bulletin_cli import plugins

    package = plugins._state.packages.get(registered.plugin, ("", ""))[0]
    return f"plugin '{registered.plugin}'" + (f" (package {package})" if package else "")
