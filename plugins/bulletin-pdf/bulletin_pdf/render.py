"""Issues to PDF through Typst (the compiler ships inside the ``typst`` wheel: no browser, no OS library)."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bulletin_pdf import fonts as font_roles
from bulletin_pdf.document import document_data
from bulletin_pdf.figures import place_images

OPTIONS = ("pdfa", "color", *font_roles.ROLE_KEYS, "font_latin")
PDFA_LEVELS = ("1b", "2b", "2u", "3b", "3u")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
DEFAULT_RED = "#FF0000"
LATIN_FACE = "Libertinus Serif"  # shipped inside the Typst compiler


def _option_error(message: str) -> Exception:
    """The core's OptionError (a usage error, exit 2), wherever this version of the core keeps it."""
    for module in ("bulletin_cli.formats.exporter", "bulletin_cli.exporters.base"):
        try:
            return getattr(__import__(module, fromlist=["OptionError"]), "OptionError")(message)
        except (ImportError, AttributeError):
            continue
    return ValueError(message)


def _check_options(extra) -> None:
    unknown = sorted(set(extra) - set(OPTIONS))
    if unknown:
        raise _option_error(f"-O {unknown[0]}: the pdf format has no such option; it takes {', '.join(OPTIONS)}")
    if "pdfa" in extra and extra["pdfa"] not in PDFA_LEVELS:
        raise _option_error(f"-O pdfa={extra['pdfa']}: choose one of {', '.join(PDFA_LEVELS)} (PDF/A-2b suits archives)")
    if "color" in extra and not _COLOR.fullmatch(extra["color"]):
        raise _option_error(f"-O color={extra['color']}: give the masthead colour as #RRGGBB, e.g. #C8102E")


