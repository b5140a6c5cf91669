"""The Python API: accepted forms, exceptions, and offline schema loading."""
from __future__ import annotations

import datetime as dt
import json
import socket

import pytest
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, FIXTURES, load_json
from sagemaker_schema import (
    InputError,
    InvalidResponse,
    Validator,
    assert_valid,
    is_valid,
    schema as schema_files,
    validate,
)
from sagemaker_schema.inputs import to_boto3

FULL = EXAMPLES / "tabular-completed.json"


def test_accepts_dict_text_and_bytes():
    text = FULL.read_text(encoding="utf-8")
    assert validate(json.loads(text)) == validate(text) == validate(text.encode()) == []


def test_accepts_boto3_datetimes_and_rejects_naive_ones():
    doc = to_boto3(load_json(FULL))
    assert isinstance(doc["CreationTime"], dt.datetime) and is_valid(doc)
    doc["EndTime"] = doc["EndTime"].replace(tzinfo=None)
    assert [(v.rule, v.path) for v in validate(doc)] == [("timestamp", "/EndTime")]


def test_unknown_members_relaxed_to_warnings():
    doc = load_json(FULL) | {"NewMemberFrom2030": {"x": 1}}
    strict = validate(doc)
    relaxed = validate(doc, allow_unknown_members=True)
    assert [(v.rule, v.severity) for v in strict] == [("unknown-member", "error")]
    assert [(v.rule, v.severity) for v in relaxed] == [("unknown-member", "warning")]
    assert not is_valid(doc) and is_valid(doc, allow_unknown_members=True)


def test_assert_valid_lists_every_violation():
    doc = load_json(FULL)
    doc["AutoMLJobStatus"] = "Done"
    del doc["RoleArn"]
    with pytest.raises(InvalidResponse) as caught:
        assert_valid(doc)
    message = str(caught.value)
    assert "2 violation(s)" in message
    assert "/AutoMLJobStatus: [enum]" in message and "/RoleArn: [required]" in message
    assert len(caught.value.violations) == 2
    assert_valid(load_json(FULL))


def test_violation_carries_the_documentation_sentence():
    doc = load_json(FULL)
    doc["OutputDataConfig"]["S3OutputPath"] = "gs://bucket/out"
    (v,) = validate(doc)
    assert (v.rule, v.path, v.severity) == ("pattern", "/OutputDataConfig/S3OutputPath", "error")
    assert v.doc == "The Amazon S3 output path. Must be 512 characters or less."
    assert '"gs://bucket/out"' in v.message


@pytest.mark.parametrize(
    "value, message",
    [
        ([], "a list"),
        ("just text", "invalid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ("[1, 2]", "a list"),
        ("null", "null"),
        ("NaN", "NaN is not a JSON value"),
        (42, "a number"),
    ],
)
def test_not_a_document_raises_input_error(value, message):
    with pytest.raises(InputError, match=message):
        validate(value)


def test_one_violation_per_fault():
    doc = load_json(FULL)
    doc["AutoMLJobName"] = 7  # wrong type: not also a pattern or length error
    doc["AutoMLJobStatus"] = ["Completed"]  # not also an enum error
    assert [(v.rule, v.path) for v in validate(doc)] == [("type", "/AutoMLJobName"), ("type", "/AutoMLJobStatus")]


def test_validator_instances_are_independent():
    doc = load_json(FULL) | {"Extra": 1}
    assert Validator(allow_unknown_members=True).validate(doc)[0].severity == "warning"
    assert Validator().validate(doc)[0].severity == "error"


def test_registry_refuses_outside_uris_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the validator tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    schema = {"$ref": "https://example.com/schemas/other.json"}
    validator = Draft202012Validator(schema, registry=schema_files.registry())
    with pytest.raises(Exception) as caught:
        validator.is_valid({})
    chain, error = [], caught.value
    while error is not None and len(chain) < 10:
        chain.append(error)
        error = error.__cause__ or error.__context__
    refusals = [e for e in chain if isinstance(e, schema_files.SchemaError)]
    assert refusals and "refusing to resolve 'https://example.com/schemas/other.json'" in str(refusals[0])
    # while the package's own files still resolve offline
    assert validate(load_json(FULL)) == []


@pytest.mark.parametrize("created, ended, late", [
    ("2024-05-01T12:00:00+00:00", "2024-05-01T11:59:59+00:00", 1.0),  # same layout, out of order
    ("2024-05-01T12:00:00+00:00", "2024-05-01T12:00:00+00:00", None),
    ("2024-05-01T12:00:00+02:00", "2024-05-01T11:00:00+00:00", None),  # other zones: by time, not text
    ("2024-05-01T11:00:00+00:00", "2024-05-01T12:00:00+02:00", 3600.0),
    ("2024-05-01T12:00:00.1234569+00:00", "2024-05-01T12:00:00.1234561+00:00", None),  # equal to the microsecond
    ("2024-05-01 12:00:00.500000+00:00", "2024-05-01T12:00:00Z", 0.5),  # saved by str(), and with Z
    (1714564800.5, "2024-05-01T12:00:00Z", 0.5),  # epoch seconds beside an ISO text
    (1714564800, 1714564799.25, 0.75),
])
def test_timestamps_in_order_compares_times_in_any_layout(created, ended, late):
    doc = load_json(FULL) | {"CreationTime": created, "EndTime": ended, "LastModifiedTime": created}
    doc.pop("BestCandidate")
    found = [v for v in validate(doc) if v.rule == "timestamps-in-order"]
    assert [v.message for v in found] == ([] if late is None else [f"EndTime is {late:.3f} s before CreationTime"])


def test_boto3_datetimes_sit_at_the_schemas_timestamp_places():
    # the validator turns only these before asking the compiled engine; a datetime
    # anywhere else sends the document through the whole normalise
    from sagemaker_schema.inputs import datetimes_at, normalise

    places = schema_files.timestamp_places()
    assert places == {name: None for name in ("CreationTime", "EndTime", "LastModifiedTime")} | {
        "BestCandidate": {name: None for name in ("CreationTime", "EndTime", "LastModifiedTime")}}
    boto3 = to_boto3(load_json(FULL))
    assert datetimes_at(boto3, places) == normalise(boto3) != boto3
    elsewhere = boto3 | {"DataSplitConfig": {"ValidationFraction": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}}
    assert [(v.rule, v.path) for v in validate(elsewhere)] == [("type", "/DataSplitConfig/ValidationFraction")]


def test_a_union_key_that_is_no_string_is_reported_not_raised():
    # the rules layer reads the problem type from the union's keys (a request's, or a response
    # without AutoMLProblemTypeConfigName): a caller's dict may key it by anything
    doc = load_json(FIXTURES / "valid" / "text-classification-completed.json")
    del doc["AutoMLProblemTypeConfigName"]
    doc["AutoMLProblemTypeConfig"][1] = {}
    found = {(v.rule, v.path) for v in validate(doc)}
    assert found == {("union-one-member", "/AutoMLProblemTypeConfig"), ("unknown-member", "/AutoMLProblemTypeConfig/1")}
