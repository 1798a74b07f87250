"""Every printed label (第6期 / Issue 6, 目录 / Contents, 报： / To: …) by language.

A series overrides any of them under ``[labels]``; exporters never hard-code label text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Literal, Protocol


class NumberedIssue(Protocol):
    """What the issue line needs of an issue (model.issue.Issue has it all)."""

    number: int
    cumulative_number: int | None
    supplement: bool
    show_cumulative: bool
    number_style: Literal["arabic", "chinese"]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True)
class Labels:
    # {number} is the issue number in the series' number style.
    issue_number: str = "第{number}期"
    cumulative_number: str = "（总第{number}期）"
    supplement_number: str = "增刊第{number}期"
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

    def issue_line(self, issue: NumberedIssue) -> str:
        from bulletin_cli.model.numerals import format_number

        number = format_number(issue.number, issue.number_style)
        template = self.supplement_number if issue.supplement else self.issue_number
        line = template.format(number=number)
        if issue.cumulative_number is not None and issue.show_cumulative:
            cumulative = format_number(issue.cumulative_number, issue.number_style)
            line += self.cumulative_number.format(number=cumulative)
        return line

    def format_date(self, date: dt.date) -> str:
        return self.date.format(
            year=date.year, month=date.month, day=date.day, month_name=_MONTHS[date.month - 1]
        )

    def column_heading(self, name: str) -> str:
        return self.column.format(name=name)


ENGLISH = Labels(
    issue_number="Issue {number}",
    cumulative_number=" (No. {number} overall)",
    supplement_number="Supplement {number}",
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
    previous_issue="Previous issue",
    next_issue="Next issue",
)

BY_LANGUAGE: dict[str, Labels] = {"zh-CN": Labels(), "en": ENGLISH}
LANGUAGES = tuple(BY_LANGUAGE)
LABEL_NAMES = tuple(f.name for f in fields(Labels))


def labels_for(language: str, overrides: dict[str, str] | None = None) -> Labels:
    base = BY_LANGUAGE.get(language, BY_LANGUAGE["zh-CN"])
    return replace(base, **overrides) if overrides else base


__all__ = ["Labels", "ENGLISH", "BY_LANGUAGE", "LANGUAGES", "LABEL_NAMES", "labels_for"]
