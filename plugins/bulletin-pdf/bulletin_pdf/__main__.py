"""``python -m bulletin_pdf fonts [FOLDER|ISSUE] [-O font_body=FILE …]``: which face prints each role here.

With a series folder or an issue, its ``[fonts]`` table counts (the -O values win over it).
The core's ``bulletin fonts`` answers for the names a DOCX hands to the machine; this one
for the faces the PDF embeds.

Exit status 0 when every role has a face of its own style, 1 when one falls back to a face of
another style or has none (the warnings say which and what to install), 2 for bad arguments.
"""

from __future__ import annotations

import sys

USAGE = "usage: python -m bulletin_pdf fonts [FOLDER|ISSUE] [-O font_title|font_body|font_hei|font_kai|font_song=FILE_OR_FAMILY …]"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "fonts":
        print(USAGE, file=sys.stderr)
        return 2
    extra: dict[str, str] = {}
    rest = args[1:]
    series: dict[str, str] = {}
    if rest and not rest[0].startswith("-"):
        from pathlib import Path

        from bulletin_cli.diagnostics.report import format_text
        from bulletin_cli.diagnostics.reporter import Reporter
        from bulletin_cli.operations.fonts import fonts_of
        from bulletin_pdf.fonts import series_fonts

        path, reporter = Path(rest.pop(0)), Reporter()
        if not path.exists():
            print(f"error: {path}: no such file or folder", file=sys.stderr)
            return 2
        table = fonts_of(path, reporter)
        if reporter.diagnostics:
            print(format_text(reporter.diagnostics), file=sys.stderr)
        if table is None or any(d.severity.name == "ERROR" for d in reporter.diagnostics):
            return 2
        series = series_fonts(table)
    while rest:
        flag = rest.pop(0)
        value = rest.pop(0) if flag == "-O" and rest else (flag[2:] if flag.startswith("-O") else "")
        key, sep, text = value.partition("=")
        if not sep or not key.startswith("font_"):
            print(f"error: {flag} {value}: expected -O font_ROLE=FILE_OR_FAMILY\n{USAGE}", file=sys.stderr)
            return 2
        extra[key] = text
    from bulletin_pdf import fonts

    try:
        lines, warnings = fonts.report(extra, series)
    except fonts.FontError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    for warning in warnings:
        print(warning, file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
