"""The order of an exported site's issues: each issue's neighbours within its series."""

from __future__ import annotations

from typing import Sequence

from bulletin_cli.model.issue import Issue


def site_neighbours(issues: Sequence[Issue], pages: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Each issue's previous and next page within its series (ExportOptions.site_neighbours)."""
    series: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.path is not None and str(issue.path.resolve()) in pages:
            series.setdefault(issue.series_id or issue.name, []).append(issue)
    out: dict[str, tuple[str | None, str | None]] = {}
    for members in series.values():
        members.sort(key=lambda i: (i.date, i.supplement, i.number))
        names = [pages[str(i.path.resolve())] for i in members]  # type: ignore[union-attr]
        for index, issue in enumerate(members):
            out[str(issue.path.resolve())] = (names[index - 1] if index else None,  # type: ignore[union-attr]
                                              names[index + 1] if index + 1 < len(names) else None)
    return out


__all__ = ["site_neighbours"]
