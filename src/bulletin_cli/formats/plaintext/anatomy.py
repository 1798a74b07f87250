"""The anatomy of a 简报 in plain text: masthead, 领导批示, contents, columns, articles, colophon.

Works on the two shapes text bulletins come in: text extracted from a PDF (one paragraph per
line, blank lines between, page-break splits) and the typed layout (paragraphs indented with
two full-width spaces and wrapped, titles centred, rules of ＝ and －), as `--to text` writes.
Every decision that is not certain is recorded as a Guess with its source line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from bulletin_cli.formats.plaintext.paragraphs import Paragraph, find_cuts, join_page_splits, page_period
from bulletin_cli.formats.plaintext.reader import Guess, Line, display_width
from bulletin_cli.model.issue import Article, Block, Colophon, Issue, LeaderBox, Run
from bulletin_cli.model.labels import labels_for
from bulletin_cli.model.markup import join_lines

_ZH_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_NUM = r"[0-9]+|[零〇一二三四五六七八九十百]+"
_ISSUE_LINE = re.compile(rf"^(?P<supp>增刊)?\s*第\s*(?P<n>{_NUM})\s*期\s*(?:[（(]\s*总第\s*(?P<c>{_NUM})\s*期\s*[）)])?$")
_ISSUE_LINE_EN = re.compile(r"^(?P<supp>Supplement|Issue|No\.)\s*(?P<n>\d+)(?:\s*\(No\.\s*(?P<c>\d+) overall\))?$", re.I)
_DATE_ZH = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DATE_DOTS = re.compile(r"(?<!\d)(?P<y>\d{4})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?!\d)")
_MONTHS = "january february march april may june july august september october november december".split()
_DATE_EN = re.compile(r"(?P<d>\d{1,2})\s+(?P<mn>[A-Za-z]+)\s+(?P<y>\d{4})|(?P<mn2>[A-Za-z]+)\s+(?P<d2>\d{1,2}),\s*(?P<y2>\d{4})")
_CLASSIFICATION = re.compile(r"内部资料|注意保存|内部参阅|内部文件|秘密|机密|绝密|^internal\b|^confidential\b", re.I)
_COPY_NUMBER = re.compile(r"(?:编号|份号|No\.)\s*[:：]?\s*(\d{1,8})$|^(\d{6})$", re.I)
_LEADER_BOX = re.compile(r"^(领导批示|Leader's instructions)[：:]?$", re.I)
_CONTENTS = re.compile(r"^(目\s*录|本期要目|要\s*目|本期目录|Contents|In this issue)$", re.I)
_COLUMN = re.compile(r"^[〔【\[［]\s*(?P<name>[^〔〕【】\[\]］［]{1,20}?)\s*[〕】\]］]$")
_EDITOR_NOTE = re.compile(r"^(?:【\s*编者按\s*】|编者按[：:]|按[：:]|Editor's note:)\s*", re.I)
_SUBTITLE = re.compile(r"^(?:——|—|--)\s*(?=\S)")
_SOURCE = re.compile(r"^[（(](?P<s>[^（）()]{2,40})[）)]$")
_AUTHOR = re.compile(r"^(?:作者[：:]|文[/／]|记者[：:\s]|通讯员[：:\s]|By\s+)(?P<a>.{1,40})$")
_SENTENCE_END = "。！？!?；;"
_HEADINGS = ((1, re.compile(r"^[一二三四五六七八九十]+、")), (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
             (3, re.compile(r"^\d{1,2}[.．](?!\d)")), (4, re.compile(r"^[（(]\d{1,2}[）)]")))
_COLOPHON_LISTS = {"报": "report_to", "送": "send_to", "发": "distribute_to", "抄送": "send_to",
                   "本期增发": "extra_distribution", "增发": "extra_distribution", "to": "report_to",
                   "copy": "send_to", "distribution": "distribute_to", "also this issue": "extra_distribution"}
_LIST_LABEL = re.compile(r"^(本期增发|增发|抄送|报|送|发|To|Copy|Distribution|Also this issue)\s*[：:]\s*", re.I)
_CREDIT_NAMES = {"承办": "handled_by", "审核": "reviewer", "编辑": "editor", "电话": "phone", "office": "handled_by",
                 "reviewed by": "reviewer", "editor": "editor", "phone": "phone"}
_CREDIT = re.compile(r"(承办|审核|编辑|电话|Office|Reviewed by|Editor|Phone)\s*[：:]\s*", re.I)
_PRINT_RUN = re.compile(r"共印\s*(\d+)\s*份|(\d+) copies printed", re.I)


@dataclass
class Unit:
    """Lines that belong together: a paragraph, a title over two lines, a group of contents entries."""

    lines: list[Line]
    after_blank: bool = True
    position: float = 0.0  # typeset lines before its end, counted from the top (page-break evidence)

    @property
    def number(self) -> int:
        return self.lines[0].number

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])


@dataclass
class _Draft:
    title: str
    line: int
    column: str | None
    subtitle: str = ""
    author: str = ""
    source: str = ""
    note: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Recognised:
    issue: Issue
    guesses: list[Guess]
    unplaced: list[tuple[int, str]]  # (line, text) kept as comments in the issue file


def _number(text: str) -> int:
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
    for pattern in (_DATE_ZH, _DATE_DOTS, _DATE_EN):
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
            return dt.date(int(groups.get("y") or groups["y2"]), int(month), int(groups.get("d") or groups["d2"])), match
        except ValueError:
            continue
    return None


def make_units(lines: list[Line | None], typed: bool) -> list[Unit]:
    """Group lines into units: blank lines and rules separate them; in the typed layout a line
    indented like a paragraph (two characters) or centred starts a new one."""
    units: list[Unit] = []
    current: list[Line] = []

    blank = [True]

    def flush() -> None:
        if current:
            units.append(Unit(list(current), blank[0]))
            current.clear()
            blank[0] = False

    for line in lines:
        if line is None or line.text == "\x00rule":
            flush()
            blank[0] = True
            if line is not None:
                units.append(Unit([line]))
            continue
        if current and _SUBTITLE.match(line.text) and not _SUBTITLE.match(current[-1].text):
            flush()
        if current and (_LIST_LABEL.match(line.text) or _CREDIT.match(line.text)):
            flush()
        centred_run = current and current[-1].indent > 5 and line.indent > 5
        if typed and current and (line.indent >= 4 and not centred_run or current[-1].indent > 4 and line.indent == 0
                                  and display_width(current[-1].text) + current[-1].indent < 40):
            flush()
        current.append(line)
    flush()
    return units


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def recognise(lines: list[Line | None], guesses: list[Guess], language: str) -> Recognised:
    indented = sum(1 for line in lines if line is not None and line.indent in (4, 5) and len(line.text) > 15)
    typed = indented >= 3
    if typed:
        guesses.append(Guess(0, "typed layout: paragraphs start with a two-character indent", 0.9))
    units = [u for u in make_units(lines, typed)]
    labels = labels_for(language)
    state = _Masthead()
    index = state.read(units, guesses)
    body_start, toc = _read_contents(units, index, state, guesses)
    colophon, body_end = _read_colophon(units, body_start, guesses)
    position = 0.0
    for unit in units[body_start:body_end]:
        position += max(1, -(-(display_width(unit.text) + 4) // 56))
        unit.position = position
    drafts, issue_note, column_notes, columns, unplaced = _read_body(
        units[body_start:body_end], toc, state.columns, typed, guesses)
    anchors = sorted(d.paragraphs[i].position for d in drafts for i in find_cuts(d.paragraphs, typed))
    period = page_period(anchors)
    articles = []
    used: set[str] = set()
    for i, draft in enumerate(drafts, 1):
        paragraphs = join_page_splits(draft.paragraphs, guesses, typed, anchors, period)
        body = tuple(_block(p.text, p.heading) for p in paragraphs) or (Block((Run("（正文缺失）"),)),)
        if not paragraphs:
            guesses.append(Guess(draft.line, "article without body text; a placeholder paragraph was written", 0.3))
        articles.append(Article(id=_article_id(draft.title, i, used), title=draft.title, body=body,
                                column=draft.column, subtitle=draft.subtitle, author=draft.author,
                                source=draft.source, editor_note=tuple(_block(t) for t in draft.note)))
    if not articles:
        raise ValueError("no article found: the text has no title followed by paragraphs")
    if state.date is None:
        guesses.append(Guess(0, "no date found; 1970-01-01 written, correct it", 0.0))
    if state.number is None:
        guesses.append(Guess(0, "no issue number (第N期) found; 1 written", 0.2))
    issue = Issue(name=state.name or "（未识别的简报名称）", issuer=state.issuer or "（未识别的编印单位）",
                  date=state.date or dt.date(1970, 1, 1), number=state.number or 1, articles=tuple(articles),
                  language=language, cumulative_number=state.cumulative, supplement=state.supplement,
                  classification=state.classification, copy_number=state.copy_number,
                  leader_box=LeaderBox(tuple(_block(t) for t in state.leader_text)) if state.leader else None,
                  editor_note=tuple(_block(t) for t in issue_note), declared_columns=tuple(columns),
                  column_notes=tuple((k, tuple(_block(t) for t in v)) for k, v in column_notes.items() if k in columns),
                  colophon=colophon, labels=labels, number_style=state.number_style)
    return Recognised(issue, guesses, unplaced)


def recognise_piece(lines: list[Line | None], guesses: list[Guess], language: str, column: str | None) -> Article:
    """One submitted article (信息报送): title, subtitle, author, body, source; no masthead or colophon."""
    typed = sum(1 for line in lines if line is not None and line.indent in (4, 5) and len(line.text) > 15) >= 3
    units = [u for u in make_units(lines, typed) if u.lines[0].text != "\x00rule"]
    position = 0.0
    for unit in units:
        position += max(1, -(-(display_width(unit.text) + 4) // 56))
        unit.position = position
    drafts, _, _, _, unplaced = _read_body(units, [], [], typed, guesses)
    if not drafts:
        raise ValueError("no article found: the text needs a title line followed by paragraphs")
    if len(drafts) > 1 or unplaced:
        raise ValueError(f"the text holds {len(drafts)} articles; --into adds one (split the file, or import "
                         "the whole bulletin with -o FOLDER/)")
    draft = drafts[0]
    anchors = sorted(draft.paragraphs[i].position for i in find_cuts(draft.paragraphs, typed))
    paragraphs = join_page_splits(draft.paragraphs, guesses, typed, anchors, page_period(anchors))
    if not paragraphs:
        raise ValueError("the article has a title but no body text")
    return Article(id="piece", title=draft.title, body=tuple(_block(p.text, p.heading) for p in paragraphs),
                   column=column, subtitle=draft.subtitle, author=draft.author, source=draft.source,
                   editor_note=tuple(_block(t) for t in draft.note))


def _block(text: str, level: int = 0) -> Block:
    if level:
        return Block((Run(text),), "heading", level)
    for level, pattern in _HEADINGS:
        if pattern.match(text) and len(text) <= 40 and text[-1] not in "。；;：:，,":
            return Block((Run(text),), "heading", level)
    return Block((Run(text),))


def _article_id(title: str, index: int, used: set[str]) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title.lower())
    base = "-".join(words[:6]) if words and title.isascii() else f"article-{index}"
    if not base[0].isalpha():
        base = f"a-{base}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


class _Masthead:
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
            if self.date is not None and (_COLUMN.match(first.text) or _CONTENTS.match(first.text)
                                          or (not _LEADER_BOX.match(first.text) and not self._masthead_line(first.text))):
                break
            for line in unit.lines:
                self._line(line, guesses)
            index += 1
            if self.leader:
                while index < len(units) and units[index].lines[0].text != "\x00rule" and not (
                        _CONTENTS.match(units[index].text) or _COLUMN.match(units[index].text)):
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
                self.number = _number(match["n"])
                self.number_style = "arabic" if normal.replace(" ", "")[1:2].isdigit() or pattern is _ISSUE_LINE_EN \
                    or match["supp"] else ("chinese" if not match["n"].isdigit() else "arabic")
                self.supplement = (match["supp"] or "").lower() in ("增刊", "supplement")
                self.cumulative = _number(match["c"]) if match["c"] else None
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


def _read_contents(units: list[Unit], index: int, masthead: _Masthead, guesses: list[Guess]):
    """The contents, if any: (index where the body starts, [(column, [fragment lines])])."""
    if index >= len(units):
        return index, []
    while index < len(units) - 1 and units[index].lines[0].text == "\x00rule":
        index += 1
    start = index
    if _CONTENTS.match(units[index].text):
        masthead.contents_label = True
        index += 1
    elif not _COLUMN.match(units[index].text):
        return index, []
    toc: list[tuple[str | None, list[Line]]] = []
    column: str | None = None
    seen_columns: list[str] = []
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
        marker = _COLUMN.match(text)
        if marker and len(unit.lines) == 1:
            name = marker["name"].strip()
            if name in seen_columns:
                break
            seen_columns.append(name)
            column = name
            index += 1
            continue
        if first_title is not None and _norm(unit.text).startswith(first_title):
            break
        lines = unit.lines
        if not marker and masthead.contents_label and len(lines) > 1 and _is_column_name(lines[0], units, index):
            column = lines[0].text
            seen_columns.append(column)
            lines = lines[1:]
        lines = [piece for line in lines for piece in _side_by_side(line)]
        if any(len(line.text) > 60 for line in lines):
            break  # an article paragraph: there was no contents after all
        toc.append((column, list(lines)))
        first_title = first_title or _norm(lines[0].text)
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
    """In an English contents, a group's first line names its column when it recurs alone later."""
    return any(len(u.lines) == 1 and u.lines[0].text == line.text for u in units[index + 1:])


