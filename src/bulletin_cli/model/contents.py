"""Tables of contents: one issue's (目录, grouped by column) and a series index (年度总目录).

The structures are plain dicts (what ``--format json`` prints); the text and Markdown
renderings are built from them, with every label from the issue's language table, so an
English newsletter gets "Contents" and "Issue 3" where a 简报 gets 目录 and 第3期.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from bulletin_cli.model.issue import Article, Issue

FORMATS = ("text", "markdown", "json")
GROUPINGS = ("issue", "column")


# -- structures --------------------------------------------------------------------------


def short_issue_line(issue: Issue) -> str:
    """第6期 / 增刊第1期 / Issue 6, without the cumulative number."""
    return issue.labels.short_issue_line(issue)


def article_numbers(issue: Issue) -> dict[str, int]:
    """Article id -> its number in the contents (1, 2, 3 in print order), when the series numbers them."""
    if not issue.article_numbers:
        return {}
    return {article.id: n for n, article in enumerate(issue.articles_in_print_order, start=1)}


def _article(article: Article, number: int | None, issue: Issue) -> dict:
    full = article.title + (issue.labels.subtitle_dash + article.subtitle if article.subtitle else "")
    return {"number": number, "id": article.id, "title": article.title, "subtitle": article.subtitle,
            "full_title": full, "author": article.author, "source": article.source}


def _issue_head(issue: Issue) -> dict:
    return {
        "name": issue.name,
        "issuer": issue.issuer,
        "number": issue.number,
        "supplement": issue.supplement,
        "cumulative_number": issue.cumulative_number,
        "date": issue.date.isoformat(),
        "issue_line": issue.issue_line,
        "short_issue_line": short_issue_line(issue),
        "date_line": issue.labels.format_date(issue.date),
        "path": str(issue.path) if issue.path else None,
    }


def issue_contents(issue: Issue) -> dict:
    """The contents of one issue: its head, then columns in declared order with their articles."""
    numbers = article_numbers(issue)
    return {
        **_issue_head(issue),
        "contents_label": issue.labels.contents,
        "columns": [
            {"name": column.name,
             "heading": issue.labels.column_heading(column.name) if column.name else "",
             "articles": [_article(a, numbers.get(a.id), issue) for a in column.articles]}
            for column in issue.columns
        ],
    }


def series_index(issues: list[Issue], by: str = "issue") -> dict:
    """年度总目录: year → issue → column → article (``by="issue"``), or year → column → article
    across the year's issues (``by="column"``). Pass the issues of one series."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")
    ordered = sorted(issues, key=lambda i: (i.date, i.supplement, i.number or 0, str(i.path)))
    first = ordered[0] if ordered else None
    years: dict[int, list[Issue]] = defaultdict(list)
    for issue in ordered:
        years[issue.year].append(issue)
    out_years = []
    for year, members in years.items():
        labels = members[0].labels
        entry: dict = {"year": year, "title": labels.fill("year_index", year=year)}
        if by == "issue":
            entry["issues"] = [issue_contents(issue) for issue in members]
        else:
            entry["columns"] = _by_column(members)
        out_years.append(entry)
    return {
        "name": first.name if first else "",
        "issuer": first.issuer if first else "",
        "title": f"{first.name} {first.labels.archive}" if first else "",
        "by": by,
        "years": out_years,
    }


def _by_column(members: list[Issue]) -> list[dict]:
    order: list[str] = []
    for issue in members:
        for column in issue.columns:
            if column.name not in order:
                order.append(column.name)
    if "" in order and order[0] != "":
        # articles of issues without columns come first: after a column's articles, with no
        # heading of their own, they would read as that column's
        order.remove("")
        order.insert(0, "")
    grouped: dict[str, list[dict]] = {name: [] for name in order}
    for issue in members:
        numbers = article_numbers(issue)
        for column in issue.columns:
            for article in column.articles:
                grouped[column.name].append({**_article(article, numbers.get(article.id), issue),
                                             "issue": _issue_head(issue)})
    labels = members[0].labels
    return [{"name": name, "heading": labels.column_heading(name) if name else "", "articles": grouped[name]}
            for name in order]


