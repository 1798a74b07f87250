"""Word files per GB/T 9704: a bulletin-cli exporter plugin (`bulletin export --to docx`).

One issue, or several in one file (a compilation with a contents page), laid out as the
offices that route, sign and file bulletins expect: A4 with 37/28 mm margins, the 22 x 28
grid, 仿宋 / 小标宋 / 黑体 / 楷体 by East Asian font name, `— N —` page numbers on
alternating sides, the red masthead and the 版记 at the foot of the last page.

Options (``-O key=value``): ``body_font``, ``title_font``, ``masthead_font``,
``heading1_font``, ``heading2_font``, ``column_font``, ``note_font``, ``page_number_font``,
``latin_font`` (face names); ``red`` (hex); ``reference=unit.docx`` (a unit's own styles,
fonts, page and 版头); for compilations ``page_numbers=restart|continue`` and
``contents=yes|no``.

python-docx and lxml are imported when a file is rendered, not when the plugin loads.
"""

from __future__ import annotations

from bulletin_cli import Exporter, hookimpl

__version__ = "0.1.0"


@hookimpl
def register_exporters(register):
    register(Exporter(
        name="docx",
        extension=".docx",
        render=render,
        description="Word document per GB/T 9704 (A4, 22 x 28 grid, 版头 and 版记)",
        binary=True,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_collection=render_collection,
        options=_declared_options(),
    ))


def _declared_options() -> dict[str, str]:
    from bulletin_docx.settings import FONT_ROLES  # light: settings imports no python-docx

    keys = {f"{role}_font": f"the {role.replace('_', ' ')} font" for role in FONT_ROLES}
    keys.update({"red": "the masthead red as six hex digits", "reference": "a reference .docx for styles",
                 "page_numbers": "compilations: restart or continue", "contents": "compilations: yes or no"})
    return keys


def render(issue, options) -> bytes:
    from bulletin_docx.build import build_issue

    return build_issue(issue, options)


def render_collection(issues, options) -> bytes:
    from bulletin_docx.build import build_collection

    return build_collection(list(issues), options)
