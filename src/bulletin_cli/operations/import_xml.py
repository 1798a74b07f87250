"""XML issue -> TOML issue (`bulletin import`), checked to give back the same model.

The TOML is written for where it will be saved: beside a series.toml it holds only what
differs from the series (like a hand-written issue); elsewhere it stands alone. Before
anything is written, the TOML is loaded again exactly as `bulletin validate` would load
it from that place, and compared with the model read from the XML, so an import never
silently loses or changes anything.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import tomli
import tomli_w

from bulletin_cli.diagnostics.codes import DiagnosedError, Diagnostic, Severity
from bulletin_cli.diagnostics.reporter import Reporter
from bulletin_cli.files.document import Document
from bulletin_cli.formats.markup_unparse import unparse_blocks, unparse_body
from bulletin_cli.formats.toml.resources import map_figures
from bulletin_cli.formats.toml.loader import Loader, find_series_file
from bulletin_cli.model.issue import Issue, Origin
from bulletin_cli.model.labels import labels_for

# Properties of the series the file is saved in, not of the issue file: an issue file
# cannot set them (series.toml `id` and `numbering` do).
SERIES_PROPERTIES = {"series_id": "id", "numbering": "numbering", "counts_cumulative": "cumulative_numbers",
                     "article_numbers": "article_numbers"}
_COLOPHON_LISTS = ("report_to", "send_to", "distribute_to", "extra_distribution")
_COLOPHON_LINES = ("handled_by", "reviewer", "editor", "phone")
_DEFAULTS = {"language": "zh-CN", "classification": "", "number_style": "arabic", "columns": [],
             "show_cumulative": True}


class ImportFailed(DiagnosedError):
    """The XML is invalid, or its model cannot be written as TOML at the chosen place."""


@dataclass
class ImportResult:
    toml: str
    issue: Issue
    notes: list[str] = field(default_factory=list)  # what the reader should know (series properties)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # warnings about the XML


def without_locations(issue: Issue) -> Issue:
    """The issue with the fields that say where it was read from cleared, for comparing models."""
    def unplaced(blocks):  # figures and attachments compare by the path as written (type and size are
        # what loading finds in the file, not something the source says)
        return map_figures(blocks, lambda figure: dataclasses.replace(figure, path=None, media_type="",
                                                                      width=None, height=None))

    articles = tuple(dataclasses.replace(
        a, origin=Origin(None), body=unplaced(a.body),
        notes=tuple(dataclasses.replace(n, blocks=unplaced(n.blocks)) for n in a.notes),
        attachments=tuple(dataclasses.replace(x, path=None) for x in a.attachments)) for a in issue.articles)
    return dataclasses.replace(issue, path=None, series_path=None, articles=articles,
                               attachments=tuple(dataclasses.replace(x, path=None) for x in issue.attachments))


def differences(a: Issue, b: Issue) -> list[str]:
    """Names of the model fields that differ, ignoring where each issue was read from."""
    a, b = without_locations(a), without_locations(b)
    out = [f.name for f in fields(Issue) if getattr(a, f.name) != getattr(b, f.name)]
    if "articles" in out and len(a.articles) == len(b.articles):
        out.remove("articles")
        for x, y in zip(a.articles, b.articles):
            out += [f"article '{x.id}' {f.name}" for f in fields(x) if getattr(x, f.name) != getattr(y, f.name)]
    return out


def _text(blocks) -> str:
    return unparse_blocks(blocks) + "\n"


def _source(value: str) -> str:
    # The loader drops one pair of brackets around a source; keep a bracketed source bracketed.
    return f"（{value}）" if len(value) >= 2 and value[0] in "（(" and value[-1] in "）)" else value


def toml_table(issue: Issue, series: dict | None = None) -> dict:
    """The issue-file table that, merged with ``series`` (series.toml data), gives ``issue``."""
    series = series or {}
    out: dict = {"number": issue.number, "date": issue.date} if issue.number is not None else {"date": issue.date}
    wanted = {"name": issue.name, "issuer": issue.issuer, "language": issue.language,
              "classification": issue.classification, "number_style": issue.number_style,
              "columns": list(issue.declared_columns), "show_cumulative": issue.show_cumulative}
    for key, value in wanted.items():
        inherited = series.get(key, _DEFAULTS.get(key))
        if key == "show_cumulative":
            inherited = inherited is not False
        if value != inherited:
            out[key] = value
    if issue.cumulative_number is not None:
        out["cumulative_number"] = issue.cumulative_number
    if issue.supplement:
        out["supplement"] = True
    if issue.copy_number:
        out["copy_number"] = issue.copy_number
    if issue.editor_note:
        out["editor_note"] = _text(issue.editor_note)
    if issue.column_notes:
        out["column_notes"] = {name: _text(note) for name, note in issue.column_notes}

    series_box = series.get("leader_box") if isinstance(series.get("leader_box"), dict) else None
    series_box_on = series_box is not None and series_box.get("enabled", True) is not False
    if issue.leader_box is None:
        if series_box_on:
            out["leader_box"] = {"enabled": False}
    else:
        box: dict = {}
        if series_box is not None and series_box.get("enabled", True) is False:
            box["enabled"] = True
        if issue.leader_box.text:
            box["text"] = _text(issue.leader_box.text)
        elif series_box is not None and isinstance(series_box.get("text"), str) and series_box["text"].strip():
            box["text"] = ""
        if box or not series_box_on:
            out["leader_box"] = box

    series_colophon = series.get("colophon") if isinstance(series.get("colophon"), dict) else {}
    colophon: dict = {}
    for key in _COLOPHON_LISTS:
        inherited = series_colophon.get(key)
        inherited = [s.strip() for s in inherited if isinstance(s, str) and s.strip()] if isinstance(
            inherited, list) else []
        if list(getattr(issue.colophon, key)) != inherited:
            colophon[key] = list(getattr(issue.colophon, key))
    for key in _COLOPHON_LINES:
        inherited = series_colophon.get(key)
        if getattr(issue.colophon, key) != (inherited.strip() if isinstance(inherited, str) else ""):
            colophon[key] = getattr(issue.colophon, key)
    if issue.colophon.print_run is not None and issue.colophon.print_run != series_colophon.get("print_run"):
        colophon["print_run"] = issue.colophon.print_run
    if colophon:
        out["colophon"] = colophon

    series_labels = series.get("labels") if isinstance(series.get("labels"), dict) else {}
    inherited_labels = labels_for(issue.language, {k: v for k, v in series_labels.items() if isinstance(v, str)})
    labels = {f.name: getattr(issue.labels, f.name) for f in fields(issue.labels)
              if getattr(issue.labels, f.name) != getattr(inherited_labels, f.name)}
    if labels:
        out["labels"] = labels

    articles = []
    for article in issue.articles:
        entry: dict = {"id": article.id}
        if article.column is not None:
            entry["column"] = article.column
        entry["title"] = article.title
        if article.subtitle:
            entry["subtitle"] = article.subtitle
        if article.author:
            entry["author"] = article.author
        if article.source:
            entry["source"] = _source(article.source)
        if article.editor_note:
            entry["editor_note"] = _text(article.editor_note)
        entry["body"] = unparse_body(article.body, article.notes) + "\n"
        if article.attachments:
            entry["attachments"] = [{"title": a.title, "file": a.file} for a in article.attachments]
        articles.append(entry)
    out["articles"] = articles
    if issue.attachments:
        out["attachments"] = [{"title": a.title, "file": a.file} for a in issue.attachments]
    return out


def toml_text(issue: Issue, series: dict | None = None) -> str:
    return tomli_w.dumps(toml_table(issue, series), multiline_strings=True)


def _reload(text: str, path: Path) -> tuple[Issue | None, list[Diagnostic]]:
    """Load ``text`` as if it were saved at ``path`` (which need not exist yet)."""
    reporter = Reporter()
    document = Document(path, text, tomli.loads(text))
    reporter.add_document(document)
    loaded = Loader(reporter).load_issue(path, document)
    if loaded.settings:
        from bulletin_cli.checks.issue import check_issue

        check_issue(loaded, reporter)
    return loaded.issue, reporter.diagnostics


def to_toml(issue: Issue, destination: Path | None, name: str = "issue") -> ImportResult:
    """The TOML for ``issue`` saved at ``destination`` (None: standalone, named ``name``.toml; for stdout).

    Raises ImportFailed when the TOML would not load back as the same model there.
    """
    with tempfile.TemporaryDirectory() as scratch:
        where = destination if destination is not None else Path(scratch) / f"{name}.toml"
        series_file = find_series_file(where)
        series = tomli.loads(series_file.read_text(encoding="utf-8")) if series_file else None
        table = toml_table(issue, series)
        if series_file is None and issue.series_id != where.stem:
            table = {"id": issue.series_id, **table}  # stand-alone: the issue file keeps the series id
        text = tomli_w.dumps(table, multiline_strings=True)
        reloaded, diagnostics = _reload(text, where)
    errors = [d for d in diagnostics if d.severity == Severity.ERROR]
    if errors or reloaded is None:
        first = errors[0] if errors else None
        raise ImportFailed("the TOML written for this issue would not validate"
                           + (f" ({first.code}: {first.message}); a series value the issue cannot unset?"
                              if first else ""), errors)
    notes = []
    changed = differences(issue, reloaded)
    for name, key in SERIES_PROPERTIES.items():
        if name in changed:
            changed.remove(name)
            place = f"the series in {series_file}" if series_file else "an issue file without series.toml"
            value = getattr(issue, name)
            toml_value = tomli_w.dumps({key: value}).strip()
            notes.append(f"{name.replace('_', ' ')}: the XML says {_as_toml(value)}, {place} gives "
                         f"{_as_toml(getattr(reloaded, name))}; only series.toml can set it: {toml_value}")
    if changed:
        where_text = f"beside {series_file}" if series_file else "as a standalone issue"
        raise ImportFailed(f"the issue cannot be written as TOML {where_text} without changing "
                           f"{', '.join(changed)}; these values are not expressible there "
                           "(leading or trailing spaces, a subtitle starting with a dash, or a series value "
                           "the issue cannot unset)")
    return ImportResult(text, issue, notes)


def _as_toml(value: object) -> str:
    """A value as TOML writes it (true, "monthly"), not as Python prints it (True, 'monthly')."""
    if value is None:
        return "nothing (unset)"
    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


def import_xml(source: str | Path, destination: str | Path | None = None) -> ImportResult:
    """Read an XML issue and return its TOML; raises ImportFailed with diagnostics on errors."""
    from bulletin_cli.formats.xml.reader import read_xml_issue

    issue, diagnostics = read_xml_issue(source)
    errors = [d for d in diagnostics if d.severity == Severity.ERROR]
    if errors or issue is None:
        raise ImportFailed(f"{source} is not a valid XML issue", diagnostics)
    result = to_toml(issue, Path(destination) if destination is not None else None, Path(source).stem)
    result.diagnostics = diagnostics
    return result
