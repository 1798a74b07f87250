"""Positions of keys, values and characters inside string values of TOML source."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.files.locate import TomlLocator

SOURCE = '''# comment with = and [brackets]
name = "简报"  # trailing
dotted.key = 1
"quoted key" = 'literal'

[colophon]
report_to = [
  "省委办公厅",  # a comment inside an array
  "市委办公厅",
]
inline = { a = 1, b = { c = "深" } }

[[articles]]
id = "a1"
body = """
第一段，含\\t转义与 "引号"。

第二段。"""

[[articles]]
id = "a2"
body = \'\'\'
原样 \\n 文本\'\'\'

[articles.meta]
x = 1
'''


def at(locator: TomlLocator, line: int, col: int, text: str) -> None:
    lines = locator.text.splitlines()
    assert lines[line - 1][col - 1 :].startswith(text), (line, col, lines[line - 1])


def test_keys_and_values_are_located():
    locator = TomlLocator(SOURCE)
    assert locator.key_position(("name",)) == (2, 1)
    assert locator.value_position(("name",)) == (2, 8)
    assert locator.key_position(("dotted", "key")) == (3, 8)
    assert locator.key_position(("quoted key",)) == (4, 1)
    at(locator, *locator.value_position(("colophon", "report_to", 1)), '"市委办公厅"')
    at(locator, *locator.value_position(("colophon", "inline", "b", "c")), '"深"')
    at(locator, *locator.key_position(("articles", 1, "id")), 'id = "a2"')
    at(locator, *locator.key_position(("articles", 1, "meta", "x")), "x = 1")
    # a missing key falls back to the nearest enclosing table header
    at(locator, *locator.key_position(("articles", 0, "title")), "[[articles]]")


def test_characters_inside_multiline_strings():
    locator = TomlLocator(SOURCE)
    body = tomllib.loads(SOURCE)["articles"][0]["body"]
    index = body.index("第二段")
    at(locator, *locator.string_position(("articles", 0, "body"), index), "第二段")
    quote = body.index("引号")
    at(locator, *locator.string_position(("articles", 0, "body"), quote), "引号")
    literal = tomllib.loads(SOURCE)["articles"][1]["body"]
    at(locator, *locator.string_position(("articles", 1, "body"), literal.index("文本")), "文本")


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40),
       st.sampled_from(["basic", "ml-basic", "literal"]))
def test_every_character_maps_back_to_itself(value, kind):
    """For any string written by a TOML writer, each decoded character points at its source."""
    import tomli_w

    if kind == "literal":
        if "'" in value or any(ord(c) < 32 and c != "\t" for c in value) or "\x7f" in value:
            return
        source = f"v = '{value}'\n"
    elif kind == "ml-basic":
        escaped = tomli_w.dumps({"v": value})[4:-1]  # a basic string with escapes
        source = f'v = """{escaped[1:-1]}"""\n'
    else:
        source = tomli_w.dumps({"v": value})
    assert tomllib.loads(source)["v"] == value
    locator = TomlLocator(source)
    for index, char in enumerate(value):
        offset = locator.string_offset(("v",), index)
        raw = source[offset]
        assert raw == char or raw == "\\", (value, index, source)
