"""A PDF bulletin read as what its pages show: characters with their face, size, colour and place.

pdfplumber (MIT, on pdfminer.six) gives every character with its font name, size, colour and
position, and the page's lines and rectangles; this module turns them into visual lines
(``VisualLine``) with what the recogniser can use: the face (黑体 / 楷体 / 仿宋 / 宋体, bold),
the size against the body's, red, where the line starts and ends against the text block, and
the rules. ``pdf_layout`` then builds paragraphs from them. pdfplumber is the optional extra
``bulletin-cli[import]``, imported only when a PDF is read.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bulletin_cli.formats.plaintext.docx import MissingExtra

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


@dataclass
class Rule:
    page: int
    top: float
    red: bool


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[VisualLine]
    rules: list[Rule]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*")


def _line_text(chars: list[dict], size: float, sans_is_bold: bool) -> tuple[str, str, bool]:
    """(text with **…** around bold runs, plain text, every character bold)."""
    strong_flags = [is_bold_font(c.get("fontname", ""), sans_is_bold) for c in chars]
    all_bold = all(strong_flags)
    marked: list[str] = []
    plain: list[str] = []
    strong = False
    previous = None
    for char, bold in zip(chars, strong_flags):
        text = char["text"]
        space = False
        if previous is not None:
            gap = char["x0"] - previous["x1"]
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
            for n, found in enumerate(page.extract_text_lines(return_chars=True, strip=True), 1):
                chars = _dedupe([dict(c, text=_clean(c["text"])) for c in found["chars"] if _clean(c["text"]).strip()])
                if chars:
                    found_lines[-1].append((n, chars))
            rules = []
            for edge in list(page.lines) + [r for r in page.rects if r["bottom"] - r["top"] <= 3]:
                if edge["x1"] - edge["x0"] >= page.width * 0.45:
                    colour = edge.get("stroking_color") if edge.get("stroke", True) else edge.get("non_stroking_color")
                    rules.append(Rule(number, edge["top"], _is_red(colour) or _is_red(edge.get("non_stroking_color"))))
            pages.append(Page(number, float(page.width), float(page.height), [], rules))
    faces = Counter(face_of(c.get("fontname", "")) for lines in found_lines for _, chars in lines for c in chars)
    sans_is_bold = not faces or faces.most_common(1)[0][0] != "hei"  # a sans body: only Bold fonts are bold
    for page, lines in zip(pages, found_lines):
        number = page.number
        for n, chars in lines:
            sizes = Counter(round(c["size"], 1) for c in chars)
            size = sizes.most_common(1)[0][0]
            fonts = Counter(c.get("fontname", "") for c in chars)
            font = fonts.most_common(1)[0][0]
            text, plain, bold = _line_text(chars, size, sans_is_bold)
            red = sum(_is_red(c.get("non_stroking_color")) for c in chars) * 2 > len(chars)
            page.lines.append(VisualLine(number, n, chars[0]["top"], chars[0]["x0"], max(c["x1"] for c in chars),
                                         size, text.strip(), plain.strip(), face_of(font), bold, red))
    return pages
