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
        _link(members, out)
    return out


def _link(members: list[tuple], out: dict[str, tuple[str | None, str | None]]) -> None:
    """Each member's (previous page, next page); a member's source and page are its last two values."""
    last = len(members) - 1
    for index, member in enumerate(members):
        out[member[-2]] = (members[index - 1][-1] if index else None,
                           members[index + 1][-1] if index < last else None)


__all__ = ["site_neighbours", "order_neighbours"]
