"""A whole .docx: one issue, or a compilation (each issue from a new page, a contents page first).

python-docx prepares the package once per set of options (styles, fonts, page, footers:
the same for every issue); each issue then only adds its body to a copy of
``word/document.xml`` and its own ``docProps/core.xml``. Files are reproducible: dates come
from ``SOURCE_DATE_EPOCH`` (or the issue date) and the ZIP entries carry that time.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from docx.oxml.ns import qn
from lxml import etree

from bulletin_docx import rich
from bulletin_docx.figures import EMBEDDABLE, IMAGE_REL
from bulletin_docx.layout import TYPE_WIDTH, new_document, page_setup
from bulletin_docx.ooxml import SECTPR_ORDER, field_runs, make, put, text_run
from bulletin_docx.settings import Settings, settings_for
from bulletin_docx.writer import Writer

DOCUMENT, SETTINGS, CORE = "word/document.xml", "word/settings.xml", "docProps/core.xml"
CORE_NAMESPACES = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


@dataclass(frozen=True)
class Template:
    """The prepared package: every part's bytes, and a reference file's 版头 (or None)."""

    parts: tuple[tuple[str, bytes], ...]
    masthead: tuple | None

    def part(self, name: str) -> bytes:
        return dict(self.parts)[name]


@lru_cache(maxsize=8)
def template(settings: Settings, language: str) -> Template:
    document = new_document(settings, language)
    masthead = None
    if settings.reference is not None:  # its body is the unit's own 版头
        body = document.element.body
        content = [element for element in body if element.tag != qn("w:sectPr")]
        for element in content:
            body.remove(element)
        masthead = tuple(content) or None
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as package:
        parts = tuple((name, package.read(name)) for name in package.namelist())
    return Template(parts, masthead)


def _instant(dates, options) -> dt.datetime:
    if options.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(options.source_date_epoch, dt.timezone.utc)
    latest = max(dates)
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


def _core_properties(title: str, author: str, language: str, when: dt.datetime) -> bytes:
    """``docProps/core.xml``: title, author, language and the (reproducible) dates."""
    ns = CORE_NAMESPACES
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    for prefix, name, value in (("dc", "title", title), ("dc", "creator", author), ("cp", "lastModifiedBy", author),
                                ("dc", "language", language), ("cp", "revision", "1"),
                                ("dcterms", "created", stamp), ("dcterms", "modified", stamp)):
        element = etree.SubElement(root, f"{{{ns[prefix]}}}{name}")
        element.text = value
        if prefix == "dcterms":
            element.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _package(prepared: Template, replaced: dict[str, bytes], when: dt.datetime) -> bytes:
    """The ZIP with every entry stamped ``when`` (the clock would make each build differ).

    The template's parts an issue leaves alone (styles, settings, theme, fonts, numbering,
    footers: about 60 % of the bytes) are deflated once per process and copied after that.
    """
    from bulletin_cli.files.archive import zip_archive

    members = [(name, replaced.get(name, data)) for name, data in prepared.parts]
    known = {name for name, _ in prepared.parts}
    members += [(name, replaced[name]) for name in sorted(set(replaced) - known)]  # parts the issue adds
    return zip_archive(members, when, shared=known - set(replaced), mode=0o644)


RELATIONSHIPS = "word/_rels/document.xml.rels"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


FOOTNOTES, CONTENT_TYPES = "word/footnotes.xml", "[Content_Types].xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _add_parts(prepared: Template, replaced: dict[str, bytes], writer: Writer) -> None:
    """Hyperlink relationships, the footnotes part and the figures' images (each with its
    relationship and content type)."""
    rels = etree.fromstring(prepared.part(RELATIONSHIPS))
    types = etree.fromstring(prepared.part(CONTENT_TYPES))
    relationship, content_type = f"{{{rels.nsmap[None]}}}Relationship", f"{{{types.nsmap[None]}}}"
    for url, rel_id in writer.links.items():
        etree.SubElement(rels, relationship, Id=rel_id, Type=HYPERLINK, Target=url, TargetMode="External")
    if writer.footnotes:
        etree.SubElement(rels, relationship, Id="rIdFootnotes", Type=FOOTNOTES_REL, Target="footnotes.xml")
        etree.SubElement(types, content_type + "Override", PartName="/" + FOOTNOTES, ContentType=FOOTNOTES_TYPE)
        replaced[FOOTNOTES] = rich.footnote_part(writer)
    known = {element.get("Extension", "").lower() for element in types.iter(content_type + "Default")}
    by_extension = {extension: media_type for media_type, extension in EMBEDDABLE.items()}
    for rel_id, target, data in writer.media.values():
        etree.SubElement(rels, relationship, Id=rel_id, Type=IMAGE_REL, Target=target)
        replaced["word/" + target] = data
        extension = target.rsplit(".", 1)[-1]
        if extension not in known:
            known.add(extension)
            # Defaults come before Overrides in the schema.
            default = etree.Element(content_type + "Default", Extension=extension, ContentType=by_extension[extension])
            first_override = types.find(content_type + "Override")
            if first_override is not None:
                first_override.addprevious(default)
            else:
                types.append(default)
    if writer.links or writer.footnotes or writer.media:
        replaced[RELATIONSHIPS] = _serialise(rels)
    if writer.footnotes or writer.media:
        replaced[CONTENT_TYPES] = _serialise(types)


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _start(settings: Settings, language: str):
    prepared = template(settings, language)
    root = etree.fromstring(prepared.part(DOCUMENT))
    body = root.find(qn("w:body"))
    masthead = [copy.deepcopy(e) for e in prepared.masthead] if prepared.masthead else None
    return prepared, root, Writer(body, settings, masthead)


def build_issue(issue, options) -> bytes:
    settings = settings_for(issue, options.extra)
    prepared, root, writer = _start(settings, issue.language)
    writer.issue(issue)
    if issue.colophon.is_empty:
        writer.text("Normal", "")
    when = _instant([issue.date], options)
    core = _core_properties(f"{issue.name} {issue.issue_line}", issue.issuer, issue.language, when)
    replaced = {DOCUMENT: writer.fragments.serialise(root), CORE: core}
    _add_parts(prepared, replaced, writer)
    return _package(prepared, replaced, when)


def _end_section(writer: Writer, final_sectPr, restart: bool) -> None:
    """Close the section written so far with a page break; its page numbers restart at 1 when asked."""
    sectPr = make("sectPr")
    for reference in final_sectPr.findall(qn("w:footerReference")):
        sectPr.append(copy.deepcopy(reference))
    put(sectPr, make("type", val="nextPage"), SECTPR_ORDER)
    page_setup(sectPr, restart_numbering=restart)
    last = writer.element(writer.body[len(writer.body) - 2])
    if last.tag != qn("w:p") or last.find(qn("w:pPr")) is None:
        last = writer.element(writer.text("Normal", ""))
    put(last.find(qn("w:pPr")), sectPr, ("pStyle", "keepNext", "spacing", "ind", "jc", "rPr", "sectPr"))


def _contents_page(writer: Writer, issues, entries_by_issue, title: str) -> None:
    """目录 of the compilation: each issue, then its articles with their page numbers (PAGEREF)."""
    writer.text("ContentsTitle", title)
    tabs = make("tabs", make("tab", val="right", leader="middleDot", pos=TYPE_WIDTH))
    for issue, entries in zip(issues, entries_by_issue):
        writer.text("ContentsColumn", f"{issue.name}\u3000{issue.issue_line}\u3000{issue.labels.format_date(issue.date)}")
        for _, text, name in entries:
            runs = [text_run(text + "\t"), *field_runs(f"PAGEREF {name} \\h", "")]
            writer.paragraph("ContentsEntry", runs, tabs=copy.deepcopy(tabs))


def _ask_to_update_fields(settings_xml: bytes) -> bytes:
    """Word fills in the contents' page numbers when the file opens (LibreOffice always does)."""
    settings = etree.fromstring(settings_xml)
    flag = make("updateFields", val="true")
    for name in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids"):
        later = settings.find(qn(f"w:{name}"))
        if later is not None:
            later.addprevious(flag)
            break
    else:
        settings.append(flag)
    return _serialise(settings)


