"""XML issue -> Issue model, with every problem reported at its line and column.

The XML is read exactly: text is not stripped or rewritten, so an issue exported to XML
reads back as the same model. Problems go through the validation Reporter, so `bulletin
validate` shows them like any other diagnostic: X501 (not well-formed), X502 (does not
match the schema), and the same reference checks as TOML issues (R301, R302, R305-R307).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from lxml import etree

from bulletin_cli.diagnostics.codes import CODES, Diagnostic, Severity
from bulletin_cli.diagnostics.reporter import Reporter, did_you_mean
from bulletin_cli.formats.toml.loader import LoadedIssue
from bulletin_cli.formats.xml.blocks import read_attachments, read_blocks, read_notes
from bulletin_cli.formats.xml.names import NAMESPACE
from bulletin_cli.formats.xml.schema import readable, xml_schema
from bulletin_cli.model.issue import (
    Article,
    Block,
    Colophon,
    Issue,
    LeaderBox,
    Origin,
    Run,
    Text,
)
from bulletin_cli.model.labels import LANGUAGES, canonical_language, labels_for
from bulletin_cli.model.xmlchars import describe

_MAX_SCHEMA_ERRORS = 20
_SCHEMA_HINT = "docs/xml.md lists every element and attribute, in order; the schema is bulletin.rnc"
_LIBXML_POSITION = re.compile(r",? line \d+, column \d+$")
_INVALID_CHAR = re.compile(r"invalid Char value (\d+)")
_SCHEMA_SUBJECT = re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


class _Positions:
    """Columns for lxml's line numbers: lxml gives elements a line but no column."""

    def __init__(self, source: str) -> None:
        self.lines = source.split("\n")

    def column(self, line: int, element: str | None = None, attribute: str | None = None) -> int:
        if not 1 <= line <= len(self.lines):
            return 1
        text = self.lines[line - 1]
        start = 0
        if element:
            match = re.search(r"<(?:[\w.-]+:)?" + re.escape(element) + r"(?=[\s/>]|$)", text)
            if match is None:
                return 1
            start = match.start()
        if attribute:
            match = re.compile(r"(?<=\s)" + re.escape(attribute) + r"\s*=").search(text, start)
            if match:
                return match.start() + 1
        return start + 1


