"""Typography rules for official Chinese text (T1xx), a built-in validation-rule plugin.

They run on every printed string of an issue, one paragraph at a time, as the reader will
see it (zh_text.paragraphs). Findings carry the exact position in the TOML file; mechanical
repairs carry a Fix that `bulletin validate --fix` applies. A fix never changes wording: a
stray English word is reported, never rewritten. docs/rules.md describes every rule.

The rules live in one module per family (punctuation, marks, spacing, sentences, characters, lines, dates);
importing them registers them in common._RULES.

Configuration (series.toml): ``[rules]`` turns a rule off or changes its severity,
``words`` lists Latin words the text may use, ``latin_spacing`` chooses "none" (official
style) or "space" between Chinese and Latin letters or digits, and
``<!-- bulletin: ignore T103 -->`` inside a paragraph turns rules off for that paragraph
(``# bulletin: ignore T101`` beside a value, for the whole string).
"""

from __future__ import annotations

from bulletin_cli.checks.typography import (  # noqa: F401 - registers the rules
    characters,
    dates,
    lines,
    marks,
    punctuation,
    sentences,
    spacing,
)
from bulletin_cli.checks.typography.common import _RULES
from bulletin_cli.hookspecs import hookimpl


@hookimpl
def register_rules(register):
    for rule in sorted(_RULES, key=lambda rule: rule.code):
        register(rule)
