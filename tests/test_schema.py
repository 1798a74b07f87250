"""`bulletin schema`: generated from the same declarations the validator walks, so they agree."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import jsonschema
import pytest
from conftest import EXAMPLE_ISSUES, EXAMPLES, ROOT
from helpers import SERIES, article, issue, write_series

from bulletin_cli.model.spec import ISSUE, SERIES as SERIES_SPEC, json_schema
from bulletin_cli.operations.validate import validate_paths


def as_json(value):
    """TOML values as an editor's schema checker sees them (taplo: dates are strings)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_schema_command_prints_the_schema(cli):
    result = cli(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema("issue")
    assert cli(["schema", "nonsense"]).exit_code == 2


def test_committed_schema_files_are_current():
    for kind in ("issue", "series", "article"):
        committed = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == json_schema(kind), f"run: bulletin schema {kind} > schema/{kind}.schema.json"


def test_schema_is_valid_draft7():
    for kind in ("issue", "series", "article"):
        jsonschema.Draft7Validator.check_schema(json_schema(kind))


def test_every_declared_key_is_in_the_schema():
    schema = json_schema("issue")
    assert set(schema["properties"]) == set(ISSUE.fields)
    assert set(json_schema("series")["properties"]) == set(SERIES_SPEC.fields)


@pytest.mark.parametrize("path", EXAMPLE_ISSUES, ids=lambda p: p.name)
def test_examples_pass_the_schema(path):
    jsonschema.validate(as_json(tomllib.loads(path.read_text(encoding="utf-8"))), json_schema("issue"))
    series = path.parent / "series.toml"
    jsonschema.validate(as_json(tomllib.loads(series.read_text(encoding="utf-8"))), json_schema("series"))


BROKEN = {
    "unknown key": issue(extra='colour = "red"'),
    "string number": issue().replace("number = 1", 'number = "1"'),
    "bad language": issue(extra='language = "fr"'),
    "bad id": issue(articles=article(id="1 a")),
    "missing title": issue(articles=article().replace('title = "标题"\n', "")),
    "list as string": issue(extra='columns = "工作动态"'),
    "zero number": issue().replace("number = 1", "number = 0"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_schema_and_validator_agree_on_broken_documents(name, tmp_path):
    text = BROKEN[name]
    folder = write_series(tmp_path / "s", {"1.toml": text}, series=SERIES)
    structural = [d for d in validate_paths([folder]).diagnostics if d.code.startswith("S")]
    assert structural, f"validator accepted {name}"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(as_json(tomllib.loads(text)), json_schema("issue"))


def test_example_files_point_editors_at_the_schema():
    for path in EXAMPLES.rglob("*.toml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#:schema ") and first.endswith(".schema.json"), path