def _read_colophon(units: list[Unit], body_start: int, guesses: list[Guess]) -> tuple[Colophon, int]:
    end = len(units)
    start = end
    def colophon_line(i: int) -> bool:
        text = units[i].lines[0].text
        return text == "\x00rule" or bool(_LIST_LABEL.match(text) or _CREDIT.match(text)
                                           or _PRINT_RUN.fullmatch(text.strip()))

    def continuation(i: int) -> bool:  # a wrapped distribution list's hanging indent
        return units[i].lines[0].indent > 0 and any(
            i - k >= body_start and colophon_line(i - k) and not units[i - k].lines[0].text == "\x00rule"
            for k in (1, 2, 3))

    for i in range(end - 1, body_start - 1, -1):
        if colophon_line(i):
            start = i
        elif not continuation(i):
            break
    while start < end and units[start].lines[0].text == "\x00rule":
        start += 1
    values: dict = {}
    last_list: str | None = None
    for unit in units[start:]:
        for line in unit.lines:
            text = line.text
            if text == "\x00rule":
                continue
            run = _PRINT_RUN.search(text)
            if run:
                values["print_run"] = int(run.group(1) or run.group(2))
                text = (text[: run.start()] + text[run.end():]).strip(" \u3000")
                guesses.append(Guess(line.number, "print run", 0.95, run.group(0)))
                if not text:
                    continue
            label = _LIST_LABEL.match(text)
            if label:
                last_list = _COLOPHON_LISTS[label.group(1).lower()]
                values.setdefault(last_list, []).append(text[label.end():])
                guesses.append(Guess(line.number, f"colophon {last_list}", 0.95, text[:20]))
                continue
            credits = list(_CREDIT.finditer(text))
            if credits and credits[0].start() == 0:
                last_list = None
                for k, match in enumerate(credits):
                    end_at = credits[k + 1].start() if k + 1 < len(credits) else len(text)
                    values[_CREDIT_NAMES[match.group(1).lower()]] = text[match.end():end_at].strip(" \u3000")
                guesses.append(Guess(line.number, "colophon editorial line", 0.95, text[:20]))
                continue
            if last_list:
                values[last_list].append(text)
    colophon_args: dict = {}
    for key, value in values.items():
        if isinstance(value, list):
            joined = join_lines(value)
            separator = "，" if re.search(r"[\u4e00-\u9fff]", joined) else ","
            colophon_args[key] = tuple(s.strip() for s in joined.split(separator) if s.strip())
        else:
            colophon_args[key] = value
    return Colophon(**colophon_args), start if start < end else end


