"""bulletin_cli.testing: the checks plugin authors run on their exporters."""

from __future__ import annotations

import itertools

import pytest

from conftest import EXAMPLES


def test_shipped_examples_are_the_repository_examples():
    from bulletin_cli.testing import EXAMPLES as SHIPPED, example_issues

    shipped = sorted(p.relative_to(SHIPPED) for p in SHIPPED.rglob("*.toml"))
    assert [str(p) for p in shipped if p.name != "series.toml"] == [
        "ducha-tongbao/2024-06.toml", "newsletter/2024-03.toml", "xuanchuan-zhuanbao/2023-06.toml"]
    for relative in shipped:
        assert (SHIPPED / relative).read_bytes() == (EXAMPLES / relative).read_bytes(), \
            f"src/bulletin_cli/examples/{relative} differs from examples/{relative}: copy it over"
    assert len(example_issues()) == 3


def _register(*exporters):
    """Register exporters in this process as a plugin would (the conftest fixture forgets them)."""
    from bulletin_cli import hookimpl, plugins

    class Plugin:
        @hookimpl
        def register_exporters(self, register):
            for exporter in exporters:
                register(exporter)

    plugins.load_plugins()
    plugins.pm.register(Plugin(), name="test-plugin")


def _titles(issue, options):
    return "\n".join(article.title for article in issue.articles)


def test_a_good_exporter_passes_and_gets_its_outputs():
    from bulletin_cli import Exporter
    from bulletin_cli.testing import check_exporter, example_issues

    _register(Exporter("good", ".good", _titles))
    outputs = check_exporter("good")
    assert sorted(outputs) == example_issues()
    seed = next(p for p in example_issues() if p.parent.name == "xuanchuan-zhuanbao")
    assert "全市新时代文明实践中心建设工作推进会召开" in outputs[seed].decode("utf-8")


def test_titles_may_be_wrapped_or_escaped():
    from bulletin_cli import Exporter
    from bulletin_cli.testing import check_exporter

    def wrapped_and_escaped(issue, options):
        return "\n".join(" ".join(a.title[i:i + 7] for i in range(0, len(a.title), 7)).replace("“", "&#8220;")
                         for a in issue.articles)

    _register(Exporter("wrapped", ".w", wrapped_and_escaped))
    check_exporter("wrapped")


counter = itertools.count()


@pytest.mark.parametrize("render, binary, message", [
    (lambda issue, options: "", False, "gave an empty file"),
    (lambda issue, options: f"{issue.name} {next(counter)}", False, "different bytes on a second run"),
    (lambda issue, options: issue.name, False, "is missing from the output"),
    (lambda issue, options: 1 / 0, False, "raised ZeroDivisionError"),
    (lambda issue, options: "text", True, "returned str; a binary format returns bytes"),
    (lambda issue, options: b"bytes", False, "returned bytes; a text format returns str"),
])
def test_a_broken_exporter_fails_the_check(render, binary, message):
    from bulletin_cli import Exporter
    from bulletin_cli.testing import ExporterCheckFailed, check_exporter

    _register(Exporter("broken", ".broken", render, binary=binary))
    with pytest.raises(ExporterCheckFailed, match=message):
        check_exporter("broken")


def test_collections_are_checked_too():
    from bulletin_cli import Exporter
    from bulletin_cli.testing import ExporterCheckFailed, check_exporter

    _register(Exporter("coll", ".coll", _titles, render_collection=lambda issues, options: ""))
    with pytest.raises(ExporterCheckFailed, match="the collection of 3 issues gave an empty file"):
        check_exporter("coll")


def test_unknown_and_conflicting_formats():
    from bulletin_cli import Exporter
    from bulletin_cli.testing import ExporterCheckFailed, check_exporter

    with pytest.raises(ExporterCheckFailed, match="unknown format 'nothing'"):
        check_exporter("nothing")
    _register(Exporter("twice", ".a", _titles), Exporter("twice", ".b", _titles))
    with pytest.raises(ExporterCheckFailed, match="provided by more than one plugin"):
        check_exporter("twice")


def test_every_registered_format_passes():
    from bulletin_cli import plugins
    from bulletin_cli.testing import check_exporter

    found, _ = plugins.exporters()
    assert {"text", "html"} <= set(found)
    for name in sorted(found):
        check_exporter(name)
