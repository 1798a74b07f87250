"""Figures print as pictures: centred at their aspect ratio inside the type area, no taller than
half of it, the caption under them; from any series folder, several in one compilation; a
missing or undecodable image prints as its caption 〔图：…〕 and never stops the export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bulletin_cli import ExportOptions, api
from bulletin_cli.testing import EXAMPLES
from bulletin_pdf.render import render, render_collection
from pdf_checks import BOTTOM, HEIGHT, LEFT, MM, RIGHT, TOP, engine, pdfplumber  # noqa: F401

SERIES = (EXAMPLES / "ducha-tongbao" / "series.toml").read_text(encoding="utf-8")


def _image(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    from PIL import Image  # pdfplumber's own dependency

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def _series(folder: Path, figures: list[tuple[str, str]], number: int = 5) -> Path:
    """A series folder with one issue whose article shows ``figures`` ([(file, caption)])."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "series.toml").write_text(SERIES, encoding="utf-8")
    body = "\n\n".join(["县城管局坚持问题导向，推动城区背街小巷整治任务提前完成。"]
                       + [f"![{caption}]({file})" for file, caption in figures] + ["背街小巷连着千家万户。"])
    issue = folder / f"2024-0{number}.toml"
    issue.write_text(f'number = {number}\ndate = 2024-0{number}-28\n\n[[articles]]\nid = "a"\ncolumn = "整改落实"\n'
                     f'title = "背街小巷整治提前完成"\nbody = """\n{body}\n"""\n', encoding="utf-8")
    return issue


def _pages(pdfplumber, data: bytes):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(page.images, page.extract_text(), page.extract_words()) for page in pdf.pages]


def _inside_type_area(image) -> None:
    x0, x1, top, bottom = (image[key] / MM for key in ("x0", "x1", "top", "bottom"))
    assert LEFT - 0.3 <= x0 and x1 <= RIGHT + 0.3 and TOP - 0.3 <= top and bottom <= BOTTOM + 0.3
    assert abs((x0 + x1) / 2 - (LEFT + RIGHT) / 2) < 0.5  # centred
    assert bottom - top <= HEIGHT / 2 + 0.3


def test_a_png_and_a_jpeg_print_centred_inside_the_type_area_with_their_captions(tmp_path, engine, pdfplumber):
    _image(tmp_path / "s" / "images" / "wide.png", (480, 300), (200, 40, 40))
    _image(tmp_path / "s" / "images" / "tall.jpg", (600, 2400), (40, 40, 200))  # scaled to half the type area
    issue = api.load(_series(tmp_path / "s", [("images/wide.png", "图为整治后的巷道"),
                                             ("images/tall.jpg", "图为群众评议现场")]))
    pages = _pages(pdfplumber, render(issue, ExportOptions()))
    images = [image for page_images, _, _ in pages for image in page_images]
    assert sorted(tuple(image["srcsize"]) for image in images) == [(480, 300), (600, 2400)]
    for image in images:
        _inside_type_area(image)
        width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
        assert abs(width / height - image["srcsize"][0] / image["srcsize"][1]) < 0.01  # its aspect ratio
    wide = next(image for image in images if image["srcsize"] == (480, 300))
    assert abs((wide["x1"] - wide["x0"]) - 480 * 0.75) < 0.5  # at 96 dpi: it fits the measure as it is
    tall = next(image for image in images if image["srcsize"] == (600, 2400))
    assert abs((tall["bottom"] - tall["top"]) / MM - HEIGHT / 2) < 0.3
    text = "".join(page_text for _, page_text, _ in pages)
    assert "图为整治后的巷道" in text and "图为群众评议现场" in text and "〔图" not in text
    for page_images, _, words in pages:  # each caption right under its picture
        for image in page_images:
            caption = min((w for w in words if w["top"] >= image["bottom"] - 0.5), key=lambda w: w["top"])
            assert caption["text"].startswith("图为") and caption["top"] - image["bottom"] < 20
            assert abs((caption["x0"] + caption["x1"]) / 2 / MM - (LEFT + RIGHT) / 2) < 1  # centred too
    # a short title is centred (an auto-width block once shrank to its lines and set them at the left)
    title = next(w for _, _, words in pages for w in words if w["text"] == "背街小巷整治提前完成")
    assert abs((title["x0"] + title["x1"]) / 2 / MM - (LEFT + RIGHT) / 2) < 1


