"""The CI contract: if `bulletin validate` finds no error, every export succeeds and is valid.

Hypothesis generates series folders over the whole format (tests/contract_gen.py); each
clean one is exported to every installed format (and as a collection where the format has
one). The XML outputs are checked against the RELAX NG and XSD schemas in-process; a sample
of the HTML pages and EPUB books is kept and checked by the Nu checker and EPUBCheck in one
JVM each (the second and third tests), since starting Java per example would cost minutes.
scripts/fuzz.py runs the same contract over many more inputs.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import contract_gen

SCHEMAS = Path(contract_gen.__file__).resolve().parent.parent / "src/bulletin_cli/formats/xml"
SAMPLE = 8  # HTML pages and EPUB books kept for the Java checkers
_kept: dict[str, list[bytes]] = {"html": [], "epub": []}
_ran: list[bool] = []


def _xml_checkers():
    from lxml import etree

    relax = etree.RelaxNG(etree.parse(str(SCHEMAS / "bulletin.rng")))
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "bulletin.xsd")))
    return etree, relax, xsd


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(contract_gen.series())
def test_what_validates_exports_to_every_format(generated):
    etree, relax, xsd = _xml_checkers()
    _ran.append(True)
    formats = contract_gen.export_formats()
    with tempfile.TemporaryDirectory() as scratch:
        outcome = contract_gen.check_contract(generated.write(Path(scratch) / "series"), formats)
    assert not outcome.failures, "\n".join(outcome.failures)
    for data in outcome.outputs.get("xml", []):
        document = etree.fromstring(data)
        assert relax.validate(document), relax.error_log
        assert xsd.validate(document), xsd.error_log
    for name, kept in _kept.items():
        if len(kept) < SAMPLE:
            kept.extend(outcome.outputs.get(name, [])[:1])


def _sample(name: str, tmp_path: Path) -> list[Path]:
    if not _ran:
        pytest.skip("run with test_what_validates_exports_to_every_format, which collects the sample")
    # a generator whose documents never validate would make the contract test vacuous
    assert _kept[name], "no generated series validated clean: the generator does not reach the exporters"
    paths = []
    for index, data in enumerate(_kept[name]):
        paths.append(tmp_path / f"sample-{index}.{'xhtml' if name == 'html' else name}")
        paths[-1].write_bytes(data)
    if name == "html":
        for path in paths:
            path.rename(path.with_suffix(".html"))
        paths = [path.with_suffix(".html") for path in paths]
    return paths


def test_generated_html_passes_the_nu_checker(vnu_jar, tmp_path):
    files = _sample("html", tmp_path)
    result = subprocess.run(["java", "-jar", str(vnu_jar), "--format", "json", "--stdout", *map(str, files)],
                            capture_output=True, text=True, encoding="utf-8")
    messages = [m for m in json.loads(result.stdout)["messages"] if m.get("type") == "error"]
    assert messages == []


def test_generated_epub_passes_epubcheck(java, epubcheck_jar, tmp_path):
    from test_epub_export import _epubcheck  # one JVM for every book

    books = {path.stem: path for path in _sample("epub", tmp_path)}
    reports = _epubcheck(java, epubcheck_jar, books)
    problems = {name: [m for m in report["messages"] if m["severity"] in ("ERROR", "FATAL")]
                for name, report in reports.items()}
    assert {name: found for name, found in problems.items() if found} == {}
