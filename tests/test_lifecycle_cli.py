"""`generate --lifecycle` (one job's calls as the server answers them, for a Stubber
queue or files) and `validate --transcript` (each recorded call held to its operation's
contract), through the CLI as users run it."""
from __future__ import annotations

import json

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from conftest import run_cli
from sagemaker_schema import validate
from sagemaker_schema.serve import Server, recorded_job

FINISHED = ("Completed", "Failed", "Stopped")


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("outcome", ["Completed", "Failed", "Stopped"])
def test_generate_lifecycle_writes_one_job_s_calls_ready_for_a_stubber_queue(outcome):
    args = ("generate", "--lifecycle", "--seed", "4", "--problem-type", "Tabular", "--outcome", outcome)
    first, again = run_cli(*args, text=True), run_cli(*args, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout  # the same arguments, the same bytes
    calls = lines(first.stdout)
    assert calls == recorded_job(seed=4, problem_type="Tabular", outcome=outcome)["transcript"]  # one home
    targets = [call["target"] for call in calls]
    assert targets[0] == "SageMaker.CreateAutoMLJobV2" and targets[-1] == "SageMaker.ListCandidatesForAutoMLJob"
    assert set(targets[1:-1]) == {"SageMaker.DescribeAutoMLJobV2"} and len(targets) >= 4
    assert [call["call"] for call in calls] == list(range(1, len(calls) + 1))
    assert "TabularJobConfig" in calls[0]["request"]["AutoMLProblemTypeConfig"]
    assert calls[-2]["response"]["AutoMLJobStatus"] == outcome
    assert all(call["response"]["AutoMLJobStatus"] not in FINISHED for call in calls[1:-2])

    # the lines fill a Stubber queue as they are (expected params included), and a polling loop drains it
    import boto3

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        for call in calls:
            stubber.add_response(xform_name(call["target"].removeprefix("SageMaker.")), call["response"], call["request"])
        name = calls[0]["request"]["AutoMLJobName"]
        client.create_auto_ml_job_v2(**calls[0]["request"])
        while (job := client.describe_auto_ml_job_v2(AutoMLJobName=name))["AutoMLJobStatus"] not in FINISHED:
            pass
        page = client.list_candidates_for_auto_ml_job(AutoMLJobName=name, MaxResults=100)
        stubber.assert_no_pending_responses()
    assert job["AutoMLJobStatus"] == outcome and len(page["Candidates"]) == len(calls[-1]["response"]["Candidates"])


def test_generate_lifecycle_out_writes_a_file_per_document_each_valid_under_its_operation(tmp_path):
    out = tmp_path / "lifecycle"
    made = run_cli("generate", "--lifecycle", "--seed", "2", "--problem-type", "TimeSeriesForecasting", "--out", out, text=True)
    assert made.returncode == 0, made.stderr
    job = recorded_job(seed=2, problem_type="TimeSeriesForecasting")
    describes = sorted(out.glob("describe-auto-ml-job-v2-*.json"))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["create-auto-ml-job-v2-request.json", "list-candidates-for-auto-ml-job.json", *(p.name for p in describes)])
    assert [json.loads(p.read_text()) for p in describes] == job["describes"]
    assert json.loads((out / "create-auto-ml-job-v2-request.json").read_text()) == job["request"]
    for operation, files in (("describe-auto-ml-job-v2", describes), ("create-auto-ml-job-v2", [out / "create-auto-ml-job-v2-request.json"]),
                             ("list-candidates-for-auto-ml-job", [out / "list-candidates-for-auto-ml-job.json"])):
        checked = run_cli("validate", "--operation", operation, *files, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    # written again: refused without --force, nothing changed; --force replaces them
    again = run_cli("generate", "--lifecycle", "--seed", "3", "--out", out, text=True)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "--force overwrites them" in again.stderr
    assert [json.loads(p.read_text()) for p in describes] == job["describes"]
    assert run_cli("generate", "--lifecycle", "--seed", "3", "--out", out, "--force").returncode == 0


@pytest.mark.parametrize(("args", "says"), [
    (("--lifecycle", "--outcome", "Exploded"), "--outcome must be one of Completed,"),
    (("--lifecycle", "--problem-type", "Tabluar"), "--problem-type must be one of"),
    (("--outcome", "Failed"), "--outcome goes with --lifecycle"),
    (("--lifecycle", "--count", "2"), "--count, --status, --form, --invalid and --operation do not go with it"),
    (("--lifecycle", "--operation", "create-auto-ml-job-v2"), "do not go with it"),
])
def test_generate_lifecycle_bad_arguments_are_one_line_and_exit_2(args, says):
    result = run_cli("generate", *args, text=True)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr


def test_validate_transcript_checks_a_served_transcript_and_names_the_rule_a_fault_broke(tmp_path):
    transcript = tmp_path / "calls.jsonl"
    params = recorded_job(seed=1, problem_type="ImageClassification")["request"]
    with Server(seed=1, transcript=transcript) as server:
        client = server.client()
        client.create_auto_ml_job_v2(**params)
        client.describe_auto_ml_job_v2(AutoMLJobName=params["AutoMLJobName"])
        client.list_candidates_for_auto_ml_job(AutoMLJobName=params["AutoMLJobName"])
        client.list_auto_ml_jobs()
        with pytest.raises(ClientError):
            client.describe_auto_ml_job_v2(AutoMLJobName="nobody")
    clean = run_cli("validate", "--transcript", transcript, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.splitlines() == [f"{transcript}:1 CreateAutoMLJobV2 request: valid",
                                         f"{transcript}:2 DescribeAutoMLJobV2 response: valid",
                                         f"{transcript}:3 ListCandidatesForAutoMLJob request: valid",
                                         f"{transcript}:3 ListCandidatesForAutoMLJob response: valid",
                                         f"{transcript}:4 ListAutoMLJobs request: valid",
                                         f"{transcript}:4 ListAutoMLJobs response: valid"]
    # what has no contract here, and an error answered, are said, not passed over
    assert "DescribeAutoMLJobV2 request x2" in clean.stderr and "DescribeAutoMLJobV2 response (HTTP 400) x1" in clean.stderr

    # a fault asked for (a describe that breaks one rule) is in the transcript, and validate names its rule there
    with Server(seed=1, transcript=transcript) as server:
        client = server.client()
        client.create_auto_ml_job_v2(**params)
        server.advance(params["AutoMLJobName"], to="Completed")  # a step the rule's breaker can start from
        server.break_next(rule="problem-type-name-matches-config")
        client.describe_auto_ml_job_v2(AutoMLJobName=params["AutoMLJobName"])
    recorded = lines(transcript.read_text())
    assert recorded[1]["fault"] == {"break": "problem-type-name-matches-config"}
    assert validate(recorded[1]["response"])  # the broken document, as sent
    broken = run_cli("validate", "--transcript", "--format", "json", transcript, text=True)
    assert broken.returncode == 1, broken.stderr
    report = json.loads(broken.stdout)
    assert [(d["file"], d["valid"]) for d in report["documents"]] == [(f"{transcript}:1 CreateAutoMLJobV2 request", True),
                                                                      (f"{transcript}:2 DescribeAutoMLJobV2 response", False)]
    assert {v["rule"] for v in report["documents"][1]["violations"]} == {"problem-type-name-matches-config"}


def test_validate_transcript_reads_generate_lifecycle_and_names_a_bad_line(tmp_path):
    made = run_cli("generate", "--lifecycle", "--seed", "6", "--outcome", "Stopped", text=True)
    path = tmp_path / "job.jsonl"
    path.write_text(made.stdout + '{"target": "SageMaker.DescribeAutoMLJobV2"}\n', encoding="utf-8")
    result = run_cli("validate", "--transcript", path, text=True)
    assert result.returncode == 2, result.stdout + result.stderr  # a line that is no call: an input error
    count = len(made.stdout.splitlines())
    assert f"{path}:{count + 1}: error: not a transcript line" in result.stdout
    # each call checked once (Create's request, each describe response), the candidate page's call twice (its request too)
    assert result.stdout.count(": valid") == count + 1


def test_validate_transcript_takes_no_operation_jsonl_or_job_name(tmp_path):
    for extra in (("--operation", "create-auto-ml-job-v2"), ("--jsonl",), ("--job-name", "j")):
        result = run_cli("validate", "--transcript", *extra, tmp_path / "t.jsonl", text=True)
        assert result.returncode == 2 and "--transcript checks each call with its own operation's contract" in result.stderr


@pytest.mark.parametrize("form", ["text", "json", "junit", "github", "sarif"])
def test_validate_transcript_reports_in_every_format(form, tmp_path):
    calls = recorded_job(seed=8)["transcript"][:2]
    calls[1]["response"]["AutoMLJobStatus"] = "Running"
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json.dumps(call) + "\n" for call in calls), encoding="utf-8")
    result = run_cli("validate", "--transcript", "--format", form, path, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    from urllib.parse import unquote  # github and sarif escape the name

    assert f"{path}:2 DescribeAutoMLJobV2 response" in unquote(result.stdout)
    if form == "junit":  # the failure names whose contract: the recorded call's, not the describe response's by default
        assert "1 violation(s) of the recorded call's contract" in result.stdout
