"""The page and the styles of a GB/T 9704 bulletin: A4, 37/28 mm margins, a 22 x 28 grid,
East Asian fonts by name, page numbers `— N —` on alternating sides.

``new_document`` returns a python-docx Document with every style the issue writer uses,
either built here or, with a unit's reference file, taken from that file where it defines
them (like pandoc's ``--reference-doc``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml.ns import qn

from bulletin_docx.ooxml import (
    PPR_ORDER, RPR_ORDER, SECTPR_ORDER, char_space, document_grid, field_runs, fonts, make, paragraph_borders, put,
    strip_theme_fonts, twips,
)
from bulletin_docx.settings import Fonts, Settings

# GB/T 9704-2012 5.1, 5.2: A4; top margin 37 mm, left 28 mm; type area 156 x 225 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, LEFT_MM = 37, 28
TYPE_WIDTH_MM, TYPE_HEIGHT_MM = 156, 225
PAGE_WIDTH, PAGE_HEIGHT = twips(PAGE_WIDTH_MM), twips(PAGE_HEIGHT_MM)  # 11906 x 16838
TOP, LEFT = twips(TOP_MM), twips(LEFT_MM)
TYPE_WIDTH, TYPE_HEIGHT = twips(TYPE_WIDTH_MM), twips(TYPE_HEIGHT_MM)
RIGHT = PAGE_WIDTH - LEFT - TYPE_WIDTH  # 26 mm
BOTTOM = PAGE_HEIGHT - TOP - TYPE_HEIGHT  # 35 mm
LINES, CHARACTERS, BODY_PT = 22, 28, 16  # 5.2.3: 22 lines of 28 characters of 3号 (16 pt)
LINE_PITCH = 579  # twips: 28.95 pt, 22 lines fill the 225 mm type area
CHAR_SPACE = char_space(TYPE_WIDTH_MM, CHARACTERS, BODY_PT)  # -848
# 7.5: the page number's dashes sit 7 mm below the type area. Word and LibreOffice put the
# footer's last line this far above the paper's edge; measured in LibreOffice's PDF.
# Each 16 pt character a quarter point tighter: no wider than the 15.79 pt grid cell, so
# LibreOffice's grid does not give it two cells, and 28 still fill the line in Word.
CHARACTER_TIGHTENING = -8  # twentieths of a point
PAGE_NUMBER_PT = 14
FOOTER_LINE = 400  # twips: the page-number line's exact height
FOOTER_DISTANCE = twips(PAGE_HEIGHT_MM - TOP_MM - TYPE_HEIGHT_MM - 7) - FOOTER_LINE // 2
RED_RULE = 12  # eighths of a point: the masthead's 1.5 pt red rule
CHINESE = ("zh", "ja", "ko")


@dataclass(frozen=True)
class Look:
    """One paragraph style: which face, how big, how placed (twips and whole grid lines)."""

    name: str
    font: str = "body"
    size: float = BODY_PT
    bold: bool = False
    colour: str | None = None
    align: str = "both"
    first_line_chars: int = 0
    left_chars: int = 0
    right_chars: int = 0
    before_lines: float = 0
    line: int = LINE_PITCH
    snap: bool = True  # to the character grid; type larger or smaller than 16 pt is not snapped
    keep_next: bool = False
    outline: int | None = None
    based_on: str | None = "Normal"


# Style ids -> how they look. Outline levels give Word's navigation pane and contents:
# column 1, article title 2, in-body headings 3-6.
LOOKS: dict[str, Look] = {
    "Normal": Look("Normal", first_line_chars=2, based_on=None, snap=False),
    "BulletinName": Look("Bulletin Name", font="masthead", size=42, colour="red", align="center",
                         line=2 * LINE_PITCH, snap=False),
    "MastheadMarks": Look("Masthead Marks", font="heading1", align="left"),
    "IssueLine": Look("Issue Line", align="center"),
    "Imprint": Look("Imprint", align="left"),
    "LeaderBoxLabel": Look("Leader Box Label", font="heading1", align="left"),
    "LeaderBoxText": Look("Leader Box Text", first_line_chars=2),
    "EditorNote": Look("Editor Note", font="note", first_line_chars=2),
    "ContentsColumn": Look("Contents Column", font="column", align="left", keep_next=True),
    "ContentsEntry": Look("Contents Entry", align="left", left_chars=2),
    "ContentsTitle": Look("Contents Title", font="title", size=22, align="center", line=2 * LINE_PITCH, snap=False),
    "ColumnHeading": Look("Column Heading", font="column", align="left", keep_next=True, before_lines=1,
                          outline=0),
    "ArticleTitle": Look("Article Title", font="title", size=22, align="center", keep_next=True, before_lines=1,
                         outline=1, snap=False),
    "Subtitle": Look("Subtitle", font="note", align="center", keep_next=True),
    "Byline": Look("Byline", font="note", align="center", keep_next=True),
    "BodyHeading1": Look("Body Heading 1", font="heading1", first_line_chars=2, keep_next=True, outline=2),
    "BodyHeading2": Look("Body Heading 2", font="heading2", first_line_chars=2, keep_next=True, outline=3),
    "BodyHeading3": Look("Body Heading 3", first_line_chars=2, keep_next=True, outline=4),
    "BodyHeading4": Look("Body Heading 4", first_line_chars=2, keep_next=True, outline=5),
    "Attribution": Look("Attribution", align="right"),
    "Colophon": Look("Colophon", size=14, align="left", line=480, snap=False),
    "TableText": Look("Table Text", size=14, align="left", line=400, snap=False),
    "TableCaption": Look("Table Caption", font="heading1", align="center", keep_next=True),
    "FigureCaption": Look("Figure Caption", font="heading1", align="center"),
    "Quote": Look("Quote", font="note", first_line_chars=2, left_chars=2, right_chars=2),
    "PageNumber": Look("Page Number", font="page_number", size=PAGE_NUMBER_PT, align="right", line=FOOTER_LINE, snap=False),
}


def _half_points(size: float) -> str:
    return str(round(size * 2))


def run_properties(look: Look, chosen: Fonts, red: str, chinese: bool):
    face = getattr(chosen, look.font)
    latin = face if look.font == "page_number" else chosen.latin  # 7.5: 半角宋体 digits
    children = [fonts(face, latin, hint_east_asia=chinese)]
    if look.bold:
        children += [make("b"), make("bCs")]
    if look.colour:
        children.append(make("color", val=red if look.colour == "red" else look.colour))
    children += [make("sz", val=_half_points(look.size)), make("szCs", val=_half_points(look.size))]
    return make("rPr", *children)


def paragraph_properties(look: Look):
    pPr = make("pPr")
    if look.keep_next:
        put(pPr, make("keepNext"), PPR_ORDER)
        put(pPr, make("keepLines"), PPR_ORDER)
    if not look.snap:
        # Snapped, each 22 pt character takes two grid cells (the spaced-out titles Word and
        # LibreOffice users complain of); offices turn 对齐到网格 off for these paragraphs.
        put(pPr, make("snapToGrid", val=0), PPR_ORDER)
    # Word's default for Chinese; LibreOffice lets 、。 hang past the type area unless it is
    # written out (it reads a missing or 0 value as hanging), so the rules measured there hold.
    put(pPr, make("overflowPunct", val=1), PPR_ORDER)
    char_twips = round(look.size * 20)
    put(pPr, make("spacing", before=round(look.before_lines * LINE_PITCH), after=0, line=look.line,
                  lineRule="exact"), PPR_ORDER)
    put(pPr, make("ind", firstLineChars=look.first_line_chars * 100, firstLine=look.first_line_chars * char_twips,
                  leftChars=look.left_chars * 100, left=look.left_chars * char_twips,
                  rightChars=look.right_chars * 100, right=look.right_chars * char_twips), PPR_ORDER)
    put(pPr, make("jc", val=look.align), PPR_ORDER)
    if look.outline is not None:
        put(pPr, make("outlineLvl", val=look.outline), PPR_ORDER)
    return pPr


def style_element(style_id: str, look: Look, chosen: Fonts, red: str, chinese: bool):
    return make(
        "style", make("name", val=look.name), make("basedOn", val=look.based_on) if look.based_on else None,
        make("qFormat"), paragraph_properties(look), run_properties(look, chosen, red, chinese),
        type="paragraph", styleId=style_id, default="1" if style_id == "Normal" else None,
    )


def east_asian_language(language: str) -> str:
    """Word's tag for the issue's East Asian text: zh-Hant-TW / zh-TW → zh-TW, zh-Hant-HK → zh-HK,
    Japanese and Korean as themselves; Simplified Chinese otherwise (an English issue quoting
    Chinese names). Word and WPS pick proofing and Traditional or Simplified fallback faces by it."""
    parts = [part.lower() for part in language.replace("_", "-").split("-")]
    if parts[0] == "ja":
        return "ja-JP"
    if parts[0] == "ko":
        return "ko-KR"
    if parts[0] != "zh":
        return "zh-CN"
    for region in ("hk", "mo", "tw", "sg", "cn"):
        if region in parts[1:]:
            return f"zh-{region.upper()}"
    return "zh-TW" if "hant" in parts else "zh-CN"


def _document_defaults(styles, chosen: Fonts, chinese: bool, east_asian: str = "zh-CN") -> None:
    """Run defaults every part inherits: the body faces at 16 pt, the issue's East Asian language."""
    for old in styles.findall(qn("w:docDefaults")):
        styles.remove(old)
    language = make("lang", val=east_asian if chinese else "en-US", eastAsia=east_asian, bidi="ar-SA")
    tightening = make("spacing", val=CHARACTER_TIGHTENING) if chinese else None
    defaults = make("docDefaults",
                    make("rPrDefault", make("rPr", fonts(chosen.body, chosen.latin, chinese), tightening,
                                            make("kern", val=0),
                                            make("sz", val=_half_points(BODY_PT)),
                                            make("szCs", val=_half_points(BODY_PT)), language)),
                    make("pPrDefault", make("pPr", make("spacing", after=0, line=LINE_PITCH, lineRule="exact"))))
    styles.insert(0, defaults)


