"""The order of an exported site's issues: each issue's neighbours within its series."""

from __future__ import annotations

from typing import Sequence

from bulletin_cli.model.issue import Issue


def site_neighbours(issues: Sequence[Issue], pages: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Each issue's previous and next page within its series (ExportOptions.site_neighbours)."""
    keyed = []
    for issue in issues:
        source = str(issue.path.resolve()) if issue.path is not None else None
        if source in pages:
            keyed.append((issue.series_id or issue.name, issue.order_key, source,
                          pages[source]))
    return order_neighbours(keyed)


def order_neighbours(keyed) -> dict[str, tuple[str | None, str | None]]:
    """(series, sort key, source path, page) for each issue -> source path -> (previous page,
    next page) within its series, in sort-key order."""
    series: dict[str, list] = {}
    for name, key, source, page in keyed:
        series.setdefault(name, []).append((key, source, page))
    out: dict[str, tuple[str | None, str | None]] = {}
    for members in series.values():
        members.sort(key=lambda member: member[0])
        for index, (_, source, _page) in enumerate(members):
            out[source] = (members[index - 1][2] if index else None,
                           members[index + 1][2] if index + 1 < len(members) else None)
    return out


__all__ = ["site_neighbours", "order_neighbours"]
