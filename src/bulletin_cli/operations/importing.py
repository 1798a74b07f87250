"""`bulletin import FILE.txt... -o FOLDER/`: text bulletins into a series folder.

Every file is read and recognised first, the series.toml (what repeats across the files)
and each issue's TOML are built and loaded back as `bulletin validate` would load them, and
only then is anything written: atomically, never over an existing file.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import tomli_w

from bulletin_cli.formats.plaintext.anatomy import Recognised, recognise
from bulletin_cli.formats.plaintext.docx import MissingExtra, docx_text
from bulletin_cli.formats.plaintext.text_rich import mark_rich
from bulletin_cli.formats.plaintext.reader import Guess, UnreadableText, decode, is_chinese, read_lines, repair_spacing
from bulletin_cli.model.issue import Issue


class TextImportError(Exception):
    """An input cannot be imported, or an output would overwrite a file."""


@dataclass
class ImportedFile:
    source: Path
    encoding: str
    recognised: Recognised
    target: Path | None = None
    toml: str = ""
    places: dict[int, tuple[int, int]] = field(default_factory=dict)  # PDF: report line -> (page, line on it)
    images: dict[str, bytes] = field(default_factory=dict)  # Word pictures: path beside the issue -> bytes

    def where(self, line: int) -> str:
        """A reported line as a person finds it: file:line, or file, page P line L for a PDF."""
        if line in self.places:
            page, on_page = self.places[line]
            return f"{self.source}, page {page} line {on_page}"
        return f"{self.source}:{line}" if line else f"{self.source}"


@dataclass
class ImportPlan:
    folder: Path
    series_toml: str
    new_series: bool = True
    files: list[ImportedFile] = field(default_factory=list)


IMPORTABLE = (".txt", ".docx", ".pdf")


def read_pdf(path: Path) -> list:
    """The bulletins of one PDF as the page shows them (formats/plaintext/pdf_layout.py), errors as TextImportError."""
    from bulletin_cli.formats.plaintext.pdf_layout import pdf_bulletins

    try:
        return pdf_bulletins(path)
    except MissingExtra as error:
        raise TextImportError(f"{path}: {error}") from None
    except OSError as error:
        raise TextImportError(f"{path}: cannot read it: {error.strerror or error}") from None
    except ValueError as error:
        raise TextImportError(f"{path}: {error}") from None
    except Exception as error:  # pdfminer raises several kinds for a damaged or non-PDF file
        raise TextImportError(f"{path}: not a readable PDF ({type(error).__name__}: {error})") from None


def read_pdf_bulletins(path: Path) -> list[tuple[Recognised, dict[int, tuple[int, int]]]]:
    """The bulletins of one PDF (usually one) recognised from what its pages show; with each, where
    each reported line is (page, line)."""
    bulletins = read_pdf(path)
    out = []
    for bulletin in bulletins:
        try:
            out.append((recognise(bulletin.lines, bulletin.guesses, bulletin.language, markup=True, typed=False,
                                  page_breaks_known=True), bulletin.places))
        except ValueError as error:
            pages = f" (pages {bulletin.pages[0]}-{bulletin.pages[1]})" if len(bulletins) > 1 else ""
            raise TextImportError(f"{path}{pages}: {error}") from None
    return out


@dataclass
class SourceLines:
    """A text or Word file as the recogniser reads it."""

    lines: list
    guesses: list[Guess]
    language: str
    encoding: str  # "docx" for a Word file


def read_source_lines(path: Path, images: dict[str, bytes] | None = None) -> SourceLines:
    """The lines of a text or Word file, its artefacts repaired and rich content found as markup.
    A Word file's pictures go into ``images`` ({path beside the issue: bytes}) when it is given."""
    hints: dict[int, str] = {}
    try:
        if path.suffix.lower() == ".docx":
            (text, hints), encoding = docx_text(path, images), "docx"
        else:
            text, encoding = decode(path.read_bytes())
    except (UnreadableText, MissingExtra) as error:
        raise TextImportError(f"{path}: {error}") from None
    except OSError as error:
        raise TextImportError(f"{path}: cannot read it: {error.strerror or error}") from None
    except Exception as error:  # python-docx raises several kinds for a damaged or non-Word file
        raise TextImportError(f"{path}: not a readable Word file ({type(error).__name__}: {error})") from None
    guesses: list[Guess] = []
    if encoding != "docx":  # the text exporter's tables, lists and footnotes, as body markup
        text, marked = mark_rich(text, guesses)
        hints = {number: "markup" for number in marked}
    if encoding != "utf-8":
        guesses.append(Guess(0, f"encoding detected: {encoding}", 0.9))
    language = "zh-CN" if is_chinese(text) else "en"
    if language == "zh-CN":
        lines = text.split("\n")
        # body markup a Word file gave (tables, lists) keeps its spaces: ``1. 审批`` is a list item
        repaired = [line if hints.get(number) == "markup" else repair_spacing(line)
                    for number, line in enumerate(lines, 1)]
        for number, (before, after) in enumerate(zip(lines, repaired), 1):
            if before != after:
                guesses.append(Guess(number, f"{len(before) - len(after)} spaces between Chinese and digits or "
                                     "Latin removed", 0.85, after.strip()[:24]))
        text = "\n".join(repaired)
    lines = read_lines(text, guesses)
    if hints:  # Word: styles name the headings, runs show bold; both: rich content found as markup
        lines = [dataclasses.replace(line, hint=hints[line.number]) if line and line.number in hints else line
                 for line in lines]
    return SourceLines(lines, guesses, language, encoding)


