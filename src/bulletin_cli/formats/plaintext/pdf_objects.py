"""What a PDF page draws, read once: characters, lines, rectangles and curves, as small dicts.

pdfplumber turns each object pdfminer lays out into a dict of every attribute it has (colour
spaces, marked-content ids, the graphics state resolved), which took about a third of the time
an import spent reading a PDF; and ``extract_text_lines`` then builds a text map of the page
to find lines. Here pdfminer's objects (``page.layout``, as pdfplumber parses them) are read for
the few attributes the importer uses, with the same values and coordinates pdfplumber gives
(``top`` measured from the page's top, the MediaBox offset added), and characters are grouped
into lines the way pdfplumber's text map groups them: by ``top``, within 3 points of the line
before, then left to right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_Y_TOLERANCE = 3.0  # pdfplumber's default


@dataclass
class PageObjects:
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)


def _colour(value):
    return value if isinstance(value, tuple) else (value,)


def page_objects(page) -> PageObjects:
    """The page's characters and drawn shapes (``page``: a pdfplumber page, whose pdfminer layout is read)."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    out = PageObjects()
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTContainer) and not isinstance(obj, LTChar):
            stack.extend(reversed(obj._objs))
            continue
        box = {"x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "top": height - obj.y1 + mb_top,
               "bottom": height - obj.y0 + mb_top}
        if isinstance(obj, LTChar):
            box.update(text=obj.get_text(), fontname=obj.fontname, size=obj.size, upright=obj.upright,
                       non_stroking_color=_colour(obj.graphicstate.ncolor))
            out.chars.append(box)
        elif isinstance(obj, LTCurve):
            box.update(stroke=obj.stroke, fill=obj.fill, stroking_color=obj.stroking_color,
                       non_stroking_color=obj.non_stroking_color)
            (out.lines if isinstance(obj, LTLine) else out.rects if isinstance(obj, LTRect) else out.curves).append(box)
    return out


def text_lines(chars: list[dict]) -> list[list[dict]]:
    """Characters in lines, top to bottom, each left to right (pdfplumber's text-map grouping)."""
    lines: list[list[dict]] = []
    last_top = None
    for char in sorted(chars, key=lambda c: c["top"]):
        if last_top is None or char["top"] - last_top > _Y_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last_top = char["top"]
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]
