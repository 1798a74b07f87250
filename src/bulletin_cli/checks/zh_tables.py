"""Character tables for the typography rules.

Look-alike radicals come out of PDF text extraction in place of ordinary characters
(⼀ for 一, ⻓ for 长). NFKC would repair the Kangxi radicals, but applied to whole text it
also turns ，into , and （ into (, so each look-alike is mapped on its own here.
"""

from __future__ import annotations

import unicodedata


def _normalizing(codes: range, form: str) -> dict[str, str]:
    """Each character of ``codes`` that Unicode normalization ``form`` turns into another."""
    table = {}
    for code in codes:
        char = chr(code)
        target = unicodedata.normalize(form, char)
        if target != char:
            table[char] = target
    return table


# CJK Radicals Supplement (U+2E80–U+2EF3): only the forms that stand for a whole, ordinary
# character (mostly simplified radicals). Component shapes such as ⺡ (氵) have no single
# intended character and are reported without a fix.
RADICALS_SUPPLEMENT = {
    "⺟": "母", "⺠": "民", "⺩": "王", "⺮": "竹", "⺯": "糸", "⺶": "羊", "⺷": "羊", "⻁": "虎",
    "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻊": "足", "⻋": "车", "⻐": "金", "⻑": "長",
    "⻓": "长", "⻔": "门", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
    "⻝": "食", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟", "⻱": "龜",
}


# U+2F00–U+2FD5: every Kangxi radical has a compatibility mapping to its ideograph.
KANGXI = _normalizing(range(0x2F00, 0x2FD6), "NFKC")
# U+F900–U+FAFF: those with a canonical decomposition are duplicates of unified ideographs
# (some code points in the block are real unified ideographs and stay).
COMPATIBILITY = _normalizing(range(0xF900, 0xFB00), "NFC")
LOOKALIKES = {**KANGXI, **RADICALS_SUPPLEMENT, **COMPATIBILITY}


def is_radical(char: str) -> bool:
    return 0x2E80 <= ord(char) <= 0x2FDF


# Invisible and control characters that copy-paste leaves behind, with what a fix writes
# instead ("" removes; None: report only, the right character cannot be known).
INVISIBLE = {
    "\u00ad": ("soft hyphen", ""),
    "\u200b": ("zero-width space", ""),
    "\u200c": ("zero-width non-joiner", ""),
    "\u200d": ("zero-width joiner", ""),
    "\u200e": ("left-to-right mark", ""),
    "\u200f": ("right-to-left mark", ""),
    "\u202a": ("left-to-right embedding", ""),
    "\u202b": ("right-to-left embedding", ""),
    "\u202c": ("pop directional formatting", ""),
    "\u202d": ("left-to-right override", ""),
    "\u202e": ("right-to-left override", ""),
    "\u2060": ("word joiner", ""),
    "\u2061": ("invisible function application", ""),
    "\u2062": ("invisible times", ""),
    "\u2063": ("invisible separator", ""),
    "\u2064": ("invisible plus", ""),
    "\ufeff": ("byte order mark (zero-width no-break space)", ""),
    "\ufffd": ("replacement character � (a character was lost in a conversion)", None),
}
# Breaks that are not a newline: line and paragraph separators, a lone carriage return, the
# next-line control. (Form feed, vertical tab and the other C0 controls cannot be exported
# at all: S207 reports and fixes them.)
BREAKS = {
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\r": "carriage return",
    "\x85": "next-line control",
}

# Latin words that Chinese text uses as words of its own (捡跑ing, 你out了, hold住, up主).
# A series adds its own names with `words = [...]` in series.toml.
DEFAULT_WORDS = frozenset({
    "ing", "app", "out", "hold", "high", "up", "pk", "vs", "ok", "diy", "vip", "logo", "vlog",
    "blog", "wifi", "email", "emoji", "cosplay", "plus", "pro", "max", "mini",
    # unit symbols written after a colon or in a table cell (单位：kg)
    "kg", "km", "cm", "mm", "mg", "ml", "kw", "kwh", "kb", "mb", "gb", "ppm",
})

# Latin names Chinese text writes in lower case: platforms and apps, software and services,
# the words of code hosting. A name is not a stray English word; a series adds its own with
# `words = [...]`.
LATIN_NAMES = frozenset({
    # platforms and apps
    "bilibili", "douyin", "kuaishou", "weibo", "weixin", "wechat", "qq", "zhihu", "toutiao", "xiaohongshu",
    "taobao", "tmall", "jd", "alipay", "meituan", "dingtalk", "dingding", "feishu", "baidu", "tiktok",
    "youtube", "twitter", "facebook", "instagram", "linkedin", "gitee", "github", "gitlab", "csdn",
    # software and services
    "python", "java", "javascript", "linux", "ubuntu", "android", "ios", "ipad", "iphone", "macos",
    "windows", "office", "word", "excel", "powerpoint", "ppt", "wps", "pdf", "ofd", "html", "xml",
    "json", "csv", "api", "sdk", "deepseek", "chatgpt", "kimi", "qwen", "wenxin", "kindle",
    # code hosting and software work
    "issue", "issues", "commit", "bug", "fork", "star", "readme", "release", "tag", "branch",
})

# English function words: reported in any case but all capitals (And, The), because they are
# never a name inside Chinese text, while IT, OR or AT in capitals are abbreviations.
FUNCTION_WORDS = frozenset({
    "and", "or", "the", "of", "to", "in", "on", "at", "for", "with", "from", "by", "is", "are",
    "was", "were", "be", "as", "but", "not", "an", "this", "that", "these", "those", "it",
})

# What a stray function word most likely stood for.
TRANSLATIONS = {"and": "和", "or": "或", "of": "的", "with": "与", "for": "为", "in": "在", "by": "由",
                "from": "从", "not": "不", "is": "是", "are": "是"}
