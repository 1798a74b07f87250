"""Test helpers for plugin authors: check an exporter against the shipped example issues.

    from bulletin_cli.testing import check_exporter

    def test_my_format():
        outputs = check_exporter("myformat")   # {example issue path: bytes}
        assert b"..." in outputs[...]

The example issues (the transcribed 宣传信息专报 seed and an English newsletter) ship
inside the package, under ``bulletin_cli/examples``, so the helper works wherever
bulletin-cli is installed; ``example_issues()`` lists them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Sequence

from bulletin_cli.formats.exporter import ExportOptions

EXAMPLES = Path(__file__).resolve().parent / "examples"
# Fixed "now" for formats that stamp a date (EPUB's dcterms:modified), as SOURCE_DATE_EPOCH would.
DEFAULT_EPOCH = 1_700_000_000

__all__ = ["EXAMPLES", "example_issues", "check_exporter", "ExporterCheckFailed"]


class ExporterCheckFailed(AssertionError):
    """An exporter broke one of the rules every exporter keeps."""


def example_issues() -> list[Path]:
    """The shipped example issue files (not series.toml), sorted."""
    return sorted(p for p in EXAMPLES.rglob("*.toml") if p.name != "series.toml")


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TAG = re.compile(r"<[^<>]*>")


def _comparable(text: str) -> str:
    """Text with markup escapes undone and all whitespace removed, so wrapped or escaped titles still match."""
    text = html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", text))
    return "".join(char for char in text if not char.isspace())


def check_exporter(format_name: str, *, issues: Sequence[str | Path] | None = None,
                   options: ExportOptions | None = None) -> dict[Path, bytes]:
    """Export every example issue with the named format and check what every exporter must do.

    Checks, for each issue: the format is registered once (no conflict); ``render`` returns
    ``bytes`` for binary formats and ``str`` for text ones, without raising; the file is not
    empty; two runs give the same bytes; in text formats every article title appears (after
    undoing HTML entities and backslash escapes, ignoring line breaks, spaces and tags). When the
    format has ``render_collection``, the issues together are checked the same way.

    The default options fix ``source_date_epoch`` (DEFAULT_EPOCH), as a reproducible build would.
    Raises ExporterCheckFailed (an AssertionError, so pytest reports it) naming the issue
    and the rule; returns each issue's bytes for further checks.
    """
    from bulletin_cli import api, plugins

    options = options or ExportOptions(source_date_epoch=DEFAULT_EPOCH)
    try:
        registered = plugins.get_exporter(format_name)
    except (plugins.UnknownFormat, plugins.FormatConflict) as error:
        problems = "; ".join(str(e) for e in plugins.plugin_errors())
        raise ExporterCheckFailed(f"{error}" + (f" (plugin errors: {problems})" if problems else "")) from None
    exporter = registered.exporter
    paths = [Path(p) for p in issues] if issues is not None else example_issues()
    loaded = api.load_many(paths)
    outputs: dict[Path, bytes] = {}

    def render(label: str, make) -> bytes:
        try:
            first, second = make(), make()
        except Exception as error:  # noqa: BLE001 - reported with the issue it failed on
            raise ExporterCheckFailed(f"{format_name}: rendering {label} raised {type(error).__name__}: {error}") \
                from error
        expected = bytes if exporter.binary else str
        if not isinstance(first, expected):
            raise ExporterCheckFailed(f"{format_name}: rendering {label} returned {type(first).__name__}; "
                                      f"a {'binary' if exporter.binary else 'text'} format returns "
                                      f"{expected.__name__}")
        data = api.encode_output(first, exporter, options)
        if not data.strip():
            raise ExporterCheckFailed(f"{format_name}: {label} gave an empty file")
        if api.encode_output(second, exporter, options) != data:
            raise ExporterCheckFailed(f"{format_name}: {label} gave different bytes on a second run "
                                      "(timestamps? set order? use options.source_date_epoch)")
        return data

    for issue in loaded:
        label = str(issue.path)
        data = render(label, lambda: exporter.render(issue, options))
        if not exporter.binary:
            decoded = data.decode(options.encoding)
            # a title may be cut by markup (HTML keeps each of its words in a span)
            texts = (_comparable(decoded), _comparable(_TAG.sub("", decoded)))
            for article in issue.articles:
                if not any(_comparable(article.title) in text for text in texts):
                    raise ExporterCheckFailed(f"{format_name}: {label}: article title {article.title!r} "
                                              "is missing from the output")
        outputs[issue.path] = data  # type: ignore[index]
    if exporter.render_collection is not None and len(loaded) > 1:
        render(f"the collection of {len(loaded)} issues", lambda: exporter.render_collection(loaded, options))
    return outputs
