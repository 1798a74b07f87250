"""The 报头: name, 第N期 / 第六期 / 增刊 / （总第N期）, issuer and date, classification and copy number,
the 领导批示 box; and the contents (目录), used to find the articles and their columns."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from bulletin_cli.formats.plaintext.reader import Guess, Line
from bulletin_cli.formats.plaintext.units import COLUMN, Unit, norm

_ZH_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "Ｏ": 0, "O": 0}
_NUM = r"[0-9]+|[零〇一二三四五六七八九十百]+"
_ISSUE_LINE = re.compile(rf"^(?P<supp>增刊)?\s*第\s*(?P<n>{_NUM})\s*期\s*(?:[（(]\s*总第\s*(?P<c>{_NUM})\s*期\s*[）)])?$")
_ISSUE_LINE_EN = re.compile(r"^(?P<supp>Supplement|Issue|No\.)\s*(?P<n>\d+)(?:\s*\(No\.\s*(?P<c>\d+) overall\))?$", re.I)
_DATE_ZH = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# 二〇二三年八月十四日: the year digit by digit (〇, the circle ○ and 零 all occur for zero), month and day counted
_DATE_ZH_NUMERALS = re.compile(r"(?P<y>[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
                               r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日")
_DATE_DOTS = re.compile(r"(?<!\d)(?P<y>\d{4})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?!\d)")
_MONTHS = "january february march april may june july august september october november december".split()
_DATE_EN = re.compile(r"(?P<d>\d{1,2})\s+(?P<mn>[A-Za-z]+)\s+(?P<y>\d{4})|(?P<mn2>[A-Za-z]+)\s+(?P<d2>\d{1,2}),\s*(?P<y2>\d{4})")
_CLASSIFICATION = re.compile(r"内部资料|注意保存|内部参阅|内部文件|秘密|机密|绝密|^internal\b|^confidential\b", re.I)
_COPY_NUMBER = re.compile(r"(?:编号|份号|No\.)\s*[:：]?\s*(\d{1,8})$|^(\d{6})$", re.I)
_LEADER_BOX = re.compile(r"^(领导批示|Leader's instructions)[：:]?$", re.I)
_CONTENTS = re.compile(r"^(目\s*录|本期要目|要\s*目|本期目录|Contents|In this issue)$", re.I)

def is_issue_line(text: str) -> bool:
    """``第6期`` / ``增刊第2期（总第105期）`` / ``Issue 3`` as a line of its own: a masthead's issue line."""
    normal = unicodedata.normalize("NFKC", text)
    return any(p.match(t) for p in (_ISSUE_LINE, _ISSUE_LINE_EN) for t in (text, normal))


def parse_number(text: str) -> int:
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    if "百" in text or "十" in text:
        hundreds, _, rest = text.rpartition("百")
        value = (_ZH_NUMERALS.get(hundreds, 1) * 100) if "百" in text else 0
        tens, ten, units = rest.partition("十")
        if ten:
            value += (_ZH_NUMERALS.get(tens, 1) if tens else 1) * 10
            value += _ZH_NUMERALS.get(units, 0) if units else 0
        else:
            value += _ZH_NUMERALS.get(rest.lstrip("零〇"), 0)
        return value
    return int("".join(str(_ZH_NUMERALS[c]) for c in text))


def find_date(text: str) -> tuple[dt.date, re.Match] | None:
    text = unicodedata.normalize("NFKC", text)
    for pattern in (_DATE_ZH, _DATE_ZH_NUMERALS, _DATE_DOTS, _DATE_EN):
        match = pattern.search(text)
        if not match:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v}
        month = groups.get("m")
        if month is None:
            name = (groups.get("mn") or groups.get("mn2") or "").lower()
            if name not in _MONTHS:
                continue
            month = _MONTHS.index(name) + 1
        try:
            return dt.date(parse_number(groups.get("y") or groups["y2"]), parse_number(str(month)),
                           parse_number(groups.get("d") or groups["d2"])), match
        except ValueError:
            continue
    return None


