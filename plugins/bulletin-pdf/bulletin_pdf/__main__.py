"""``python -m bulletin_pdf fonts [-O font_body=FILE …]``: which face prints each role here.

Exit status 0 when every role has a face of its own style, 1 when one falls back to a face of
another style or has none (the warnings say which and what to install), 2 for bad arguments.
"""

from __future__ import annotations

import sys

USAGE = "usage: python -m bulletin_pdf fonts [-O font_title|font_body|font_hei|font_kai|font_song=FILE_OR_FAMILY …]"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "fonts":
        print(USAGE, file=sys.stderr)
        return 2
    extra: dict[str, str] = {}
    rest = args[1:]
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
        lines, warnings = fonts.report(extra)
    except fonts.FontError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    for warning in warnings:
        print(warning, file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
