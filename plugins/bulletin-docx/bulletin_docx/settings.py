"""What a DOCX export can be told: fonts, the red, a unit's reference file, compilation numbering.

Fonts come from the series' ``[fonts]`` table (``issue.fonts``: its family names; font
files are for exporters that embed faces), then from ``-O`` options
(``-O body_font=仿宋_GB2312``), which win. Nothing here imports python-docx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

try:  # where the exporter types live after the core's move into layers
    from bulletin_cli.formats.exporter import OptionError
except ImportError:  # pragma: no cover - before it
    from bulletin_cli.exporters.base import OptionError


@dataclass(frozen=True)
class Fonts:
    """Face names written into the file (East Asian faces through ``w:eastAsia``).

    The defaults are the names Windows and WPS install (GB/T 9704: body 仿宋, titles
    小标宋, level-1 headings 黑体, level-2 楷体); an office that has 仿宋_GB2312 or a
    licensed 方正小标宋 names it here. Names are written, never embedded.
    """

    body: str = "仿宋"
    title: str = "方正小标宋简体"
    masthead: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体"
    column: str = "黑体"
    note: str = "楷体"  # subtitles, bylines, 编者按 text
    page_number: str = "宋体"
    latin: str = "Times New Roman"  # Latin letters and digits everywhere


FONT_ROLES = tuple(f.name for f in fields(Fonts))
NUMBERING = ("restart", "continue")
_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")
OPTION_NAMES = tuple(f"{role}_font" for role in FONT_ROLES) + ("red", "reference", "page_numbers", "contents")


@dataclass(frozen=True)
class Settings:
    fonts: Fonts = Fonts()
    red: str = "FF0000"  # GB/T 9704 says only 红色; offices print pure red
    reference: Path | None = None
    page_numbers: str = "restart"  # compilations: each issue from 1, or running on
    contents: bool = True  # compilations: a contents page first


# The series' [fonts] roles (bulletin_cli.model.fonts) and the parts of the file each names.
SERIES_ROLES = {
    "body": ("body",), "title": ("title", "masthead"), "masthead": ("masthead",),
    "heading": ("heading1", "column"), "kai": ("heading2", "note"), "number": ("page_number",),
    "latin": ("latin",),
}


def _fonts(issue, extra: Mapping[str, str]) -> Fonts:
    chosen: dict[str, str] = {}
    series_fonts = dict(getattr(issue, "fonts", None) or ())
    for role in SERIES_ROLES:  # in this order, so that `masthead` wins over `title` for the masthead
        font = series_fonts.get(role)
        family = getattr(font, "family", "") if font is not None else ""
        if family:  # a role given only as a file names nothing Word could use: keep the default
            chosen.update({part: family for part in SERIES_ROLES[role]})
    for role in FONT_ROLES:
        value = extra.get(f"{role}_font")
        if value is not None:
            if not value.strip():
                raise OptionError(f"-O {role}_font= is empty: give a font name, e.g. -O {role}_font=仿宋_GB2312")
            chosen[role] = value.strip()
    return replace(Fonts(), **chosen)


def settings_for(issue, extra: Mapping[str, str]) -> Settings:
    """The settings for an export, checking every ``-O`` value; a bad one is an OptionError."""
    unknown = sorted(set(extra) - set(OPTION_NAMES))
    if unknown:
        raise OptionError(f"-O {unknown[0]}: not a docx option; the docx options are {', '.join(OPTION_NAMES)}")
    red = extra.get("red", Settings.red).lstrip("#")
    if not _COLOUR.fullmatch(red):
        raise OptionError(f"-O red={extra['red']}: give the colour as six hex digits, e.g. -O red=FF0000")
    reference = None
    if extra.get("reference"):
        reference = Path(extra["reference"])
        if not reference.is_file():
            raise OptionError(f"-O reference={reference}: no such file; give a .docx made in Word or WPS")
        if reference.suffix.lower() != ".docx":
            raise OptionError(f"-O reference={reference}: not a .docx file (a .dotx or .doc? save it as .docx)")
    numbering = extra.get("page_numbers", Settings.page_numbers)
    if numbering not in NUMBERING:
        raise OptionError(f"-O page_numbers={numbering}: choose {' or '.join(NUMBERING)}")
    contents = extra.get("contents", "yes")
    if contents not in ("yes", "no"):
        raise OptionError(f"-O contents={contents}: choose yes or no")
    return Settings(fonts=_fonts(issue, extra), red=red.upper(), reference=reference, page_numbers=numbering,
                    contents=contents == "yes")


__all__ = ["Fonts", "Settings", "FONT_ROLES", "OPTION_NAMES", "settings_for"]
