"""A series' ``[rules]`` table: which checks it turns off or up, and whether it names real ones."""

from __future__ import annotations

from pathlib import Path

from bulletin_cli.diagnostics.codes import Severity
from bulletin_cli.diagnostics.reporter import Reporter


def severity_overrides(settings: dict) -> dict[str, Severity | None]:
    """The series' [rules] table as code/name -> severity (None: off)."""
    from bulletin_cli.diagnostics.codes import CODES

    table = settings.get("rules") if isinstance(settings.get("rules"), dict) else {}
    names = {entry.name: code for code, entry in CODES.items()}
    out: dict[str, Severity | None] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            continue
        level = None if value == "off" else Severity.parse(value) if value.upper() in Severity.__members__ else None
        out[names.get(key, key)] = level
    return out


def check_rule_settings(path: Path, data: dict, reporter: Reporter) -> None:
    """Every key under [rules] must name a check (code or name), built in or from a plugin."""
    from bulletin_cli import plugins
    from bulletin_cli.diagnostics.codes import CODES
    from bulletin_cli.diagnostics.reporter import did_you_mean

    table = data.get("rules")
    if not isinstance(table, dict):
        return
    known = {*CODES, *(entry.name for entry in CODES.values())}
    for rule in plugins.rules():
        known.update((rule.code, rule.name))
    for key in table:
        if key not in known:
            names = sorted(n for n in known if not n[:1].isupper() or not n[1:].isdigit())
            reporter.at(path, ("rules", key), "S204", f"[rules] names no known check: '{key}'",
                        did_you_mean(key, names) or "use a code such as N402 or a name such as numbering-gap "
                        "(docs/format.md, docs/rules.md)", on="key")


__all__ = ["check_rule_settings", "severity_overrides"]
