"""Font roles: which face prints each part of a bulletin, as a series' ``[fonts]`` table names it.

GB/T 9704-2012 names styles, not fonts: titles in 小标宋, the text in 仿宋, headings in 黑体
and 楷体, Latin letters and digits in a Roman face. A series says which installed family
(and, for exporters that embed faces, which file) stands for each style. Exporters read
``Issue.fonts``; what a role falls back to when it is not set is each exporter's choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FontRole:
    key: str  # the key in [fonts]
    style: str  # the style GB/T 9704 asks for
    uses: str  # what it prints


FONT_ROLES = (
    FontRole("title", "小标宋", "article titles (and the masthead unless `masthead` is set)"),
    FontRole("masthead", "小标宋", "the bulletin's name at the top of the first page"),
    FontRole("body", "仿宋", "the text, the colophon, headings 1. and （1）"),
    FontRole("heading", "黑体", "column headings 〔栏目〕 and headings 一、"),
    FontRole("kai", "楷体", "subtitles, bylines, editor's notes, headings （一）"),
    FontRole("number", "宋体", "page numbers — 1 —"),
    FontRole("latin", "Times New Roman", "Latin letters and digits in every role"),
)
FONT_ROLE_KEYS = tuple(role.key for role in FONT_ROLES)
FILE_SUFFIX = "_file"  # title_file = "fonts/FZXBSJW.TTF" beside title = "方正小标宋简体"


@dataclass(frozen=True)
class Font:
    """One role's face: the family name, and the font file when the series gives one."""

    family: str = ""
    file: Path | None = None  # resolved, checked to exist inside the series folder
    written: str = ""  # the file as written in [fonts], for messages


def font_for(fonts: tuple[tuple[str, Font], ...], role: str) -> Font | None:
    """The role's font from ``Issue.fonts``; ``masthead`` falls back to ``title``."""
    table = dict(fonts)
    if role in table:
        return table[role]
    return table.get("title") if role == "masthead" else None
