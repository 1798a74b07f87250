"""Small WordprocessingML builders for what python-docx has no API for.

Fields (PAGE, PAGEREF), paragraph and table borders, the document grid, East Asian fonts
without theme attributes, frames and floating tables. Every element is built with
``make`` (never from strings) and children go in the order the schema requires, which Word
enforces and python-docx only knows for the elements it models.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# Child order of w:pPr, w:rPr and w:sectPr (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28, 17.6.17).
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath").split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
    "sectPrChange").split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription").split()
TCPR_ORDER = "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark".split()
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
PARAGRAPH_BORDER_SIDES = ("top", "left", "bottom", "right", "between", "bar")
THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")

MM_PER_INCH = 25.4
TWIPS_PER_INCH = 1440


def twips(mm: float) -> int:
    """Millimetres as twentieths of a point (the unit of page geometry)."""
    return round(mm / MM_PER_INCH * TWIPS_PER_INCH)


def eighths_of_a_point(mm: float) -> int:
    """A rule's thickness in millimetres as w:sz (eighths of a point): 0.35 mm -> 8, 0.25 mm -> 6."""
    return round(mm / MM_PER_INCH * 72 * 8)


W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_MAP = {"w": W_NAMESPACE}


def make(tag: str, *children, **attributes):
    """An element ``w:tag`` (or ``prefix:tag``) with ``w:`` attributes and children.

    Plain lxml elements (python-docx's element classes cost a third of the render time);
    python-docx reads them back as its own when a file is opened.
    """
    if ":" in tag:
        element = OxmlElement(tag)
    else:
        element = etree.Element(f"{{{W_NAMESPACE}}}{tag}", nsmap=_W_MAP)
    for name, value in attributes.items():
        if value is not None:
            element.set(qn(name if ":" in name else f"w:{name}"), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def local_name(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def put(parent, child, order: tuple[str, ...] | list[str]):
    """Insert ``child`` into ``parent`` at its schema position, replacing an element of the same name."""
    name = local_name(child)
    for existing in parent.findall(qn(f"w:{name}")):
        if name not in ("headerReference", "footerReference"):
            parent.remove(existing)
    rank = order.index(name)
    for index, sibling in enumerate(parent):
        sibling_name = local_name(sibling)
        if sibling_name in order and order.index(sibling_name) > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def child(parent, tag: str, order: tuple[str, ...] | list[str]):
    """The ``w:tag`` child of ``parent``, created in schema order when missing."""
    found = parent.find(qn(f"w:{tag}"))
    return found if found is not None else put(parent, make(tag), order)


# -- fonts ----------------------------------------------------------------------------------

def fonts(east_asian: str, latin: str, hint_east_asia: bool = False):
    """``w:rFonts``: Latin and digits in ``latin``, Chinese in ``east_asian``, no theme fonts.

    ``hint_east_asia`` makes Word and WPS set the characters both scripts share (“”‘’—…)
    in the East Asian face, where they are full width, instead of the Latin one.
    """
    return make("rFonts", ascii=latin, hAnsi=latin, cs=latin, eastAsia=east_asian,
                hint="eastAsia" if hint_east_asia else None)


def strip_theme_fonts(root, only_where_named: bool = False) -> int:
    """Remove theme font attributes (they beat explicit names: East Asian text fell back to
    MS Mincho); with ``only_where_named``, only those shadowing an explicit name. Returns how many."""
    removed = 0
    for element in root.iter(qn("w:rFonts")):
        for attribute in THEME_FONT_ATTRIBUTES:
            key = qn(f"w:{attribute}")
            if key not in element.attrib:
                continue
            named = element.get(qn("w:" + attribute.replace("Theme", "").replace("cstheme", "cs")))
            if only_where_named and not named:
                continue
            del element.attrib[key]
            removed += 1
    return removed


# -- borders --------------------------------------------------------------------------------

def border(side: str, size: int, color: str = "000000", space: int = 0, style: str = "single"):
    return make(side, val=style, sz=size, space=space, color=color)


def paragraph_borders(**sides):
    """``w:pBdr`` with the given sides (``top=(size, color, space)``), in schema order."""
    return make("pBdr", *[border(side, *sides[side]) for side in PARAGRAPH_BORDER_SIDES if side in sides])


def table_borders(tag: str = "tblBorders", **sides):
    """``w:tblBorders`` / ``w:tcBorders``: ``side=(size, color)`` or ``side=None`` for no line."""
    out = []
    for side in BORDER_SIDES:
        if side not in sides:
            continue
        value = sides[side]
        out.append(make(side, val="nil") if value is None else border(side, value[0], value[1]))
    return make(tag, *out)


# -- fields ---------------------------------------------------------------------------------

def field_runs(instruction: str, cached: str, run_properties=None) -> list:
    """A complex field (``PAGE``, ``PAGEREF _x \\h``): begin, instruction, separate, cached result, end.

    python-docx has no field API; Word, WPS and LibreOffice recompute the result when they lay out.
    """
    import copy

    def run(*content):
        properties = copy.deepcopy(run_properties) if run_properties is not None else None
        return make("r", properties, *content)

    text = make("t")
    text.text = cached
    instr = make("instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [run(make("fldChar", fldCharType="begin")), run(instr), run(make("fldChar", fldCharType="separate")),
            run(text), run(make("fldChar", fldCharType="end"))]


def text_run(text: str, run_properties=None):
    """A run holding ``text``; tabs and line breaks become w:tab and w:br."""
    out = make("r", run_properties)
    for index, line in enumerate(text.split("\n")):
        if index:
            out.append(make("br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                out.append(make("tab"))
            if part:
                element = make("t")
                element.text = part
                if part != part.strip():
                    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                out.append(element)
    return out


def bookmark(paragraph, name: str, identifier: int) -> None:
    """Wrap the paragraph's content in a bookmark (a PAGEREF target)."""
    start = make("bookmarkStart", id=identifier, name=name)
    properties = paragraph.find(qn("w:pPr"))
    paragraph.insert(1 if properties is not None else 0, start)
    paragraph.append(make("bookmarkEnd", id=identifier))


# -- page geometry --------------------------------------------------------------------------

def document_grid(line_pitch: int, char_space: int):
    """``w:docGrid`` type linesAndChars: lines snap to ``line_pitch`` twips, characters to the
    grid pitch given by ``char_space`` (4096ths of a point added to the default font size)."""
    return make("docGrid", type="linesAndChars", linePitch=line_pitch, charSpace=char_space)


def char_space(type_width_mm: float, characters: int, font_size_pt: float) -> int:
    """``w:charSpace`` for ``characters`` per line of ``font_size_pt`` type across the width."""
    pitch_pt = type_width_mm / MM_PER_INCH * 72 / characters
    return round((pitch_pt - font_size_pt) * 4096)


__all__ = [
    "PPR_ORDER", "RPR_ORDER", "SECTPR_ORDER", "TBLPR_ORDER", "TCPR_ORDER", "twips", "eighths_of_a_point", "make",
    "put", "child", "fonts", "strip_theme_fonts", "border", "paragraph_borders", "table_borders", "field_runs",
    "text_run", "bookmark", "document_grid", "char_space",
]
