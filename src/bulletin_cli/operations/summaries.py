"""What the main process keeps of each checked issue in a run over a large folder.

Workers send back every issue without its texts (validate.py: ``_slimmed``); unpickled in the
main process, each would otherwise bring its own copy of what the issues of a series share:
the labels (about 4 KB), the colophon, the series file's path, the column and source names.
``Interner`` keeps one instance of each and points every summary at it, so the main process
grows by the few small objects that differ per issue, not by the series' settings per issue.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Hashable, Iterable, TypeVar

from bulletin_cli.files.paths import position_in_sorted
from bulletin_cli.formats.toml.loader import LoadedIssue, LoadedSeries
from bulletin_cli.model.issue import Origin
from bulletin_cli.model.numbers import IssueNumbers

T = TypeVar("T")
NO_ORIGIN = Origin(None)  # summaries need no article's position: diagnostics were made in the worker


class Interner:
    """One instance of each equal value seen (labels, colophons, paths, short strings)."""

    def __init__(self, paths: Iterable[Path] = (), shelf: SummaryShelf | None = None) -> None:
        # ``paths``: the files walked, whose Path objects the summaries then point at (an
        # unpickled summary brings its own copies: about 250 bytes each). Paths are kept by
        # name alone: a second table of them was half a megabyte at 10,000 issues.
        self._values: dict[Hashable, object] = {}
        self._strings: dict[str, str] = {}
        self._by_name: dict[str, Path] = {str(path): path for path in paths}
        self._series: dict[Path, LoadedSeries] = {}
        self._shelf = shelf  # given: each summary goes there, and its numbers stay

    def one(self, value: T) -> T:
        if isinstance(value, str):
            # in this interner's own table, not sys.intern's: that table never shrinks, and the
            # authors and sources of 10,000 issues grew it by 1.8 MB for the rest of the run
            return self._strings.setdefault(value, value)  # type: ignore[return-value]
        if isinstance(value, PurePath):
            return self._by_name.setdefault(str(value), value)  # type: ignore[return-value]
        try:
            return self._values.setdefault(value, value)  # type: ignore[arg-type,return-value]
        except TypeError:  # not hashable: kept as it is
            return value

    def path(self, name: str) -> Path:
        """The Path object walked for ``name`` (or a new one for a file that was not walked)."""
        return self._by_name.get(name) or self.one(Path(name))

    def unpacked(self, packed: tuple) -> LoadedIssue:
        """A slim issue as a worker sent it (packed), its paths the walked Path objects."""
        name, issue, series_name, series_path, files, settings, shelved = packed
        path = self.path(name)
        series = None if series_name is None else self._loaded_series(series_name)
        if issue is not None:
            # the unpickled issue is this process's alone: its paths are set in place rather
            # than by replace(), which would make a second copy of it
            object.__setattr__(issue, "path", path)
            object.__setattr__(issue, "series_path", None if series_path is None else self.path(series_path))
        if shelved is not None and self._shelf is not None and path not in self._shelf:
            record, labels, colophon = shelved
            self._shelf.put_record(path, record, (self.one(labels), self.one(colophon), issue.series_path))
        loaded = LoadedIssue(path, issue, series, _NO_TEXTS, [self.path(f) for f in files] if files else _NO_FILES,
                             settings or _NO_SETTINGS, _NO_DATA, _NO_ENTRIES)
        # numbers (keep "numbers" or "shelf") point at the shared instances already: no second copy made
        return loaded if isinstance(issue, IssueNumbers) else self.loaded(loaded)

    def _loaded_series(self, name: str) -> LoadedSeries:
        """The one LoadedSeries (no document) of the series.toml named: made once, not once per issue
        (each was a LoadedSeries, a Path of its folder and a dict, made only to be dropped)."""
        path = self.path(name)
        series = self._series.get(path)
        if series is None:  # loaded() keeps only series without a document here: shared as they are
            series = self._series[path] = LoadedSeries(path, path.parent, None, {})
        return series

    def loaded(self, loaded: LoadedIssue) -> LoadedIssue:
        """``loaded`` pointing at the shared instances (a slimmed issue: no texts)."""
        series = loaded.series
        if series is not None and series.document is None:
            series = self._series.setdefault(series.path, series)
        issue = loaded.issue
        one = self.one
        if isinstance(issue, IssueNumbers):  # made for this summary alone: its paths set in place
            object.__setattr__(issue, "path", one(issue.path))
            object.__setattr__(issue, "series_path", one(issue.series_path))
        elif issue is not None:
            articles = tuple(replace(a, column=one(a.column), source=one(a.source), author=one(a.author),
                                     origin=NO_ORIGIN) for a in issue.articles)
            issue = replace(issue, articles=articles, name=one(issue.name), issuer=one(issue.issuer),
                            language=one(issue.language), series_id=one(issue.series_id),
                            labels=one(issue.labels), colophon=one(issue.colophon),
                            declared_columns=one(issue.declared_columns), series_path=one(issue.series_path),
                            path=one(issue.path))
        settings = loaded.settings or _NO_SETTINGS
        files = [one(file) for file in loaded.article_files] if loaded.article_files else _NO_FILES
        # the slim copy's unused lists and dicts are shared empty ones (nothing adds to them):
        # five new empty containers per issue were about 300 bytes
        return self.shelved(LoadedIssue(one(loaded.path), issue, series, _NO_TEXTS, files, settings, _NO_DATA,
                                        _NO_ENTRIES))

    def shelved(self, loaded: LoadedIssue) -> LoadedIssue:
        """``loaded`` with its summary on the shelf and its numbers in its place (as it is
        without a shelf, or when it holds numbers already)."""
        issue = loaded.issue
        if self._shelf is None or issue is None or isinstance(issue, IssueNumbers):
            return loaded
        if issue.path is not None and issue.path not in self._shelf:
            self._shelf.put(issue.path, issue)
        return replace(loaded, issue=IssueNumbers.of(issue))


_NO_TEXTS: list = []
_NO_FILES: list = []
_NO_SETTINGS: dict = {}
_NO_DATA: dict = {}
_NO_ENTRIES: list = []


_SHARED_SLOTS = 1 << 24  # distinct (labels, colophon, series.toml) on one shelf: about one per series


class SummaryShelf:
    """Issue summaries in a temporary file instead of memory, each read back when asked for.

    An export with an archive index needs every issue's titles and columns after the issues
    are rendered: at 10,000 issues, kept as objects, they were 30 MB of the main process. Each
    summary is pickled alone as it arrives (its labels, colophon and paths, which the issues
    share, kept aside and put back when it is read), so the file is written once, in order,
    and read at any position. The file has no name: it goes when the shelf is closed, or
    with the process."""

    def __init__(self) -> None:
        import pickle
        import tempfile

        self._file = tempfile.TemporaryFile()
        self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
        # file -> offset * _SHARED_SLOTS + which of ``_shared`` it shares: one int an issue
        # (a tuple of four an issue was 1 MB at 10,000 issues)
        self._where: dict[Path, int] = {}
        # after compact(): the places of the summaries shelved until then, by file as text (sorted)
        self._sealed_names: list[str] = []
        self._sealed_places = array("q")
        self._shared: list[tuple] = []  # (labels, colophon, series.toml): a few for a whole series
        self._shared_index: dict[tuple, int] = {}
        self._reading = False

    def __len__(self) -> int:
        return len(self._where) + len(self._sealed_names)

    def __contains__(self, path: object) -> bool:
        return path in self._where or (isinstance(path, PurePath) and self._sealed_at(path) >= 0)

    def put(self, path: Path, issue) -> None:
        if self._reading:
            self._file.seek(0, 2)
            self._reading = False
        which = self._slot((issue.labels, issue.colophon, issue.series_path))
        self._where[path] = self._file.tell() * _SHARED_SLOTS + which
        self._pickler.dump(_without_shared(issue))
        self._pickler.clear_memo()  # each record stands alone: read back in any order

    def put_record(self, path: Path, record: bytes, shared: tuple) -> None:
        """A summary as ``shelf_record`` made it (in a worker), with the (labels, colophon,
        series.toml) it goes with: written as it is."""
        if self._reading:
            self._file.seek(0, 2)
            self._reading = False
        self._where[path] = self._file.tell() * _SHARED_SLOTS + self._slot(shared)
        self._file.write(record)

    def _slot(self, shared: tuple) -> int:
        """Which of ``_shared`` holds these (labels, colophon, series.toml), added if none does."""
        key = tuple(map(id, shared))  # the Interner's shared instances: by identity (kept alive in _shared)
        which = self._shared_index.get(key)
        if which is None:
            if len(self._shared) == _SHARED_SLOTS:
                raise OverflowError("too many distinct labels and colophons for one summary shelf")
            which = self._shared_index[key] = len(self._shared)
            self._shared.append(shared)
        return which

    def get(self, path: Path):
        return self.read(self.place(path), path)

    def place(self, path: Path) -> int:
        """Where the summary of ``path`` is (for :meth:`read`)."""
        place = self._where.get(path)
        if place is None:
            at = self._sealed_at(path)
            if at < 0:
                raise KeyError(path)
            place = self._sealed_places[at]
        return place

    def compact(self) -> None:
        """The places shelved so far kept as a sorted table of file names and an array, not a
        dict of Paths and ints (at 10,000 issues 160 KB instead of 650): when validation ends,
        while the export plans its pages."""
        if self._sealed_names:
            self._where.update(zip(map(Path, self._sealed_names), self._sealed_places))
        paths = sorted(self._where, key=str)
        self._sealed_places = array("q", (self._where[path] for path in paths))
        self._sealed_names = [str(path) for path in paths]
        del paths
        self._where = {}

    def _sealed_at(self, path: PurePath) -> int:
        return position_in_sorted(self._sealed_names, str(path))

    def forget_places(self) -> None:
        """Let go of every summary's place by file, once a reader holds those it reads
        (ShelvedIssues): the table of them was about 650 KB at 10,000 issues."""
        self._where = {}
        self._sealed_names, self._sealed_places = [], array("q")

    def read(self, place: int, path: Path):
        """The summary at ``place`` (:meth:`place`), its file ``path``."""
        import pickle

        offset, which = divmod(place, _SHARED_SLOTS)
        labels, colophon, series_path = self._shared[which]
        if not self._reading:
            self._file.flush()
            self._reading = True
        self._file.seek(offset)
        issue = pickle.load(self._file)
        for name, value in (("labels", labels), ("colophon", colophon), ("series_path", series_path), ("path", path)):
            object.__setattr__(issue, name, value)  # read for this caller alone: set in place, not copied
        return issue

    def close(self) -> None:
        self._file.close()


def _without_shared(issue):
    """What the shelf stores of a summary: what it shares with other issues is put back when it is read."""
    return replace(issue, labels=None, colophon=None, series_path=None, path=None)


def shelf_record(issue) -> bytes:
    """A summary as SummaryShelf stores it (``SummaryShelf.put_record``), made where the issue is:
    as the main process would shelve it (Interner.loaded), its articles' places left out, as
    they were needed only for diagnostics, made already."""
    import pickle

    articles = tuple(replace(article, origin=NO_ORIGIN) for article in issue.articles)
    return pickle.dumps(_without_shared(replace(issue, articles=articles)), protocol=pickle.HIGHEST_PROTOCOL)


def packed(loaded: LoadedIssue, keep: str, shared: dict) -> tuple:
    """A slim issue as a worker sends it (Interner.unpacked): its paths as strings,
    since the main process points them at the Path objects it walked (an unpickled Path is
    about 500 bytes of objects it would drop again). With keep "shelf", the summary goes as
    the record the main process's shelf stores (shelf_record), with its numbers
    and what it shares with other issues beside it: the main process writes the record
    without unpickling it (each summary was some thirty objects made and dropped there)."""
    def one(value):  # ``shared``'s instance of an equal value (the series' paths, a colophon)
        try:
            return shared.setdefault(value, value)
        except TypeError:  # not hashable
            return value

    issue = loaded.issue
    series_path = None
    shelved = None
    if issue is not None:
        series_path = None if issue.series_path is None else one(str(issue.series_path))
        if keep == "shelf":
            shelved = (shelf_record(issue), issue.labels, one(issue.colophon))
            issue = IssueNumbers.of(issue)
        issue = replace(issue, path=None, series_path=None)
    series = None if loaded.series is None else one(str(loaded.series.path))
    # no files and no settings (the usual case) go as None: an empty list and dict an issue otherwise
    return (str(loaded.path), issue, series, series_path, [str(p) for p in loaded.article_files] or None,
            loaded.settings or None, shelved)


class ShelvedIssues(Sequence):
    """The summaries of ``paths`` on ``shelf``, in that order, read one at a time as asked for
    (what ``render_site`` gets from a streaming export: it may go through them more than once,
    but need not hold them all)."""

    def __init__(self, shelf: SummaryShelf, paths: Sequence[Path]) -> None:
        self._shelf, self._paths = shelf, list(paths)
        # each summary's place, read now: the shelf may then let go of its table of them
        self._places = array("q", map(shelf.place, self._paths))

    def __len__(self) -> int:
        return len(self._paths)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        return self._shelf.read(self._places[index], self._paths[index])

    def __iter__(self):
        return (self._shelf.read(place, path) for place, path in zip(self._places, self._paths))
