"""Print-ready PDF per GB/T 9704, with no browser: a bulletin-cli exporter plugin (``--to pdf``).

The page is typeset by Typst, whose compiler ships inside the ``typst`` wheel. Importing
this module costs nothing: Typst, the segmenter and the fonts load when a PDF is made.
"""

from __future__ import annotations

from bulletin_cli import Exporter, hookimpl

__version__ = "0.1.0"


def _render(issue, options):
    from bulletin_pdf.render import render

    return render(issue, options)


def _render_collection(issues, options):
    from bulletin_pdf.render import render_collection

    return render_collection(issues, options)


@hookimpl
def register_exporters(register):
    register(Exporter(
        name="pdf",
        extension=".pdf",
        render=_render,
        description="Print-ready PDF per GB/T 9704 (A4, 22 x 28 grid, embedded fonts, PDF/A)",
        binary=True,
        media_type="application/pdf",
        render_collection=_render_collection,
        options=_declared_options(),
    ))


def _declared_options() -> dict[str, str]:
    from bulletin_pdf.fonts import ROLES  # light: the font roles, no Typst

    keys = {"pdfa": "PDF/A level: 1b, 2b, 2u, 3b or 3u", "color": "the masthead colour as #RRGGBB"}
    keys.update({f"font_{role.key}": f"the {role.key} font ({role.uses})" for role in ROLES})
    keys["font_latin"] = "the face for Latin letters and digits (a file or a family)"
    return keys
