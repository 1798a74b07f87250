"""A whole .docx: one issue, or a compilation (each issue from a new page, a contents page first).

Files are reproducible: the document's dates come from ``SOURCE_DATE_EPOCH`` (or the
issue date), and the ZIP entries carry that time instead of the clock.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile

from docx.oxml.ns import qn

from bulletin_docx.layout import TYPE_WIDTH, new_document, page_setup
from bulletin_docx.ooxml import SECTPR_ORDER, field_runs, make, put, text_run
from bulletin_docx.settings import Settings, settings_for
from bulletin_docx.writer import Writer

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # the earliest time a ZIP entry can hold


def _instant(dates, options) -> dt.datetime:
    if options.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(options.source_date_epoch, dt.timezone.utc)
    latest = max(dates)
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


def _properties(document, title: str, author: str, language: str, when: dt.datetime) -> None:
    core = document.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.language = language
    core.revision = 1
    core.created = when.replace(tzinfo=None)
    core.modified = when.replace(tzinfo=None)
    core.comments = ""
    core.keywords = ""


def _masthead_template(document, settings: Settings):
    """A reference file's body, taken out of the document: the unit's own 版头, or None."""
    if settings.reference is None:
        return None
    body = document.element.body
    content = [element for element in body if element.tag != qn("w:sectPr")]
    for element in content:
        body.remove(element)
    return content or None


def _save(document, when: dt.datetime) -> bytes:
    """The package with every entry stamped ``when`` (the clock would make each build differ)."""
    raw = io.BytesIO()
    document.save(raw)
    stamp = max(when, ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build_issue(issue, options) -> bytes:
    settings = settings_for(issue, options.extra)
    document = new_document(settings, issue.language)
    writer = Writer(document, settings, _masthead_template(document, settings))
    writer.issue(issue)
    if issue.colophon.is_empty:
        writer.text("Normal", "")
    when = _instant([issue.date], options)
    _properties(document, f"{issue.name} {issue.issue_line}", issue.issuer, issue.language, when)
    return _save(document, when)


def _end_section(writer: Writer, final_sectPr, restart: bool) -> None:
    """Close the section written so far with a page break; its page numbers restart at 1 when asked."""
    sectPr = make("sectPr")
    for reference in final_sectPr.findall(qn("w:footerReference")):
        sectPr.append(copy.deepcopy(reference))
    put(sectPr, make("type", val="nextPage"), SECTPR_ORDER)
    page_setup(sectPr, restart_numbering=restart)
    last = writer.body[len(writer.body) - 2]
    if last.tag != qn("w:p") or last.find(qn("w:pPr")) is None:
        last = writer.text("Normal", "")
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


def _ask_to_update_fields(document) -> None:
    """Word fills in the contents' page numbers when the file opens (LibreOffice always does)."""
    settings = document.settings.element
    flag = make("updateFields", val="true")
    for name in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids"):
        later = settings.find(qn(f"w:{name}"))
        if later is not None:
            later.addprevious(flag)
            return
    settings.append(flag)


def build_collection(issues, options) -> bytes:
    """Several issues in one file, each from a new page, with a contents page unless ``-O contents=no``."""
    if not issues:
        raise ValueError("a compilation needs at least one issue")
    first = issues[0]
    settings = settings_for(first, options.extra)
    for issue in issues[1:]:
        settings_for(issue, options.extra)  # every series' [fonts] must be valid too
    document = new_document(settings, first.language)
    writer = Writer(document, settings, _masthead_template(document, settings))
    final = writer.end
    restart = settings.page_numbers == "restart"
    contents_marker = None
    if settings.contents:
        contents_marker = writer.text("Normal", "")
        _end_section(writer, final, restart=False)
    entries_by_issue = []
    for number, issue in enumerate(issues, start=1):
        entries_by_issue.append(writer.issue(issue, bookmark_prefix=f"i{number}_"))
        if number < len(issues):
            _end_section(writer, final, restart)
    if restart:
        put(final, make("pgNumType", start=1), SECTPR_ORDER)
    if contents_marker is not None:
        # Written now that the bookmarks exist, in place of the marker paragraph.
        holder = Writer(document, settings)
        holder.end = contents_marker
        years = sorted({issue.year for issue in issues})
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        names = list(dict.fromkeys(issue.name for issue in issues))
        title = f"{'、'.join(names)}\u3000{span}" if first.language.startswith("zh") else f"{', '.join(names)} {span}"
        _contents_page(holder, issues, entries_by_issue, title)
        _ask_to_update_fields(document)
    when = _instant([issue.date for issue in issues], options)
    _properties(document, " / ".join(dict.fromkeys(i.name for i in issues)), first.issuer, first.language, when)
    return _save(document, when)


__all__ = ["build_issue", "build_collection"]
