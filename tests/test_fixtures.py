"""Data-driven: every valid fixture passes, every invalid fixture breaks exactly its rule."""
from __future__ import annotations

import pytest

from conftest import INVALID, REAL, VALID_BOTO3, VALID_CASES, VALID_WIRE, invalid_case, load_json, patched
from sagemaker_schema import validate
from sagemaker_schema.catalogue import rules
from sagemaker_schema.inputs import to_boto3

PROBLEM_TYPES = {"tabular", "time-series-forecasting", "text-generation", "image-classification", "text-classification"}
STATUSES = {"completed", "inprogress", "failed", "stopped", "stopping"}


@pytest.mark.parametrize("path", VALID_WIRE + VALID_BOTO3, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_valid_fixture_has_no_violation(path):
    assert validate(load_json(path)) == []


@pytest.mark.parametrize("path", VALID_WIRE, ids=lambda p: p.name)
def test_wire_fixture_parsed_by_botocore_stays_valid(path):
    # botocore's own JSON response parser makes the boto3 form: datetimes, ResponseMetadata
    parsed = to_boto3(load_json(path))
    assert "ResponseMetadata" in parsed
    assert validate(parsed) == []


def test_fixtures_cover_every_problem_type_and_status():
    names = {p.stem for p in VALID_WIRE}
    assert {pt for pt in PROBLEM_TYPES if any(n.startswith(pt + "-") for n in names)} == PROBLEM_TYPES
    assert {n.rsplit("-", 1)[1] for n in names} == STATUSES
    assert {p.name for p in VALID_BOTO3} == {p.name for p in VALID_WIRE}


def test_real_responses_are_bundled():
    assert len(REAL) == 2


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_recorded_response_passes(path):
    assert [v for v in validate(load_json(path)) if v.severity == "error"] == []


@pytest.mark.parametrize("path", VALID_CASES, ids=lambda p: p.stem)
def test_boundary_value_is_valid(path):
    assert validate(patched(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_fixture_breaks_exactly_its_rule(path):
    doc, where = invalid_case(path)
    found = [(v.rule, v.path) for v in validate(doc)]
    assert found == [(path.parent.name, where)]


def test_every_rule_has_an_invalid_fixture():
    covered = {p.parent.name for p in INVALID}
    assert set(rules()) - covered == set()
    assert covered - set(rules()) == set(), "a fixture folder names no rule"


def test_every_violation_names_rule_path_and_doc():
    for path in INVALID:
        doc, _ = invalid_case(path)
        for v in validate(doc):
            assert v.rule in rules() and v.severity in ("error", "warning")
            assert v.path.startswith("/") and v.message and v.doc, v
