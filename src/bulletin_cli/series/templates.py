"""A series' own page templates (``templates/`` beside series.toml), checked by `bulletin validate`.

If validate passes, every export passes: so validate compiles each template of the folder
(F108 with the file and line of a syntax error), refuses names that override nothing (F109:
a misspelt ``mastead.html.j2`` would otherwise be ignored without a word; names starting with
``_`` are the series' own partials, for ``{% include %}``), and renders the HTML page, the
EPUB pages and the archive pages of up to three of the series' issues with the templates, and
the HTML and EPUB pages of every other issue, so that an undefined name, a bad include or a
template failing for one issue only is reported here rather than by the export (F108 at the
template line that failed).

Jinja2 is imported only for a series that has the folder.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from bulletin_cli.diagnostics.codes import Diagnostic, Severity
from bulletin_cli.diagnostics.reporter import Reporter
from bulletin_cli.model.issue import Issue

if TYPE_CHECKING:
    from bulletin_cli.formats.toml.loader import LoadedIssue

TRIED_ISSUES = 3  # issues whose pages are rendered with the templates (the first, the last, one between)


def template_files(series_folder: Path) -> list[Path]:
    from bulletin_cli.formats.html.templating import SERIES_FOLDER

    folder = series_folder / SERIES_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(".j2"))


def check_templates(series_folder: Path, issues: Sequence[Issue], others: Iterable[Issue] = ()) -> list[Diagnostic]:
    """Problems of the series' templates folder (empty when it has none, or none is wrong).

    ``issues`` (a few) are tried on every page, the archive's included; ``others`` (the rest of
    the series, given one at a time so that they need not all be in memory) on the pages of one
    issue: a template may fail for one issue only (``{{ issue.number + 1 }}`` without a number,
    a branch on the date), and the export renders each of them."""
    files = template_files(series_folder)
    if not files:
        return []
    from bulletin_cli.formats.html.templating import TemplateProblem, _template, environment
    from bulletin_cli.formats.html.templating import series_folder as folder_of
    from bulletin_cli.formats.html.templating import shipped_names

    import jinja2

    found: list[Diagnostic] = []
    shipped = shipped_names()
    folder = files[0].parent
    for cached in (folder_of, environment, _template):  # the files may have changed since this process looked
        cached.cache_clear()
    env = environment(folder)
    for path in files:
        if path.name not in shipped and not path.name.startswith("_"):
            close = difflib.get_close_matches(path.name, shipped, n=1)
            hint = (f"did you mean {close[0]}? " if close else "") + \
                "a series template overrides a shipped one by name: " + ", ".join(shipped) + \
                " (names starting with _ are partials for {% include %})"
            found.append(_diagnostic(path, 0, "F109", f"{path.name} overrides no shipped template", hint))
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as error:
            found.append(_diagnostic(path, error.lineno or 0, "F108", f"template syntax error: {error.message}",
                                     "see the Jinja2 template syntax; docs/cli/html.md describes overriding"))
        except UnicodeDecodeError:
            found.append(_diagnostic(path, 0, "F108", "the template is not UTF-8 text", "save it as UTF-8"))
    if found or not issues:
        return found
    try:
        _try_pages(issues)
        for issue in others:
            _try_issue_pages(issue)
    except TemplateProblem as problem:
        found.append(_diagnostic(problem.path, problem.line, "F108", problem.message, problem.hint))
    return found


def check_series_templates(folder: Path, loaded: Sequence[LoadedIssue], reporter: Reporter) -> set[Path]:
    """F108/F109 for the series' templates/ folder; the issues its pages are tried with are
    loaded again whole (the checks kept only summaries). Returns the files reported on."""
    from bulletin_cli.formats.toml.loader import Loader

    valid = sorted((li for li in loaded if li.issue is not None), key=lambda li: (li.issue.date, li.issue.number or 0))
    paths = [li.path for li in (*valid[:1], *valid[len(valid) // 2:len(valid) // 2 + 1], *valid[-1:])]
    again = Loader(Reporter())
    tried = list(dict.fromkeys(paths))[:TRIED_ISSUES]
    full = [again.load_issue(path).issue for path in tried]
    others = (again.load_issue(li.path).issue for li in valid if li.path not in tried)  # one at a time
    found = check_templates(folder, [issue for issue in full if issue is not None],
                            (issue for issue in others if issue is not None))
    reporter.diagnostics.extend(found)
    return {d.path.resolve() for d in found if d.path is not None}


def _try_pages(issues: Sequence[Issue]) -> None:
    """Render what an export renders with the series' templates, for a few of its issues."""
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.formats.html import plugin as html_plugin
    from bulletin_cli.formats.html import site as html_site

    ordered = sorted(issues, key=lambda i: (i.date, i.supplement, i.number or 0))
    tried = list(dict.fromkeys([ordered[0], ordered[len(ordered) // 2], ordered[-1]]))[:TRIED_ISSUES]
    options = ExportOptions()
    for issue in tried:
        _try_issue_pages(issue)
    html_plugin.render_collection(tried, options)
    html_site.render_site(list(ordered), options)


def _try_issue_pages(issue: Issue) -> None:
    """The pages of one issue: its HTML page and its EPUB title, colophon and article pages."""
    from bulletin_cli.formats.epub import pages as epub_pages
    from bulletin_cli.formats.exporter import ExportOptions
    from bulletin_cli.formats.html import plugin as html_plugin

    html_plugin.render(issue, ExportOptions())
    media = epub_pages.PackageMedia()
    epub_pages.title_page(issue)
    epub_pages.colophon_page(issue)
    for column in issue.columns:
        for number, article in enumerate(column.articles):
            epub_pages.article_page(issue, column, article, number == 0, media)


def _diagnostic(path: Path, line: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, max(line, 1), 1, Severity.ERROR, code, message, hint)


__all__ = ["check_series_templates", "check_templates", "template_files"]