@lru_cache(maxsize=4)
def _typst_fonts(folders: tuple[str, ...]):
    """The faces of the folders (and the compiler's own), as Typst reads them: scanned once a process."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(folders))


@lru_cache(maxsize=8)
def _typst_faces(folders: tuple[str, ...]) -> dict[tuple[str, int], tuple[str, int]]:
    """(file, index) -> (Typst's family name, weight) for every face in the folders."""
    return {(str(Path(info.path).resolve()), info.index): (info.family, info.weight)
            for info in _typst_fonts(folders).fonts() if info.path}


def font_setup(extra, issue_fonts=()) -> tuple[dict, list[str]]:
    """The template's font table (families by role, with fallbacks) and the folders Typst loads them from."""
    try:
        choices = font_roles.resolve(dict(extra), font_roles.series_fonts(issue_fonts))
    except font_roles.FontError as error:
        raise _option_error(str(error)) from None
    files = [choice.face for choice in choices.values() if choice.face is not None]
    latin = _latin_face(extra, issue_fonts)
    if latin is not None:
        files.append(latin)
    folders = tuple(sorted({str(Path(face.file).resolve().parent) for face in files}))
    faces = _typst_faces(folders)
    table, fallback = {}, []
    for key, choice in choices.items():
        if choice.face is None:
            continue
        found = faces.get((str(Path(choice.face.file).resolve()), choice.face.index))
        if found is None:  # a collection whose index fontconfig and Typst count differently
            found = next((value for (path, _), value in faces.items()
                          if path == str(Path(choice.face.file).resolve())), None)
        if found:
            table[key] = {"families": [found[0]], "weight": found[1]}
            fallback.append(found[0])
    if "body" not in table:
        # No CJK face at all (a bare machine): still write the PDF, in the compiler's own faces, so
        # Latin text prints; `python -m bulletin_pdf fonts` says what to install for Chinese.
        table["body"] = {"families": [LATIN_FACE], "weight": 400}
    for key, role in table.items():  # a glyph missing from a role's face comes from the others
        role["families"] += [family for family in dict.fromkeys(fallback) if family not in role["families"]]
    for role in font_roles.ROLES:
        table.setdefault(role.key, table["body"])
    found = latin and (faces.get((str(Path(latin.file).resolve()), latin.index))
                       or next((value for (path, _), value in faces.items() if path == str(Path(latin.file).resolve())),
                               None))
    if found:
        # Latin letters and digits in the Latin face, everything else in the role's own: "latin-in-cjk"
        # leaves “”‘’—… (shared by both scripts) to the Chinese face, full width as GB/T 9704 prints them.
        for key in table:
            table[key] = {**table[key], "families": [{"name": found[0], "covers": "latin-in-cjk"},
                                                     *table[key]["families"]]}
    return table, list(folders)


def _latin_face(extra, issue_fonts):
    """The face for Latin letters and digits: -O font_latin, else [fonts] latin; None keeps the CJK faces' own."""
    value = extra.get("font_latin", "").strip()
    if not value:
        font = dict(issue_fonts or ()).get("latin")
        value = (str(font.file) if font.file else font.family) if font is not None else ""
        if not value:
            return None
        try:
            return font_roles._face_from_option(font_roles.LATIN, value)
        except font_roles.FontError:
            return None  # a name for Word (Times New Roman) not installed here: the CJK faces' own Latin
    try:
        return font_roles._face_from_option(font_roles.LATIN, value)
    except font_roles.FontError as error:
        raise _option_error(str(error)) from None


_compiling = threading.Lock()  # one compiler per set of font folders, used by one thread at a time


@lru_cache(maxsize=8)
def _compiler(folders: tuple[str, ...], root: str | None) -> tuple[object, bytes]:
    """A compiler kept for every issue a process exports: the template is parsed and the fonts
    (tens of MB of CJK faces) are read once, not once per issue. One per images' root (figures.py):
    Typst reads files only inside it; the fonts are shared (_typst_fonts)."""
    import typst

    template = resources.files("bulletin_pdf").joinpath("bulletin.typ").read_bytes()
    fonts = _typst_fonts(folders)
    # The template goes with every compile: a compiler made from bytes finds them only the first time.
    return typst.Compiler(template, root=root, font_paths=fonts, ignore_system_fonts=True), template


def _decoder(folders: tuple[str, ...]):
    """``decodes(root, image)`` for figures.place_images: whether Typst reads the image (a file
    that passes sniffing may still be truncated or corrupt), tried once per file version."""
    def decodes(root: Path, image: str) -> bool:
        try:
            stat = (root / image.lstrip("/")).stat()
        except OSError:
            return False
        return _decodes(folders, str(root), image, stat.st_mtime_ns, stat.st_size)
    return decodes


@lru_cache(maxsize=256)
def _decodes(folders: tuple[str, ...], root: str, image: str, mtime_ns: int, size: int) -> bool:
    import typst

    probe = b"#image(sys.inputs.image, width: 1cm)"  # the path as an input: never Typst source
    try:
        with _compiling:
            compiler, _ = _compiler(folders, root)
            compiler.compile(probe, sys_inputs={"image": image})
    except typst.TypstError:
        return False
    return True


def compile_pdf(issues, options, compilation: bool) -> bytes:
    import typst

    extra = dict(options.extra or {})
    _check_options(extra)
    table, folders = font_setup(extra, getattr(issues[0], "fonts", ()))
    if issues[0].language.split("-")[0].lower() not in ("zh", "ja", "ko"):
        # Latin text reads best in a Latin face: Typst's own Libertinus Serif, with the CJK faces behind it.
        table = {key: {**role, "families": [LATIN_FACE, *role["families"]]} for key, role in table.items()}
    style = {"red": extra.get("color", DEFAULT_RED), "fonts": table}
    data = document_data(list(issues), style, compilation)
    root = place_images(data, list(issues), _decoder(tuple(folders)))
    epoch = options.source_date_epoch
    if epoch is None:  # the same issue gives the same file: stamp it with its own date
        latest = max(issue.date for issue in issues)
        epoch = int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc).timestamp())
    standards = [f"a-{extra['pdfa']}"] if "pdfa" in extra else []
    try:
        with _compiling:
            compiler, template = _compiler(tuple(folders), None if root is None else str(root))
            return compiler.compile(template, sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                                    pdf_standards=standards, timestamp=epoch)
    except typst.TypstError as error:
        raise RuntimeError(f"typesetting failed: {error.message} {error.diagnostic}".strip()) from None


def render(issue, options) -> bytes:
    return compile_pdf([issue], options, compilation=False)


def render_collection(issues, options) -> bytes:
    """Several issues in one PDF: a contents page, then each issue; bookmarks issue → column → article."""
    ordered = sorted(issues, key=lambda issue: (issue.name, issue.date, issue.number or 0))
    return compile_pdf(ordered, options, compilation=True)
