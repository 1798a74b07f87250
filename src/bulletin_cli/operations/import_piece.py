"""`bulletin import piece.docx… --into ISSUE.toml`: submitted articles (信息报送) added to an issue.

Each piece (.txt, .docx, .pdf) becomes one article, in the order given, appended to the issue
file as a new ``[[articles]]`` table: the bytes before it stay exactly as they were (comments,
order, quoting, line ends), which a TOML round trip cannot promise. With ``article_files`` the
article goes into a file of its own beside the issue (``articles/ISSUE-ID.toml``) and the
issue gets ``[[articles]] file = … column = …``.

Nothing is half done: the issue must validate before, and with the new articles must validate
again (as `bulletin validate` checks it) before it is replaced, atomically. The new files (a
Word file's pictures in the series' images/ folder, article files) never take a name that
exists; they are written first so that the check sees them, and removed again when anything
fails.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bulletin_cli.diagnostics.codes import DiagnosedError, Diagnostic, Severity
from bulletin_cli.formats.plaintext.piece import Piece, recognise_piece
from bulletin_cli.formats.plaintext.reader import Guess
from bulletin_cli.model.issue import Article, Figure, Issue
from bulletin_cli.operations.importing import TextImportError, read_pdf, read_source_lines

PIECES = (".txt", ".docx", ".pdf")


class PieceError(TextImportError, DiagnosedError):
    """A piece cannot be added; ``diagnostics`` say where, when the issue is what fails."""


@dataclass
class AddedArticle:
    source: Path
    encoding: str
    piece: Piece
    guesses: list[Guess]
    places: dict[int, tuple[int, int]] = field(default_factory=dict)  # PDF: report line -> (page, line)
    images: dict[str, bytes] = field(default_factory=dict)  # as the reader named them -> bytes
    id: str = ""
    column: str | None = None
    article_file: Path | None = None
    written_images: list[Path] = field(default_factory=list)

    def where(self, line: int) -> str:
        if line in self.places:
            return "{}, page {} line {}".format(self.source, *self.places[line])
        return f"{self.source}:{line}" if line else str(self.source)


@dataclass
class PiecesAdded:
    issue_file: Path
    articles: list[AddedArticle]
    written: list[Path]


def read_piece(path: Path) -> AddedArticle:
    """One piece recognised; TextImportError with a sentence when it is not one."""
    images: dict[str, bytes] = {}
    places: dict[int, tuple[int, int]] = {}
    if path.suffix.lower() == ".pdf":
        bulletins = read_pdf(path)
        if len(bulletins) > 1:
            raise TextImportError(f"{path}: the PDF holds {len(bulletins)} bulletins (a masthead starts each); "
                                  "--into adds pieces: import it with -o FOLDER/")
        bulletin = bulletins[0]
        lines, guesses, language, encoding = bulletin.lines, bulletin.guesses, bulletin.language, "pdf"
        places, rich = bulletin.places, True
    else:
        source = read_source_lines(path, images)
        lines, guesses, language, encoding = source.lines, source.guesses, source.language, source.encoding
        rich = encoding == "docx"
    try:
        piece = recognise_piece(lines, guesses, language, markup=rich, typed=False if rich else None,
                                page_breaks_known=rich, lines_are_paragraphs=encoding == "pdf")
    except ValueError as error:
        raise TextImportError(f"{path}: {error}") from None
    return AddedArticle(path, encoding, piece, guesses, places, images)


def _series_folder(issue_file: Path, loaded) -> Path:
    return loaded.series.folder if loaded.series is not None else issue_file.parent


def _load(issue_file: Path, text: str, data: dict):
    """The issue loaded and checked as `bulletin validate` does, from ``text`` (not yet on disk)."""
    from bulletin_cli.diagnostics.reporter import Reporter
    from bulletin_cli.files.document import Document
    from bulletin_cli.formats.toml.loader import Loader
    from bulletin_cli.operations.validate import check_loaded_issue

    reporter = Reporter()
    document = Document(issue_file, text, data)
    reporter.add_document(document)
    loaded = Loader(reporter).load_issue(issue_file, document)
    check_loaded_issue(loaded, reporter)
    errors = sorted((d for d in reporter.diagnostics if d.severity == Severity.ERROR), key=Diagnostic.sort_key)
    return loaded, errors


def _read_issue(issue_file: Path) -> tuple[bytes, str, dict]:
    from bulletin_cli.files.source import decode_source, parse_toml

    try:
        original = issue_file.read_bytes()
    except OSError as error:
        raise PieceError(f"{issue_file}: cannot read it: {error.strerror or error}") from None
    text, problem = decode_source(original, issue_file)
    data = None
    if problem is None:
        assert text is not None
        data, problem = parse_toml(text)
    if problem is not None:
        where = f"{issue_file}:{problem.line}:{problem.column}" if problem.line else str(issue_file)
        raise PieceError(f"{where}: {problem.message}; the issue file must be valid TOML before an article is "
                         "added (`bulletin validate` shows what is wrong)")
    assert text is not None and data is not None
    return original, text, data


def _column_choice(wanted: str | None, piece_column: str | None, loaded, issue_file: Path,
                   source: Path, guesses: list[Guess]) -> str | None:
    from bulletin_cli.diagnostics.reporter import did_you_mean

    issue: Issue = loaded.issue
    declared = list(issue.declared_columns)
    where = _columns_declared_at(issue_file, loaded)
    column = wanted or (piece_column if piece_column in declared else None)
    if wanted and piece_column and piece_column != wanted:
        guesses.append(Guess(0, f"the piece names the column {piece_column}; --column {wanted} is taken", 0.9))
    elif not wanted and piece_column and column:
        guesses.append(Guess(0, f"column {column}, as the piece names it", 0.8))
    if not declared:
        if wanted:
            raise PieceError(f"--column {wanted}: the issue's series declares no columns ({issue_file}); "
                             "leave --column out, or declare columns = [\u2026] in series.toml")
        return None
    if column is None:
        named = f" (it names {piece_column}, which is not one of them)" if piece_column else ""
        raise PieceError(f"{source}: R305 the series declares columns, so the article needs one{named}: give "
                         f"--column NAME, one of {', '.join(declared)} ({where})")
    if column not in declared:
        raise PieceError(f"--column {column}: R302 no such column; {did_you_mean(column, declared)} "
                         f"(the columns are declared at {where}: {', '.join(declared)})")
    return column


def _columns_declared_at(issue_file: Path, loaded) -> str:
    """file:line of the ``columns`` the issue uses (its own, else series.toml's)."""
    from bulletin_cli.files.document import Document

    places = [(issue_file, loaded.issue_data)]
    if loaded.series is not None:
        places.append((loaded.series.path, loaded.series.data))
    for path, data in places:
        if isinstance(data, dict) and "columns" in data:
            document = loaded.series.document if loaded.series is not None and path == loaded.series.path else None
            if document is None:
                try:
                    document = Document(path, path.read_text(encoding="utf-8-sig"), data)
                except OSError:
                    return str(path)
            line, column = document.locator.key_position(("columns",))
            return f"{path}:{line}:{column}"
    return str(issue_file)


def _new_id(article: Article, index: int, taken: set[str]) -> str:
    words = re.findall(r"[A-Za-z0-9]+", article.title.lower())
    base = "-".join(words[:6]) if words and article.title.isascii() and words[0][0].isalpha() else f"article-{index}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def _free(path: Path, planned: set[Path]) -> Path:
    """``path``, or ``NAME-2.ext``… when that name exists or another new file takes it: never overwrite."""
    candidate, n = path, 2
    while candidate.exists() or candidate in planned:
        candidate, n = path.with_name(f"{path.stem}-{n}{path.suffix}"), n + 1
    planned.add(candidate)
    return candidate


def _relative(target: Path, start: Path) -> str:
    return PurePosixPath(*Path(os.path.relpath(target, start)).parts).as_posix()


def _place_images(added: AddedArticle, series_folder: Path, body_folder: Path, planned: set[Path],
                  new_files: dict[Path, bytes]) -> Article:
    """The pictures into the series' images/ folder under free names; the figures point there
    (relative to the file that holds the body)."""
    from bulletin_cli.formats.toml.resources import map_figures

    article = added.piece.article
    used: set[str] = set()

    def collect(figure: Figure) -> Figure:
        used.add(figure.src)
        return figure

    map_figures(article.body, collect)
    for note in article.notes:
        map_figures(note.blocks, collect)
    names: dict[str, str] = {}
    for name, data in added.images.items():
        if name not in used:  # the body lost its figure (a markup problem, reported): no orphan file
            added.guesses.append(Guess(0, f"picture {name} has no place in the body: not written", 0.3))
            continue
        target = _free(series_folder / "images" / PurePosixPath(name).name, planned)
        new_files[target] = data
        added.written_images.append(target)
        names[name] = _relative(target, body_folder)
        added.guesses.append(Guess(0, f"picture written as {target}", 0.9))

    def convert(figure: Figure) -> Figure:
        return dataclasses.replace(figure, src=names.get(figure.src, figure.src))

    return dataclasses.replace(article, body=map_figures(article.body, convert), notes=tuple(
        dataclasses.replace(note, blocks=map_figures(note.blocks, convert)) for note in article.notes))


def _entry(article: Article) -> dict:
    import datetime as dt

    from bulletin_cli.operations.import_xml import toml_table

    stub = Issue(name="x", issuer="x", date=dt.date(2000, 1, 1), number=1, articles=(article,))
    return toml_table(stub)["articles"][0]


def add_pieces(pieces: list[Path], issue_file: Path, column: str | None, *,
               article_files: bool = False) -> PiecesAdded:
    """Add each piece to ``issue_file`` as one article, in order; see the module's docstring."""
    import tomli_w

    original, text, data = _read_issue(issue_file)
    loaded, errors = _load(issue_file, text, data)
    if errors or loaded.issue is None:
        raise PieceError(f"{issue_file} does not validate; fix it first (`bulletin validate {issue_file}`), then "
                         "add the article", errors)
    if isinstance(data.get("articles"), list) and "[[articles]]" not in text and data["articles"]:
        raise PieceError(f"{issue_file}: its articles are written as an inline array (articles = [\u2026]); "
                         "an [[articles]] table cannot be added after it: write them as [[articles]] tables")
    added = [read_piece(path) for path in pieces]
    series_folder = _series_folder(issue_file, loaded)
    taken = {a.id for a in loaded.issue.articles}
    planned: set[Path] = set()
    new_files: dict[Path, bytes] = {}
    newline = "\r\n" if b"\r\n" in original else "\n"  # the text read has its line ends made \n
    tables: list[str] = []
    entries: list[dict] = []
    for item in added:
        item.column = _column_choice(column, item.piece.column, loaded, issue_file, item.source, item.guesses)
        item.id = _new_id(item.piece.article, len(taken) + 1, taken)
        if article_files:
            item.article_file = _free(issue_file.parent / "articles" / f"{issue_file.stem}-{item.id}.toml", planned)
        body_folder = item.article_file.parent if item.article_file else issue_file.parent
        article = _place_images(item, series_folder, body_folder, planned, new_files)
        entry = _entry(dataclasses.replace(article, id=item.id, column=item.column))
        entries.append(entry)
        comment = f"# Added by bulletin import from {item.source.name}" + (
            f" ({item.piece.bulletin})" if item.piece.bulletin else "") + "\n"
        comment += "".join(f"# {' '.join(line.split())}\n" for line in item.piece.contact)  # not printed
        if item.article_file:
            stub = {"file": _relative(item.article_file, issue_file.parent)}
            if item.column is not None:
                stub["column"] = item.column
            content = {k: v for k, v in entry.items() if k != "column"}
            new_files[item.article_file] = tomli_w.dumps(content, multiline_strings=True).encode("utf-8")
            tables.append(comment + "[[articles]]\n" + tomli_w.dumps(stub))
        else:  # the header written here: tomli_w sets a short table inline (articles = [{…}])
            tables.append(comment + "[[articles]]\n" + tomli_w.dumps(entry, multiline_strings=True))
    addition = "\n".join(tables).replace("\n", newline)
    separator = "" if original.endswith((b"\n\n", b"\r\n\r\n")) else (
        newline if original.endswith(b"\n") else newline * 2)
    new_bytes = original + (separator + addition).encode("utf-8")
    new_text = text + (separator + addition).replace("\r\n", "\n")
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    written: list[Path] = []
    created_folders: list[Path] = []
    try:
        new_data = _same_but_for(data, new_text, issue_file, entries, article_files)
        for path, content in new_files.items():  # first, so that the check below sees them
            _make_folder(path.parent, created_folders)
            _write_new(path, content)
            written.append(path)
        loaded, errors = _load(issue_file, new_text, new_data)
        if errors or loaded.issue is None:
            first = errors[0] if errors else None
            raise PieceError(f"{issue_file}: the issue would not validate with the new article"
                             + ("s" if len(added) > 1 else "") + (f": {first.code} {first.message}" if first else "")
                             + f"; nothing was written (in {issue_file.name}, the lines after {last_line} are the "
                             "new articles')", errors)
        _replace(issue_file, original, new_bytes)
    except BaseException:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for folder in reversed(created_folders):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    return PiecesAdded(issue_file, added, written + [issue_file])


def _same_but_for(data: dict, new_text: str, issue_file: Path, entries: list[dict], article_files: bool) -> dict:
    """The new text's data, checked to be the old data with the new articles appended and nothing else."""
    from bulletin_cli.files.source import parse_toml

    new_data, problem = parse_toml(new_text)
    if problem is not None or new_data is None:
        raise PieceError(f"{issue_file}: an [[articles]] table cannot be added to this file "
                         f"({problem.message if problem else 'no data'})")
    old = dict(data)
    old_articles = list(old.pop("articles", []) or [])
    rest = dict(new_data)
    new_articles = list(rest.pop("articles", []) or [])
    appended = new_articles[len(old_articles):]
    if rest != old or new_articles[:len(old_articles)] != old_articles or len(appended) != len(entries) or (
            not article_files and appended != entries):
        raise PieceError(f"{issue_file}: appending [[articles]] at the end would change other keys of this file "
                         "(does it end inside a table of an article?); nothing was written")
    return new_data


def _make_folder(folder: Path, created: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        created.append(path)


def _write_new(path: Path, content: bytes) -> None:
    from bulletin_cli.files.atomic import write_atomic

    try:
        write_atomic(path, content, overwrite=False)
    except FileExistsError:
        raise PieceError(f"{path}: already exists (made while importing?); nothing is overwritten") from None


def _replace(issue_file: Path, original: bytes, new_bytes: bytes) -> None:
    from bulletin_cli.files.atomic import write_atomic

    if issue_file.read_bytes() != original:  # someone saved the issue while the pieces were read
        raise PieceError(f"{issue_file} changed while the pieces were read; nothing was written: run it again")
    write_atomic(issue_file, new_bytes)


def report_json(result: PiecesAdded) -> str:
    """The report as JSON: the issue, every file written, and each article with its guesses. With one
    piece, its ``file``, ``id`` and ``guesses`` are also at the top, as before several were taken."""
    import json

    def guess(item: AddedArticle, g: Guess) -> dict:
        out = {"line": g.line, "what": g.what, "confidence": g.confidence, "text": g.text}
        if g.line in item.places:
            out["page"], out["line"] = item.places[g.line]
        return out

    articles = [{"file": str(a.source), "encoding": a.encoding, "id": a.id, "column": a.column,
                 "title": a.piece.article.title, "bulletin": a.piece.bulletin or None,
                 "article_file": str(a.article_file) if a.article_file else None,
                 "images": [str(p) for p in a.written_images],
                 "guesses": [guess(a, g) for g in a.guesses]} for a in result.articles]
    out: dict = {"into": str(result.issue_file), "written": [str(p) for p in result.written], "articles": articles}
    if len(articles) == 1:
        out = {"file": articles[0]["file"], "into": out["into"], "id": articles[0]["id"],
               "guesses": articles[0]["guesses"], **out}
    return json.dumps(out, ensure_ascii=False, indent=2)


def report_text(result: PiecesAdded) -> str:
    out = []
    for a in result.articles:
        for g in sorted(a.guesses, key=lambda g: g.line):
            out.append(f"  {a.where(g.line)}: {g.shown()}")
        place = f" (in {a.article_file})" if a.article_file else ""
        column = f" in {a.column}" if a.column else ""
        out.append(f"added article {a.id}{column}{place} to {result.issue_file}: {a.piece.article.title}")
    return "\n".join(out)
