"""Checks a TOML document against the format declared in :mod:`bulletin_cli.model.spec`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bulletin_cli.diagnostics.reporter import Reporter, did_you_mean
from bulletin_cli.model.labels import template_problem
from bulletin_cli.model.spec import MIN_YEAR, Field

_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_TYPE_NAMES = {
    "string": "text in quotes",
    "text": "text in quotes",
    "integer": "a whole number",
    "boolean": "true or false",
    "date": "a date",
    "table": "a table",
    "table-array": "an array of tables ([[...]])",
    "string-array": "an array of strings",
    "map": "a table",
}


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def check_table(data: dict, spec: Field, path: Path, reporter: Reporter, key_path: tuple = (),
                where: str = "the top level") -> None:
    for key, value in data.items():
        child = spec.fields.get(key)
        if child is None:
            suggestion = did_you_mean(key, [k for k in spec.fields if k not in data])
            reporter.at(path, key_path + (key,), "S201", f"unknown key '{key}' in {where}", suggestion, on="key")
            continue
        check_value(value, child, path, reporter, key_path + (key,), key)
    if "file" in spec.fields and isinstance(data.get("file"), str):
        return  # the rest comes from the referenced file; the loader checks the merged article
    for key, child in spec.fields.items():
        if child.required and key not in data:
            reporter.at(path, key_path, "S202", f"missing required key '{key}' in {where}",
                        f"add it: {_example(key, child)}", on="key")


def _example(key: str, spec: Field) -> str:
    examples = {"date": f"{key} = 2023-08-14", "integer": f"{key} = 1", "table-array": f"[[{key}]]",
                "text": f'{key} = """…"""', "boolean": f"{key} = true"}
    return examples.get(spec.type, f'{key} = "…"')


def check_value(value: object, spec: Field, path: Path, reporter: Reporter, key_path: tuple, key: str) -> None:
    kind = spec.type
    wrong = False
    hint = ""
    if kind in ("string", "text"):
        wrong = not isinstance(value, str)
        if not wrong:
            assert isinstance(value, str)
            if spec.enum and value not in spec.enum:
                reporter.at(path, key_path, "S204", f"'{key}' must be one of {', '.join(spec.enum)}, not '{value}'",
                            did_you_mean(value, spec.enum))
            elif spec.pattern and not re.fullmatch(spec.pattern, value):
                reporter.at(path, key_path, "S204", f"'{key}' = {_shown(value)} is not a valid identifier",
                            "use ASCII letters, digits, - and _, starting with a letter: id = \"city-meeting\"")
            elif len(value) > spec.max_length:
                reporter.at(path, key_path, "S204",
                            f"'{key}' is {len(value):,} characters long; at most {spec.max_length:,} can be exported",
                            "shorten it" + (" (or split the article)" if kind == "text" else ""))
            elif spec.label and (problem := template_problem(spec.label, value)):
                reporter.at(path, key_path, "S204", f"label '{key}' {problem}",
                            "see the Labels section of docs/format.md")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = f'put it in quotes: {key} = "{value}"'
    elif kind == "integer":
        wrong = not isinstance(value, int) or isinstance(value, bool)
        if not wrong and spec.minimum is not None and value < spec.minimum:  # type: ignore[operator]
            reporter.at(path, key_path, "S204", f"'{key}' must be at least {spec.minimum}, not {value}")
        elif not wrong and spec.maximum is not None and value > spec.maximum:  # type: ignore[operator]
            reporter.at(path, key_path, "S204", f"'{key}' must be at most {spec.maximum:,}, not {value:,}",
                        "the XML schema and the layouts hold nine digits")
        elif isinstance(value, str) and value.strip().isdigit():
            hint = f"write the number without quotes: {key} = {value.strip()}"
    elif kind == "boolean":
        wrong = not isinstance(value, bool)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            hint = f"write it without quotes: {key} = {value.lower()}"
    elif kind == "date":
        wrong = not isinstance(value, dt.date) or isinstance(value, dt.datetime)
        if isinstance(value, dt.datetime):
            hint = f"give the day only: {key} = {value.date().isoformat()}"
        elif not wrong and value.year < MIN_YEAR:  # type: ignore[union-attr]
            reporter.at(path, key_path, "S204", f"'{key}' is in the year {value.year}; dates start at "  # type: ignore[union-attr]
                        f"the year {MIN_YEAR}", "write the year with four digits: date = 2023-08-14")
        elif isinstance(value, str):
            hint = _date_hint(key, value)
    elif kind == "string-array":
        if not isinstance(value, list):
            wrong = True
            if isinstance(value, str):
                hint = f'write a list: {key} = ["{value}"]'
        else:
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    reporter.at(path, key_path + (index,), "S203",
                                f"item {index + 1} of '{key}' should be text in quotes, not {_describe(item)}")
                elif not item.strip():
                    reporter.at(path, key_path + (index,), "S205", f"item {index + 1} of '{key}' is empty",
                                "remove the empty entry")
    elif kind == "table":
        wrong = not isinstance(value, dict)
        if not wrong:
            assert isinstance(value, dict)
            check_table(value, spec, path, reporter, key_path, f"[{_dotted(key_path)}]")
    elif kind == "table-array":
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            wrong = True
            hint = f"each entry starts with a [[{key}]] line"
        else:
            assert isinstance(value, list)
            if spec.required and not value:
                reporter.at(path, key_path, "S202", f"'{key}' is empty", f"add at least one [[{key}]] table")
            for index, item in enumerate(value):
                check_table(item, spec, path, reporter, key_path + (index,), f"[[{key}]] number {index + 1}")
    elif kind == "map":
        wrong = not isinstance(value, dict)
        if not wrong:
            assert isinstance(value, dict) and spec.values is not None
            for name, item in value.items():
                check_value(item, spec.values, path, reporter, key_path + (name,), f"{key}.{name}")
    if wrong:
        reporter.at(path, key_path, "S203",
                    f"'{key}' should be {_TYPE_NAMES.get(kind, kind)}, not {_describe(value)}", hint)


def _shown(value: str) -> str:
    """A value for a message: quoted, escapes visible, cut when long."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _date_hint(key: str, value: str) -> str:
    text = value.strip()
    match = re.match(r"^(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?$", text)
    if not match:
        return f"write a bare TOML date without quotes: {key} = 2023-08-14"
    year, month, day = (int(g) for g in match.groups())
    try:
        return f"write it as a bare TOML date without quotes: {key} = {dt.date(year, month, day).isoformat()}"
    except ValueError:
        return f"{text} is not a real date"


def _dotted(key_path: tuple) -> str:
    return ".".join(str(k) for k in key_path if not isinstance(k, int))
