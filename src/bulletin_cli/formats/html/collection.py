"""Several issues in one HTML file: `bulletin export FOLDER --to html -o 2023.html`.

A cover sheet lists every issue (oldest first, as they were published) with its titles;
then each issue follows as its own sheet, starting on a new page when printed. Every id of
issue N is prefixed with ``nN-`` (article ids start with a letter, so prefixed ids never
collide), and each issue keeps its own ``lang`` when it differs from the page's.
"""

from __future__ import annotations

from typing import Sequence

from bulletin_cli.formats.exporter import ExportOptions
from bulletin_cli.formats.html.parts import article_href, esc, page, render_issue_body
from bulletin_cli.formats.html.urls import safe_href
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
    entries = []
    for number, issue in enumerate(ordered, start=1):
        prefix = _prefix(number)
        lang = "" if issue.language == language else f' lang="{esc(issue.language)}"'
        titles = "\n".join(
            f'<li><a href="{article_href(a, "", prefix)}">{esc(a.title)}</a></li>'
            for a in issue.articles_in_print_order
        )
        entries.append(
            f'<li{lang}><a href="{safe_href("", f"_{prefix}issue")}">{esc(issue.name)} {esc(issue.issue_line)}</a>'
            f'<time class="issue-date" datetime="{issue.date.isoformat()}">'
            f"{esc(issue.labels.format_date(issue.date))}</time>"
            + (f"\n<ol>\n{titles}\n</ol>" if titles else "")
            + "</li>"
        )
    cover = (
        '<div class="bulletin collection-cover">\n'
        f'<header>\n<h1 class="archive-title">{esc(title)}</h1>\n</header>\n'
        f'<nav class="contents archive" aria-label="{esc(labels.contents)}">\n<ol class="collection-issues">\n'
        + "\n".join(entries)
        + "\n</ol>\n</nav>\n</div>"
    )
    sheets = []
    for number, issue in enumerate(ordered, start=1):
        prefix = _prefix(number)
        lang = "" if issue.language == language else f' lang="{esc(issue.language)}"'
        sheets.append(
            f'<article class="bulletin collected-issue" id="_{prefix}issue"{lang}>\n'
            f"{render_issue_body(issue, prefix=prefix, main=False, offset=1)}\n</article>"
        )
    body = cover + "\n<main>\n" + "\n".join(sheets) + "\n</main>"
    return page(title, language, body, sheet=False)


__all__ = ["render_collection"]