def build_collection(issues, options) -> bytes:
    """Several issues in one file, each from a new page, with a contents page unless ``-O contents=no``."""
    if not issues:
        raise ValueError("a compilation needs at least one issue")
    first = issues[0]
    settings = settings_for(first, options.extra)
    for issue in issues[1:]:
        settings_for(issue, options.extra)  # every series' [fonts] must be valid too
    prepared, root, writer = _start(settings, first.language)
    final = writer.end
    restart = settings.page_numbers == "restart"
    contents_marker = None
    if settings.contents:
        contents_marker = writer.element(writer.text("Normal", ""))
        _end_section(writer, final, restart=False)
    entries_by_issue = []
    for number, issue in enumerate(issues, start=1):
        entries_by_issue.append(writer.issue(issue, bookmark_prefix=f"i{number}_"))
        if number < len(issues):
            _end_section(writer, final, restart)
    if restart:
        put(final, make("pgNumType", start=1), SECTPR_ORDER)
    replaced = {}
    if contents_marker is not None:
        # Written now that the bookmarks exist, before the marker paragraph that ends its section.
        holder = Writer(writer.body, settings, texts=writer.fragments)
        holder.end = contents_marker
        years = sorted({issue.year for issue in issues})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        names = list(dict.fromkeys(issue.name for issue in issues))
        chinese = first.language.startswith("zh")
        title = f"{'、'.join(names)}\u3000{span}" if chinese else f"{', '.join(names)} {span}"
        _contents_page(holder, issues, entries_by_issue, title)
        replaced[SETTINGS] = _ask_to_update_fields(prepared.part(SETTINGS))
    when = _instant([issue.date for issue in issues], options)
    replaced[DOCUMENT] = writer.fragments.serialise(root)
    replaced[CORE] = _core_properties(" / ".join(dict.fromkeys(i.name for i in issues)), first.issuer,
                                      first.language, when)
    _add_parts(prepared, replaced, writer)
    return _package(prepared, replaced, when)


__all__ = ["build_issue", "build_collection", "template"]
