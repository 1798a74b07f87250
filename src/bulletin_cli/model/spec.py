"""The issue-file format, declared once.

`bulletin validate` walks TOML documents against these declarations, and
`bulletin schema` turns the same declarations into JSON Schema for editors, so the two
cannot drift apart. docs/format.md explains every key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bulletin_cli.model.fonts import FILE_SUFFIX, FONT_ROLES
from bulletin_cli.model.labels import LABEL_NAMES, LANGUAGES

ARTICLE_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"

# Limits every exporter can honour (docs/format.md, Limits); validate refuses what is beyond.
MAX_NUMBER = 999_999_999  # numbers, cumulative numbers, print runs: the XML schema's nine digits
MAX_CHINESE_NUMBER = 9_999  # 第九千九百九十九期: the largest Chinese-numeral number written
MAX_ID_LENGTH = 200  # ids become file names in EPUB and HTML sites (255 bytes at most)
MAX_TEXT_LENGTH = 1_000_000  # characters in one string; lxml refuses text nodes over 10 MB
MIN_YEAR = 1000  # EPUB's dcterms:modified and XML dates need four-digit years


@dataclass(frozen=True)
class Field:
    type: str  # string, text, integer, boolean, date, table, array, string-array, table-array, map
    doc: str
    required: bool = False
    fields: dict[str, "Field"] = field(default_factory=dict)  # for table and table-array
    enum: tuple[str, ...] = ()
    pattern: str = ""
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = MAX_TEXT_LENGTH
    label: str = ""  # a label template: its placeholders are checked against labels.PLACEHOLDERS
    values: "Field | None" = None  # for map: the type of every value (keys are free)


def _s(doc: str, **kw: Any) -> Field:
    return Field("string", doc, **kw)


def _t(doc: str, **kw: Any) -> Field:
    return Field("text", doc, **kw)


def _list(doc: str, **kw: Any) -> Field:
    return Field("string-array", doc, **kw)


COLOPHON = Field(
    "table",
    "报尾 (colophon): distribution lists and the editorial line. In an issue, each key replaces the series value.",
    fields={
        "report_to": _list("报：upper-level recipients."),
        "send_to": _list("送：same-level or non-subordinate units."),
        "distribute_to": _list("发：lower-level units."),
        "extra_distribution": _list("本期增发：extra recipients of this issue only."),
        "handled_by": _s("承办：the office that prepared the issue."),
        "reviewer": _s("审核：who reviewed the issue."),
        "editor": _s("编辑：the editor."),
        "phone": _s("电话：contact phone."),
        "print_run": Field("integer", "共印N份：number of printed copies.", minimum=1, maximum=MAX_NUMBER),
    },
)

LEADER_BOX = Field(
    "table",
    "领导批示: a box left blank for a leader's instruction. An empty table shows a blank box.",
    fields={
        "enabled": Field("boolean", "Set false in an issue to drop a box the series turns on."),
        "text": _t("The instruction, once given (paragraphs separated by blank lines)."),
    },
)

LABELS = Field(
    "table",
    "Override any printed label of the language table, e.g. issue_number = \"第{number}期\".",
    fields={name: _s(f"Label `{name}`.", label=name) for name in LABEL_NAMES},
)

FONTS = Field(
    "table",
    "The face of each role (GB/T 9704: titles 小标宋, text 仿宋, headings 黑体 and 楷体, Latin Times New Roman): "
    "a family name, and for exporters that embed faces (PDF) optionally the font file. In an issue, each key "
    "replaces the series value.",
    fields={
        **{role.key: _s(f"{role.style} family for {role.uses}, e.g. \"{role.style}\".") for role in FONT_ROLES},
        **{role.key + FILE_SUFFIX: _s(f"The {role.style} font file (.ttf, .otf, .ttc), relative to this file and "
                                      "inside the series folder.") for role in FONT_ROLES},
    },
)

ATTACHMENTS = Field(
    "table-array",
    "附件: files printed as the 附件 line (附件：1. title) and copied beside HTML and EPUB output.",
    fields={
        "title": _s("The attachment's title as printed.", required=True),
        "file": _s("The file, relative to this file and inside the series folder.", required=True),
    },
)

ARTICLE_FIELDS = {
    "id": _s("Stable identifier (ASCII letters, digits, - and _), used for anchors and file names.",
             required=True, pattern=ARTICLE_ID_PATTERN, max_length=MAX_ID_LENGTH),
    "column": _s("The column (栏目) the article belongs to; one of the declared columns."),
    "title": _s("The headline.", required=True),
    "subtitle": _s("Subtitle, printed after a dash (——); write it without the dash."),
    "author": _s("Author, if credited."),
    "source": _s("Attribution, printed in brackets at the end: （文明实践工作处）. Write it without brackets."),
    "editor_note": _t("编者按 for this article."),
    "body": _t("The text: paragraphs separated by blank lines; **bold**, *italic*, `code`; # to #### start "
               "in-body headings; tables, lists, > quotes, ![caption](image), [links](https://…), [^1] footnotes.",
               required=True),
    "file": _s("Relative path of a TOML file holding this article's keys, inside the series folder."),
    "attachments": ATTACHMENTS,
}

ARTICLE = Field("table-array", "The articles, in the order they are printed within their column.",
                required=True, fields=ARTICLE_FIELDS)

ARTICLE_FILE = Field("table", "A separate article file: the keys of one [[articles]] entry.",
                     fields={k: v for k, v in ARTICLE_FIELDS.items() if k != "file"})

SHARED_FIELDS = {
    "name": _s("Bulletin name (简报名称), printed large at the top."),
    "issuer": _s("Issuing body (编印单位)."),
    "language": _s("Language of the text and labels.", enum=LANGUAGES),
    "columns": _list("Columns (栏目) in print order, written without brackets: [\"工作动态\", \"经验交流\"]."),
    "classification": _s("Classification or handling mark, e.g. 内部资料，注意保存."),
    "number_style": _s("Issue numbers in Arabic (第6期) or Chinese numerals (第六期).", enum=("arabic", "chinese")),
    "show_cumulative": Field("boolean", "Print the cumulative number （总第N期） when an issue has one."),
    "leader_box": LEADER_BOX,
    "colophon": COLOPHON,
    "labels": LABELS,
    "fonts": FONTS,
}

SERIES = Field(
    "table",
    "series.toml: what repeats in every issue of a bulletin.",
    fields={
        **SHARED_FIELDS,
        "name": _s("Bulletin name (简报名称), printed large at the top.", required=True),
        "issuer": _s("Issuing body (编印单位).", required=True),
        "id": _s("Short identifier of the series, used in stable identifiers (default: the folder name).",
                 pattern=ARTICLE_ID_PATTERN, max_length=MAX_ID_LENGTH),
        "numbering": _s("Issue numbers restart each year (yearly) or run on (running); none: issues are "
                        "known by their date (a month edition, 2024年6月号) and need no number.",
                        enum=("yearly", "running", "none")),
        "cumulative_numbers": Field("boolean", "Issues carry a cumulative number (总第N期); `bulletin number` "
                                    "works it out. Default: true when any issue has cumulative_number."),
        "article_numbers": Field("boolean", "Number the articles in the contents (1. 2. 3.)."),
        "words": _list("Latin words and names accepted inside Chinese text (APP, MALL, C位)."),
        "latin_spacing": _s("Space between Chinese and Latin letters or digits: none (official style: 40余人, "
                            "海天MALL) or space (40 余人, as the 中文文案排版指北 guideline writes).",
                            enum=("none", "space")),
        "rules": Field("map", "Per-rule settings: rule code or name = \"off\", \"warning\" or \"error\".",
                       values=_s("Severity.", enum=("off", "info", "warning", "error"))),
    },
)

ISSUE = Field(
    "table",
    "One issue of a bulletin. Keys shared with series.toml override the series.",
    fields={
        **SHARED_FIELDS,
        # required unless the series says numbering = "none" (the loader checks that: it depends on series.toml)
        "number": Field("integer", "Issue number within the year (or the running number); required unless "
                        "series.toml sets numbering = \"none\".", minimum=1, maximum=MAX_NUMBER),
        "date": Field("date", "Issue date as a bare TOML date: date = 2023-08-14.", required=True),
        "id": _s("The series id, for an issue that stands alone (no series.toml; default: the file name). "
                 "In a series it is kept in series.toml.", pattern=ARTICLE_ID_PATTERN, max_length=MAX_ID_LENGTH),
        "cumulative_number": Field("integer", "总第N期: the number counted from the first issue.", minimum=1,
                                   maximum=MAX_NUMBER),
        "supplement": Field("boolean", "增刊: a supplement, numbered in its own sequence."),
        "copy_number": _s("份号 / 编号 of a numbered copy, printed top right."),
        "editor_note": _t("编者按 for the whole issue."),
        "column_notes": Field("map", "编者按 per column: \"column name\" = \"\"\"note\"\"\".", values=_t("Note.")),
        "articles": ARTICLE,
        "attachments": ATTACHMENTS,
    },
)


# -- JSON Schema ------------------------------------------------------------------------

_JSON_TYPES = {
    "string": {"type": "string"},
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    # taplo and Even Better TOML present TOML dates as strings with format "date".
    "date": {"type": "string", "format": "date"},
}


def json_schema_for(spec: Field) -> dict[str, Any]:
    if spec.type in _JSON_TYPES:
        out: dict[str, Any] = dict(_JSON_TYPES[spec.type])
        if spec.enum:
            out["enum"] = list(spec.enum)
        if spec.pattern:
            out["pattern"] = spec.pattern
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
        if spec.type in ("string", "text"):
            out["maxLength"] = spec.max_length
    elif spec.type == "string-array":
        out = {"type": "array", "items": {"type": "string", "minLength": 1}}
    elif spec.type == "map":
        assert spec.values is not None
        out = {"type": "object", "additionalProperties": json_schema_for(spec.values)}
    else:
        table = {
            "type": "object",
            "properties": {name: json_schema_for(child) for name, child in spec.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, child in spec.fields.items() if child.required]
        if required and "file" in spec.fields:
            # an article is written inline, or comes from a file named by `file`
            table["anyOf"] = [{"required": required}, {"required": ["file"]}]
        elif required:
            table["required"] = required
        out = {"type": "array", "items": table} if spec.type == "table-array" else table
        if spec.type == "table-array" and spec.required:
            out["minItems"] = 1
    out["description"] = spec.doc
    return out


def json_schema(kind: str = "issue") -> dict[str, Any]:
    spec = {"issue": ISSUE, "series": SERIES, "article": ARTICLE_FILE}[kind]
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": {"issue": "bulletin issue", "series": "bulletin series", "article": "bulletin article"}[kind],
    }
    schema.update(json_schema_for(spec))
    return schema
