"""Checks within one issue: ids, columns, empty texts, emphasis markup."""

from __future__ import annotations

from bulletin_cli.diagnostics.codes import Fix
from bulletin_cli.diagnostics.reporter import Reporter, did_you_mean
from bulletin_cli.formats.markup import (
    PARAGRAPH_BREAK,
    is_wide,
    split_paragraphs,
    unclosed_emphasis,
)
from bulletin_cli.formats.toml.loader import LoadedIssue, TextField
from bulletin_cli.model.xmlchars import (
    describe,
    has_invalid_xml_chars,
    invalid_xml_chars,
)


def check_issue(loaded: LoadedIssue, reporter: Reporter) -> None:
    settings = loaded.settings
    path = loaded.path
    columns = settings.get("columns") if isinstance(settings.get("columns"), list) else []
    columns_origin = path if "columns" in (loaded.issue_data or {}) else (loaded.series.path if loaded.series else path)
    seen_columns: set[str] = set()
    for index, name in enumerate(columns):
        if isinstance(name, str):
            if name in seen_columns:
                reporter.at(columns_origin, ("columns", index), "R306", f"column '{name}' is declared twice",
                            "remove the second entry")
            seen_columns.add(name)
            check_xml_chars(TextField(columns_origin, ("columns", index), name, "plain", ""), reporter)
    labels = settings.get("labels") if isinstance(settings.get("labels"), dict) else {}
    own_labels = (loaded.issue_data or {}).get("labels")
    for key, value in labels.items():
        if isinstance(value, str):
            origin = path if isinstance(own_labels, dict) and key in own_labels else (
                loaded.series.path if loaded.series else path)
            check_xml_chars(TextField(origin, ("labels", key), value, "plain", ""), reporter)
    ids: dict[str, int] = {}
    used_columns: set[str] = set()
    for index, values, fields in loaded.article_entries:
        entry_path, entry_key = path, ("articles", index)

        def where(key: str) -> tuple:
            return fields.get(key, (entry_path, entry_key + (key,)))

        article_id = values.get("id")
        if isinstance(article_id, str):
            if article_id in ids:
                reporter.at(*where("id"), "R301",
                            f"article id '{article_id}' is already used by article {ids[article_id] + 1}",
                            "give each article its own id")
            else:
                ids[article_id] = index
        column = values.get("column")
        if isinstance(column, str):
            used_columns.add(column)
            if not columns:
                reporter.at(*where("column"), "R302",
                            f"article names column '{column}' but no columns are declared",
                            f"declare them in series.toml: columns = [\"{column}\"]")
            elif column not in columns:
                suggestion = did_you_mean(column, [c for c in columns if isinstance(c, str)])
                reporter.at(*where("column"), "R302", f"column '{column}' is not declared",
                            suggestion or "declare it in series.toml under columns")
        elif columns and column is None:
            reporter.at(entry_path, entry_key, "R305", f"article {index + 1} names no column",
                        "add column = \"…\" with one of: " + ", ".join(str(c) for c in columns), on="key")
    notes = settings.get("column_notes") if isinstance(settings.get("column_notes"), dict) else {}
    for name in notes:
        if columns and name not in columns:
            reporter.at(path, ("column_notes", name), "R302", f"editor's note for undeclared column '{name}'",
                        did_you_mean(name, [c for c in columns if isinstance(c, str)]), on="key")
        elif name not in used_columns:
            reporter.at(path, ("column_notes", name), "R307",
                        f"editor's note for column '{name}', which has no article in this issue", on="key")
    # one scan of every text at once: a clean issue (the common case) needs no scan per string
    unexportable = has_invalid_xml_chars("".join(field.value for field in loaded.texts))
    for field in loaded.texts:
        if unexportable:
            check_xml_chars(field, reporter)
        if not field.value or field.value.isspace():  # (strip() would copy every body)
            if field.key_path[-1] in ("title", "body", "name", "issuer") or field.key_path[0] == "colophon":
                reporter.at(field.path, field.key_path, "S205", f"'{field.key_path[-1]}' is empty",
                            "write the text, or remove the key if it is optional")
        elif field.kind == "text" and "**" in field.value and not _bold_markers_pair_up(field.value):
            offset = 0
            for paragraph in split_paragraphs(field.value):
                if unclosed_emphasis(paragraph):
                    start = field.value.find(paragraph[:8], offset)
                    reporter.at(field.path, field.key_path, "S206", "** opens bold text that is never closed",
                                "close it with ** in the same paragraph, or write \\* for a literal asterisk",
                                index=max(start, 0))
                offset = max(offset, field.value.find(paragraph[:8], offset))


def _bold_markers_pair_up(value: str) -> bool:
    """True when every raw paragraph has an even number of ``**`` and nothing (an escape, a
    comment, a carriage return) can make the printed paragraphs count otherwise."""
    if "\\" in value or "<!--" in value or "\r" in value:
        return False
    return not any(chunk.count("**") % 2 for chunk in PARAGRAPH_BREAK.split(value))


_MAX_XML_CHAR_REPORTS = 5  # per string: a pasted page can hold hundreds of form feeds


def _line_break(field, index: int) -> str:
    """A page or line break from copy-paste: a line break in a body; in a one-line text, a space
    between Latin words and nothing between Chinese characters (as lines are joined)."""
    if field.kind == "text":
        return "\n"
    around = field.value[index - 1:index] + field.value[index + 1:index + 2]
    return "" if any(is_wide(c) for c in around) else " "


def check_xml_chars(field, reporter: Reporter) -> None:
    """S207: characters no XML (and so no XML or EPUB export) can hold, at their exact position.

    Form feeds and vertical tabs (page and line breaks from PDF or Word copy-paste) are
    fixed as line breaks; other control characters and noncharacters are deleted.
    """
    for count, (index, char) in enumerate(invalid_xml_chars(field.value)):
        if count == _MAX_XML_CHAR_REPORTS:
            break
        replacement = _line_break(field, index) if char in "\x0b\x0c\x85" else ""
        reporter.at(field.path, field.key_path, "S207",
                    f"{describe(char)} cannot be exported: XML, EPUB and HTML cannot hold it",
                    "delete it (it usually comes from copying text out of a PDF or Word file); "
                    "in TOML it is written as an escape such as \\u000c",
                    index=index, length=1, fix=Fix(tuple(field.key_path), index, 1, replacement))
