"""Which face prints each role (小标宋, 仿宋, 黑体, 楷体, 宋体) on this machine.

Defaults are free faces only, because every face is embedded in the PDF and Founder's
licence forbids embedding its fonts without written permission. An office that owns
licensed faces points at them per role in the series' ``[fonts]`` table (``body_file =
"fonts/FZFangSong.ttf"``, or ``body = "FangSong"``, a family fontconfig knows), or per export
with ``-O font_body=/path/FZFangSong.ttf`` or ``-O font_body="FangSong"``, which win. Faces are found through fontconfig
(``fc-list``) where it exists, otherwise through the font folders Typst itself scans.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Role:
    key: str  # the -O font_<key>= option
    name: str  # the style GB/T 9704 asks for
    uses: str
    weight: str  # "Regular" or "Bold"
    free_faces: tuple[str, ...]  # families of free faces in this style, best first
    stand_ins: tuple[str, ...]  # families of another style used when none of the above exists


ROLES = (
    Role("title", "小标宋", "masthead, titles", "Bold",
         ("Noto Serif CJK SC", "Source Han Serif SC", "FandolSong"), ("Noto Sans CJK SC",)),
    Role("body", "仿宋", "body text, colophon, headings 1.（1）", "Regular",
         ("FandolFang", "Zhuque Fangsong (technical preview)", "Zhuque Fangsong"),
         ("Noto Serif CJK SC", "Source Han Serif SC", "FandolSong", "AR PL UKai CN")),
    Role("hei", "黑体", "column headings, headings 一、", "Regular",
         ("Noto Sans CJK SC", "Source Han Sans SC", "FandolHei", "WenQuanYi Zen Hei"), ("Noto Serif CJK SC",)),
    Role("kai", "楷体", "subtitles, headings （一）", "Regular",
         ("AR PL UKai CN", "FandolKai", "LXGW WenKai"), ("Noto Serif CJK SC", "FandolFang")),
    Role("song", "宋体", "page numbers", "Regular",
         ("Noto Serif CJK SC", "Source Han Serif SC", "FandolSong"), ("Noto Sans CJK SC",)),
)
ROLE_KEYS = tuple(f"font_{role.key}" for role in ROLES)
# Latin letters and digits: the CJK faces' own unless [fonts] latin or -O font_latin names a face.
LATIN = Role("latin", "Times New Roman", "Latin letters and digits", "Regular", (), ())


@dataclass(frozen=True)
class Face:
    families: tuple[str, ...]
    style: str
    file: str
    index: int = 0


@dataclass(frozen=True)
class Choice:
    role: Role
    face: Face | None
    how: str  # "free default", "-O font_body", "stand-in", "missing"

    @property
    def stands_in(self) -> bool:
        return self.how.endswith(("stand-in", "missing"))


class FontError(ValueError):
    """A -O font_… value that names no file or face on this machine."""


@lru_cache(maxsize=1)
def installed_faces() -> tuple[Face, ...]:
    """Every face on this machine: fontconfig's list, or Typst's own scan where there is no fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        listing = subprocess.run([fc_list, "--format", "%{family}\t%{style}\t%{file}\t%{index}\n"],
                                 capture_output=True, text=True, check=False).stdout
        faces = []
        for line in listing.splitlines():
            parts = line.split("\t")
            if len(parts) == 4:
                faces.append(Face(tuple(parts[0].split(",")), parts[1].split(",")[0], parts[2], int(parts[3] or 0)))
        if faces:
            return tuple(faces)
    import typst

    return tuple(Face((info.family,), info.style.title() if info.weight < 600 else "Bold", info.path or "", info.index)
                 for info in typst.Fonts(include_system_fonts=True, include_embedded_fonts=False).fonts() if info.path)


def find_face(family: str, weight: str = "Regular") -> Face | None:
    """The installed face of that family in the weight (Bold or Regular), else any face of it."""
    wanted = family.casefold()
    matches = [face for face in installed_faces() if wanted in (name.casefold() for name in face.families)]
    for face in matches:
        if _weight_of(face.style) == weight:
            return face
    return matches[0] if matches else None


