"""Figures' image files, made readable by the Typst compiler, or their caption in their place.

Typst reads a file only inside its project root, and the compiler is kept for a process
(render.py). The root of a document is therefore the folder holding all its images (their
common folder: a series', or for a compilation of several series their parent), and each
figure names its file from that root ("/images/x.png"); the compiler is kept per root.

A figure prints its image only when Typst can decode it: a file that is missing, moved,
unreadable or not an image Typst knows (PNG, JPEG, GIF, WebP, SVG) — or corrupt, which only
a trial decoding by Typst shows — prints as its caption in the plain-text form (〔图：…〕,
the labels' ``figure``), as the DOCX plugin prints what Word cannot show. Validation reports
missing files; export never fails on an image.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

from bulletin_pdf.document import plain_text

# What Typst decodes (0.14 and later read WebP too).
READABLE = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}


def _figures(node) -> Iterator[dict]:
    """Every figure in an issue's data, however deep (in lists, quotes, notes)."""
    if isinstance(node, dict):
        if node.get("kind") == "figure":
            yield node
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _figures(value)


def _usable(figure: dict) -> Path | None:
    file = figure.get("file")
    if not file or figure.get("media_type") not in READABLE:
        return None
    path = Path(file)
    try:
        return path.resolve() if path.is_file() else None
    except OSError:
        return None


def common_root(paths: list[Path]) -> Path | None:
    """The folder holding all the images on the drive most of them are on (Windows: C:, D:)."""
    if not paths:
        return None
    anchor = Counter(path.anchor for path in paths).most_common(1)[0][0]
    parents = [path.parent for path in paths if path.anchor == anchor]
    root = parents[0]
    for parent in parents[1:]:
        while root != parent and root not in parent.parents:
            root = root.parent
    return root


def place_images(data: dict, issues, decodes: Callable[[Path, str], bool]) -> Path | None:
    """Give each figure of ``data`` its ``image`` (a path from the returned root) or, when none
    can be printed, its caption's plain-text form; ``decodes(root, image)`` tries Typst on one."""
    found = [(issue, figure) for issue, issue_data in zip(issues, data["issues"]) for figure in _figures(issue_data)]
    files = {id(figure): _usable(figure) for _, figure in found}
    root = common_root([path for path in files.values() if path is not None])
    for issue, figure in found:
        path = files[id(figure)]
        figure.pop("file", None)
        figure.pop("media_type", None)
        image = None
        if path is not None and root is not None and path.anchor == root.anchor:
            image = "/" + PurePath(path.relative_to(root)).as_posix()
            if not decodes(root, image):
                image = None
        figure["image"] = image
        if image is None:
            figure["pixels"] = None
            label = getattr(issue.labels, "figure", "〔图：{caption}〕")
            figure.update(plain_text(label.format(caption=figure["caption"]), data["style"]["cjk"]))
    return root
