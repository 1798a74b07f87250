"""A PDF bulletin read as what its pages show: characters with their face, size, colour and place.

pdfplumber (MIT, on pdfminer.six) gives every character with its font name, size, colour and
position, and the page's lines and rectangles; this module turns them into visual lines
(``VisualLine``) with what the recogniser can use: the face (黑体 / 楷体 / 仿宋 / 宋体, bold),
the size against the body's, red, where the line starts and ends against the text block, and
the rules. ``pdf_layout`` then builds paragraphs from them. A digit or circled number printed
small and raised (a footnote reference) is kept between ``SUPER_OPEN`` and ``SUPER_CLOSE``; the
page's short rules (``Page.edges``) and small drawn shapes (``Page.dots``: a browser's list
bullets) are kept for the table and list readers. pdfplumber is the optional extra
``bulletin-cli[import]``, imported only when a PDF is read; the objects are read from its
pdfminer layout by ``pdf_objects``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.formats.plaintext.docx import MissingExtra
from bulletin_cli.formats.plaintext.pdf_objects import page_objects, text_lines

_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demibold|medium|zhongsong", re.I)


def face_of(font: str) -> str:
    """The face class a font name stands for: hei (黑体, sans), kai (楷体), fang (仿宋), song (宋体, serif)."""
    name = font.split("+", 1)[-1].lower()
    if "kai" in name or "楷" in name:
        return "kai"
    if "fang" in name or "仿" in name:
        return "fang"
    if "hei" in name or "黑" in name or "sans" in name or "gothic" in name or "arial" in name or "helvet" in name:
        return "hei"
    return "song"  # 宋体, 小标宋 (xbs, biaosong), serif Latin faces


def is_bold_font(font: str, sans_is_bold: bool = True) -> bool:
    """A face that prints as bold: a Bold/Heavy/Medium font, or 黑体 inside 仿宋 or serif text (the
    Chinese bold; ``sans_is_bold`` is False when the body itself is set in a sans face)."""
    return bool(_BOLD_NAME.search(font.split("+", 1)[-1])) or sans_is_bold and face_of(font) == "hei"


def _is_red(colour) -> bool:
    if not isinstance(colour, (tuple, list)) or not all(isinstance(v, (int, float)) for v in colour):
        return False
    if len(colour) == 3:
        r, g, b = colour
        return r > 0.5 and g < 0.35 and b < 0.35
    if len(colour) == 4:
        c, m, y, k = colour
        return m > 0.5 and y > 0.5 and c < 0.3 and k < 0.3
    return False


@dataclass
class VisualLine:
    """One printed line: its text (bold runs as ``**…**`` when ``marked``) and what the page shows of it."""

    page: int  # 1-based
    number: int  # 1-based line on its page
    top: float
    x0: float
    x1: float
    size: float
    text: str
    plain: str
    face: str
    bold: bool  # every character in a bold face
    red: bool
    chars: list = field(default_factory=list, repr=False)  # pdfplumber's characters, each with "bold"


@dataclass
class Rule:
    page: int
    top: float
    red: bool


@dataclass(frozen=True)
class Edge:
    """A drawn line or the long side of a thin rectangle: horizontal when ``top == bottom``."""

    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[VisualLine]
    rules: list[Rule]
    edges: list[Edge] = field(default_factory=list)  # every rule drawn, short ones and table rules too
    dots: list[Edge] = field(default_factory=list)  # small drawn shapes: a browser's list bullets


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


# A footnote reference printed raised and small (①, ¹, 1) comes out between these two marks;
# ``pdf_notes`` makes it ``[^1]`` where the note's text is found, or gives the digits back.
SUPER_OPEN, SUPER_CLOSE = "\ue000", "\ue001"
_REFERENCE_CHAR = re.compile(r"[0-9①-⑳]")


def _raised(chars: list[dict], size: float) -> list[bool]:
    """Which characters are a superscript: a digit or circled number set smaller than the line and
    with its foot above the line's baseline."""
    full = [c["bottom"] for c in chars if c["size"] >= 0.85 * size]
    if not full:
        return [False] * len(chars)
    baseline = sorted(full)[len(full) // 2]
    return [c.get("raised", False) or c["size"] < 0.9 * size and baseline - c["bottom"] > 0.2 * size
            and bool(_REFERENCE_CHAR.match(c["text"])) for c in chars]


def _with_raised(lines: list[list[dict]]) -> list[list[dict]]:
    """A superscript set high enough comes out as a line of its own: it goes back into the line it
    is raised above (the next one, overlapping it)."""
    out: list[list[dict]] = []
    for index, chars in enumerate(lines):
        below = lines[index + 1] if index + 1 < len(lines) else None
        if below and len(chars) <= 3 and all(_REFERENCE_CHAR.match(c["text"]) for c in chars):
            size = max(c["size"] for c in below)
            raised = 0 < below[0]["top"] - chars[0]["top"] < 0.6 * size
            small = max(c["size"] for c in chars) < 0.9 * size
            inside = below[0]["x0"] - 1.5 * size <= chars[0]["x0"] <= max(c["x1"] for c in below) + size
            # a note's number in front of its text, raised but set larger (LibreOffice's footnotes)
            leading = chars[-1]["x1"] <= below[0]["x0"] + 1 and below[0]["x0"] - chars[-1]["x1"] < 1.5 * size
            if raised and (small and inside or leading):
                for char in chars:
                    char["raised"] = True
                below[:] = sorted(below + chars, key=lambda c: c["x0"])
                continue
        out.append(chars)
    return out


def _justification(chars: list[dict], size: float) -> float:
    """The space a justified line added between every two characters (0 for most lines): when a
    long word cannot be broken, Typst and Word spread the line's Chinese characters apart, and
    that even spacing is no word space."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]) if not a["text"].isascii() and not b["text"].isascii()]
    if len(gaps) < 4:
        return 0.0
    gaps.sort()
    middle = gaps[len(gaps) // 2]
    even = sum(abs(g - middle) < 0.05 * size for g in gaps) >= 0.75 * len(gaps)
    return middle if even and middle > 0.1 * size else 0.0


def line_text(chars: list[dict], size: float, keep_all_bold: bool = False) -> tuple[str, str, bool]:
    """(text with **…** around bold runs, plain text, every character bold) of characters read by
    ``read_pages`` (each has "bold"). ``keep_all_bold``: a text bold throughout is marked too."""
    strong_flags = [c.get("bold", False) for c in chars]
    raised = _raised(chars, size)
    all_bold = all(strong_flags) and not keep_all_bold
    marked: list[str] = []
    plain: list[str] = []
    strong = False
    previous = None
    stretch = _justification(chars, size)
    for index, (char, bold) in enumerate(zip(chars, strong_flags)):
        text = char["text"]
        if raised[index]:
            text = (SUPER_OPEN if not index or not raised[index - 1] else "") + text + (
                SUPER_CLOSE if index + 1 == len(chars) or not raised[index + 1] else "")
        space = False
        if previous is not None and not raised[index] and not raised[index - 1]:
            gap = char["x0"] - previous["x1"] - stretch
            ascii_side = previous["text"][-1:].isascii() or text[:1].isascii()
            if gap > 2.5 * size:
                space = "wide"
            elif gap > size * (0.1 if ascii_side else 0.25):  # a headline space is 1/3 em
                space = True
        gap_text = "    " if space == "wide" else " " if space else ""
        bold = bold and not all_bold
        if bold != strong and not bold:  # close before the space
            marked.append("**")
            strong = False
        marked.append(gap_text)
        plain.append(gap_text)
        if bold != strong:
            marked.append("**")
            strong = bold
        marked.append(_escape(text))
        plain.append(text)
        previous = char
    if strong:
        marked.append("**")
    return "".join(marked), "".join(plain), all_bold


# Browsers' PDFs map some ideographs to the look-alike Kangxi radicals (⽂ U+2F42 for 文); NFKC
# folds those to the ideographs, and only those are folded (full-width punctuation stays).
_RADICALS = re.compile("[\u2e80-\u2fdf]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


_SUPPLEMENT = dict(zip("⻘⻓⻔⻢⻅⻋⻜⻚⻛⻉⻄⻥⻦⻨⻩⻬⻮⻳⻰⻆⻝⻙⻤", "青长门马见车飞页风贝西鱼鸟麦黄齐齿龟龙角食韦鬼"))


def _clean(text: str) -> str:
    # the Radicals Supplement has no NFKC forms: the simplified ones a browser uses are mapped here
    text = _RADICALS.sub(lambda m: _SUPPLEMENT.get(m.group(0)) or unicodedata.normalize("NFKC", m.group(0)), text)
    return _CONTROL.sub(" ", text)


def _dedupe(chars: list[dict]) -> list[dict]:
    """Some PDF writers emit a ligature's character once per letter it stands for, at one place."""
    out: list[dict] = []
    for char in chars:
        if out and char["text"] == out[-1]["text"] and abs(char["x0"] - out[-1]["x0"]) < 0.01 \
                and abs(char["top"] - out[-1]["top"]) < 0.01:
            continue
        out.append(char)
    return out


def read_pages(path: Path) -> list[Page]:
    try:
        import pdfplumber
    except ImportError:
        raise MissingExtra("reading .pdf needs pdfplumber: pip install 'bulletin-cli[import]'") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns of every font without a bounding box
    pages: list[Page] = []
    found_lines: list[list[tuple[int, list[dict]]]] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            found_lines.append([])
            drawn = page_objects(page)  # once a page: pdfplumber's own dicts and text map cost a third of the time
            extracted = [[dict(c, text=_clean(c["text"])) for c in line if _clean(c["text"]).strip()]
                         for line in text_lines(drawn.chars)]
            for n, chars in enumerate(_with_raised([chars for chars in extracted if chars]), 1):
                chars = _dedupe(chars)
                if chars:
                    found_lines[-1].append((n, chars))
            rules, edges = [], []
            for edge in drawn.lines + [r for r in drawn.rects if min(r["bottom"] - r["top"], r["x1"] - r["x0"]) <= 3]:
                thin_horizontal = edge["bottom"] - edge["top"] <= 3
                if thin_horizontal and edge["x1"] - edge["x0"] >= page.width * 0.45:
                    colour = edge.get("stroking_color") if edge.get("stroke", True) else edge.get("non_stroking_color")
                    rules.append(Rule(number, edge["top"], _is_red(colour) or _is_red(edge.get("non_stroking_color"))))
                if thin_horizontal:
                    middle = (edge["top"] + edge["bottom"]) / 2
                    edges.append(Edge(edge["x0"], edge["x1"], middle, middle))
                else:
                    middle = (edge["x0"] + edge["x1"]) / 2
                    edges.append(Edge(middle, middle, edge["top"], edge["bottom"]))
            dots = [Edge(d["x0"], d["x1"], d["top"], d["bottom"]) for d in drawn.curves + drawn.rects
                    if 1 < d["x1"] - d["x0"] <= 10 and 1 < d["bottom"] - d["top"] <= 10
                    and 0.6 < (d["x1"] - d["x0"]) / (d["bottom"] - d["top"]) < 1.6]
            pages.append(Page(number, float(page.width), float(page.height), [], rules, edges, dots))
    faces = Counter(face_of(c.get("fontname", "")) for lines in found_lines for _, chars in lines for c in chars)
    sans_is_bold = not faces or faces.most_common(1)[0][0] != "hei"  # a sans body: only Bold fonts are bold
    for page, lines in zip(pages, found_lines):
        number = page.number
        for n, chars in lines:
            for char in chars:
                char["bold"] = is_bold_font(char.get("fontname", ""), sans_is_bold)
            sizes = Counter(round(c["size"], 1) for c in chars)
            size = sizes.most_common(1)[0][0]
            fonts = Counter(c.get("fontname", "") for c in chars)
            font = fonts.most_common(1)[0][0]
            text, plain, bold = line_text(chars, size)
            red = sum(_is_red(c.get("non_stroking_color")) for c in chars) * 2 > len(chars)
            page.lines.append(VisualLine(number, n, chars[0]["top"], chars[0]["x0"], max(c["x1"] for c in chars),
                                         size, text.strip(), plain.strip(), face_of(font), bold, red, chars))
    return pages