def install_styles(document, settings: Settings, chinese: bool, keep_existing: bool,
                   east_asian: str = "zh-CN") -> None:
    """Our styles into the document's styles part; with ``keep_existing`` (a reference file)
    the file's own definitions of a style id or name win, and its theme fonts stay unless
    they shadow a name (the MS Mincho fallback)."""
    styles = document.styles.element
    if not keep_existing:
        _document_defaults(styles, settings.fonts, chinese, east_asian)
    existing = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    names = {}
    for style in existing.values():
        name = style.find(qn("w:name"))
        if name is not None:
            names[name.get(qn("w:val")).lower()] = style
    for style_id, look in LOOKS.items():
        if keep_existing and (style_id in existing or look.name.lower() in names):
            found = existing.get(style_id)
            if found is None:  # same name, other id (a localised Word): give it our id
                names[look.name.lower()].set(qn("w:styleId"), style_id)
            continue
        if style_id in existing:
            styles.remove(existing[style_id])
        styles.append(style_element(style_id, look, settings.fonts, settings.red, chinese))
    strip_theme_fonts(styles, only_where_named=keep_existing)


def _settings_part(document, chinese: bool, east_asian: str = "zh-CN") -> None:
    """Odd and even footers; the issue's East Asian language for the theme; the grid in table cells too."""
    element = document.settings.element
    document.settings.odd_and_even_pages_header_footer = True
    for old in element.findall(qn("w:themeFontLang")):
        old.set(qn("w:eastAsia"), east_asian)
    compat = element.find(qn("w:compat"))
    if compat is not None and compat.find(qn("w:adjustLineHeightInTable")) is None:
        compat.insert(0, make("adjustLineHeightInTable"))
    if chinese:
        spacing = element.find(qn("w:characterSpacingControl"))
        if spacing is not None:
            spacing.set(qn("w:val"), "compressPunctuation")  # 标点挤压, as Chinese Word defaults