def _weight_of(style: str) -> str:
    lowered = style.lower()
    return "Bold" if any(word in lowered for word in ("bold", "heavy", "black", "粗")) else "Regular"


# The series' [fonts] roles (bulletin_cli.model.fonts) that name a role of this plugin.
SERIES_ROLES = {"title": "title", "body": "body", "heading": "hei", "kai": "kai", "number": "song"}


def series_fonts(issue_fonts) -> dict[str, str]:
    """``Issue.fonts`` as this plugin's roles: the file where [fonts] gives one, else the family."""
    out = {}
    for role, font in issue_fonts or ():
        if role in SERIES_ROLES and (font.file or font.family):
            out[SERIES_ROLES[role]] = str(font.file) if font.file else font.family
    return out


def resolve(extra: dict[str, str] | None = None, series: dict[str, str] | None = None) -> dict[str, Choice]:
    """Each role's face: the -O file or family, else the series' [fonts], else the first free face installed.

    A family [fonts] names that is not installed here (方正小标宋简体 named for the DOCX) does
    not stop the export: the role takes the free default, and `fonts` reports it.
    """
    extra, series = extra or {}, series or {}
    chosen = {}
    for role in ROLES:
        option = extra.get(f"font_{role.key}", "").strip()
        if option:
            chosen[role.key] = Choice(role, _face_from_option(role, option), f"-O font_{role.key}")
            continue
        if series.get(role.key):
            try:
                chosen[role.key] = Choice(role, _face_from_option(role, series[role.key]), "[fonts]")
                continue
            except FontError:
                pass
        choice = Choice(role, None, "missing")
        for family in role.free_faces:
            face = find_face(family, role.weight)
            if face:
                choice = Choice(role, face, "free default")
                break
        else:
            for family in role.stand_ins:
                face = find_face(family, role.weight)
                if face:
                    choice = Choice(role, face, "stand-in")
                    break
        if series.get(role.key):
            choice = Choice(role, choice.face, f"[fonts] {series[role.key]} not installed; {choice.how}")
        chosen[role.key] = choice
    return chosen


def _face_from_option(role: Role, value: str) -> Face:
    path = Path(value).expanduser()
    if path.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
        if not path.is_file():
            raise FontError(f"-O font_{role.key}={value}: no such font file; give a .ttf/.otf/.ttc file or a family name")
        resolved = str(path.resolve())
        # In a collection (Noto's .ttc holds JP, KR, SC, TC, HK) take the Simplified Chinese face.
        in_file = [face for face in installed_faces() if str(Path(face.file).resolve()) == resolved]
        simplified = [face for face in in_file if any(name.endswith((" SC", "GB", "简体")) for name in face.families)]
        return (simplified or in_file or [Face((), "", resolved, 0)])[0]
    face = find_face(value, role.weight)
    if face is None:
        raise FontError(f"-O font_{role.key}={value}: no installed face of that family "
                        f"(`fc-list : family` lists them); give the family or a font file")
    return face


def report(extra: dict[str, str] | None = None, series: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Lines saying which face each role gets here, and warnings for roles in another style."""
    lines, warnings = [], []
    for key, choice in resolve(extra, series).items():
        role = choice.role
        if choice.face is None:
            lines.append(f"{role.name}  ({role.uses}): none")
            warnings.append(f"warning: no face for {role.name} ({role.key}); install one of "
                            f"{', '.join(role.free_faces)} or pass -O font_{role.key}=FILE")
            continue
        family = choice.face.families[0] if choice.face.families else Path(choice.face.file).stem
        lines.append(f"{role.name}  ({role.uses}): {family} {choice.face.style}".rstrip()
                     + f"  [{choice.how}]  {choice.face.file}")
        if choice.how.startswith("[fonts] ") and choice.how != "[fonts]":
            warnings.append(f"warning: {role.name}: {choice.how.split(';')[0]} (a name for Word?); the PDF "
                            f"uses {family}; give the font file in [fonts] to embed that face")
        if choice.how.endswith("stand-in"):
            warnings.append(f"warning: {role.name} falls back to {family}, a face of another style; install "
                            f"{' or '.join(role.free_faces[:2])}, or pass -O font_{role.key}=FILE")
    return lines, warnings
