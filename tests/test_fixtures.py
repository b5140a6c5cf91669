"""Data-driven: every valid fixture passes, every invalid fixture breaks exactly its rule."""
from __future__ import annotations

import json

import pytest

from conftest import (
    INVALID,
    REAL,
    RULES,
    VALID_CASES,
    VALID_WIRE,
    boto3_json,
    case_id,
    invalid_case,
    load_json,
    patched,
    rule_of,
)
from sagemaker_schema import validate
from sagemaker_schema.catalogue import rules
from sagemaker_schema.inputs import to_boto3

PROBLEM_TYPES = {"tabular", "time-series-forecasting", "text-generation", "image-classification", "text-classification"}
STATUSES = {"completed", "inprogress", "failed", "stopped", "stopping"}


@pytest.mark.parametrize("path", VALID_WIRE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_valid_fixture_has_no_violation(path):
    assert validate(load_json(path)) == []


@pytest.mark.parametrize("path", VALID_WIRE, ids=lambda p: p.name)
def test_valid_fixture_saved_as_boto3_json_has_no_violation(path):
    # the boto3 form as users save it, made by botocore's parser from the wire fixture
    saved = boto3_json(path)
    assert '"ResponseMetadata"' in saved and '+00:00"' in saved
    assert validate(json.loads(saved)) == [] and validate(saved) == []


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


def test_real_responses_are_bundled():
    # the two recordings tests/fixtures/real/README.md describes, whole and as recorded: a
    # real account (no documentation placeholder), the recorder's -04:00 offset, every
    # member the API requires with its type
    assert {p.stem for p in REAL} == {"tabular-regression-completed", "timeseries-stopping-pretraining"}
    assert "test_sagemaker_auto_ml_job_{query,stop}" in (REAL[0].parent / "README.md").read_text()
    for path in REAL:
        doc = load_json(path)
        assert doc["AutoMLJobArn"].split(":")[4] not in ("123456789012", "111122223333"), path.name
        assert doc["CreationTime"].endswith("-04:00") and doc["AutoMLJobArn"].endswith("/" + doc["AutoMLJobName"])
        assert [v for v in validate(doc) if v.rule in ("required", "type")] == [], path.name


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_recorded_response_has_no_violation(path):
    # what AWS really sent breaks no rule, and earns no warning either: a rule that fires
    # on genuine output is noise (tests/test_saved_forms.py: the same responses in every form)
    assert validate(load_json(path)) == []


def test_real_recorded_candidates_have_no_violation():
    for path in sorted((REAL[0].parent / "candidates").glob("*.json")):
        assert validate({"Candidates": [load_json(path)]}, operation="list-candidates-for-auto-ml-job") == [], path.name


@pytest.mark.parametrize("path", VALID_CASES, ids=case_id)
def test_boundary_value_is_valid(path):
    assert validate(patched(path)) == []


@pytest.mark.parametrize("path", INVALID, ids=case_id)
def test_invalid_fixture_breaks_exactly_its_rule(path):
    doc, where = invalid_case(path)
    found = [(v.rule, v.path) for v in validate(doc)]
    assert found == [(rule_of(path), where)]


def test_every_rule_has_an_invalid_fixture():
    # a rule of the response: a response that breaks it; a rule of requests only: a request
    covered = {rule_of(p) for p in INVALID}
    assert {r.id for r in rules().values() if "describe-auto-ml-job-v2" in r.operations} - covered == set()
    requests = {rule_of(p) for p in RULES.glob("*/request-invalid/*.json")}
    assert {r.id for r in rules().values() if "describe-auto-ml-job-v2" not in r.operations} - requests == set()


def test_every_folder_under_tests_rules_is_a_rule_holding_only_cases():
    # request-invalid/: CreateAutoMLJobV2 request cases (tests/test_request_schema.py, tests/test_operations.py)
    folders = {p.name for p in RULES.iterdir()}
    assert folders - set(rules()) == set(), "a folder under tests/rules/ names no rule"
    for folder in RULES.iterdir():
        kinds = {p.name for p in folder.iterdir()}
        assert kinds and kinds <= {"invalid", "valid", "request-invalid"}, (folder.name, kinds)
        for kind in kinds:
            files = list((folder / kind).iterdir())
            assert files and all(f.suffix == ".json" and f.is_file() for f in files), (folder.name, kind)
    requests = list(RULES.glob("*/request-invalid/*.json"))
    assert len(INVALID) + len(VALID_CASES) + len(requests) == len(list(RULES.rglob("*.json")))


@pytest.mark.parametrize("path", VALID_CASES, ids=case_id)
def test_boundary_case_names_real_rules_only(path):
    case = load_json(path)
    assert set(case) <= {"base", "patch", "also"} and "violation" not in case
    also = case.get("also", [])
    assert also == sorted(set(also), key=also.index) and rule_of(path) not in also
    assert set(also) <= set(rules()), also


def test_every_violation_names_rule_path_and_doc():
    for path in INVALID:
        doc, _ = invalid_case(path)
        for v in validate(doc):
            assert v.rule in rules() and v.severity in ("error", "warning")
            assert v.path.startswith("/") and v.message and v.doc, v