# -- renderings --------------------------------------------------------------------------


def _numbered(entry: dict, title: str) -> str:
    return f"{entry['number']}. {title}" if entry["number"] is not None else title


def issue_text(contents: dict, indent: str = "", spaced: bool = True) -> list[str]:
    """Column headings, then their titles; ``spaced`` puts a blank line between columns (as
    printed), otherwise titles are indented under their heading (in a series index)."""
    lines = []
    for index, column in enumerate(contents["columns"]):
        if spaced and index:
            lines.append("")
        if column["heading"]:
            lines.append(f"{indent}{column['heading']}")
        step = "  " if column["heading"] and not spaced else ""
        for article in column["articles"]:
            lines.append(f"{indent}{step}{_numbered(article, article['title'])}")
    return lines


def render_text(structure: dict) -> str:
    """Plain text: one issue's contents, or a series index (told apart by its keys)."""
    if "years" not in structure:
        head = [f"{structure['name']} {structure['issue_line']}", structure["date_line"], "",
                structure["contents_label"], ""]
        return "\n".join(head + issue_text(structure)) + "\n"
    lines = [structure["title"]]
    for year in structure["years"]:
        lines += ["", year["title"], ""]
        if structure["by"] == "issue":
            for issue in year["issues"]:
                lines.append(f"{issue['issue_line']}  {issue['date_line']}")
                lines += issue_text(issue, indent="  ", spaced=False)
        else:
            for column in year["columns"]:
                if column["heading"]:
                    lines.append(column["heading"])
                for article in column["articles"]:
                    lines.append(f"  {article['title']}  {article['issue']['short_issue_line']}")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    """Text safe inside a Markdown line: specials escaped, a leading # or "1." not read as syntax."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^(#+)", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return re.sub(r"^([-+] )", r"\\\1", text)


def _md_articles(articles: list[dict], suffix=None) -> list[str]:
    """A list item per article: numbered (``3.``) when the series numbers articles; in an index
    by column (``suffix`` names the issue) always bulleted, since numbers repeat across issues."""
    out = []
    for article in articles:
        numbered = article["number"] is not None and suffix is None
        marker = f"{article['number']}." if numbered else "-"
        out.append(f"{marker} {md(article['full_title'])}{suffix(article) if suffix else ''}")
    return out


def _md_issue(contents: dict, level: int) -> list[str]:
    lines = []
    for column in contents["columns"]:
        if column["heading"]:
            lines += [f"{'#' * level} {md(column['heading'])}", ""]
        lines += _md_articles(column["articles"]) + [""]
    return lines


def render_markdown(structure: dict) -> str:
    if "years" not in structure:
        lines = [f"# {md(structure['name'])} {md(structure['issue_line'])}", "",
                 md(structure["date_line"]), "", f"## {md(structure['contents_label'])}", ""]
        return "\n".join(lines + _md_issue(structure, 3)).rstrip("\n") + "\n"
    lines = [f"# {md(structure['title'])}", ""]
    for year in structure["years"]:
        lines += [f"## {md(year['title'])}", ""]
        if structure["by"] == "issue":
            for issue in year["issues"]:
                lines += [f"### {md(issue['issue_line'])} {md(issue['date_line'])}", ""]
                lines += _md_issue(issue, 4)
        else:
            for column in year["columns"]:
                if column["heading"]:
                    lines += [f"### {md(column['heading'])}", ""]
                lines += _md_articles(column["articles"],
                                      lambda a: f" ({md(a['issue']['short_issue_line'])})") + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render(structure: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(structure, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(structure)
    if fmt == "text":
        return render_text(structure)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
