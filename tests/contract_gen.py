"""Documents over the whole issue format, for the contract "what validates, exports".

Used by tests/test_contract.py (a modest hypothesis budget in CI) and scripts/fuzz.py (long
runs). The generator writes real series folders: series.toml, issue files with odd names,
article files, every key of model/spec.py with its type, and hostile strings (C0 and C1
controls, huge numbers, odd ids, label templates with braces, long text).
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import strategies as st

from bulletin_cli.model.labels import LABEL_NAMES

COLUMNS = ["工作动态", "经验交流", "News", "a〔b〕"]

# Characters that look harmless and characters that break things, mixed.
_HOSTILE_CHARS = st.sampled_from(
    list("\x00\x01\x08\x0b\x0c\x1b\x7f\x80\x85\x9f\u2028\ufeff\ufffe\uffff<>&\"'{}*#\\%?/:")
    + ["**", "<!--", "-->", "\n\n", "\r\n", "${x}", "{{ x }}", "{% x %}", "]]>", "&amp;", "\U0001F600"]
)
_PLAIN = st.text(alphabet=st.sampled_from(list("工作动态会议指出，。；：“”（）ab Z09")), min_size=1, max_size=30)
_HOSTILE = st.one_of(
    st.lists(st.one_of(_PLAIN, _HOSTILE_CHARS), min_size=1, max_size=8).map("".join),
    st.text(max_size=20),
)
# Mostly plain (one text in twelve hostile), so that a good share of the documents, which hold
# a dozen texts each, validate clean and reach the exporters.
HOSTILE_TEXT = st.integers(0, 11).flatmap(lambda k: _HOSTILE if k == 0 else _PLAIN)
_BODY_PARAGRAPH = st.one_of(
    _PLAIN,
    HOSTILE_TEXT,
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 5), _PLAIN),
    _PLAIN.map(lambda t: f"**{t}**"),
    _PLAIN.map(lambda t: t * 200),  # long paragraphs
)
BODY = st.lists(_BODY_PARAGRAPH, min_size=1, max_size=6).map("\n\n".join)
NUMBER = st.integers(0, 5).flatmap(lambda k: st.integers(1, 30) if k < 3 else st.integers(1, 20_000) if k < 5
                                   else st.sampled_from([0, 9_999, 10_000, 999_999_999, 10**9, 2**63 - 1]))
IDENT = st.integers(0, 3).flatmap(lambda k: st.from_regex(r"\A[a-z][a-z0-9_-]{0,12}\Z") if k else
                                  st.sampled_from(["", "a\n", "1a", "a b", "é", "x" * 300, "a.b", "-a", "A_"]))
_PLACEHOLDERS = st.sampled_from(["{number}", "{name}", "{source}", "{author}", "{year}", "{month}",
                                 "{day}", "{month_name}", "{src}", "{", "}", "{{", "}}", "{number!r}",
                                 "{number:>5}", "{number.__class__}", "{0}", "{}"])
LABEL = st.lists(st.one_of(_PLAIN, _PLACEHOLDERS, HOSTILE_TEXT), min_size=0, max_size=3).map("".join)
FILE_STEM = st.one_of(
    st.from_regex(r"\A20[0-9]{2}-[0-9]{2}\Z"),
    st.sampled_from(["javascript:alert(9)", "a#b", "a?b", "a b", "%2e%2e", "a%20b", "中文", "x" * 120,
                     "a\u0085b", "a{{b}}", "-rf", ".hidden", "CON"]),
)
DATE = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
DATE_MOSTLY_MODERN = st.one_of(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), DATE)


def _optional(draw, strategy, probability: float = 0.3):
    return draw(strategy) if draw(st.floats(0, 1)) < probability else None


@st.composite
def colophon(draw) -> dict:
    out: dict[str, Any] = {}
    for key in ("report_to", "send_to", "distribute_to", "extra_distribution"):
        value = _optional(draw, st.lists(HOSTILE_TEXT, min_size=1, max_size=3))
        if value is not None:
            out[key] = value
    for key in ("handled_by", "reviewer", "editor", "phone"):
        value = _optional(draw, HOSTILE_TEXT)
        if value is not None:
            out[key] = value
    run = _optional(draw, NUMBER)
    if run is not None:
        out["print_run"] = run
    return out


@st.composite
def shared(draw, columns: list[str]) -> dict:
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["language"] = draw(st.sampled_from(["zh-CN", "en", "zh-CN", "en", "fr"]))
    if draw(st.floats(0, 1)) < 0.2:
        out["number_style"] = draw(st.sampled_from(["arabic", "chinese"]))
    for key in ("classification",):
        value = _optional(draw, HOSTILE_TEXT, 0.2)
        if value is not None:
            out[key] = value
    if draw(st.floats(0, 1)) < 0.2:
        out["show_cumulative"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.3:
        box: dict[str, Any] = {}
        if draw(st.booleans()):
            box["enabled"] = draw(st.booleans())
        text = _optional(draw, HOSTILE_TEXT, 0.5)
        if text is not None:
            box["text"] = text
        out["leader_box"] = box
    if draw(st.floats(0, 1)) < 0.4:
        out["colophon"] = draw(colophon())
    if draw(st.floats(0, 1)) < 0.3:
        names = draw(st.lists(st.sampled_from(LABEL_NAMES), max_size=4, unique=True))
        out["labels"] = {name: draw(LABEL) for name in names}
    return out


@st.composite
def article(draw, columns: list[str], index: int) -> dict:
    out: dict[str, Any] = {"id": draw(IDENT) if draw(st.floats(0, 1)) < 0.3 else f"a{index}",
                           "title": draw(HOSTILE_TEXT), "body": draw(BODY)}
    if columns:
        out["column"] = draw(st.sampled_from(columns))
    for key in ("subtitle", "author", "source", "editor_note"):
        value = _optional(draw, HOSTILE_TEXT, 0.25)
        if value is not None:
            out[key] = value
    return out


@st.composite
def issue(draw, columns: list[str], number: int) -> dict:
    out: dict[str, Any] = draw(shared(columns)) if draw(st.floats(0, 1)) < 0.4 else {}
    out["number"] = number if draw(st.floats(0, 1)) < 0.8 else draw(NUMBER)
    if draw(st.floats(0, 1)) < 0.3:
        out["cumulative_number"] = draw(NUMBER)
    if draw(st.floats(0, 1)) < 0.1:
        out["supplement"] = True
    value = _optional(draw, HOSTILE_TEXT, 0.15)
    if value is not None:
        out["copy_number"] = value
    value = _optional(draw, HOSTILE_TEXT, 0.2)
    if value is not None:
        out["editor_note"] = value
    if columns and draw(st.floats(0, 1)) < 0.2:
        out["column_notes"] = {draw(st.sampled_from(columns)): draw(HOSTILE_TEXT)}
    count = draw(st.integers(1, 3))
    out["articles"] = [draw(article(columns, i)) for i in range(count)]
    return out


@dataclass
class Series:
    """A generated series: file names (relative) -> TOML documents, plus one article file."""

    files: dict[str, dict] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # files written as given (not through tomli_w)

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, document in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(tomli_w.dumps(document), encoding="utf-8")
        for name, text in self.raw.items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder


@st.composite
def series(draw) -> Series:
    columns = draw(st.one_of(st.just([]), st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=3, unique=True)))
    top: dict[str, Any] = {"name": draw(HOSTILE_TEXT), "issuer": draw(HOSTILE_TEXT)}
    if columns:
        top["columns"] = columns
    if draw(st.floats(0, 1)) < 0.3:
        top["id"] = draw(IDENT)
    if draw(st.floats(0, 1)) < 0.2:
        top["numbering"] = draw(st.sampled_from(["yearly", "running"]))
    if draw(st.floats(0, 1)) < 0.2:
        top["article_numbers"] = draw(st.booleans())
    if draw(st.floats(0, 1)) < 0.2:
        top["cumulative_numbers"] = draw(st.booleans())
    top.update(draw(shared(columns)))
    out = Series(files={"series.toml": top})
    stems = draw(st.lists(FILE_STEM, min_size=1, max_size=3, unique_by=str.lower))
    start = draw(DATE_MOSTLY_MODERN)
    for number, stem in enumerate(stems, start=1):
        document = draw(issue(columns, number))
        document["date"] = start + dt.timedelta(days=14 * (number - 1)) if start.year < 9999 else start
        out.files[f"{stem}.toml"] = document
    if draw(st.floats(0, 1)) < 0.2:  # one article kept in a file of its own
        first = out.files[f"{stems[0]}.toml"]
        moved = first["articles"][0]
        first["articles"][0] = {"file": "articles/moved.toml", **({"column": moved.pop("column")}
                                                                   if "column" in moved else {})}
        out.files["articles/moved.toml"] = moved
    return out


# -- running the contract ---------------------------------------------------------------


def export_formats() -> list[str]:
    from bulletin_cli import plugins

    found, _conflicts = plugins.exporters()
    return sorted(found)


@dataclass
class Outcome:
    clean: bool
    failures: list[str] = field(default_factory=list)  # "format: what went wrong"
    outputs: dict[str, list[bytes]] = field(default_factory=dict)  # format -> outputs


def check_contract(folder: Path, formats: list[str]) -> Outcome:
    """Validate ``folder``; when it has no errors, export every issue (and the collection) to each format."""
    from bulletin_cli import api
    from bulletin_cli.diagnostics.codes import Severity

    try:
        result = api.validate([folder])
    except Exception:
        return Outcome(False, [f"validate: {traceback.format_exc(limit=-3)}"])
    if any(d.severity == Severity.ERROR for d in result.diagnostics):
        return Outcome(False)
    outcome = Outcome(True)
    issues = sorted(result.issues.values(), key=lambda i: (i.date, i.supplement, i.number, str(i.path)))
    for name in formats:
        outputs = outcome.outputs.setdefault(name, [])
        for one in issues:
            try:
                data = api.export(one, name)
                if not data:
                    raise ValueError("empty output")
                outputs.append(data)
            except Exception:
                outcome.failures.append(f"{name} {one.path.name}: {traceback.format_exc(limit=-2)}")
        try:
            api.export_collection(issues, name)
        except ValueError as error:
            if "cannot put several issues" not in str(error):
                outcome.failures.append(f"{name} collection: {traceback.format_exc(limit=-2)}")
        except Exception:
            outcome.failures.append(f"{name} collection: {traceback.format_exc(limit=-2)}")
    return outcome