def read_text_bulletin(path: Path, images: dict[str, bytes] | None = None) -> tuple[Recognised, str]:
    """One text file recognised: its issue, the guesses made, the lines that could not be placed.
    A Word file's pictures go into ``images`` ({path beside the issue: bytes}) when it is given."""
    source = read_source_lines(path, images)
    word = source.encoding == "docx"
    try:
        return recognise(source.lines, source.guesses, source.language, markup=word, typed=False if word else None,
                         page_breaks_known=word), source.encoding
    except ValueError as error:
        raise TextImportError(f"{path}: {error}") from None


def _common(values: list) -> object:
    return Counter(json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values).most_common(1)[0][0]


def series_table(issues: list[Issue]) -> dict:
    """series.toml: the values most issues share (the issue files hold what differs)."""
    from bulletin_cli.operations.import_xml import toml_table

    tables = [toml_table(issue) for issue in issues]
    out: dict = {}
    for key in ("name", "issuer", "language", "classification", "number_style"):
        values = [t.get(key) for t in tables]
        if any(v is not None for v in values):
            out[key] = json.loads(_common(values))
    if out.get("classification") is None:
        out.pop("classification", None)
    columns: list[str] = []
    for issue in issues:
        columns += [c for c in issue.declared_columns if c not in columns]
    if columns:
        out["columns"] = columns
    out["numbering"] = "yearly"
    if sum(i.leader_box is not None for i in issues) * 2 > len(issues):
        out["leader_box"] = {}
    colophons = [t.get("colophon", {}) for t in tables]
    colophon = {}
    for key in {k for c in colophons for k in c}:
        common = json.loads(_common([c.get(key) for c in colophons]))
        if common is not None:
            colophon[key] = common
    if colophon:
        out["colophon"] = dict(sorted(colophon.items(), key=lambda kv: list(Colophon_order).index(kv[0])))
    return out


Colophon_order = ("report_to", "send_to", "distribute_to", "extra_distribution", "handled_by", "reviewer", "editor",
                  "phone", "print_run")


def file_name(issue: Issue, taken: set[str]) -> str:
    kind = "-supplement-" if issue.supplement else "-"
    base = f"{issue.year}{kind}{issue.number:02d}"
    name, n = f"{base}.toml", 2
    while name in taken:
        name, n = f"{base}-{n}.toml", n + 1
    taken.add(name)
    return name


def _comments(imported: ImportedFile) -> str:
    lines = [f"# Imported by bulletin import from {imported.source.name} ({imported.encoding})."]
    for line, text in imported.recognised.unplaced:
        where = "page {}, line {}".format(*imported.places[line]) if line in imported.places else f"line {line}"
        text = text.replace("\r", "").replace("\n", "\n#     ")  # a table or list left over: every line a comment
        lines.append(f"# bulletin import could not place {where}: {text}")
    return "\n".join(lines) + "\n\n"