class Masthead:
    """Name, issue line, issuer and date, classification, copy number, 领导批示, up to the contents."""

    def __init__(self) -> None:
        self.name = self.issuer = self.classification = self.copy_number = ""
        self.number: int | None = None
        self.cumulative: int | None = None
        self.supplement = False
        self.number_style = "arabic"
        self.date: dt.date | None = None
        self.leader = False
        self.leader_text: list[str] = []
        self.contents_label = False
        self.columns: list[str] = []
        self.pending: list[tuple[int, str]] = []

    def read(self, units: list[Unit], guesses: list[Guess]) -> int:
        index = 0
        while index < len(units) and index < 40:
            unit = units[index]
            first = unit.lines[0]
            if first.text == "\x00rule":
                index += 1
                continue
            if self.date is not None and (COLUMN.match(first.text) or _CONTENTS.match(first.text)
                                          or (not _LEADER_BOX.match(first.text) and not self._masthead_line(first.text))):
                break
            for line in unit.lines:
                self._line(line, guesses)
            index += 1
            if self.leader:
                while index < len(units) and units[index].lines[0].text != "\x00rule" and not (
                        _CONTENTS.match(units[index].text) or COLUMN.match(units[index].text)):
                    if units[index].position == 0 and self._looks_like_article(units, index):
                        break
                    self.leader_text.append(units[index].text)
                    index += 1
                break
        if not self.name and self.pending:
            self.name = self.pending.pop(0)[1]
        if not self.issuer and self.pending:
            self.issuer = self.pending[-1][1]
            guesses.append(Guess(self.pending[-1][0], "issuer taken from the line before the date", 0.7, self.issuer))
        return index

    @staticmethod
    def _looks_like_article(units: list[Unit], index: int) -> bool:
        return index + 1 < len(units) and len(units[index + 1].text) > 60

    def _masthead_line(self, text: str) -> bool:
        return bool(_CLASSIFICATION.search(text) or _COPY_NUMBER.search(text))

    def _line(self, line: Line, guesses: list[Guess]) -> None:
        text = line.text
        normal = unicodedata.normalize("NFKC", text)
        if _LEADER_BOX.match(text):
            self.leader = True
            guesses.append(Guess(line.number, "领导批示 box", 0.95, text))
            return
        copy = _COPY_NUMBER.search(normal)
        if copy and self.date is None:
            self.copy_number = copy.group(1) or copy.group(2)
            guesses.append(Guess(line.number, "copy number", 0.8, self.copy_number))
            text = text[: copy.start()].strip(" \u3000")  # NFKC keeps the length of these characters
            if not text:
                return
        if _CLASSIFICATION.search(text) and self.date is None and len(text) <= 20:
            self.classification = text
            guesses.append(Guess(line.number, "classification mark", 0.9, self.classification))
            return
        for pattern in (_ISSUE_LINE, _ISSUE_LINE_EN):
            match = pattern.match(text) or pattern.match(normal)
            if match and self.number is None:
                self.number = parse_number(match["n"])
                self.number_style = "arabic" if normal.replace(" ", "")[1:2].isdigit() or pattern is _ISSUE_LINE_EN \
                    or match["supp"] else ("chinese" if not match["n"].isdigit() else "arabic")
                self.supplement = (match["supp"] or "").lower() in ("增刊", "supplement")
                self.cumulative = parse_number(match["c"]) if match["c"] else None
                guesses.append(Guess(line.number, "issue number", 0.95, text))
                return
        found = find_date(text) if self.date is None else None
        if found:
            self.date, match = found
            before = normal[: match.start()].strip(" \u3000")
            if before:
                self.issuer = before
            guesses.append(Guess(line.number, "date" + (" and issuer" if before else ""), 0.9, text))
            return
        if not self.name and self.number is None:
            if re.fullmatch(r"(?:[\u4e00-\u9fff][ \u3000]+)+[\u4e00-\u9fff]", text):
                text = re.sub(r"[ \u3000]+", "", text)  # a name set with letter spacing: 工 作 简 报
            self.name = text
            guesses.append(Guess(line.number, "bulletin name (first line of the masthead)", 0.85, text))
            return
        self.pending.append((line.number, text))


