"""The run-length map from printed characters back to the TOML string (checks/zh_text.py)."""

from hypothesis import given
from hypothesis import strategies as st

from bulletin_cli.formats.toml.loader import TextField
from bulletin_cli.checks.zh_text import Origins, paragraphs


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 6)), max_size=12))
def test_origins_index_like_the_list_of_every_index(runs):
    origins, expected, source = Origins(), [], 0
    for gap, count in runs:
        source += gap
        origins.add(source, count)
        expected.extend(range(source, source + count))
        source += count
    assert len(origins) == len(expected)
    assert [origins[k] for k in range(len(expected))] == expected
    if expected:
        assert origins[-1] == expected[-1]


def test_markup_is_skipped_and_indexes_point_into_the_value():
    value = "　　**坚持“红色”引领。**优化\\*阵地<!-- 注 -->建设。\n\n第二段。"
    first, second = paragraphs(TextField(None, ("body",), value, "text", "zh-CN"))
    assert first.text == "坚持“红色”引领。优化*阵地建设。"
    # every printed character points at itself in the value (an escaped * at the *, not the \\)
    assert [value[first.origin[k]] for k in range(len(first.text))] == list(first.text)
    assert value[second.origin[0]:second.origin[-1] + 1] == "第二段。"
