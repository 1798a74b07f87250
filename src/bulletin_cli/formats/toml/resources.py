"""Rich bodies and attachments as the loader builds them: markup problems reported, the files
that figures and attachments name found, checked and described (type and size from content)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

from bulletin_cli.model.issue import Attachment, Figure, ListBlock, Note, Quote, Text
from bulletin_cli.formats.markup import needs_full_parser, parse_body, plain_blocks
from bulletin_cli.files.media import MAX_IMAGE_BYTES, inspect
from bulletin_cli.files.paths import is_inside, unusable_name
from bulletin_cli.model.fonts import FILE_SUFFIX, FONT_ROLE_KEYS, Font


def _target(written: str, file: Path, key_path: tuple, folder: Path, reporter, what: str,
            index: int | None = None) -> Path | None:
    """The file ``written`` names (relative to ``file``), or None after reporting why not."""
    if not written or Path(written).is_absolute() or PurePosixPath(written).is_absolute() or ":" in written[:3]:
        reporter.at(file, key_path, "R304", f"{what} '{written}' must be a relative path inside the series folder",
                    "write the path relative to this file, e.g. images/photo.jpg", index=index)
        return None
    target = file.parent / written
    if not is_inside(target, folder):
        reporter.at(file, key_path, "R304", f"{what} '{written}' is outside the series folder {folder}",
                    "keep images and attachments inside the series folder", index=index)
        return None
    unusable = unusable_name(target)
    if unusable:
        shown = written if len(written) <= 60 else written[:59] + "…"
        reporter.at(file, key_path, "R303", f"{what} '{shown}' cannot be opened: {unusable}",
                    "use a shorter file name", index=index)
        return None
    if not target.is_file():
        reporter.at(file, key_path, "R303", f"{what} '{written}' does not exist", f"looked for {target}", index=index)
        return None
    return target


def _figure(figure: Figure, source: str, file: Path, key_path: tuple, folder: Path, reporter) -> Figure:
    index = source.find(f"]({figure.src})")
    index = index + 2 if index >= 0 else None
    path = _target(figure.src, file, key_path, folder, reporter, "image", index)
    if path is None:
        return figure
    media_type, size, length = inspect(path)
    if not media_type:
        reporter.at(file, key_path, "M711", f"'{figure.src}' is not a JPEG, PNG, GIF, WebP or SVG image",
                    "save the picture as JPEG or PNG (the name's extension does not count, the content does)",
                    index=index)
        return figure
    if length > MAX_IMAGE_BYTES:
        reporter.at(file, key_path, "M712", f"'{figure.src}' is {length / 1048576:.1f} MB, over the 5 MB limit",
                    "scale the photo down (1600 pixels wide is plenty for print at A4)", index=index)
    width, height = size if size else (None, None)
    return replace(figure, path=path, media_type=media_type, width=width, height=height)


def map_figures(blocks: Text, convert) -> Text:
    out = []
    for block in blocks:
        if isinstance(block, Figure):
            block = convert(block)
        elif isinstance(block, ListBlock):
            block = replace(block, items=tuple(map_figures(item, convert) for item in block.items))
        elif isinstance(block, Quote):
            block = replace(block, blocks=map_figures(block.blocks, convert))
        out.append(block)
    return tuple(out)


def load_text(source: str, file: Path, key_path: tuple, folder: Path, reporter) -> tuple[Text, tuple[Note, ...]]:
    """A body (or note) string as blocks and footnotes, its problems reported at file:line:col."""
    if not needs_full_parser(source):
        return plain_blocks(source), ()
    body = parse_body(source)
    for problem in body.problems:
        reporter.at(file, key_path, problem.code, problem.message, problem.hint, index=problem.index,
                    length=problem.length)
    convert = lambda figure: _figure(figure, source, file, key_path, folder, reporter)  # noqa: E731
    blocks = map_figures(body.blocks, convert)
    notes = tuple(replace(note, blocks=map_figures(note.blocks, convert)) for note in body.notes)
    return blocks, notes


def load_attachments(value: object, file: Path, key_path: tuple, folder: Path, reporter) -> tuple[Attachment, ...]:
    """``attachments = [{ title = "…", file = "…" }]`` (shapes are checked by the format spec)."""
    if not isinstance(value, list):
        return ()
    out = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str) \
                or not isinstance(entry.get("file"), str):
            continue
        written = entry["file"]
        path = _target(written, file, key_path + (index, "file"), folder, reporter, "attachment")
        out.append(Attachment(entry["title"].strip(), written, path))
    return tuple(out)


FONT_FILE_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def load_fonts(series_value: object, series_file: Path | None, issue_value: object, issue_file: Path,
               folder: Path, reporter) -> tuple[tuple[str, Font], ...]:
    """``[fonts]`` of the series, each key replaced by the issue's: (role, Font) for the roles set.

    A file is found relative to the file that names it and must exist inside the series
    folder (R303, R304) and be a font (S204); a role with a file but no family takes the
    family from the series (or stays nameless: the PDF exporter reads the name from the file).
    """
    written: dict[str, tuple[str, Path]] = {}  # key -> (value, file it is written in)
    for value, file in ((series_value, series_file), (issue_value, issue_file)):
        if isinstance(value, dict) and file is not None:
            written.update({key: (item, file) for key, item in value.items() if isinstance(item, str)})
    out = []
    for role in FONT_ROLE_KEYS:
        family = written.get(role, ("", issue_file))[0].strip()
        path, shown = None, ""
        if role + FILE_SUFFIX in written:
            shown, file = written[role + FILE_SUFFIX]
            key_path = ("fonts", role + FILE_SUFFIX)
            path = _target(shown, file, key_path, folder, reporter, "font file")
            if path is not None and path.suffix.lower() not in FONT_FILE_SUFFIXES:
                reporter.at(file, key_path, "S204", f"font file '{shown}' is not a .ttf, .otf or .ttc file",
                            "give the font file itself (FZXBSJW.TTF), not a folder or an archive")
                path = None
        if family or path is not None:
            out.append((role, Font(family, path, shown)))
    return tuple(out)
