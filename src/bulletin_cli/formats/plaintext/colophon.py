"""The 报尾 in text: 报/送/发/本期增发 lists (wrapped with a hanging indent or not), 承办/审核/编辑/电话
on one line or several, and 共印N份."""

from __future__ import annotations

import re
from bulletin_cli.formats.plaintext.reader import Guess
from bulletin_cli.model.issue import Colophon
from bulletin_cli.formats.markup import join_lines

_COLOPHON_LISTS = {"报": "report_to", "送": "send_to", "发": "distribute_to", "抄送": "send_to",
                   "本期增发": "extra_distribution", "增发": "extra_distribution", "to": "report_to",
                   "copy": "send_to", "distribution": "distribute_to", "also this issue": "extra_distribution"}
LIST_LABEL = re.compile(r"^(本期增发|增发|抄送|报|送|发|To|Copy|Distribution|Also this issue)\s*[：:]\s*", re.I)
CREDIT_NAMES = {"承办": "handled_by", "审核": "reviewer", "编辑": "editor", "电话": "phone", "office": "handled_by",
                 "reviewed by": "reviewer", "editor": "editor", "phone": "phone"}
CREDIT = re.compile(r"(承办|审核|编辑|电话|Office|Reviewed by|Editor|Phone)\s*[：:]\s*", re.I)
PRINT_RUN = re.compile(r"共印\s*(\d+)\s*份|(\d+) copies printed", re.I)


def read_colophon(units: list,  # of units.Unit (which imports this module's patterns)
                   body_start: int, guesses: list[Guess]) -> tuple[Colophon, int]:
    end = len(units)
    start = end
    def colophon_line(i: int) -> bool:
        text = units[i].lines[0].text
        return text == "\x00rule" or bool(LIST_LABEL.match(text) or CREDIT.match(text)
                                           or PRINT_RUN.fullmatch(text.strip()))

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
            run = PRINT_RUN.search(text)
            if run:
                values["print_run"] = int(run.group(1) or run.group(2))
                text = (text[: run.start()] + text[run.end():]).strip(" \u3000")
                guesses.append(Guess(line.number, "print run", 0.95, run.group(0)))
                if not text:
                    continue
            label = LIST_LABEL.match(text)
            if label:
                last_list = _COLOPHON_LISTS[label.group(1).lower()]
                values.setdefault(last_list, []).append(text[label.end():])
                guesses.append(Guess(line.number, f"colophon {last_list}", 0.95, text[:20]))
                continue
            credits = list(CREDIT.finditer(text))
            if credits and credits[0].start() == 0:
                last_list = None
                for k, match in enumerate(credits):
                    end_at = credits[k + 1].start() if k + 1 < len(credits) else len(text)
                    values[CREDIT_NAMES[match.group(1).lower()]] = text[match.end():end_at].strip(" \u3000")
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
