"""Chinese numerals for issue numbers and headings (第六期, 一百零五, 一千零一十)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """1-9999 in Chinese numerals: 十一, 二十, 一百零五, 一千零一十, 九千九百九十九."""
    if not 1 <= n <= 9999:
        raise ValueError(f"Chinese numerals are supported for 1-9999, not {n}")
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


def format_number(n: int, style: str = "arabic") -> str:
    """An issue number in the series' style: ``arabic`` (6) or ``chinese`` (六)."""
    return chinese_numeral(n) if style == "chinese" else str(n)
