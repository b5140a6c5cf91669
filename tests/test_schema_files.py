"""Lint of the schema files, and their agreement with botocore's service model."""
from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO
from sagemaker_schema import drift
from sagemaker_schema._schemafiles import load_files, nodes

FILES = sorted((REPO / "schemas").glob("*.json"))
ANCHORED = re.compile(r"^\^\(\?:.*\)\$\(\?!\\n\)$", re.S)


_walk = nodes


def _subschemas(body):
    """(path, subschema) for every dict in a schema position (skips enum/const values)."""
    for path, node in _walk(body):
        if isinstance(node, dict) and not any(p in ("enum", "const", "examples") for p in path):
            yield path, node


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_valid_draft_2020_12(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(body)
    assert "$id" not in body, "an absolute $id makes some tools download the files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_patterns_are_anchored_and_ascii(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        pattern = node.get("pattern")
        if pattern is None:
            continue
        assert ANCHORED.match(pattern), f"{where}: not ^(?:...)$(?!\\n): {pattern}"
        assert not re.search(r"\\[dDwWsS](?![^\[]*\])", pattern.replace("[\\s\\S]", "")), f"{where}: Unicode-dependent class in {pattern}"
        assert not re.search(r"(?<![\\\[])\.(?![^\[]*\])", pattern), f"{where}: '.' differs between engines in {pattern}"
        re.compile(pattern)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_objects_closed_and_properties_described(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        if "properties" in node and node.get("type") == "object":
            assert node.get("additionalProperties") is False, f"{where}: object is not closed"
            for name, prop in node["properties"].items():
                assert prop.get("description", "").strip(), f"{where}/{name}: no description"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_refs_are_relative_and_local(path):
    names = {p.name for p in FILES}
    body = json.loads(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        ref = node.get("$ref")
        if ref is not None:
            target = ref.split("#", 1)[0]
            assert target == "" or target in names, f"{where}: $ref {ref} leaves the package's files"


def test_no_empty_arrays():
    for path in FILES:
        for where, node in _walk(json.loads(path.read_text(encoding="utf-8"))):
            assert node != [], f"{path.name} {where}: empty array"


def test_schema_agrees_with_botocore_model_member_by_member():
    # every member, enum value, length, pattern, range, size and required list
    differences = drift.compare()
    assert drift.unexplained(differences) == []
    # and each explained difference is still real (no stale explanations)
    assert {d.key() for d in differences} == set(drift.explained())


def test_model_covers_the_members_the_seed_lacks():
    shape = drift.load_model_shape()
    assert "AutoMLComputeConfig" in shape.members
    union = shape.members["AutoMLProblemTypeConfig"]
    assert "ModelAccessConfig" in union.members["TextGenerationJobConfig"].members
    assert "CandidateGenerationConfig" in union.members["TimeSeriesForecastingJobConfig"].members


@pytest.mark.parametrize(
    "model, schema",
    [
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}", "^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31})$(?!\\n)"),
        ("(^p[1-9]\\d?$)", "^(?:p[1-9][0-9]?)$(?!\\n)"),
        ("(1Y|Y|M)", "^(?:1Y|Y|M)$(?!\\n)"),
        ("[a-zA-Z0-9\\_\\-]+", "^(?:[a-zA-Z0-9_-]+)$(?!\\n)"),
        ("automl-job/.*", "^(?:automl-job/[^\\r\\n]*)$(?!\\n)"),
    ],
)
def test_portable_pattern(model, schema):
    assert drift.portable_pattern(model) == schema


def test_a_changed_model_is_reported(monkeypatch):
    # the comparison is not vacuous: a model with one more enum value differs
    shape = drift.load_model_shape()
    status = shape.members["AutoMLJobStatus"]
    monkeypatch.setattr(type(status), "enum", property(lambda self: list(self.metadata.get("enum", [])) + (["Paused"] if self.name == "AutoMLJobStatus" else [])))
    assert [d.key() for d in drift.unexplained(drift.compare(shape))] == ["enum-value-added AutoMLJobStatus"]


def test_every_member_the_documentation_marks_required_is_required():
    # the page writes "(Required)" in a member's description where botocore's shape may
    # have no required list (AutoMLJobChannel.DataSource): the schema requires it
    marked = []
    for file, body in load_files().items():
        for path, node in nodes(body):
            if isinstance(node, dict) and isinstance(node.get("properties"), dict):
                for name, prop in node["properties"].items():
                    if isinstance(prop, dict) and "(Required)" in prop.get("description", ""):
                        marked.append((file, path, name))
                        assert name in node.get("required", []), (file, path, name)
    assert ("input-data.json", ("$defs", "AutoMLJobChannel"), "DataSource") in marked
