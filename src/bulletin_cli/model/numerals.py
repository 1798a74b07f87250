"""Chinese numerals for issue numbers and headings (第六期, 一百零五, 一千零一十).

``chinese_numeral`` writes them; ``parse_chinese_numeral`` reads them back (also the
forms editors type by hand, such as 一十一 or 两百), so headings and issue lines written
in Chinese numerals can be checked and renumbered.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_DIGIT_VALUES = {**{c: i for i, c in enumerate(_DIGITS)}, "〇": 0, "两": 2}
_UNIT_VALUES = {name: unit for unit, name in _UNITS}
NUMERAL_CHARACTERS = frozenset(_DIGIT_VALUES) | frozenset(_UNIT_VALUES)


def chinese_numeral(n: int) -> str:
    """1-9999 in Chinese numerals: 十一, 二十, 一百零五, 一千零一十, 九千九百九十九."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 9999:
        raise ValueError(f"Chinese numerals are supported for 1-9999, not {n!r}")
    if 10 <= n < 20:
        # 十一, not 一十一, when the number starts with the tens.
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = []
    pending_zero = False
    for unit, name in _UNITS:
        digit, n = divmod(n, unit)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_DIGITS[digit] + name)
        elif out:
            pending_zero = True
    if n:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[n])
    return "".join(out)


def parse_chinese_numeral(text: str) -> int:
    """The value of a Chinese numeral of 1-9999 (十一 → 11, 一千零一十 → 1010); ValueError otherwise.

    Reads digit-unit pairs from the largest unit down; 零 only marks a skipped unit.
    """
    if not text or any(c not in NUMERAL_CHARACTERS for c in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for char in text:
        if char in _UNIT_VALUES:
            unit = _UNIT_VALUES[char]
            # Only 十 may stand without a digit, and only at the start (十一 = 11).
            bare_ten = digit is None and unit == 10 and total == 0
            if unit >= last_unit or digit == 0 or (digit is None and not bare_ten):
                raise ValueError(f"not a Chinese numeral: {text!r}")
            total += (1 if digit is None else digit) * unit
            last_unit, digit = unit, None
        else:
            value = _DIGIT_VALUES[char]
            # 零 marks skipped units: only between two parts, never twice or at the start.
            zero_ok = value == 0 and digit is None and total > 0
            if digit is not None and not (digit == 0 and value):
                raise ValueError(f"not a Chinese numeral: {text!r}")
            if value == 0 and not zero_ok:
                raise ValueError(f"not a Chinese numeral: {text!r}")
            digit = value
    if digit is not None:
        if digit == 0 or last_unit == 1:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        total += digit
    if not 1 <= total <= 9999:
        raise ValueError(f"Chinese numerals are supported for 1-9999: {text!r}")
    return total


def format_number(n: int, style: str = "arabic") -> str:
    """An issue number in the series' style: ``arabic`` (6) or ``chinese`` (六)."""
    return chinese_numeral(n) if style == "chinese" else str(n)