class XmlIssueReader:
    def __init__(self, path: Path, reporter: Reporter) -> None:
        self.path = path
        self.reporter = reporter
        self.positions = _Positions("")
        self.errors = 0
        self._note_columns: dict[str, etree._Element] = {}  # column name -> the <column> holding its note

    # -- reporting -------------------------------------------------------------------

    def report(self, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        overrides = self.reporter.severity_overrides
        severity = overrides[code] if code in overrides else (CODES[code].severity if code in CODES else Severity.ERROR)
        if severity is None:
            return
        if severity == Severity.ERROR:
            self.errors += 1
        self.reporter.diagnostics.append(Diagnostic(self.path, max(line, 1), max(column, 1), severity, code,
                                                    message, hint))

    def at(self, element: etree._Element, code: str, message: str, hint: str = "", attribute: str | None = None):
        line = element.sourceline or 1
        column = self.positions.column(line, etree.QName(element).localname, attribute)
        self.report(line, column, code, message, hint)

    # -- reading ---------------------------------------------------------------------

    def read(self) -> LoadedIssue | None:
        try:
            data = self.path.read_bytes()
        except OSError as error:
            self.report(1, 1, "F105", f"cannot read the file: {error.strerror or error}")
            return None
        if not data.strip():
            self.report(1, 1, "F102", "the file is empty",
                        "`bulletin export ISSUE.toml --to xml` writes a complete XML issue")
            return None
        root = self._parse(data)
        if root is None:
            return None
        if not self._valid(root):
            return LoadedIssue(self.path, None, None)
        issue = self._issue(root)
        return LoadedIssue(self.path, issue, None)

    def _parse(self, data: bytes) -> etree._Element | None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                                 remove_pis=True, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as error:
            line, column = error.position if error.position else (error.lineno or 1, 1)
            message = _LIBXML_POSITION.sub("", error.msg or str(error))
            hint = "fix the markup: every element closed, attributes quoted, & written as &amp; and < as &lt;"
            invalid = _INVALID_CHAR.search(message)
            if invalid:
                char = chr(int(invalid.group(1)))
                message = f"{describe(char)} cannot appear in XML 1.0, not even as a character reference"
                hint = "delete it; it usually comes from copying text out of a PDF"
            self.report(line, column, "X501", f"not well-formed XML: {message}", hint)
            return None
        tree = root.getroottree()
        encoding = tree.docinfo.encoding or "utf-8"
        try:
            self.positions = _Positions(data.decode(encoding, errors="replace"))
        except LookupError:
            self.positions = _Positions(data.decode("utf-8", errors="replace"))
        if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
            self.report(1, 1, "X502", "a DOCTYPE is not allowed in a bulletin XML issue",
                        "remove the <!DOCTYPE …> declaration; the schema is applied without it")
            return None
        return root

    def _valid(self, root: etree._Element) -> bool:
        if root.tag != _q("bulletin"):
            qname = etree.QName(root)
            found = f"<{qname.localname}>" + (f" in namespace {qname.namespace}" if qname.namespace else
                                               " in no namespace")
            self.at(root, "X502", f"not a bulletin XML issue: the root element is {found}",
                    f"a bulletin issue starts with <bulletin xmlns=\"{NAMESPACE}\" …>")
            return False
        schema = xml_schema()
        if schema.validate(root):
            return True
        for index, entry in enumerate(schema.error_log):
            if index == _MAX_SCHEMA_ERRORS:
                self.report(entry.line, 1, "X502", "more schema errors follow; fix these first")
                break
            message = readable(entry.message)
            subject = _SCHEMA_SUBJECT.match(message)
            element, attribute = (subject.group(1), subject.group(2)) if subject else (None, None)
            if element and element.startswith("xml:"):
                element = None
            if attribute and attribute.startswith("{"):
                attribute = "xml:" + attribute.rsplit("}", 1)[1]
            column = self.positions.column(entry.line, element, attribute)
            self.report(entry.line, column, "X502", message.rstrip("."), _SCHEMA_HINT)
        return False

    # -- building the model (the document is schema-valid here) -----------------------

    def _child(self, parent: etree._Element, name: str) -> etree._Element | None:
        return parent.find(_q(name))

    def _line(self, parent: etree._Element, name: str, default: str = "") -> str:
        element = self._child(parent, name)
        return default if element is None else element.text or ""

    def _blocks(self, element: etree._Element | None) -> Text:
        return read_blocks(element, self.path.parent if self.path else None)

    def _issue(self, root: etree._Element) -> Issue:
        language = canonical_language(root.get(XML_LANG, ""))
        if language not in LANGUAGES:
            self.at(root, "S204", f"language '{language}' is not supported",
                    did_you_mean(language, LANGUAGES) or "use one of: " + ", ".join(LANGUAGES), attribute="xml:lang")
        masthead = self._child(root, "masthead")
        assert masthead is not None
        number = self._child(masthead, "number")
        assert number is not None
        cumulative = self._child(masthead, "cumulative-number")
        labels_element = self._child(root, "labels")
        overrides = {label.get("name", "").strip(): label.text or ""
                     for label in (labels_element if labels_element is not None else ())}
        leader = self._child(root, "leader-box")
        declared, notes = self._columns(root)
        articles = self._articles(root, declared, notes)
        for element in (self._child(masthead, "name"), self._child(masthead, "issuer")):
            if element is not None and not (element.text or "").strip():
                self.at(element, "S205", f"<{etree.QName(element).localname}> is empty", "write the text")
        return Issue(
            name=self._line(masthead, "name"),
            issuer=self._line(masthead, "issuer"),
            date=dt.date.fromisoformat(self._line(masthead, "date").strip()),
            number=int(number.text) if (number.text or "").strip() else None,
            articles=articles,
            language=language,
            series_id=root.get("series", ""),
            cumulative_number=int(cumulative.text or "0") if cumulative is not None else None,
            supplement=number.get("supplement", "false").strip() == "true",
            classification=self._line(masthead, "classification"),
            copy_number=self._line(masthead, "copy-number"),
            leader_box=LeaderBox(self._blocks(leader)) if leader is not None else None,
            editor_note=self._blocks(self._child(root, "editor-note")),
            declared_columns=declared,
            column_notes=notes,
            colophon=self._colophon(self._child(root, "colophon")),
            labels=labels_for(language, overrides),
            number_style="chinese" if number.get("style", "").strip() == "chinese" else "arabic",
            numbering=sequence if (sequence := number.get("sequence", "").strip()) in ("running", "none") else "yearly",
            counts_cumulative=number.get("cumulative-numbers", "false").strip() == "true",
            show_cumulative=number.get("show-cumulative", "true").strip() == "true",
            article_numbers=self._child(root, "articles").get("numbered", "false").strip() == "true",
            path=self.path,
            attachments=read_attachments(root, self.path.parent if self.path else None),
            series_path=None,
        )

    def _columns(self, root: etree._Element) -> tuple[tuple[str, ...], tuple[tuple[str, Text], ...]]:
        columns = self._child(root, "columns")
        declared: list[str] = []
        notes: dict[str, Text] = {}
        for column in columns if columns is not None else ():
            name = column.get("name", "")
            is_declared = column.get("declared", "").strip() != "false"
            if name in declared or name in notes and not is_declared:
                self.at(column, "R306", f"column '{name}' is declared twice", "remove the second <column>",
                        attribute="name")
                continue
            if is_declared:
                declared.append(name)
            note = self._child(column, "editor-note")
            if note is not None:
                notes[name] = self._blocks(note)
                self._note_columns[name] = column
            elif not is_declared:
                self.at(column, "X502", f"column '{name}' is marked declared=\"false\" but has no editor's note",
                        "declared=\"false\" is only for the note of a column the issue does not declare")
        return tuple(declared), tuple(notes.items())

    def _articles(self, root: etree._Element, declared: tuple[str, ...],
                  notes: tuple[tuple[str, Text], ...]) -> tuple[Article, ...]:
        container = self._child(root, "articles")
        assert container is not None
        articles = []
        ids: dict[str, int] = {}
        used: set[str] = set()
        for index, element in enumerate(container):
            article_id = element.get("id", "").strip()
            if article_id in ids:
                self.at(element, "R301", f"article id '{article_id}' is already used by article {ids[article_id] + 1}",
                        "give each article its own id", attribute="id")
            else:
                ids[article_id] = index
            column = element.get("column")
            if column is not None:
                used.add(column)
                if not declared:
                    self.at(element, "R302", f"article names column '{column}' but no columns are declared",
                            f"declare it: <columns><column name=\"{column}\"/></columns>", attribute="column")
                elif column not in declared:
                    self.at(element, "R302", f"column '{column}' is not declared",
                            did_you_mean(column, declared) or "declare it under <columns>", attribute="column")
            elif declared:
                self.at(element, "R305", f"article {index + 1} names no column",
                        "add column=\"…\" with one of: " + ", ".join(declared))
            title = self._child(element, "title")
            body = self._child(element, "body")
            if title is not None and not (title.text or "").strip():
                self.at(title, "S205", "the title is empty", "write the headline")
            if body is not None and not any(b.text.strip() for b in self._blocks(body)):
                self.at(body, "S205", "the body is empty", "write the text as <p> paragraphs")
            articles.append(Article(
                id=article_id,
                title=self._line(element, "title"),
                body=self._blocks(body),
                column=column,
                subtitle=self._line(element, "subtitle"),
                author=self._line(element, "author"),
                source=self._line(element, "source"),
                editor_note=self._blocks(self._child(element, "editor-note")),
                origin=Origin(self.path, ("articles", index)),
                notes=read_notes(element, self.path.parent if self.path else None),
                attachments=read_attachments(element, self.path.parent if self.path else None),
            ))
        for name, _ in notes:
            column = self._note_columns[name]
            if declared and name not in declared:
                self.at(column, "R302", f"editor's note for undeclared column '{name}'",
                        did_you_mean(name, declared), attribute="name")
            elif name not in used:
                self.at(column, "R307", f"editor's note for column '{name}', which has no article in this issue",
                        attribute="name")
        return tuple(articles)

    def _colophon(self, element: etree._Element | None) -> Colophon:
        if element is None:
            return Colophon()

        def recipients(name: str) -> tuple[str, ...]:
            listing = self._child(element, name)
            return tuple(r.text or "" for r in listing) if listing is not None else ()

        print_run = self._child(element, "print-run")
        return Colophon(
            report_to=recipients("report-to"),
            send_to=recipients("send-to"),
            distribute_to=recipients("distribute-to"),
            extra_distribution=recipients("extra-distribution"),
            handled_by=self._line(element, "handled-by"),
            reviewer=self._line(element, "reviewer"),
            editor=self._line(element, "editor"),
            phone=self._line(element, "phone"),
            print_run=int(print_run.text or "0") if print_run is not None else None,
        )


def load_xml_issue(path: Path, reporter: Reporter) -> LoadedIssue | None:
    """Read and check an XML issue; the LoadedIssue's ``issue`` is None when it cannot be built."""
    return XmlIssueReader(path, reporter).read()


def read_xml_issue(path: str | Path) -> tuple[Issue | None, list[Diagnostic]]:
    """The issue in an XML file and every diagnostic about it (the issue is None on fatal errors)."""
    reporter = Reporter()
    loaded = load_xml_issue(Path(path), reporter)
    return (loaded.issue if loaded else None), reporter.diagnostics