def _breaks(lines: list[str]) -> set[int]:
    offsets, total = set(), 0
    for line in lines[:-1]:
        total += len(_norm(line))
        offsets.add(total)
    return offsets


_PAUSES = "，、；：,;:暨"


def _title_text(fragments: list[str], body_lines: list[str]) -> str:
    """The title from its contents lines. Where the contents and the body title both wrap at the
    same place between two Chinese phrases (not after a pause), the layout broke at the headline's
    phrase space and dropped it: the space is put back."""
    common = _breaks(fragments) & _breaks(body_lines)
    out, total = "", 0
    for n, fragment in enumerate(fragments):
        if n and total in common and out[-1] not in _PAUSES and "\u4e00" <= out[-1] <= "\u9fff" \
                and "\u4e00" <= fragment[0] <= "\u9fff":
            out += " "
        out = join_lines([out, fragment]) if out and not out.endswith(" ") else out + fragment
        total += len(_norm(fragment))
    return out


def _match_title(text: str, toc: list[tuple[str | None, list[Line]]], used: set[tuple[int, int]],
                 body_lines: list[str] | None = None):
    """The contents entry this body line is, as (title text, column, lines joined), or None."""
    body_lines = body_lines or [text]
    wanted = _norm(text)
    for g, (column, fragments) in enumerate(toc):
        for i in range(len(fragments)):
            if (g, i) in used:
                continue
            joined = ""
            for k in range(i, min(len(fragments), i + 4)):
                joined += _norm(fragments[k].text)
                if joined == wanted:
                    used.update((g, j) for j in range(i, k + 1))
                    return _title_text([f.text for f in fragments[i:k + 1]], body_lines), column, k - i + 1
                if not wanted.startswith(joined):
                    break
    return None


