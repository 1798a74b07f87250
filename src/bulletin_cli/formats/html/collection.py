"""Several issues in one HTML file: `bulletin export FOLDER --to html -o 2023.html`.

A cover sheet lists every issue (oldest first, as they were published) with its titles;
then each issue follows as its own sheet, starting on a new page when printed. Every id of
issue N is prefixed with ``nN-`` (article ids start with a letter, so prefixed ids never
collide), and each issue keeps its own ``lang`` when it differs from the page's.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.html.parts import page, render_issue_body
from bulletin_cli.formats.html.templating import markup, render
from bulletin_cli.model.issue import Issue


def _prefix(number: int) -> str:
    return f"n{number}-"


def _span(issues: Sequence[Issue]) -> str:
    first, last = issues[0].year, issues[-1].year
    return str(first) if first == last else f"{first}\u2013{last}"


def render_collection(issues: Sequence[Issue], options: ExportOptions) -> str:
    if not issues:
        raise ValueError("no issues to put in one file")
    ordered = sorted(issues, key=lambda i: (i.date, i.supplement, i.number or 0, i.name))
    language, labels = ordered[-1].language, ordered[-1].labels
    names = list(dict.fromkeys(issue.name for issue in ordered))
    title = f"{names[0]} {_span(ordered)}" if len(names) == 1 else _span(ordered)
    collected = [CollectedIssue(issue, _prefix(number),
                                markup(render_issue_body(issue, prefix=_prefix(number), main=False, offset=1)))
                 for number, issue in enumerate(ordered, start=1)]
    templates = ordered[-1].series_path
    body = render("collection.html.j2", templates, title=title, labels=labels, language=language, issues=collected)
    return page(title, language, body, sheet=False, series_path=templates)


class CollectedIssue(NamedTuple):
    """An issue in a collection, as collection.html.j2 gets it: the issue, the prefix of its ids
    (``n2-``) and its text (HTML)."""

    issue: Issue
    prefix: str
    body: str


__all__ = ["render_collection"]
