"""Paragraphs written as text (fragments.py) and parts reused as text (Writer.reuse) are the
bytes the lxml elements gave: the same files with both turned off, for any text, marks and
footnotes, and for compilations (whose section breaks edit the paragraph before them)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx_helpers import NEWSLETTER, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_cli import ExportOptions
from bulletin_cli.api import load
from bulletin_cli.model.issue import Block, Note, Run
from bulletin_cli.testing import EXAMPLES
from bulletin_docx import build, rich, writer

DUCHA = EXAMPLES / "ducha-tongbao" / "2024-06.toml"
OPTIONS = ExportOptions(source_date_epoch=0)


def as_elements(render, *args):
    """``render`` with every paragraph built as lxml elements (the path before fragments.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer.Writer, "reuse", lambda self, key, build: build())
        patch.setattr(writer, "_run_texts", lambda runs: None)
        patch.setattr(rich, "run_texts", lambda writer, runs: None)
        return render(*args)


def test_the_examples_and_their_compilations_come_out_the_same():
    issues = [load(path) for path in (SEED, NEWSLETTER, DUCHA)]
    for issue in issues:
        assert build.build_issue(issue, OPTIONS) == as_elements(build.build_issue, issue, OPTIONS)
    for extra in ({}, {"page_numbers": "restart"}, {"contents": "no"}):
        options = ExportOptions(source_date_epoch=0, extra=extra)
        assert build.build_collection(issues, options) == as_elements(build.build_collection, issues, options)


# Markup characters, spaces lxml keeps with xml:space, tabs and breaks, a character XML cannot
# hold (that text must take the element path and fail as it always did), wide and astral ones.
TEXT = st.text(alphabet=st.sampled_from(list("督查ab <>&\"'\t\n\r \u3000é\U0001F600") + ["\x01"]), max_size=12)
RUNS = st.lists(st.builds(Run, text=TEXT, strong=st.booleans(), emphasis=st.booleans(),
                          note=st.sampled_from([None, None, 1, 2])), max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RUNS, min_size=1, max_size=4), TEXT, TEXT)
def test_any_runs_come_out_the_same(bodies, title, subtitle):
    issue = load(SEED)
    notes = (Note(number=1, blocks=(Block((Run("注一"),)),)), Note(number=2, blocks=(Block((Run("注二"),)),)))
    article = replace(issue.articles[0], title=title or "题", subtitle=subtitle,
                      body=tuple(Block(tuple(runs)) for runs in bodies), notes=notes)
    changed = replace(issue, articles=(article, *issue.articles[1:]))
    try:
        expected = as_elements(build.build_issue, changed, OPTIONS)
    except ValueError:  # text XML cannot hold
        with pytest.raises(ValueError):
            build.build_issue(changed, OPTIONS)
        return
    assert build.build_issue(changed, OPTIONS) == expected