def test_a_compilation_prints_figures_from_two_series_folders(tmp_path, engine, pdfplumber):
    _image(tmp_path / "one" / "images" / "a.png", (400, 300), (200, 40, 40))
    _image(tmp_path / "elsewhere" / "two" / "pics" / "b.jpg", (300, 400), (40, 200, 40))
    first = api.load(_series(tmp_path / "one", [("images/a.png", "图为第一个系列的照片")], number=5))
    second = api.load(_series(tmp_path / "elsewhere" / "two", [("pics/b.jpg", "图为第二个系列的照片")], number=6))
    pages = _pages(pdfplumber, render_collection([first, second], ExportOptions()))
    assert sorted(tuple(image["srcsize"]) for page_images, _, _ in pages for image in page_images) == \
        [(300, 400), (400, 300)]
    # and each series alone after the compilation: the compiler kept for one root reads no other's files
    for issue, size in ((first, (400, 300)), (second, (300, 400))):
        assert [tuple(image["srcsize"]) for page_images, _, _ in _pages(pdfplumber, render(issue, ExportOptions()))
                for image in page_images] == [size]


def test_a_missing_or_undecodable_image_prints_its_caption_instead(tmp_path, engine, pdfplumber):
    images = tmp_path / "s" / "images"
    _image(images / "good.png", (200, 100), (40, 200, 40))
    _image(images / "gone.png", (200, 100), (200, 40, 40))
    # a PNG's header and no data: validation (which reads headers) passes it, so export must pass too
    (images / "broken.png").write_bytes((images / "good.png").read_bytes()[:60])
    issue = api.load(_series(tmp_path / "s", [("images/gone.png", "图为缺失的照片"),
                                             ("images/broken.png", "图为损坏的照片"),
                                             ("images/good.png", "图为完好的照片")]))
    (images / "gone.png").unlink()  # validation reports a missing file; one gone since is printed without
    pages = _pages(pdfplumber, render(issue, ExportOptions()))
    text = "".join(page_text for _, page_text, _ in pages)
    assert "〔图：图为缺失的照片〕" in text and "〔图：图为损坏的照片〕" in text
    assert "图为完好的照片" in text and "〔图：图为完好的照片〕" not in text
    assert [tuple(image["srcsize"]) for page_images, _, _ in pages for image in page_images] == [(200, 100)]


def test_the_export_command_prints_the_example_s_figure(tmp_path, engine, pdfplumber):
    from pdf_checks import export_pdf

    out = export_pdf(EXAMPLES / "ducha-tongbao" / "2024-06.toml", tmp_path / "ducha.pdf")
    with pdfplumber.open(out) as pdf:
        images = [image for page in pdf.pages for image in page.images]
    assert len(images) == 1
    _inside_type_area(images[0])


@pytest.mark.parametrize("kind", ["gif", "webp", "svg"])
def test_gif_webp_and_svg_print_as_pictures_too(tmp_path, engine, pdfplumber, kind):
    file = tmp_path / "s" / "images" / f"x.{kind}"
    if kind == "svg":
        file.parent.mkdir(parents=True)
        file.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">'
                        '<rect width="300" height="150" fill="#3060c0"/></svg>', encoding="utf-8")
    else:
        _image(file, (300, 150), (40, 90, 200))
    issue = api.load(_series(tmp_path / "s", [(f"images/x.{kind}", "图为示意图")]))
    data = render(issue, ExportOptions())
    pages = _pages(pdfplumber, data)
    text = "".join(page_text for _, page_text, _ in pages)
    assert "图为示意图" in text and "〔图" not in text
    if kind != "svg":  # Typst draws an SVG as vector paths, not as an image object
        images = [image for page_images, _, _ in pages for image in page_images]
        assert len(images) == 1
        _inside_type_area(images[0])