def plan_import(sources: list[Path], folder: Path, progress: Callable[[Path], None] | None = None) -> ImportPlan:
    """Read and recognise every source, build the TOML, check it loads back; nothing written yet."""
    from bulletin_cli.operations.import_xml import ImportFailed, to_toml

    files = []
    for source in sources:
        if source.suffix.lower() == ".pdf":
            for recognised, places in read_pdf_bulletins(source):
                files.append(ImportedFile(source, "pdf", recognised, places=places))
        else:
            images: dict[str, bytes] = {}
            recognised, encoding = read_text_bulletin(source, images)
            files.append(ImportedFile(source, encoding, recognised, images=images))
            for name in images:
                recognised.guesses.append(Guess(0, f"picture written beside the issue as {name}", 0.9))
        if progress:
            progress(source)
    issues = [f.recognised.issue for f in files]
    existing = folder / "series.toml"
    if existing.is_file():  # import into an existing series: the issue files hold what differs from it
        series_toml = existing.read_text(encoding="utf-8")
    else:
        series_toml = tomli_w.dumps(series_table(issues), multiline_strings=True)
    taken = {p.name for p in folder.glob("*.toml")} if folder.is_dir() else set()
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "series.toml").write_text(series_toml, encoding="utf-8")
        for imported in files:
            name = file_name(imported.recognised.issue, taken)
            imported.target = folder / name
            for image, data in imported.images.items():  # the figures' files, for the load-back check
                (Path(scratch) / image).parent.mkdir(parents=True, exist_ok=True)
                (Path(scratch) / image).write_bytes(data)
            try:
                result = to_toml(imported.recognised.issue, Path(scratch) / name)
            except ImportFailed as error:
                raise TextImportError(f"{imported.source}: {error}") from None
            imported.toml = _comments(imported) + result.toml
    return ImportPlan(folder, series_toml, not existing.is_file(), files)


def write_plan(plan: ImportPlan) -> list[Path]:
    from bulletin_cli.files.atomic import write_atomic

    written = []
    for imported in plan.files:  # a picture's name taken: stop before anything is written
        for image in imported.images:
            if (plan.folder / image).exists():
                raise TextImportError(f"{plan.folder / image}: already exists; nothing is overwritten")
    try:
        for imported in plan.files:
            for image, data in imported.images.items():
                (plan.folder / image).parent.mkdir(parents=True, exist_ok=True)
                write_atomic(plan.folder / image, data, overwrite=False)
                written.append(plan.folder / image)
        if plan.new_series:
            write_atomic(plan.folder / "series.toml", plan.series_toml.encode("utf-8"), overwrite=False)
            written.append(plan.folder / "series.toml")
        for imported in plan.files:
            assert imported.target is not None
            write_atomic(imported.target, imported.toml.encode("utf-8"), overwrite=False)
            written.append(imported.target)
    except BaseException as error:  # nothing half-written stays: the files made so far go again
        for path in reversed(written):
            path.unlink(missing_ok=True)
        if isinstance(error, FileExistsError):
            raise TextImportError(f"{error.filename}: already exists; nothing is overwritten") from None
        raise
    return written


def report_json(plan: ImportPlan) -> str:
    def guess(f: ImportedFile, g: Guess) -> dict:
        out = {"line": g.line, "what": g.what, "confidence": g.confidence, "text": g.text}
        if g.line in f.places:
            out["page"], out["line"] = f.places[g.line]
        return out

    return json.dumps([{"file": str(f.source), "encoding": f.encoding, "written": str(f.target),
                        "guesses": [guess(f, g) for g in f.recognised.guesses],
                        "unplaced": [{"line": n, "text": t} for n, t in f.recognised.unplaced]}
                       for f in plan.files], ensure_ascii=False, indent=2)


def report_text(plan: ImportPlan) -> str:
    out = []
    for f in plan.files:
        out.append(f"{f.source} -> {f.target} ({f.encoding})")
        for g in sorted(f.recognised.guesses, key=lambda g: g.line):
            out.append(f"  {f.where(g.line)}: {g.shown()}")
        for n, t in f.recognised.unplaced:
            out.append(f"  {f.where(n)}: not placed, kept as a comment: {t[:40]}")
    return "\n".join(out)
