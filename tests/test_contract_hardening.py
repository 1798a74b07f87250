"""Issue 14's remaining defects (3, 5, 6, 7, 8, 9, 13, 14), one regression test each.

Speed is never timed here: defect 3 is held by counting the work that made it quadratic
(benchmarks/bench_hostile.py times it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from helpers import article, issue, write_series

from bulletin_cli import api

PLAIN_SERIES = 'name = "测试简报"\nissuer = "测试办公室"\n'


def errors(folder: Path, code: str | None = None) -> list:
    found = [d for d in api.validate([folder]).diagnostics if d.severity.name == "ERROR"]
    return [d for d in found if code is None or d.code == code]


# -- 3. positions and comments in linear time -----------------------------------------------


def test_a_body_with_a_thousand_findings_is_decoded_once(tmp_path, monkeypatch):
    from bulletin_cli.files.locate import TomlLocator

    body = "测试文字,内容。" * 4000  # 100 KB of source, 4,000 T101 findings in one string
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(body=body))})
    decoded = []
    original = TomlLocator._decode_offsets
    monkeypatch.setattr(TomlLocator, "_decode_offsets", lambda self, span: decoded.append(span) or original(self, span))
    found = [d for d in api.validate([folder]).diagnostics if d.code == "T101"]
    assert len(found) == 4000
    assert len(decoded) == len(set(decoded)) <= 3  # once per string, not once per finding


class _WindowWatch:
    """A compiled pattern that can match a comment (``<!--.*?-->``), watched: it scans from
    each "<!--" it is given to the text's end when the comment does not close, so a search
    window holding many openers after its last "-->" costs quadratic time."""

    def __init__(self, pattern: re.Pattern, worst: list[int]):
        self._pattern, self._worst = pattern, worst

    def _note(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
        window = text[pos:endpos]
        self._worst.append(window[window.rfind("-->") + 1:].count("<!--"))

    def __getattr__(self, name):
        return getattr(self._pattern, name)

    def search(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.search(text, pos, endpos)

    def match(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.match(text, pos, endpos)

    def finditer(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.finditer(text, pos, endpos)

    def findall(self, text, pos=0, endpos=sys.maxsize):
        self._note(text, pos, endpos)
        return self._pattern.findall(text, pos, endpos)

    def sub(self, repl, text, count=0):
        self._note(text)
        return self._pattern.sub(repl, text, count)

    def split(self, text, maxsplit=0):
        self._note(text)
        return self._pattern.split(text, maxsplit)


def _watch_comment_patterns(monkeypatch) -> list[int]:
    worst: list[int] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("bulletin_cli"):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, re.Pattern) and "<!--" in value.pattern and ".*?" in value.pattern:
                monkeypatch.setattr(module, attr, _WindowWatch(value, worst))
    return worst


@pytest.mark.parametrize("body", [
    "<!--" * 25_000,                         # 100 KB of unclosed comments
    "[x](http://a) <!--" * 5_500,            # the same through the full parser, beside spaces
    "<!-- bulletin: ignore" * 4_700,         # suppression comments that never close
    "段落<!-- 注 -->正文。<!--" * 5_000,     # closed comments, then an opener each time
])
def test_unclosed_comments_are_never_searched_to_the_end_again_and_again(tmp_path, monkeypatch, body):
    folder = write_series(tmp_path / "s", {"2024-01.toml": issue(1, articles=article(body=body))})
    api.validate([folder])  # load every module first
    worst = _watch_comment_patterns(monkeypatch)
    api.validate([folder])
    assert worst, "no comment pattern was watched"
    assert max(worst) <= 32, f"a comment pattern searched past {max(worst)} unclosed openers"