def _font_table(document, chosen: Fonts) -> None:
    """Declare the faces as Chinese (GB2312 charset), so a machine without one substitutes a
    Chinese face, and drop the template's Japanese MS Mincho entry."""
    part = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    from docx.oxml import parse_xml

    table = parse_xml(part.blob)
    for font in table.findall(qn("w:font")):
        if font.get(qn("w:name")) in ("ＭＳ 明朝", "MS Mincho", "ＭＳ ゴシック"):
            table.remove(font)
    declared = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for name in dict.fromkeys((chosen.body, chosen.title, chosen.masthead, chosen.heading1, chosen.heading2,
                               chosen.column, chosen.note, chosen.page_number)):
        if name not in declared:
            table.append(make("font", make("charset", val="86"), make("family", val="auto"),
                              make("pitch", val="variable"), name=name))
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_setup(sectPr, restart_numbering: bool = False) -> None:
    """A4, the GB/T 9704 margins, the 22 x 28 grid; page numbers from 1 when ``restart_numbering``."""
    put(sectPr, make("pgSz", w=PAGE_WIDTH, h=PAGE_HEIGHT), SECTPR_ORDER)
    put(sectPr, make("pgMar", top=TOP, right=RIGHT, bottom=BOTTOM, left=LEFT, header=851, footer=FOOTER_DISTANCE,
                     gutter=0), SECTPR_ORDER)
    if restart_numbering:
        put(sectPr, make("pgNumType", start=1), SECTPR_ORDER)
    put(sectPr, make("cols", space=425), SECTPR_ORDER)
    put(sectPr, document_grid(LINE_PITCH, CHAR_SPACE), SECTPR_ORDER)


