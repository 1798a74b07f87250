"""Loading issues: an issue file, its series.toml and article files, merged into an Issue.

Everything found wrong on the way is reported through a Reporter, and loading goes on as
far as it can, so `bulletin validate` shows every problem at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.diagnostics.reporter import Reporter
from bulletin_cli.files.document import Document, read_document
from bulletin_cli.files.paths import is_inside, unusable_name
from bulletin_cli.formats.markup import parse_text
from bulletin_cli.model.issue import Article, Colophon, Issue, LeaderBox, Origin
from bulletin_cli.model.labels import canonical_language, labels_for
from bulletin_cli.formats.toml.resources import load_attachments, load_fonts, load_text
from bulletin_cli.model.spec import ARTICLE_FILE, ISSUE, MAX_CHINESE_NUMBER, SERIES

SERIES_FILE = "series.toml"
_MERGED_TABLES = ("colophon", "leader_box", "labels", "rules", "fonts")
_ARTICLE_TEXTS = (("title", "plain"), ("subtitle", "plain"), ("author", "plain"), ("source", "plain"),
                  ("body", "text"), ("editor_note", "text"))
_UNREAD = object()


@dataclass(frozen=True)
class TextField:
    """One string an issue prints, and where it is written: for text checks and fixes."""

    path: Path
    key_path: tuple
    value: str
    kind: str  # "plain" (one line) or "text" (paragraphs)
    language: str


@dataclass
class LoadedSeries:
    path: Path
    folder: Path
    document: Document | None
    data: dict


@dataclass(slots=True)
class LoadedIssue:
    path: Path
    issue: Issue | None
    series: LoadedSeries | None
    texts: list[TextField] = field(default_factory=list)
    article_files: list[Path] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # merged series + issue data, for rules
    issue_data: dict = field(default_factory=dict)  # the issue file's own data
    # each article's merged keys, and where the keys read from an article file were written
    # (file, key path); every other key is at ("articles", index, key) in the issue file
    article_entries: list[tuple[int, dict, dict]] = field(default_factory=list)


def _shortened(name: str, most: int = 60) -> str:
    return name if len(name) <= most else name[: most - 1] + "…"


def find_series_file(issue_path: Path) -> Path | None:
    """series.toml beside the issue, or one folder up (for series/2023/06.toml layouts)."""
    folder = issue_path.parent
    for candidate in (folder / SERIES_FILE, folder.parent / SERIES_FILE):
        if candidate.is_file() and candidate != issue_path:
            return candidate
    return None


class Loader:
    """Loads issues, reading each series.toml once however many issues share it."""

    def __init__(self, reporter: Reporter | None = None) -> None:
        self.reporter = reporter or Reporter()
        self._series: dict[Path, LoadedSeries | None] = {}  # by resolved path
        self._series_as_given: dict[Path, LoadedSeries | None] = {}

    # -- files ---------------------------------------------------------------------

    def read(self, path: Path) -> Document | None:
        document, problem = read_document(path)
        if problem:
            self.reporter.problem(path, problem)
            return None
        assert document is not None
        self.reporter.add_document(document)
        return document

    def load_series(self, path: Path) -> LoadedSeries | None:
        if path in self._series_as_given:  # most issues name their series.toml by the same path
            return self._series_as_given[path]
        key = path.resolve()
        if key not in self._series:
            document = self.read(path)
            if document is None:
                self._series[key] = None
            else:
                from bulletin_cli.formats.toml.structure import check_table

                check_table(document.data, SERIES, path, self.reporter, where="series.toml")
                self._series[key] = LoadedSeries(path, path.parent, document, document.data)
        self._series_as_given[path] = self._series[key]
        return self._series[key]

    # -- issues --------------------------------------------------------------------

    def load_issue(self, path: Path, document: Document | None | object = _UNREAD) -> LoadedIssue:
        """Load an issue; pass ``document`` when the file was already read (None: it could not be)."""
        from bulletin_cli.formats.toml.structure import check_table

        if document is _UNREAD:
            document = self.read(path)
        assert document is None or isinstance(document, Document)
        series_path = find_series_file(path)
        series = self.load_series(series_path) if series_path else None
        loaded = LoadedIssue(path, None, series)
        if document is None:
            return loaded
        home = series.folder if series else path.parent
        if not is_inside(path, home):  # a link out of the series folder: refused like an article file's (R304)
            self.reporter.at(path, (), "R304", f"this issue file links to {path.resolve()}, outside the series "
                             f"folder {home}", "keep issue files inside the series folder: copy the file, "
                             "not a link to it")
            return loaded
        data = document.data
        check_table(data, ISSUE, path, self.reporter, where="the issue")
        series_data = series.data if series else {}
        if series_path is not None and "id" in data:  # one series, one id: it is kept in series.toml
            self.reporter.at(path, ("id",), "S204", f"the series id is kept in {SERIES_FILE}, not in an issue of "
                             "the series", f"move id = … to {SERIES_FILE} (only an issue without one sets it)",
                             on="key")
        if series_path is None:
            for key in ("name", "issuer"):
                if key not in data:
                    self.reporter.at(path, (), "F106", f"no {SERIES_FILE} beside this issue, and it has no '{key}'",
                                     f"add {key} = \"…\" to make the issue stand alone, or create {SERIES_FILE} "
                                     "in its folder", on="key")
        merged = _merge(series_data, data)
        if "number" not in data and merged.get("numbering") != "none":
            self.reporter.at(path, (), "S202", "missing required key 'number' in the issue",
                             'add it: number = 1 (or, for issues known by their date alone such as month '
                             f'editions, set numbering = "none" in {SERIES_FILE})', on="key")
        loaded.settings = merged
        loaded.issue_data = data
        folder = series.folder if series else path.parent
        articles_data = data.get("articles")
        articles: list[Article] = []
        language = merged.get("language", "zh-CN") if isinstance(merged.get("language"), str) else "zh-CN"
        language = canonical_language(language)  # zh-TW is written zh-Hant-TW in every output
        if isinstance(articles_data, list):
            for index, entry in enumerate(articles_data):
                if isinstance(entry, dict):
                    article = self._article(path, index, entry, folder, loaded, language)
                    if article is not None:
                        articles.append(article)
        loaded.issue = self._issue(path, series, merged, data, tuple(articles), loaded, language)
        return loaded

    def _article(self, path: Path, index: int, entry: dict, folder: Path, loaded: LoadedIssue,
                 language: str) -> Article | None:
        from bulletin_cli.formats.toml.structure import check_table

        key_path: tuple = ("articles", index)
        # where a key was written, for keys that came from an article file; the others are in
        # the issue file at ("articles", index, key)
        fields: dict[str, tuple[Path, tuple]] = {}
        values = dict(entry)
        reference = values.pop("file", None)
        loaded.article_entries.append((index, values, fields))
        if isinstance(reference, str):
            target = (path.parent / reference)
            if Path(reference).is_absolute() or not is_inside(target, folder):
                self.reporter.at(path, key_path + ("file",), "R304",
                                 f"'{reference}' is outside the series folder {folder}",
                                 "keep article files inside the series folder and use a relative path")
                return None
            unusable = unusable_name(target)
            if unusable:
                self.reporter.at(path, key_path + ("file",), "R303",
                                 f"article file '{_shortened(reference)}' cannot be opened: {unusable}",
                                 "use a shorter file name")
                return None
            if target.is_dir():
                self.reporter.at(path, key_path + ("file",), "R303",
                                 f"'{reference}' is a folder, not an article file",
                                 f"name the TOML file inside it: file = \"{reference.rstrip('/')}/….toml\"")
                return None
            if not target.is_file():
                self.reporter.at(path, key_path + ("file",), "R303", f"article file '{reference}' does not exist",
                                 f"looked for {target}")
                return None
            loaded.article_files.append(target)
            document = self.read(target)
            if document is None:
                return None
            check_table(document.data, ARTICLE_FILE, target, self.reporter, where="the article file")
            for key, value in document.data.items():
                if key in values:
                    self.reporter.at(path, key_path + (key,), "S204",
                                     f"'{key}' is given both here and in {reference}", "keep one of the two", on="key")
                    continue
                values[key] = value
                fields[key] = (target, (key,))
            missing = [k for k in ("id", "title", "body") if k not in values]
            for key in missing:
                self.reporter.at(path, key_path, "S202",
                                 f"missing required key '{key}' in article (neither here nor in {reference})",
                                 on="key")
        required_ok = all(isinstance(values.get(k), str) for k in ("id", "title", "body"))
        for key, kind in _ARTICLE_TEXTS:
            value = values.get(key)
            if isinstance(value, str):
                file, kp = fields.get(key) or (path, key_path + (key,))
                loaded.texts.append(TextField(file, kp, value, kind, language))
        if not required_ok:
            return None
        body_file, body_path = fields.get("body") or (path, key_path + ("body",))

        def text(key: str) -> str:
            value = values.get(key, "")
            return value.strip() if isinstance(value, str) else ""

        column = values.get("column")
        body, notes = load_text(values["body"], body_file, body_path, folder, self.reporter)
        attachments_file, attachments_path = fields.get("attachments") or (path, key_path + ("attachments",))
        return Article(
            id=values["id"],
            title=text("title"),
            body=body,
            notes=notes,
            attachments=load_attachments(values.get("attachments"), attachments_file, attachments_path, folder,
                                         self.reporter),
            column=column if isinstance(column, str) else None,
            subtitle=_strip_dash(text("subtitle")),
            author=text("author"),
            source=_strip_brackets(text("source")),
            editor_note=parse_text(values["editor_note"]) if isinstance(values.get("editor_note"), str) else (),
            origin=Origin(body_file, body_path[:-1] if body_file == path else ()),
        )

    def _issue(self, path: Path, series: LoadedSeries | None, merged: dict, data: dict,
               articles: tuple[Article, ...], loaded: LoadedIssue, language: str) -> Issue | None:
        def get(key: str, kind: type, default=None):
            value = merged.get(key, default)
            if kind is int and isinstance(value, bool):
                return default
            return value if isinstance(value, kind) else default

        number, date = get("number", int), data.get("date")
        if merged.get("number_style") == "chinese":
            for key in ("number", "cumulative_number"):
                value = get(key, int)
                if value is not None and value > MAX_CHINESE_NUMBER:
                    self.reporter.at(path, (key,), "S204",
                                     f"'{key}' = {value} cannot be written in Chinese numerals (at most "
                                     f"{MAX_CHINESE_NUMBER:,})", 'use number_style = "arabic"')
        name, issuer = get("name", str), get("issuer", str)
        for key in ("name", "issuer", "classification"):
            if isinstance(merged.get(key), str):
                origin = path if key in data else (series.path if series else path)
                loaded.texts.append(TextField(origin, (key,), merged[key], "plain", language))
        # printed too, so checked like every other text (S207 and the text checks)
        if isinstance(merged.get("copy_number"), str):
            origin = path if "copy_number" in data else (series.path if series else path)
            loaded.texts.append(TextField(origin, ("copy_number",), merged["copy_number"], "plain", language))
        box = merged.get("leader_box")
        if isinstance(box, dict) and isinstance(box.get("text"), str):
            origin = path if "text" in (data.get("leader_box") or {}) else (series.path if series else path)
            loaded.texts.append(TextField(origin, ("leader_box", "text"), box["text"], "text", language))
        for key in ("editor_note",):
            if isinstance(data.get(key), str):
                loaded.texts.append(TextField(path, (key,), data[key], "text", language))
        notes = merged.get("column_notes") if isinstance(merged.get("column_notes"), dict) else {}
        for column_name, note in notes.items():
            if isinstance(note, str):
                loaded.texts.append(TextField(path, ("column_notes", column_name), note, "text", language))
        colophon = merged.get("colophon") if isinstance(merged.get("colophon"), dict) else {}
        colophon_origin = {k: (path if k in (data.get("colophon") or {}) else (series.path if series else path))
                           for k in colophon}
        for key, value in colophon.items():
            if isinstance(value, str):
                loaded.texts.append(TextField(colophon_origin[key], ("colophon", key), value, "plain", language))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        loaded.texts.append(TextField(colophon_origin[key], ("colophon", key, i), item, "plain",
                                                      language))
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime) or not name or not issuer:
            return None
        if number is None and not ("number" not in data and merged.get("numbering") == "none"):
            return None
        leader = merged.get("leader_box") if isinstance(merged.get("leader_box"), dict) else None
        leader_box = None
        if leader is not None and leader.get("enabled", True) is not False:
            text = leader.get("text", "")
            leader_box = LeaderBox(parse_text(text) if isinstance(text, str) else ())
        columns = merged.get("columns") if isinstance(merged.get("columns"), list) else []
        labels = merged.get("labels") if isinstance(merged.get("labels"), dict) else {}

        def strings(value: object) -> tuple[str, ...]:
            return tuple(s.strip() for s in value if isinstance(s, str) and s.strip()) if isinstance(value, list) else ()

        print_run = colophon.get("print_run")
        return Issue(
            name=name.strip(),
            issuer=issuer.strip(),
            date=date,
            number=number,
            articles=articles,
            language=language,
            series_id=get("id", str) or (series.folder.name if series else path.stem),
            cumulative_number=get("cumulative_number", int),
            supplement=get("supplement", bool, False),
            classification=(get("classification", str) or "").strip(),
            copy_number=(get("copy_number", str) or "").strip(),
            leader_box=leader_box,
            editor_note=parse_text(data["editor_note"]) if isinstance(data.get("editor_note"), str) else (),
            declared_columns=tuple(dict.fromkeys(c for c in columns if isinstance(c, str))),
            column_notes=_in_column_order(notes, columns),
            colophon=Colophon(
                report_to=strings(colophon.get("report_to")),
                send_to=strings(colophon.get("send_to")),
                distribute_to=strings(colophon.get("distribute_to")),
                extra_distribution=strings(colophon.get("extra_distribution")),
                handled_by=str(colophon.get("handled_by", "")).strip() if isinstance(colophon.get("handled_by"), str) else "",
                reviewer=colophon["reviewer"].strip() if isinstance(colophon.get("reviewer"), str) else "",
                editor=colophon["editor"].strip() if isinstance(colophon.get("editor"), str) else "",
                phone=colophon["phone"].strip() if isinstance(colophon.get("phone"), str) else "",
                print_run=print_run if isinstance(print_run, int) and not isinstance(print_run, bool) else None,
            ),
            labels=labels_for(language, {k: v for k, v in labels.items() if isinstance(v, str)}),
            number_style="chinese" if merged.get("number_style") == "chinese" else "arabic",
            numbering=merged["numbering"] if merged.get("numbering") in ("running", "none") else "yearly",
            show_cumulative=merged.get("show_cumulative") is not False,
            counts_cumulative=merged.get("cumulative_numbers") is True,
            article_numbers=merged.get("article_numbers") is True,
            path=path,
            series_path=series.path if series else None,
            attachments=load_attachments(data.get("attachments"), path, ("attachments",),
                                         series.folder if series else path.parent, self.reporter),
            fonts=load_fonts(series.data.get("fonts") if series else None, series.path if series else None,
                             data.get("fonts"), path, series.folder if series else path.parent, self.reporter),
        )


def _in_column_order(notes: dict, columns: list) -> tuple:
    """Column notes in declared column order (undeclared ones last), whatever order they are written in.

    The order they are written in means nothing, and a model that ignores it compares equal
    after a round trip through formats that keep notes with their column (XML).
    """
    order = {name: i for i, name in enumerate(c for c in columns if isinstance(c, str))}
    items = [(k, parse_text(v)) for k, v in notes.items() if isinstance(v, str)]
    return tuple(sorted(items, key=lambda item: order.get(item[0], len(order))))


def _merge(series: dict, issue: dict) -> dict:
    """Issue values override series values; the tables in _MERGED_TABLES merge key by key."""
    merged = dict(series)
    for key, value in issue.items():
        if key in _MERGED_TABLES and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _strip_dash(text: str) -> str:
    return text.lstrip("—-－ \u3000").strip()


def _strip_brackets(text: str) -> str:
    if len(text) >= 2 and text[0] in "（(" and text[-1] in "）)":
        return text[1:-1].strip()
    return text


def load_issue(path: str | Path) -> tuple[Issue | None, list]:
    """Load one issue file; returns the issue (None if it cannot be built) and every diagnostic.

    The issue is built even when non-fatal problems were found; check the diagnostics'
    severities before trusting it (``bulletin_cli.api.load`` does that for you).
    """
    loader = Loader()
    loaded = loader.load_issue(Path(path))
    return loaded.issue, loader.reporter.diagnostics
