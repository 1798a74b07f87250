"""Figures: the picture embedded inline, centred, at its aspect ratio within the type width, then its caption.

Each distinct image (by content hash) becomes one ``word/media/imageN.ext`` part with one
relationship, however often it is shown; ``build`` adds the parts, relationships and content
types the writer collected. SVG and WebP stay as the caption 〔图：…〕: Word 2010-era readers
cannot show them, and a picture a reader cannot show is worse than its caption.
"""

from __future__ import annotations

import hashlib

from bulletin_docx.layout import TYPE_WIDTH
from bulletin_docx.ooxml import make

EMU_PER_TWIP = 635
EMU_PER_PIXEL = 9525  # at 96 dpi, the resolution Word assumes for an image without one
EMBEDDABLE = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif"}  # media type -> extension
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PICTURE_URI = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def _pixel_size(figure) -> tuple[int, int] | None:
    """The figure's size in pixels: from the model, else read from the file, else unknown."""
    width, height = getattr(figure, "width", None), getattr(figure, "height", None)
    if width and height:
        return width, height
    try:
        from bulletin_cli.files.media import inspect
    except ImportError:  # an older core without the media module
        return None
    try:
        _, size, _ = inspect(figure.path)
    except OSError:
        return None
    return size if size and size[0] > 0 and size[1] > 0 else None


def extent(figure) -> tuple[int, int]:
    """(cx, cy) in EMU: the pixel size at 96 dpi, scaled down to the type width keeping the aspect ratio;
    the type width at 4:3 when the size cannot be known."""
    full = TYPE_WIDTH * EMU_PER_TWIP
    size = _pixel_size(figure)
    if size is None:
        return full, round(full * 3 / 4)
    width, height = size
    cx = min(width * EMU_PER_PIXEL, full)
    return cx, max(1, round(cx * height / width))


def _media(writer, data: bytes, extension: str) -> tuple[str, str]:
    """(relationship id, part name) of an image, added once per distinct content."""
    digest = hashlib.sha256(data).hexdigest()
    if digest not in writer.media:
        number = len(writer.media) + 1
        writer.media[digest] = (f"rIdImage{number}", f"media/image{number}.{extension}", data)
    rel_id, target, _ = writer.media[digest]
    return rel_id, target


def _inline(rel_id: str, name: str, caption: str, cx: int, cy: int, shape_id: int):
    """``wp:inline`` holding ``pic:pic``: the DrawingML Word writes for an inline picture."""
    locks = _plain("a:graphicFrameLocks", noChangeAspect="1")
    blip = make("a:blip", **{"r:embed": rel_id})
    pic = make("pic:pic",
               make("pic:nvPicPr", _plain("pic:cNvPr", id="0", name=name, descr=caption), make("pic:cNvPicPr")),
               make("pic:blipFill", blip, make("a:stretch", make("a:fillRect"))),
               make("pic:spPr",
                    make("a:xfrm", _plain("a:off", x="0", y="0"), _plain("a:ext", cx=str(cx), cy=str(cy))),
                    _plain("a:prstGeom", make("a:avLst"), prst="rect")))
    graphic = make("a:graphic", _plain("a:graphicData", pic, uri=PICTURE_URI))
    return _plain("wp:inline",
                  _plain("wp:extent", cx=str(cx), cy=str(cy)),
                  _plain("wp:effectExtent", l="0", t="0", r="0", b="0"),
                  _plain("wp:docPr", id=str(shape_id), name=f"Picture {shape_id}", descr=caption),
                  make("wp:cNvGraphicFramePr", locks),
                  graphic,
                  distT="0", distB="0", distL="0", distR="0")


def _plain(tag: str, *children, **attributes):
    """A DrawingML element: its attributes carry no namespace (``make`` gives them ``w:``)."""
    element = make(tag, *children)
    for key, value in attributes.items():
        element.set(key, value)
    return element


def write_figure(writer, figure, style: str) -> None:
    """The picture in a centred paragraph of its own, then the caption centred under it."""
    caption = getattr(figure, "caption", "")
    path = getattr(figure, "path", None)
    extension = EMBEDDABLE.get(getattr(figure, "media_type", ""))
    data = None
    if path is not None and extension is not None:
        try:
            data = path.read_bytes()
        except OSError:
            data = None
    if data is None:  # missing, or a type Word 2010 cannot show: the caption as the text exporter prints it
        label = getattr(writer.labels, "figure", "〔图：{caption}〕") if writer.labels else "〔图：{caption}〕"
        writer.text("FigureCaption", label.format(caption=caption))
        return
    rel_id, target = _media(writer, data, extension)
    writer.drawings += 1
    cx, cy = extent(figure)
    run = make("r", make("drawing", _inline(rel_id, target.rsplit("/", 1)[-1], caption, cx, cy, writer.drawings)))
    # Single auto line spacing: the body's exact 28.95 pt would crop the picture to one line.
    writer.paragraph(style, [run], keepNext=make("keepNext"),
                     spacing=make("spacing", before=0, after=0, line=240, lineRule="auto"),
                     ind=make("ind", firstLine=0, firstLineChars=0, left=0, leftChars=0, right=0, rightChars=0),
                     jc=make("jc", val="center"))
    if caption:
        writer.text("FigureCaption", caption)


__all__ = ["write_figure", "extent", "EMBEDDABLE", "IMAGE_REL"]
