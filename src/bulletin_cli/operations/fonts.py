"""Which face each font role gets on this machine, asked of fontconfig (``fc-match``, ``fc-list``).

Word, WPS, LibreOffice and browsers ask for a family by name (the DOCX names 仿宋; the HTML
print names it in font-family). When the family is not installed, fontconfig silently hands
out another face, often of another style: on a stock Linux machine 仿宋 comes out as a 黑体
(Noto Sans CJK), which is the mistake GB/T 9704 readers see first. This module asks
fontconfig what each role of the series' ``[fonts]`` (or the GB/T 9704 default) resolves to,
names the style of that face from its family names, and warns when the style differs.
Without fontconfig (Windows, macOS without it) it says so instead of guessing.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from bulletin_cli.model.fonts import FONT_ROLES, Font, font_for

# What an office's Word asks for when [fonts] names nothing (the DOCX plugin's defaults).
DEFAULT_FAMILIES = {
    "title": "方正小标宋简体", "masthead": "方正小标宋简体", "body": "仿宋", "heading": "黑体",
    "kai": "楷体", "number": "宋体", "latin": "Times New Roman",
}

# Words in a family's names (any language fontconfig lists) that say its style. Checked in
# this order: 小标宋 and 仿宋 before 宋体 (仿宋 holds 宋, FangSong holds Song).
STYLE_WORDS = (
    ("小标宋", ("小标宋", "标宋", "xiaobiaosong", "biaosong", "xbs")),
    ("仿宋", ("仿宋", "fangsong", "fang song", "fandolfang")),
    ("楷体", ("楷", "kai")),
    ("黑体", ("黑", "hei", "sans", "gothic", "yahei")),
    ("宋体", ("宋", "song", "serif", "ming", "mincho")),
)
LATIN_WORDS = ("times", "termes", "tinos", "liberation serif", "nimbus roman", "roman")
# A style close enough to stand for the role without a warning: 小标宋 is a bold 宋体 for display.
NEAR = {"title": ("宋体",), "masthead": ("宋体",), "number": ("小标宋", "仿宋")}
TIMEOUT = 20  # seconds for one fontconfig call; a first run may build its cache


@dataclass
class Face:
    family: str
    style: str
    file: str
    chinese: bool  # covers zh-cn


@dataclass
class RoleReport:
    role: str
    style: str  # the style GB/T 9704 asks for
    uses: str
    family: str  # the family asked for
    file: str  # the [fonts] file, if any
    source: str  # "[fonts]" or "default"
    face: Face | None = None  # what this machine gives
    face_style: str | None = None  # the style of that face, when its names tell
    status: str = "unknown"  # ok, near, fallback, missing, unknown
    warning: str | None = None


@dataclass
class FontsReport:
    fontconfig: bool
    roles: list[RoleReport] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [role.warning for role in self.roles if role.warning]

    def as_json(self) -> dict:
        return {"fontconfig": self.fontconfig, "roles": [asdict(role) for role in self.roles],
                "warnings": self.warnings}


def style_of(names: str, role: str = "") -> str | None:
    """The style a family's names say (仿宋, 楷体, …), or None when they say none."""
    lowered = names.casefold()
    if role == "latin":
        if any(word in lowered for word in LATIN_WORDS):
            return "Times New Roman"
        return "serif" if "serif" in lowered else ("sans" if "sans" in lowered else None)
    for style, words in STYLE_WORDS:
        if any(word in lowered for word in words):
            return style
    return None


