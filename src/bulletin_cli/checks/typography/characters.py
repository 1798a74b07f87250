"""Characters: invisible and control characters, look-alike ideographs, full-width letters and digits."""

from __future__ import annotations

import re

from bulletin_cli.checks import zh_tables as tables
from bulletin_cli.checks.rules import RuleContext
from bulletin_cli.checks.typography.common import (
    ANY,
    _characters,
    _paragraphs,
    _report,
    _rule,
)
from bulletin_cli.files.patterns import lazy_compile
from bulletin_cli.formats.markup import is_wide

# -- T105 control and invisible characters -----------------------------------------------

# Control characters, C0 and C1 (and DELETE), are S207's: XML or HTML cannot hold them
_BREAKS = "".join(c for c in tables.BREAKS if not "\x7f" <= c <= "\x9f")
_SUSPECT = lazy_compile("[" + re.escape("".join(tables.INVISIBLE) + _BREAKS) + "]")
_SUSPECTS = _characters("".join(tables.INVISIBLE), _BREAKS)
_LOOKALIKE_BLOCKS = lazy_compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_LOOKALIKE_CHARS = _characters("\u2e80-\u2fdf", "\uf900-\ufaff")


@_rule("T105", "invisible-character", "invisible characters and stray breaks left by copy-paste "
       "(soft hyphen, zero-width space, line separator …)", languages=ANY)
def check_invisible(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _SUSPECTS):
        s = p.text
        for match in _SUSPECT.finditer(s):
            k, char = match.start(), match.group()
            code = f"U+{ord(char):04X}"
            if char in tables.INVISIBLE:
                name, replacement = tables.INVISIBLE[char]
                _report(ctx, p, k, k + 1, f"invisible {name} ({code}) in the text",
                        "remove it" if replacement is not None else "retype the missing character",
                        fix=p.fix({k: replacement}) if replacement is not None else None)
            elif char in _BREAKS and not (char == "\r" and p.field.kind == "text"):
                if p.field.kind == "text":
                    replacement = "\n"
                else:
                    around = (s[k - 1] if k else "", s[k + 1] if k + 1 < len(s) else "")
                    replacement = "" if any(c and is_wide(c) for c in around) else " "
                _report(ctx, p, k, k + 1, f"{tables.BREAKS[char]} ({code}) in the text, probably from copy-paste",
                        "a body starts a new paragraph with a blank line; other texts are one line",
                        fix=p.fix({k: replacement}))


# -- T106 look-alike ideographs ----------------------------------------------------------------

@_rule("T106", "lookalike-ideograph", "a Kangxi radical or compatibility ideograph in place of the ordinary "
       "character (PDF copy-paste)", languages=ANY)
def check_lookalikes(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _LOOKALIKE_CHARS):
        for match in _LOOKALIKE_BLOCKS.finditer(p.text):
            k, char = match.start(), match.group()
            if char not in tables.LOOKALIKES and not tables.is_radical(char):
                continue
            code = f"U+{ord(char):04X}"
            target = tables.LOOKALIKES.get(char)
            kind = "radical" if tables.is_radical(char) else "compatibility ideograph"
            if target:
                _report(ctx, p, k, k + 1, f"{kind} \"{char}\" ({code}) looks like \"{target}\" but is another "
                        "character (search, sorting and screen readers fail on it)", f"use \"{target}\"",
                        fix=p.fix({k: target}))
            else:
                _report(ctx, p, k, k + 1, f"{kind} \"{char}\" ({code}) in the text, probably from PDF copy-paste",
                        "retype the character it stands for")


# -- T108 full-width letters and digits --------------------------------------------------------

# A full-width number is normalised as a whole, so no mixed widths are left: its digits, a
# decimal point, a colon in a time, a hyphen or slash inside a word, a percent sign (３．８％
# → 3.8%, ９：３０ → 9:30, ＧＢ／Ｔ → GB/T). Beside half-width digits the full-width decimal
# point and percent sign are the same fault (3．8％); a full-width colon there stays (比分3：1).
_FULLWIDTH_ALNUM = lazy_compile("[０-９Ａ-Ｚａ-ｚ]+(?:[．：－／][０-９Ａ-Ｚａ-ｚ]+)*(?:(?<=[０-９])％)?"
                              "|(?<=[0-9])(?:．[0-9]+％?|％)")
_FULLWIDTH_ALNUM_CHARS = _characters("０-９", "Ａ-Ｚ", "ａ-ｚ", "％．")


def _half(char: str) -> str:
    return chr(ord(char) - 0xFEE0) if "\uff01" <= char <= "\uff5e" else char


@_rule("T108", "fullwidth-alphanumeric", "full-width letters or digits (１２３, ＡＢＣ), with the marks of a "
       "full-width number (３．８％)", languages=ANY)
def check_fullwidth_alphanumeric(ctx: RuleContext) -> None:
    for p in _paragraphs(ctx, _FULLWIDTH_ALNUM_CHARS):
        for match in _FULLWIDTH_ALNUM.finditer(p.text):
            a, b = match.span()
            half = "".join(_half(c) for c in match.group())
            _report(ctx, p, a, b, f"full-width \"{match.group()}\"; use \"{half}\"",
                    "letters, digits and the marks of a number are half-width",
                    fix=p.fix({k: _half(p.text[k]) for k in range(a, b)}))