def page_number_paragraph(odd: bool, chosen: Fonts, chinese: bool):
    """`— N —`: a PAGE field between 一字线, right with one character's inset on odd pages, left on even."""
    look = LOOKS["PageNumber"]
    inset = round(PAGE_NUMBER_PT * 20)
    pPr = make("pPr", make("pStyle", val="PageNumber"))
    put(pPr, make("ind", rightChars=100 if odd else 0, right=inset if odd else 0, leftChars=0 if odd else 100,
                  left=0 if odd else inset, firstLine=0, firstLineChars=0), PPR_ORDER)
    put(pPr, make("jc", val="right" if odd else "left"), PPR_ORDER)
    properties = run_properties(look, chosen, "000000", chinese)
    from bulletin_docx.ooxml import text_run

    return make("p", pPr, text_run("\u2014 ", copy.deepcopy(properties)), *field_runs("PAGE", "1", properties),
                text_run(" \u2014", copy.deepcopy(properties)))


def install_footers(document, settings: Settings, chinese: bool) -> None:
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        element = footer._element
        for old in list(element):
            element.remove(old)
        element.append(page_number_paragraph(odd, settings.fonts, chinese))


def _clear_body(document) -> None:
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


def _drop_template_leftovers(document) -> None:
    """The template's styles nobody uses (350 KB that every file would carry and compress)
    and its thumbnail, a picture of some other document. Word keeps every built-in style
    available through the latent style list."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in LOOKS and style.get(qn("w:default")) != "1":
            styles.remove(style)
    package = document.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rId)


def _drop_word2010_styles(document) -> None:
    """The template's stylesWithEffects part (Word 2010's second copy of the styles) keeps the
    theme fonts; Word rebuilds it when it saves, so the file goes without it."""
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rId)


def new_document(settings: Settings, language: str):
    """An empty document laid out per GB/T 9704, with every style the writer uses.

    With a reference file: its styles, fonts, page setup and footers are kept, and its body
    (a unit's own 版头) is returned by ``reference_masthead`` for the writer to fill in.
    """
    import docx

    chinese = language.split("-")[0].lower() in CHINESE
    reference = settings.reference
    try:
        document = docx.Document(str(reference) if reference else None)
    except Exception as error:  # a zip, XML or package error: the file is not what it says
        from bulletin_docx.settings import OptionError

        raise OptionError(f"-O reference={reference}: cannot be read as a Word file ({type(error).__name__}: "
                          f"{error}); open it in Word or WPS and save it as .docx") from None
    if reference is None:
        _clear_body(document)
        _drop_word2010_styles(document)
        _drop_template_leftovers(document)
    east_asian = east_asian_language(language)
    install_styles(document, settings, chinese, keep_existing=reference is not None, east_asian=east_asian)
    _settings_part(document, chinese, east_asian)
    if reference is None:
        _font_table(document, settings.fonts)
    sectPr = document.element.body.find(qn("w:sectPr"))
    has_footer = sectPr.find(qn("w:footerReference")) is not None
    if reference is None or sectPr.find(qn("w:pgSz")) is None:
        page_setup(sectPr)
    if not has_footer:
        install_footers(document, settings, chinese)
    strip_theme_fonts(document.element, only_where_named=reference is not None)
    return document


__all__ = ["LOOKS", "Look", "new_document", "page_setup", "run_properties", "PAGE_WIDTH", "PAGE_HEIGHT", "TOP",
           "LEFT", "RIGHT", "BOTTOM", "TYPE_WIDTH", "TYPE_HEIGHT", "LINE_PITCH", "CHAR_SPACE", "FOOTER_DISTANCE"]
