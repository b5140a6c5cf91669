"""Real responses saved every way users save them (tests/fixtures/saved-forms/, made by
scripts/make_saved_forms.py) validate with no error: through the CLI, as a user runs it,
and through the library. The only warnings are those the real responses earn."""
from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, REAL, load_json, run_cli
from sagemaker_schema import validate
from sagemaker_schema.inputs import load

SAVED = FIXTURES / "saved-forms"
FILES = sorted(p for p in SAVED.iterdir() if "--" in p.name)
FORMS = {"boto3-str": 4, "boto3-isoformat": 3, "cli-v1-json": 1, "cli-v2-json": 2, "cli-v2-yaml": 2, "pyyaml": 2}
SOURCES = ("real-tabular-regression-completed", "real-timeseries-stopping-pretraining", "example-tabular-completed")
# what each source earns, whatever its form: a real response earns nothing (boto3's
# SDK_UNKNOWN_MEMBER form, made from one, earns its notice)
EXPECTED = {
    "real-tabular-regression-completed--sdk-unknown-member": [
        ("sdk-unknown-member", "/AutoMLProblemTypeConfig/SDK_UNKNOWN_MEMBER"),
        ("sdk-unknown-member", "/ResolvedAttributes/AutoMLProblemTypeResolvedAttributes/SDK_UNKNOWN_MEMBER"),
    ],
}


def _expected(path) -> list:
    for prefix, found in EXPECTED.items():
        if path.name.startswith(prefix + "--") and ("sdk-unknown-member" in path.name) == ("sdk-unknown-member" in prefix):
            return found
    return []


def test_every_source_is_saved_in_every_form():
    names = [p.name for p in FILES]
    for source in SOURCES:
        for form, count in FORMS.items():
            assert sum(n.startswith(f"{source}--{form}") for n in names) == count, (source, form)
    assert len(FILES) == len(SOURCES) * sum(FORMS.values()) + 1 + sum("yaml12" in n for n in names)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_saved_form_validates_without_error(path):
    loaded = load(str(path))
    assert loaded.error is None, loaded.error
    assert [(v.rule, v.path) for v in validate(loaded.document)] == _expected(path)


def test_the_cli_accepts_every_saved_form():
    result = run_cli("validate", "--format", "json", *FILES, timeout=120)
    body = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout.decode()[-2000:]
    assert body["summary"]["documents"] == len(FILES) and body["summary"]["errors"] == 0


def test_timestamps_keep_the_instant_in_every_zone():
    # the same instant however it was written: epoch numbers, offsets, str(datetime), YAML timestamps
    source = load_json(REAL[0])
    instants = set()
    for path in FILES:
        if path.name.startswith("real-tabular-regression-completed--") and "sdk" not in path.name and "yaml12" not in path.name:
            value = load(str(path)).document["CreationTime"]
            instants.add(round(value if isinstance(value, (int, float)) else _seconds(value), 6))
    assert instants == {round(_seconds(source["CreationTime"]), 6)}


def _seconds(value) -> float:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.timestamp()
    return dt.datetime.fromisoformat(re.sub(r"Z$", "+00:00", value)).timestamp()


def test_sdk_unknown_member_form_comes_from_botocores_parser():
    # not typed by hand: botocore's real parser, given a wire body with a union member its
    # model lacks, writes the documented form, and the saved file is that output
    from botocore.parsers import create_parser

    from sagemaker_schema.inputs import output_shape

    body = {**load_json(FIXTURES / "valid" / "text-classification-completed.json")}
    body["AutoMLProblemTypeConfig"] = {"TextRankingJobConfig": {"Anything": 1}}
    raw = json.dumps(body).encode()
    parsed = create_parser("json").parse({"body": raw, "headers": {}, "status_code": 200}, output_shape())
    assert parsed["AutoMLProblemTypeConfig"] == {"SDK_UNKNOWN_MEMBER": {"name": "TextRankingJobConfig"}}
    found = validate(parsed)
    assert [(v.rule, v.severity) for v in found] == [("sdk-unknown-member", "warning")]
    assert "TextRankingJobConfig" in found[0].message and "newer AWS?" in found[0].message
    saved = load_json(SAVED / "real-tabular-regression-completed--sdk-unknown-member--boto3-str.json")
    assert saved["AutoMLProblemTypeConfig"] == {"SDK_UNKNOWN_MEMBER": {"name": "TabularJobConfigV2"}}
    assert "ResponseMetadata" in saved  # a boto3 dict, as the client returned it


def test_the_recorded_candidates_validate_as_a_best_candidate():
    # real candidates (2020 to 2022) with LogLoss and validation:<name> metric names
    base = load_json(REAL[0])
    candidates = sorted((FIXTURES / "real" / "candidates").glob("*.json"))
    assert len(candidates) == 3
    names = set()
    for path in candidates:
        candidate = load_json(path)
        names.add(candidate["FinalAutoMLJobObjectiveMetric"]["MetricName"])
        names.update(m["MetricName"] for m in candidate.get("CandidateProperties", {}).get("CandidateMetrics", []))
        errors = [v for v in validate({**base, "BestCandidate": candidate}) if v.severity == "error"]
        assert errors == [], (path.name, errors)
    assert {"LogLoss", "validation:f1_binary", "validation:f1"} <= names


def test_cli_v2_yaml_piped_to_standard_input():
    # aws sagemaker describe-auto-ml-job-v2 ... --output yaml | sagemaker-schema validate -
    for path in sorted(SAVED.glob("*--cli-v2-yaml*.yaml")):
        result = run_cli("validate", "--format", "json", "-", stdin=path.read_bytes())
        body = json.loads(result.stdout)
        assert result.returncode == 0 and body["summary"]["errors"] == 0, (path.name, result.stdout[-500:], result.stderr[-500:])
