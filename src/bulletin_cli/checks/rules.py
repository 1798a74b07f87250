"""What a validation-rule plugin registers, and what its check function receives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from bulletin_cli.diagnostics.codes import Fix, Severity

if TYPE_CHECKING:
    from bulletin_cli.diagnostics.reporter import Reporter
    from bulletin_cli.formats.toml.loader import LoadedIssue, TextField
    from bulletin_cli.model.issue import Issue


@dataclass(frozen=True)
class Rule:
    """A check run by `bulletin validate` on every issue.

    ``check(context)`` reports problems with ``context.report(...)``. ``languages`` limits
    the rule to issues in those languages (empty: all). A series turns a rule off or changes
    its severity under ``[rules]`` by code or name.
    """

    code: str
    name: str
    summary: str
    check: Callable[["RuleContext"], None]
    severity: Severity = Severity.WARNING
    languages: tuple[str, ...] = ()


class RuleContext:
    """What a rule sees of one issue: the model, every printed string, and the series settings."""

    def __init__(self, rule: Rule, loaded: "LoadedIssue", reporter: "Reporter", severity: Severity) -> None:
        self.rule = rule
        self.loaded = loaded
        self._reporter = reporter
        self._severity = severity
        self._has_text: dict[tuple, bool] = {}

    @property
    def issue(self) -> "Issue | None":
        return self.loaded.issue

    @property
    def texts(self) -> "list[TextField]":
        return self.loaded.texts

    @property
    def settings(self) -> dict:
        """The series settings merged with the issue's own keys (words, rules, language…)."""
        return self.loaded.settings

    def source_line_comment(self, field: "TextField", containing: str = "") -> str:
        """The TOML comment on the line where ``field``'s value ends ('' if none), e.g. to
        read a directive such as ``# bulletin: ignore T101`` written beside a title.

        With ``containing``, a file without that text answers '' at once, without locating
        anything (locating costs a scan of the file)."""
        document = self._reporter.documents.get(field.path)
        if document is None:
            return ""
        key = (field.path, containing)
        if key not in self._has_text:
            self._has_text[key] = containing in document.text
        if not self._has_text[key]:
            return ""
        span = document.locator.value_span(field.key_path)
        if span is None:
            return ""
        from bulletin_cli.files.locate import comment_after

        return comment_after(document.text, span.end)

    def report(self, field: "TextField", message: str, *, index: int | None = None, length: int = 0,
               hint: str = "", fix: Fix | None = None) -> None:
        """Report a problem in ``field``, at character ``index`` of its value when given."""
        self._reporter.at(field.path, field.key_path, self.rule.code, message, hint, index=index, length=length,
                          severity=self._severity, fix=fix)