def _fontconfig(tool: str, *args: str) -> str | None:
    command = shutil.which(tool)
    if command is None:
        return None
    try:
        done = subprocess.run([command, *args], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


_FORMAT = "%{family}\t%{style}\t%{file}\t%{lang}\n"


def _face(line: str) -> Face | None:
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4 or not parts[0]:
        return None
    return Face(parts[0], parts[1].split(",")[0], parts[2], "zh-cn" in parts[3].split("|"))


def match(family: str, role: str) -> Face | None:
    """The face fontconfig gives for the family (for Chinese roles, asked with lang=zh-cn)."""
    pattern = family if role == "latin" else f"{family}:lang=zh-cn"
    output = _fontconfig("fc-match", "--format", _FORMAT, pattern)
    return _face(output.splitlines()[0]) if output and output.strip() else None


def scan(file: Path) -> Face | None:
    """The face in a font file, as fontconfig reads it."""
    output = _fontconfig("fc-scan", "--format", _FORMAT, str(file))
    return _face(output.splitlines()[0]) if output and output.strip() else None


def installed_of_style(style: str) -> list[str]:
    """Families installed here whose names say the style (to suggest naming one in [fonts])."""
    output = _chinese_families()
    families = {line.split(",")[0].strip() for line in output.splitlines() if line.strip()}
    simplified_first = sorted(families, key=lambda name: (not name.endswith((" SC", " CN", "GB", "简体")), name))
    return [family for family in simplified_first if style_of(family) == style]


@lru_cache(maxsize=1)
def _chinese_families() -> str:
    return _fontconfig("fc-list", ":lang=zh-cn", "family") or ""


def _judge(report: RoleReport) -> None:
    face = report.face
    wanted = report.style
    if face is None:
        report.status = "missing"
        report.warning = f"{report.role} ({wanted}): fontconfig finds no face for {report.family}"
        return
    names = face.family
    asked = report.family.casefold() in (name.strip().casefold() for name in names.split(","))
    report.face_style = style_of(names, report.role)
    first = names.split(",")[0]
    if report.role != "latin" and not face.chinese:
        report.status = "missing"
        report.warning = (f"{report.role} ({wanted}): {report.family} comes out as {first}, which has no Chinese "
                          f"characters; install a {wanted} face or name one in [fonts]")
    elif report.face_style == wanted or (asked and report.face_style is None):
        report.status = "ok"
    elif report.face_style in NEAR.get(report.role, ()) or (report.role == "latin" and report.face_style == "serif"):
        report.status = "near"
    elif report.face_style is None:
        report.status = "unknown"  # a name that says no style (方正书宋 says 宋; "Foo SC" says nothing)
    else:
        report.status = "fallback"
        instead = "" if asked else f"{report.family} is not installed, so "
        report.warning = (f"{report.role} ({wanted}): {instead}{first} stands in, a {report.face_style} face, "
                          f"not a {wanted}")


def _suggest(report: RoleReport) -> None:
    if report.status not in ("fallback", "missing") or report.role == "latin":
        return
    here = [family for style in (report.style, *NEAR.get(report.role, ())) for family in installed_of_style(style)
            if family.casefold() != report.family.casefold()]
    if here:
        report.warning += f"; {here[0]} is installed: name it, [fonts] {report.role} = \"{here[0]}\""
    else:
        report.warning += f"; install a {report.style} face or give its file: [fonts] {report.role}_file = \"…\""


def fonts_report(fonts: tuple[tuple[str, Font], ...] = ()) -> FontsReport:
    """Each role's family (from ``Issue.fonts`` or the default) and the face this machine gives it."""
    available = shutil.which("fc-match") is not None
    report = FontsReport(fontconfig=available)
    for role in FONT_ROLES:
        font = font_for(fonts, role.key)
        family = (font.family if font else "") or DEFAULT_FAMILIES[role.key]
        file = str(font.file) if font and font.file else ""
        entry = RoleReport(role.key, role.style, role.uses, family, file,
                           "[fonts]" if font and (font.family or font.file) else "default")
        if available:
            entry.face = scan(Path(file)) if file else match(family, role.key)
            _judge(entry)
            _suggest(entry)
        report.roles.append(entry)
    title, masthead = report.roles[0], report.roles[1]
    if (masthead.family, masthead.file) == (title.family, title.file):
        masthead.warning = None  # the same face as the titles: said once
    return report


def _width(text: str) -> int:
    """Columns in a terminal: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_text(report: FontsReport) -> str:
    lines = []
    if not report.fontconfig:
        lines.append("fontconfig (fc-match) is not on this machine (as on Windows and most Macs), so which face "
                     "each role gets cannot be told here; the families asked for:")
    width = max(_width(role.file or role.family) for role in report.roles) + 2
    for role in report.roles:
        asked = role.file or role.family
        line = f"{role.role:<9}{role.style}{' ' * (16 - _width(role.style))}{asked}{' ' * (width - _width(asked))}"
        if role.face is not None:
            face = f"{role.face.family.split(',')[0]} {role.face.style}".strip()
            line += f"→ {face}  [{role.status}]  {role.face.file}"
        elif report.fontconfig:
            line += "→ none  [missing]"
        lines.append(line.rstrip() + ("" if role.source == "default" else "  ([fonts])"))
    return "\n".join(lines) + "\n"  # the warnings go to stderr, one a line


def fonts_of(path: Path | None, reporter) -> tuple[tuple[str, Font], ...] | None:
    """``[fonts]`` of an issue (merged with its series) or of a folder's series.toml; None if unreadable.

    Problems (an unknown role, a missing file) are reported as `bulletin validate` reports them.
    """
    from bulletin_cli.formats.toml.loader import SERIES_FILE, Loader, find_series_file
    from bulletin_cli.formats.toml.resources import load_fonts

    if path is None:
        return ()
    loader = Loader(reporter)
    if path.is_dir():
        series_file = path / SERIES_FILE
        if not series_file.is_file():
            return ()
        series = loader.load_series(series_file)
        if series is None:
            return None
        return load_fonts(series.data.get("fonts"), series.path, None, series.path, series.folder, reporter)
    if path.name == SERIES_FILE:
        return fonts_of(path.parent, reporter)
    loaded = loader.load_issue(path)
    if loaded.issue is not None:
        return loaded.issue.fonts
    series_file = find_series_file(path)
    return fonts_of(series_file.parent, reporter) if series_file else None