def _read_body(units: list[Unit], toc, columns: list[str], typed: bool, guesses: list[Guess]):
    drafts: list[_Draft] = []
    issue_note: list[str] = []
    column_notes: dict[str, list[str]] = {}
    unplaced: list[tuple[int, str]] = []
    column: str | None = None
    after_column = False
    used: set = set()
    closed = True  # the previous article ended with its source line: the next unit is a title
    columns = list(columns)
    for n, unit in enumerate(units):
        text = unit.text
        if unit.lines[0].text == "\x00rule":
            continue
        marker = _COLUMN.match(text) if len(unit.lines) == 1 else None
        if marker or (len(unit.lines) == 1 and text in columns and not typed) or (
                typed and len(unit.lines) == 1 and text in columns):
            column = marker["name"].strip() if marker else text
            if column not in columns:
                columns.append(column)
            guesses.append(Guess(unit.number, "column heading", 0.95, column))
            after_column, closed = True, True
            continue
        note = _EDITOR_NOTE.match(text)
        if note:
            body = text[note.end():]
            if drafts and not drafts[-1].paragraphs and not closed:
                drafts[-1].note.append(body)
            elif after_column and column:
                column_notes.setdefault(column, []).append(body)
            else:
                issue_note.append(body)
            guesses.append(Guess(unit.number, "编者按", 0.9, body[:20]))
            continue
        draft = drafts[-1] if drafts else None
        match = _match_title(text, toc, used, [x.text for x in unit.lines]) if toc else None
        if match:
            title, toc_column, pieces = match
            drafts.append(_Draft(title, unit.number, toc_column or column))
            confidence = 0.95 if pieces == 1 else 0.9
            guesses.append(Guess(unit.number, "title (found in the contents)"
                                 + (f", {pieces} lines joined" if pieces > 1 else ""), confidence, title))
            after_column, closed = False, False
            continue
        if _is_title(unit, units, n, draft, closed, typed, bool(toc)):
            title = text
            drafts.append(_Draft(title, unit.number, column))
            guesses.append(Guess(unit.number, "title (not in the contents)" if toc else "title", 0.6, title))
            after_column, closed = False, False
            continue
        after_column = False
        if draft is None or closed:
            unplaced.append((unit.number, text))
            guesses.append(Guess(unit.number, "text before any article: kept as a comment", 0.3, text[:20]))
            continue
        if not draft.paragraphs and not draft.subtitle and _SUBTITLE.match(text):
            draft.subtitle = text[_SUBTITLE.match(text).end():]
            guesses.append(Guess(unit.number, "subtitle", 0.9, draft.subtitle[:20]))
            continue
        source = _SOURCE.match(text)
        if source and draft.paragraphs and _ends_article(units, n, toc, columns):
            draft.source = source["s"].strip()
            guesses.append(Guess(unit.number, "source attribution", 0.9, draft.source))
            closed = True
            continue
        author = _AUTHOR.match(text)
        if author and not draft.paragraphs:
            draft.author = author["a"].strip()
            guesses.append(Guess(unit.number, "author", 0.7, draft.author))
            continue
        heading = 0
        if typed and unit.after_blank and unit.lines[0].indent == 0 and len(unit.lines) == 1 and draft.paragraphs \
                and len(text) <= 60 and text[-1] not in _SENTENCE_END + "，,.:：":
            heading = 1  # the typed layout sets an unnumbered heading flush left after a blank line
            guesses.append(Guess(unit.number, "in-body heading (flush left after a blank line)", 0.7, text))
        draft.paragraphs.append(Paragraph(text, unit.number, unit.position, unit.lines[0].indent, heading))
    return drafts, issue_note, column_notes, columns, unplaced


def _ends_article(units: list[Unit], n: int, toc, columns) -> bool:
    """A bracketed line is the source when the article ends after it (a title, column or the end follows)."""
    return n + 1 >= len(units) or bool(_COLUMN.match(units[n + 1].text)) or units[n + 1].text in columns or (
        len(units[n + 1].text) <= 60 and units[n + 1].text[-1] not in _SENTENCE_END) or bool(toc)


def _is_title(unit: Unit, units: list[Unit], n: int, draft, closed: bool, typed: bool, have_toc: bool) -> bool:
    text = unit.text
    if len(text) > 70 or text[-1] in _SENTENCE_END + "，,：:" or _SOURCE.match(text) or _SUBTITLE.match(text):
        return False
    if any(p.match(text) for _, p in _HEADINGS):
        return False
    following = units[n + 1].text if n + 1 < len(units) else ""
    if typed:
        return (unit.lines[0].indent > 5 or closed or draft is None) and bool(following)
    if closed or draft is None:
        return bool(following)
    return not have_toc and bool(following) and len(following) > 2 * len(text) and bool(
        draft.paragraphs) and draft.paragraphs[-1].text[-1] in _SENTENCE_END + "”"
