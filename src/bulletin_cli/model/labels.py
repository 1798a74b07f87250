"""Every printed label (第6期 / Issue 6, 目录 / Contents, 报： / To: …) by language.

A series overrides any of them under ``[labels]``; exporters never hard-code label text.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, fields, replace
from typing import Literal, Protocol


class NumberedIssue(Protocol):
    """What the issue line needs of an issue (model.issue.Issue has it all)."""

    number: int | None  # None: an issue of a series with numbering = "none" (a month edition)
    cumulative_number: int | None
    supplement: bool
    show_cumulative: bool
    number_style: Literal["arabic", "chinese"]
    date: dt.date

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Labels:
    # {number} is the issue number in the series' number style; the issue line may also use
    # the issue's date: {year} {month} {day} {month_name} (2024年第5期).
    issue_number: str = "第{number}期"
    cumulative_number: str = "（总第{number}期）"
    supplement_number: str = "增刊第{number}期"
    # The issue line of an issue without a number (numbering = "none"): a month edition.
    edition: str = "{year}年{month}月号"
    supplement_edition: str = "{year}年{month}月增刊"
    # {year} {month} {day} are Arabic numerals without leading zeros (GB/T 9704 7.3.5.4);
    # {month_name} is the English month name.
    date: str = "{year}年{month}月{day}日"
    contents: str = "目录"
    leader_box: str = "领导批示"
    editor_note: str = "编者按："
    column: str = "〔{name}〕"
    subtitle_dash: str = "——"
    source: str = "（{source}）"
    author: str = "{author}"
    report_to: str = "报："
    send_to: str = "送："
    distribute_to: str = "发："
    extra_distribution: str = "本期增发："
    handled_by: str = "承办："
    reviewer: str = "审核："
    editor: str = "编辑："
    phone: str = "电话："
    print_run: str = "共印{number}份"
    list_separator: str = "，"
    # Words exporters need for navigation (EPUB landmarks, HTML archive pages).
    title_page: str = "报头"
    colophon: str = "报尾"
    archive: str = "总目录"
    year_index: str = "{year}年度总目录"
    previous_issue: str = "上一期"
    next_issue: str = "下一期"
    # Rich content: the 附件 line, figure captions in plain text, note and link lists.
    attachments: str = "附件："
    figure: str = "〔图：{caption}〕"
    notes: str = "注释："
    links: str = "链接："

    def fill(self, label: str, **values: object) -> str:
        """The label ``label`` with its placeholders replaced by ``values`` (see :func:`fill`)."""
        return fill(getattr(self, label), **values)

    def issue_line(self, issue: NumberedIssue) -> str:
        line = self.short_issue_line(issue)
        if issue.cumulative_number is not None and issue.show_cumulative:
            from bulletin_cli.model.numerals import format_number

            cumulative = format_number(issue.cumulative_number, issue.number_style)
            line += self.fill("cumulative_number", number=cumulative)
        return line

    def short_issue_line(self, issue: NumberedIssue) -> str:
        """第6期 / 增刊第1期 / Issue 6 (2024年第5期 with {year}), without the cumulative number;
        2024年6月号 (the ``edition`` label) for an issue without a number."""
        from bulletin_cli.model.numerals import format_number

        date = issue.date
        values = {"year": date.year, "month": date.month, "day": date.day, "month_name": _MONTHS[date.month - 1]}
        if issue.number is None:
            return self.fill("supplement_edition" if issue.supplement else "edition", **values)
        number = format_number(issue.number, issue.number_style)
        return self.fill("supplement_number" if issue.supplement else "issue_number", number=number, **values)

    def format_date(self, date: dt.date) -> str:
        return self.fill("date", year=date.year, month=date.month, day=date.day,
                         month_name=_MONTHS[date.month - 1])

    def column_heading(self, name: str) -> str:
        return self.fill("column", name=name)


ENGLISH = Labels(
    issue_number="Issue {number}",
    cumulative_number=" (No. {number} overall)",
    supplement_number="Supplement {number}",
    edition="{month_name} {year}",
    supplement_edition="Supplement, {month_name} {year}",
    date="{day} {month_name} {year}",
    contents="Contents",
    leader_box="Leader's instructions",
    editor_note="Editor's note: ",
    column="{name}",
    subtitle_dash="\u2014",
    source="({source})",
    report_to="To: ",
    send_to="Copy: ",
    distribute_to="Distribution: ",
    extra_distribution="Also this issue: ",
    handled_by="Office: ",
    reviewer="Reviewed by: ",
    editor="Editor: ",
    phone="Phone: ",
    print_run="{number} copies printed",
    list_separator=", ",
    title_page="Masthead",
    colophon="Colophon",
    archive="Archive",
    year_index="All articles of {year}",
    attachments="Attachments: ",
    figure="[Figure: {caption}]",
    notes="Notes:",
    links="Links:",
    previous_issue="Previous issue",
    next_issue="Next issue",
)

# Traditional Chinese (Taiwan): the same forms in Traditional characters and Taiwan's words.
TRADITIONAL_TW = replace(
    Labels(),
    cumulative_number="（總第{number}期）",
    edition="{year}年{month}月號",
    contents="目錄",
    leader_box="領導批示",
    editor_note="編者按：",
    report_to="報：",
    distribute_to="發：",
    extra_distribution="本期增發：",
    handled_by="承辦：",
    reviewer="審核：",
    editor="編輯：",
    phone="電話：",
    title_page="報頭",
    colophon="報尾",
    archive="總目錄",
    year_index="{year}年度總目錄",
    figure="〔圖：{caption}〕",
    notes="註釋：",
    links="連結：",
)
# Hong Kong: Traditional characters too, with Hong Kong's usual words (注釋, 鏈接).
TRADITIONAL_HK = replace(TRADITIONAL_TW, notes="注釋：", links="鏈接：")

# Output tags are BCP 47 with the script (zh-Hant-TW), so readers pick Traditional fonts;
# series may write the short regional tags, which the loader turns into these.
BY_LANGUAGE: dict[str, Labels] = {"zh-CN": Labels(), "en": ENGLISH, "zh-Hant-TW": TRADITIONAL_TW,
                                  "zh-Hant-HK": TRADITIONAL_HK}
LANGUAGE_ALIASES = {"zh-TW": "zh-Hant-TW", "zh-HK": "zh-Hant-HK", "zh-Hant": "zh-Hant-TW", "zh-Hans": "zh-CN"}
LANGUAGES = (*BY_LANGUAGE, *LANGUAGE_ALIASES)


def canonical_language(language: str) -> str:
    """The tag outputs carry for ``language`` as a series writes it: zh-TW → zh-Hant-TW."""
    return LANGUAGE_ALIASES.get(language, language)
LABEL_NAMES = tuple(f.name for f in fields(Labels))


# The placeholders each label may hold (docs/format.md, Labels); a label not listed holds none.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "issue_number": ("number", "year", "month", "day", "month_name"),
    "supplement_number": ("number", "year", "month", "day", "month_name"),
    "edition": ("year", "month", "day", "month_name"),
    "supplement_edition": ("year", "month", "day", "month_name"),
    "cumulative_number": ("number",),
    "date": ("year", "month", "day", "month_name"),
    "column": ("name",),
    "source": ("source",),
    "author": ("author",),
    "print_run": ("number",),
    "year_index": ("year",),
}
_FORMATTER = string.Formatter()


def template_problem(label: str, template: str) -> str | None:
    """What is wrong with ``template`` as the label ``label``, or None when it is usable.

    Only plain placeholders of the label's documented set are allowed: no attribute or
    index access (``{number.__class__}``), conversions or format specs, and braces are
    balanced (``{{`` and ``}}`` write a literal brace).
    """
    allowed = PLACEHOLDERS.get(label, ())
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return "has a '{' or '}' without its pair (write {{ or }} for a literal brace)"
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            takes = ", ".join("{" + a + "}" for a in allowed) if allowed else "no placeholders"
            return f"holds {written}; this label takes {takes}"
    return None


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]``; nothing else is evaluated.

    A placeholder that validate would refuse (unknown, attribute or index access) is kept as
    written, so a template never runs code or prints Python objects.
    """
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return template
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name in values and not spec and not conversion:
            out.append(str(values[name]))
        else:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def labels_for(language: str, overrides: dict[str, str] | None = None) -> Labels:
    base = BY_LANGUAGE.get(canonical_language(language), BY_LANGUAGE["zh-CN"])
    # unknown names are reported by validate (S201); they must not stop an issue from loading
    known = {name: value for name, value in (overrides or {}).items() if name in LABEL_NAMES}
    return replace(base, **known) if known else base


__all__ = ["Labels", "ENGLISH", "TRADITIONAL_TW", "TRADITIONAL_HK", "BY_LANGUAGE", "LANGUAGES", "LANGUAGE_ALIASES",
           "canonical_language", "LABEL_NAMES", "PLACEHOLDERS", "labels_for", "fill",
           "template_problem"]
