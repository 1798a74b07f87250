"""Forms of official Chinese text that several text checks must recognise.

Ordinals at the start of a paragraph (GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）), a heading
typed as a plain line (how transcribed bulletins come: 一、强化组织领导, no ``#``), coordinate
words separated by commas where a 顿号 is meant, and Latin words that are names by their
context (a label before them, an address around them). Pure functions on printed text, so
that both the rules that report a form and the rules that must leave it alone use one test.
"""

from __future__ import annotations

from bulletin_cli.checks.zh_text import HAN_CLASS
from bulletin_cli.files.patterns import lazy_compile

CHINESE_DIGITS = "一二三四五六七八九十〇零百"

# the right forms, one per heading level
ORDINAL = lazy_compile(f"(?:[{CHINESE_DIGITS}]+、|（[{CHINESE_DIGITS}]+）|[0-9]{{1,3}}\\.(?!\\d)|（[0-9]{{1,3}}）)")
# the wrong ones, with the form GB/T 9704 writes: group 1 is the number as written, group 2 the
# mark that is wrong
WRONG_ORDINALS = (
    (lazy_compile(f"([（(][{CHINESE_DIGITS}]+[）)])(、)"), ""),   # （二）、 → （二）
    (lazy_compile(r"([（(][0-9]{1,3}[）)])(、)"), ""),                # （1）、 → （1）
    (lazy_compile(f"([{CHINESE_DIGITS}]+)([.．])(?=[{HAN_CLASS}“《（])"), "、"),  # 一. → 一、
    (lazy_compile(r"([0-9]{1,3})(、)(?=[^0-9])"), "."),                 # 2、 → 2.
    (lazy_compile(f"([0-9]{{1,3}})(．)(?=[{HAN_CLASS}“《（])"), "."),  # 2． → 2.
)
_HEADING_ENDS = "。；，：？！"
HEADING_LIMIT = 30  # printed characters: a longer line is a paragraph that starts with an ordinal


def wrong_ordinal(text: str, start: int = 0) -> tuple[int, int, str] | None:
    """(index of the wrong mark, its end, the mark GB/T 9704 writes) when ``text`` opens at
    ``start`` with an ordinal in a wrong form."""
    for pattern, right in WRONG_ORDINALS:
        match = pattern.match(text, start)
        if match:
            return match.start(2), match.end(2), right
    return None


def opens_with_ordinal(text: str, start: int = 0) -> bool:
    return ORDINAL.match(text, start) is not None or wrong_ordinal(text, start) is not None


def looks_like_heading(text: str) -> bool:
    """A short line that opens with an ordinal and holds no sentence: a heading typed without ``#``."""
    line = text.strip()
    return (0 < len(line) <= HEADING_LIMIT and opens_with_ordinal(line) and "\n" not in line
            and not any(mark in line for mark in _HEADING_ENDS))


# coordinate words (1–4 characters, the last up to 6) separated by commas, closed by 等:
# 义诊，义剪，法律咨询等 — GB/T 15834-2011 4.5.3.1 separates them with 顿号
_COORDINATE_LIST = lazy_compile(f"[{HAN_CLASS}]{{1,4}}(?:[，,][{HAN_CLASS}]{{1,4}}){{1,}}"
                              f"[，,][{HAN_CLASS}]{{1,6}}(?=等)")
_COMMAS = lazy_compile("[，,]")


def coordinate_commas(text: str) -> list[list[int]]:
    """The commas of each run of coordinate words closed by 等, as indexes into ``text``."""
    runs = []
    for match in _COORDINATE_LIST.finditer(text):
        runs.append([m.start() for m in _COMMAS.finditer(text, match.start(), match.end())])
    return runs


# what stands before a Latin word that is a name by its context: a label and its colon
# (ID：, 账号：, 用户名：, 微信号：, 网址：) or a list number (10、)
_NAME_LABEL = lazy_compile(r"(?:ID|id|账号|帐号|号|名|网址|官网|邮箱|平台|昵称|域名|地址|代码|命令|标识)[：:][ \t]*$")
_LIST_NUMBER = lazy_compile(r"(?:^|[^\d])\d{1,3}[、.][ \t]*$")


def named_by_context(before: str) -> bool:
    """The text just before a Latin word makes it a name (an id, an account, a list entry)."""
    tail = before[-12:]
    return _NAME_LABEL.search(tail) is not None or _LIST_NUMBER.search(tail) is not None


def is_address(word: str) -> bool:
    """An e-mail address or a URL: spaced off from Chinese text on purpose, never rewritten."""
    return "@" in word or "://" in word or word.lower().startswith("www.")