def read_contents(units: list[Unit], index: int, masthead: Masthead, guesses: list[Guess]):
    """The contents, if any: (index where the body starts, [(column, [fragment lines])])."""
    if index >= len(units):
        return index, []
    while index < len(units) - 1 and units[index].lines[0].text == "\x00rule":
        index += 1
    start = index
    if _CONTENTS.match(units[index].text):
        masthead.contents_label = True
        index += 1
    elif not COLUMN.match(units[index].text) and _is_column_name(units[index].lines[0], units, index):
        masthead.contents_label = True  # a contents without a label: a group name that recurs as a column
        guesses.append(Guess(units[index].number, "contents without a label (its first line recurs as a column "
                             "heading before a title listed here)", 0.75, units[index].lines[0].text))
    elif not COLUMN.match(units[index].text):
        return index, []
    toc: list[tuple[str | None, list[Line]]] = []
    column: str | None = None
    seen_columns: list[str] = []
    bracketed = False
    first_title = None
    while index < len(units):
        unit = units[index]
        text = unit.lines[0].text
        if text == "\x00rule":
            if toc:
                index += 1
                break
            index += 1
            continue
        marker = COLUMN.match(text)
        bracketed = bracketed or bool(marker)  # 〔栏目〕 markers name the columns: no other line does
        if marker and len(unit.lines) == 1:
            name = marker["name"].strip()
            if name in seen_columns:
                break
            seen_columns.append(name)
            column = name
            index += 1
            continue
        if first_title is not None and norm(unit.text).startswith(first_title):
            break
        lines = [piece for line in unit.lines for piece in _side_by_side(line)]
        if any(len(line.text) > (100 if line.text.isascii() else 60) for line in lines):
            break  # an article paragraph: there was no contents after all
        if lines[0].text in seen_columns:
            break  # the first column heading of the body
        group: list[Line] = []
        for line in lines:  # group names inside the unit (contents set without brackets)
            if masthead.contents_label and not marker and not bracketed and _is_column_name(line, units, index):
                if group:
                    toc.append((column, group))
                    first_title = first_title or norm(group[0].text)
                    group = []
                column = line.text
                seen_columns.append(column)
            else:
                group.append(line)
        if group:
            toc.append((column, group))
            first_title = first_title or norm(group[0].text)
        index += 1
    if not toc:
        return start, []
    masthead.columns = seen_columns
    guesses.append(Guess(units[start].number, f"contents: {sum(len(f) for _, f in toc)} lines, "
                         f"{len(seen_columns)} columns (not imported as text)", 0.9))
    return index, toc


_GUTTER = re.compile(r"(?: {4,}|\u3000{2,}|\t+)")


def _side_by_side(line: Line) -> list[Line]:
    """A contents set in two columns: each line holds two entries with a wide gap between."""
    pieces = [p for p in _GUTTER.split(line.text) if p.strip()]
    return [Line(line.number, p.strip(), line.indent) for p in pieces] if len(pieces) > 1 else [line]


def _is_column_name(line: Line, units: list[Unit], index: int) -> bool:
    """In a contents without brackets (English newsletters), a line names a column when it recurs alone
    later and what follows it there is a title listed in the contents (a listed title is followed by
    its subtitle or body instead)."""
    if len(line.text) > 40:
        return False
    for k in range(index + 1, len(units)):
        unit = units[k]
        if len(unit.lines) == 1 and unit.lines[0].text == line.text and k + 1 < len(units):
            following = norm(units[k + 1].text)
            listed = [norm(other.text) for u in units[index:k] for other in u.lines  # titles, not paragraphs
                      if other.text != line.text and len(other.text) <= (100 if other.text.isascii() else 60)]
            return any(entry and following.startswith(entry) for entry in listed)
    return False
