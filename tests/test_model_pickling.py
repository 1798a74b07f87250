"""The model's slotted dataclasses pickle by their fields' values (model/pickling.py): what a
worker sends and the summary shelf stores reads back equal, for every kind of content."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from pathlib import Path

import pytest

from bulletin_cli import api
from bulletin_cli.model import issue as issue_model
from bulletin_cli.model import numbers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _slotted(module) -> list[type]:
    return [cls for _, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__ == module.__name__ and dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__]


def _walk(value, seen: set[str]) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(type(value).__name__)
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _walk(item, seen)


@pytest.mark.parametrize("protocol", [0, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL])
def test_every_example_issue_reads_back_equal(protocol):
    issues = api.load_many([EXAMPLES])
    kinds: set[str] = set()
    for issue in issues:
        again = pickle.loads(pickle.dumps(issue, protocol=protocol))
        assert again == issue
        assert again.articles and [a.body for a in again.articles] == [a.body for a in issue.articles]
        _walk(issue, kinds)
        numbers_only = numbers.IssueNumbers.of(issue)
        assert pickle.loads(pickle.dumps(numbers_only, protocol=protocol)) == numbers_only
    # the examples hold tables, figures, lists, notes and attachments: the round trip saw them
    assert {"Article", "Block", "Run", "Table", "Figure"} <= kinds, kinds


def test_every_slotted_model_class_pickles_by_its_field_names():
    classes = _slotted(issue_model) + _slotted(numbers)
    assert len(classes) >= 10
    for cls in classes:
        # dataclasses' own pair looks up the fields per object: each class has the quick one
        assert cls.__setstate__.__module__ == "bulletin_cli.model.pickling", cls
        assert cls.__getstate__.__module__ == "bulletin_cli.model.pickling", cls
