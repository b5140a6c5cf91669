"""sagemaker-schema serve: a local AutoML endpoint, proved with boto3 (botocore's own
serializer, parser, paginators and retries), raw HTTP, and the CLI as a process. Every
server binds 127.0.0.1 on a free port and is stopped by its test."""
from __future__ import annotations

import http.client
import json
import math
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from botocore.exceptions import ClientError

from conftest import GUARD, REPO
from sagemaker_schema import validate
from sagemaker_schema.generate import RandomDraw, candidate, request, response
from sagemaker_schema.serve import Server, lifecycle
from sagemaker_schema.serve.service import Service, best

FINISHED = ("Completed", "Failed", "Stopped")


def a_request(problem_type="Tabular", name="job-1", seed=0, **changes) -> dict:
    params = request(RandomDraw(seed), problem_type)
    params["AutoMLJobName"] = name
    params.update(changes)
    return params


def trained(params: dict) -> dict:
    """The request without GenerateCandidateDefinitionsOnly or a runtime limit (its job runs
    every stage and trains candidates)."""
    config = next(iter(params["AutoMLProblemTypeConfig"].values()))
    config.pop("GenerateCandidateDefinitionsOnly", None)
    config.get("CompletionCriteria", {}).pop("MaxAutoMLJobRuntimeInSeconds", None)
    return params


def expected(params: dict) -> list[tuple[str, str]]:
    """The (status, secondary status) steps the lifecycle table gives this request's job."""
    config = next(iter(params["AutoMLProblemTypeConfig"].values()))
    limit = config.get("CompletionCriteria", {}).get("MaxAutoMLJobRuntimeInSeconds")
    return lifecycle.path(next(iter(params["AutoMLProblemTypeConfig"])).removesuffix("JobConfig"),
                          definitions_only=config.get("GenerateCandidateDefinitionsOnly") is True, deploy="ModelDeployConfig" in params,
                          within=None if limit is None else math.ceil(limit / 300))


def call(service: Service, operation: str, params) -> tuple[int, dict]:
    answer = service.handle(f"SageMaker.{operation}", json.dumps(params).encode())
    return answer.status, json.loads(answer.body)


def poll(client, name: str, limit: int = 30) -> list[dict]:
    """A polling loop as users write it: describe until the job has ended."""
    seen = []
    for _ in range(limit):
        seen.append(client.describe_auto_ml_job_v2(AutoMLJobName=name))
        if seen[-1]["AutoMLJobStatus"] in FINISHED:
            return seen
    raise AssertionError(f"the job never ended: {[d['AutoMLJobSecondaryStatus'] for d in seen]}")


@pytest.fixture(scope="module")
def server():
    with Server(seed=7, scenario={"jobs": [{"match": "fail-*", "outcome": "Failed", "at": "FeatureEngineering",
                                             "failure_reason": "ClientError: no target column"}]}) as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    return server.client()


# --- boto3 against the server

def test_a_polling_loop_sees_every_stage_of_the_table_and_ends_completed(client):
    params = trained(a_request("Tabular", "poll-completed"))
    params.pop("ModelDeployConfig", None)
    assert client.create_auto_ml_job_v2(**params)["AutoMLJobArn"].endswith("automl-job/poll-completed")
    seen = poll(client, "poll-completed")
    assert [(d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) for d in seen] == lifecycle.path("Tabular")
    assert [d["AutoMLJobSecondaryStatus"] for d in seen][:-1] == list(lifecycle.STAGES["Tabular"])
    # everything follows the state: EndTime only at the end, a candidate only once trained
    assert ["EndTime" in d for d in seen] == [False] * (len(seen) - 1) + [True]
    tuning = [d["AutoMLJobSecondaryStatus"] for d in seen].index("ModelTuning")
    assert ["BestCandidate" in d for d in seen] == [False] * (tuning + 1) + [True] * (len(seen) - tuning - 1)
    times = [(d["CreationTime"], d["LastModifiedTime"]) for d in seen]
    assert len({created for created, _ in times}) == 1
    assert [modified for _, modified in times] == sorted(modified for _, modified in times)  # never back
    assert seen[-1]["EndTime"] <= seen[-1]["LastModifiedTime"]


def test_stop_auto_ml_job_gives_stopping_then_stopped_and_stopping_again_is_refused(client):
    client.create_auto_ml_job_v2(**a_request("TimeSeriesForecasting", "poll-stopped"))
    first = client.describe_auto_ml_job_v2(AutoMLJobName="poll-stopped")
    assert (first["AutoMLJobStatus"], first["AutoMLJobSecondaryStatus"]) == ("InProgress", "Starting")
    client.stop_auto_ml_job(AutoMLJobName="poll-stopped")
    seen = poll(client, "poll-stopped")
    # Stopping keeps the stage it was at (as a recorded real job shows), then Stopped
    assert [(d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) for d in seen] == [("Stopping", "Starting"), ("Stopped", "Stopped")]
    assert "EndTime" in seen[-1] and "BestCandidate" not in seen[-1]
    with pytest.raises(ClientError) as raised:
        client.stop_auto_ml_job(AutoMLJobName="poll-stopped")
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_scenario_fails_a_job_by_name_pattern_with_its_reason(client):
    client.create_auto_ml_job_v2(**trained(a_request("Tabular", "fail-1")))
    seen = poll(client, "fail-1")
    assert [d["AutoMLJobSecondaryStatus"] for d in seen] == ["Starting", "AnalyzingData", "FeatureEngineering", "Failed"]
    assert seen[-1]["AutoMLJobStatus"] == "Failed" and seen[-1]["FailureReason"] == "ClientError: no target column"
    assert all("FailureReason" not in d for d in seen[:-1])


def test_a_job_s_arns_name_the_region_the_client_calls(server):
    params = a_request("Tabular", "in-frankfurt", RoleArn="arn:aws:iam::123456789012:role/autopilot")
    arn = server.client(region_name="eu-central-1").create_auto_ml_job_v2(**params)["AutoMLJobArn"]
    assert arn == "arn:aws:sagemaker:eu-central-1:123456789012:automl-job/in-frankfurt"
    # a region of another partition than the role's is not taken (the builder picks one of the role's)
    other = a_request("Tabular", "in-beijing", RoleArn="arn:aws:iam::123456789012:role/autopilot")
    assert ":cn-north-1:" not in server.client(region_name="cn-north-1").create_auto_ml_job_v2(**other)["AutoMLJobArn"]


def test_builder_response_names_the_region_given():
    params = a_request("Tabular", "placed", RoleArn="arn:aws-us-gov:iam::123456789012:role/autopilot")
    doc = response(RandomDraw(1), request=params, region="us-gov-east-1")
    assert doc["AutoMLJobArn"] == "arn:aws-us-gov:sagemaker:us-gov-east-1:123456789012:automl-job/placed"
    assert validate(doc) == []


def test_errors_are_the_client_errors_aws_gives(client):
    def code(call, **params):
        with pytest.raises(ClientError) as raised:
            call(**params)
        return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]

    client.create_auto_ml_job_v2(**a_request("ImageClassification", "Case-Name"))
    # the name is unique to the account and case-insensitive
    assert code(client.create_auto_ml_job_v2, **a_request("TextClassification", "case-NAME"))[0] == "ResourceInUse"
    assert code(client.describe_auto_ml_job_v2, AutoMLJobName="no-such-job")[0] == "ResourceNotFound"
    assert code(client.list_candidates_for_auto_ml_job, AutoMLJobName="no-such-job")[0] == "ResourceNotFound"
    assert code(client.stop_auto_ml_job, AutoMLJobName="no-such-job")[0] == "ResourceNotFound"
    # a request that breaks an error rule: 400 ValidationException naming rule id, path and sentence
    bad = a_request("TextClassification", "bad-endpoint")
    bad["ModelDeployConfig"] = {"AutoGenerateEndpointName": True, "EndpointName": "my-endpoint"}
    error, message = code(client.create_auto_ml_job_v2, **bad)
    assert error == "ValidationException"
    assert "[endpoint-name-iff-not-auto-generated]" in message and "/ModelDeployConfig" in message
    from sagemaker_schema.catalogue import rules

    assert f"(documented: {' '.join(rules()['endpoint-name-iff-not-auto-generated'].documentation.split())})" in message
    assert code(client.describe_auto_ml_job_v2, AutoMLJobName="bad-endpoint")[0] == "ResourceNotFound"  # not created
    # List parameters held to the model: a range, an enum
    error, message = code(client.list_auto_ml_jobs, MaxResults=101)
    assert error == "ValidationException" and "'MaxResults'" in message and "less than or equal to 100" in message
    error, message = code(client.list_auto_ml_jobs, SortBy="Size")
    assert error == "ValidationException" and "SortBy" in message
    assert code(client.list_auto_ml_jobs, NextToken="not-minted-here")[0] == "ValidationException"
    # any other operation
    assert code(client.delete_endpoint, EndpointName="x")[0] == "UnknownOperationException"


def test_both_paginators_return_every_item_exactly_once(server):
    client = server.client()
    names = [f"page-job-{i}" for i in range(7)]
    for name in names:
        client.create_auto_ml_job_v2(**a_request("Tabular", name))
    pages = client.get_paginator("list_auto_ml_jobs").paginate(NameContains="page-job", SortBy="Name", SortOrder="Ascending",
                                                                PaginationConfig={"PageSize": 2})
    listed = [s["AutoMLJobName"] for page in pages for s in page["AutoMLJobSummaries"]]
    assert listed == names
    scenario = {"jobs": [{"match": "*", "candidates": 7}]}
    with Server(seed=1, scenario=scenario) as other:
        c = other.client()
        c.create_auto_ml_job_v2(**trained(a_request("Tabular", "many")))
        other.advance("many", to="Completed")
        final = c.describe_auto_ml_job_v2(AutoMLJobName="many")
        pages = c.get_paginator("list_candidates_for_auto_ml_job").paginate(AutoMLJobName="many", PaginationConfig={"PageSize": 3})
        candidates = [x for page in pages for x in page["Candidates"]]
        whole = c.list_candidates_for_auto_ml_job(AutoMLJobName="many", MaxResults=100)["Candidates"]
    assert [x["CandidateName"] for x in candidates] == [x["CandidateName"] for x in whole]
    assert len({x["CandidateName"] for x in candidates}) == len(candidates) >= 1
    limit = final["ResolvedAttributes"]["CompletionCriteria"].get("MaxCandidates") if "ResolvedAttributes" in final else None
    assert len(candidates) == min(7, limit or 7)
    assert final["BestCandidate"]["CandidateName"] == best(whole)["CandidateName"]


def test_list_filters_and_sorting_are_honoured():
    service = Service(seed=3)
    for name in ("b-job", "a-job", "c-other"):
        assert call(service, "CreateAutoMLJobV2", a_request("ImageClassification", name))[0] == 200
    service.advance("c-other", to="Completed")
    _, body = call(service, "ListAutoMLJobs", {})
    assert [s["AutoMLJobName"] for s in body["AutoMLJobSummaries"]] == ["c-other", "b-job", "a-job"]  # Name, Descending
    _, body = call(service, "ListAutoMLJobs", {"SortBy": "CreationTime", "SortOrder": "Ascending", "NameContains": "JOB"})
    assert [s["AutoMLJobName"] for s in body["AutoMLJobSummaries"]] == ["b-job", "a-job"]
    _, body = call(service, "ListAutoMLJobs", {"StatusEquals": "InProgress"})
    assert sorted(s["AutoMLJobName"] for s in body["AutoMLJobSummaries"]) == ["a-job", "b-job"]
    created = {s["AutoMLJobName"]: s["CreationTime"] for s in call(service, "ListAutoMLJobs", {})[1]["AutoMLJobSummaries"]}
    _, body = call(service, "ListAutoMLJobs", {"CreationTimeAfter": created["b-job"]})
    assert [s["AutoMLJobName"] for s in body["AutoMLJobSummaries"]] == ["c-other", "a-job"]
    _, body = call(service, "ListAutoMLJobs", {"CreationTimeBefore": created["a-job"]})
    assert [s["AutoMLJobName"] for s in body["AutoMLJobSummaries"]] == ["b-job"]
    _, body = call(service, "ListCandidatesForAutoMLJob", {"AutoMLJobName": "c-other", "StatusEquals": "Failed"})
    assert body == {"Candidates": []}
    _, body = call(service, "ListCandidatesForAutoMLJob", {"AutoMLJobName": "c-other"})
    name = body["Candidates"][0]["CandidateName"]
    _, body = call(service, "ListCandidatesForAutoMLJob", {"AutoMLJobName": "c-other", "CandidateNameEquals": name})
    assert [c["CandidateName"] for c in body["Candidates"]] == [name]


# --- the lifecycle follows the table, and every response keeps the contract

@pytest.mark.parametrize("problem_type", sorted(lifecycle.STAGES))
@pytest.mark.parametrize("seed", range(4))
def test_every_step_of_every_problem_type_passes_the_validator(problem_type, seed):
    service = Service(seed=seed)
    params = a_request(problem_type, "steps", seed)
    assert call(service, "CreateAutoMLJobV2", params)[0] == 200
    config = next(iter(params["AutoMLProblemTypeConfig"].values()))
    steps = expected(params)
    seen = []
    for _ in steps:
        status, body = call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "steps"})
        assert status == 200, body
        assert validate(body) == []  # strict, both severities
        _, page = call(service, "ListCandidatesForAutoMLJob", {"AutoMLJobName": "steps"})
        assert validate(page, operation="list-candidates-for-auto-ml-job") == []
        seen.append((body["AutoMLJobStatus"], body["AutoMLJobSecondaryStatus"]))
        if "BestCandidate" in body:
            assert body["BestCandidate"] == best(page["Candidates"])
        # the configuration is echoed; MaxCandidates bounds the candidates
        assert body["AutoMLProblemTypeConfig"] == params["AutoMLProblemTypeConfig"]
        limit = config.get("CompletionCriteria", {}).get("MaxCandidates")
        assert limit is None or len(page["Candidates"]) <= limit
    assert seen == steps


def test_many_clients_at_once_each_see_their_own_job_move_alone(server):
    from concurrent.futures import ThreadPoolExecutor

    requests = [a_request(problem_type, f"parallel-{i}", seed=i) for i, problem_type in enumerate(sorted(lifecycle.STAGES) * 2)]
    clients = [server.client() for _ in requests]  # made here: creating boto3 clients is not thread-safe

    def one(index):
        clients[index].create_auto_ml_job_v2(**requests[index])
        return poll(clients[index], requests[index]["AutoMLJobName"])

    with ThreadPoolExecutor(len(requests)) as pool:
        results = list(pool.map(one, range(len(requests))))
    for params, seen in zip(requests, results, strict=True):
        assert {d["AutoMLJobName"] for d in seen} == {params["AutoMLJobName"]}
        assert [(d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) for d in seen] == expected(params)


def test_32_raw_clients_connecting_at_once_are_all_served(server):
    import threading

    parts = urlsplit(server.endpoint_url)
    errors, answered = [], []
    start = threading.Barrier(32)

    def client():
        try:
            start.wait(timeout=GUARD)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
            for _ in range(10):
                connection.request("POST", "/", body=b"{}", headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs",
                                                                     "Content-Type": "application/x-amz-json-1.1"})
                answer = connection.getresponse()
                answer.read()
                answered.append(answer.status)
            connection.close()
        except Exception as exc:  # a reset connection, a timeout: collected, reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=client) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD)
    assert errors == [] and answered == [200] * 320


def test_past_the_cap_on_stored_jobs_create_gets_resource_limit_exceeded():
    service = Service(seed=1, max_jobs=2)
    assert [call(service, "CreateAutoMLJobV2", a_request("ImageClassification", f"capped-{i}"))[0] for i in range(2)] == [200, 200]
    status, body = call(service, "CreateAutoMLJobV2", a_request("ImageClassification", "capped-2"))
    assert (status, body["__type"]) == (400, "ResourceLimitExceeded") and "at most 2 AutoML jobs" in body["message"]


def test_candidates_share_the_objective_and_their_values_fit_its_kind():
    service = Service(seed=5, scenario={"jobs": [{"match": "*", "candidates": 4}]})
    for problem_type in ("Tabular", "TimeSeriesForecasting", "TextGeneration"):
        params = trained(a_request(problem_type, f"scores-{problem_type.lower()}"))
        params["AutoMLProblemTypeConfig"][f"{problem_type}JobConfig"].pop("CompletionCriteria", None)
        call(service, "CreateAutoMLJobV2", params)
        finals = [c["FinalAutoMLJobObjectiveMetric"] for c in service.jobs[params["AutoMLJobName"].lower()].candidates]
        assert 1 <= len(finals) <= 4 and len({(f["MetricName"], f["Type"]) for f in finals}) == 1  # within MaxCandidates
        scores = [f["Value"] for f in finals]
        assert all(0.5 <= v < 1 for v in scores) if finals[0]["Type"] == "Maximize" else all(0 < v < 100 for v in scores)


def test_best_candidate_is_chosen_by_the_objective_type():
    def one(name, kind, value):
        return {"CandidateName": name, "FinalAutoMLJobObjectiveMetric": {"Type": kind, "MetricName": "MSE", "Value": value}}

    assert best([one("a", "Minimize", 3.0), one("b", "Minimize", 1.0), one("c", "Minimize", 2.0)])["CandidateName"] == "b"
    assert best([one("a", "Maximize", 3.0), one("b", "Maximize", 1.0), one("c", "Maximize", 3.0)])["CandidateName"] == "a"


def test_a_response_that_would_break_the_contract_is_a_500_naming_it(monkeypatch, caplog):
    service = Service(seed=1)
    call(service, "CreateAutoMLJobV2", a_request("Tabular", "liar"))
    view = service.view

    def lying(job):
        doc = view(job)
        doc["AutoMLJobStatus"] = "Completed"  # without EndTime: end-time-when-finished, secondary-status-matches-status
        return doc

    monkeypatch.setattr(service, "view", lying)
    status, body = call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "liar"})
    assert status == 500 and body["__type"] == "InternalFailure"
    assert "end-time-when-finished" in body["message"] and "end-time-when-finished" in caplog.text


def test_advance_moves_a_job_explicitly_and_refuses_a_step_not_ahead():
    service = Service(seed=2, advance="manual")
    call(service, "CreateAutoMLJobV2", a_request("TextGeneration", "manual"))
    for _ in range(3):  # manual: describing moves nothing
        assert call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "manual"})[1]["AutoMLJobSecondaryStatus"] == "Starting"
    assert service.advance("manual", to="TrainingModels") == ("InProgress", "TrainingModels")
    assert service.advance("manual") == ("Completed", "Completed")
    with pytest.raises(ValueError, match="no step 'Starting' ahead"):
        service.advance("manual", to="Starting")
    with pytest.raises(KeyError):
        service.advance("nobody")


def test_the_admin_path_advances_a_job_for_clients_without_python(server, client):
    client.create_auto_ml_job_v2(**a_request("ImageClassification", "admin-moved"))
    status, body = _raw(server, "/_sagemaker_schema/advance", json.dumps({"AutoMLJobName": "admin-moved", "To": "Completed"}).encode())
    assert (status, json.loads(body)) == (200, {"AutoMLJobStatus": "Completed", "AutoMLJobSecondaryStatus": "Completed"})
    assert client.describe_auto_ml_job_v2(AutoMLJobName="admin-moved")["AutoMLJobStatus"] == "Completed"
    status, body = _raw(server, "/_sagemaker_schema/advance", b'{"AutoMLJobName": "nobody"}')
    assert status == 400 and json.loads(body)["__type"] == "ResourceNotFound"


def test_a_bad_scenario_is_refused_naming_the_problem(tmp_path):
    with pytest.raises(ValueError, match=r"jobs\[0\]: outcome 'Exploded'"):
        Service(scenario={"jobs": [{"match": "*", "outcome": "Exploded"}]})
    path = tmp_path / "scenario.yaml"
    path.write_text("jobs:\n  - match: '*'\n    colour: red\n")
    with pytest.raises(ValueError, match=r"scenario.yaml: jobs\[0\]: unknown key\(s\) colour"):
        Server(scenario=path)


# --- deterministic and replayable

def _session(seed, transcript=None) -> list[tuple]:
    """One call sequence against a fresh server; the answers (status, headers, body)."""
    answers = []
    with Server(seed=seed, transcript=transcript, scenario={"jobs": [{"match": "f*", "outcome": "Failed"}]}) as running:
        for target, params in [("CreateAutoMLJobV2", a_request("Tabular", "d-one")),
                               ("CreateAutoMLJobV2", a_request("TimeSeriesForecasting", "f-two", 1)),
                               *[("DescribeAutoMLJobV2", {"AutoMLJobName": n}) for n in ("d-one", "f-two") * 8],
                               ("ListCandidatesForAutoMLJob", {"AutoMLJobName": "d-one", "MaxResults": 1}),
                               ("ListAutoMLJobs", {"MaxResults": 1}), ("StopAutoMLJob", {"AutoMLJobName": "d-one"})]:
            parts = urlsplit(running.endpoint_url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
            connection.request("POST", "/", body=json.dumps(params).encode(),
                               headers={"X-Amz-Target": f"SageMaker.{target}", "Content-Type": "application/x-amz-json-1.1"})
            answer = connection.getresponse()
            answers.append((answer.status, answer.getheaders(), answer.read()))
            connection.close()
    return answers


def test_same_seed_and_calls_give_byte_identical_responses_and_a_transcript(tmp_path):
    first, again, other = _session(11, tmp_path / "calls.jsonl"), _session(11), _session(12)
    assert first == again
    assert first != other
    lines = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    assert [json.dumps(line["response"], separators=(",", ":"), ensure_ascii=False).encode() for line in lines] == [
        body for _, _, body in first]
    # the headers too: the request id and the Date follow the seed and the virtual clock
    assert dict(first[0][1])["Date"] == "Sat, 01 Nov 2025 00:00:01 GMT"
    assert lines[0]["target"] == "SageMaker.CreateAutoMLJobV2" and lines[0]["request"]["AutoMLJobName"] == "d-one"
    assert lines[-1]["status"] == 400 and lines[-1]["response"]["__type"] == "ValidationException"  # d-one has ended


# --- bad input over HTTP: AWS-shaped 400s, and the server keeps serving

def _raw(server, path, body, target="SageMaker.DescribeAutoMLJobV2", content_type="application/x-amz-json-1.1", headers=None):
    parts = urlsplit(server.endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
    try:
        connection.request("POST", path, body=body, headers={"X-Amz-Target": target, "Content-Type": content_type, **(headers or {})})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


@pytest.mark.parametrize("case, path, body, target, content_type, code", [
    ("malformed JSON", "/", b'{"AutoMLJobName": ', "SageMaker.DescribeAutoMLJobV2", "application/x-amz-json-1.1", "SerializationException"),
    ("not an object", "/", b'["x"]', "SageMaker.DescribeAutoMLJobV2", "application/x-amz-json-1.1", "SerializationException"),
    ("invalid UTF-8", "/", b'{"AutoMLJobName": "\xff"}', "SageMaker.DescribeAutoMLJobV2", "application/x-amz-json-1.1", "SerializationException"),
    ("wrong content type", "/", b'{"AutoMLJobName": "x"}', "SageMaker.DescribeAutoMLJobV2", "text/plain", "SerializationException"),
    ("unknown target", "/", b"{}", "SageMaker.DescribeTrainingJob", "application/x-amz-json-1.1", "UnknownOperationException"),
    ("no target", "/", b"{}", "", "application/x-amz-json-1.1", "UnknownOperationException"),
    ("another service", "/", b"{}", "AmazonS3.ListBuckets", "application/x-amz-json-1.1", "UnknownOperationException"),
    ("wrong path", "/v1/jobs", b"{}", "SageMaker.ListAutoMLJobs", "application/x-amz-json-1.1", "UnknownOperationException"),
    ("missing name", "/", b"{}", "SageMaker.DescribeAutoMLJobV2", "application/x-amz-json-1.1", "ValidationException"),
    ("name pattern", "/", b'{"AutoMLJobName": "-x"}', "SageMaker.DescribeAutoMLJobV2", "application/x-amz-json-1.1", "ValidationException"),
    ("huge body", "/", b"{" + b" " * (2 * 1024 * 1024) + b"}", "SageMaker.ListAutoMLJobs", "application/x-amz-json-1.1", "SerializationException"),
])
def test_bad_input_gets_an_aws_shaped_400_and_the_server_keeps_serving(server, case, path, body, target, content_type, code):
    status, answer = _raw(server, path, body, target, content_type)
    document = json.loads(answer)
    assert (status, document["__type"]) == (400, code), document
    assert "Traceback" not in document["message"]
    assert _raw(server, "/", b"{}", "SageMaker.ListAutoMLJobs")[0] == 200


def test_malformed_http_gets_an_aws_shaped_400_and_the_server_keeps_serving(server):
    parts = urlsplit(server.endpoint_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=GUARD) as raw:
        raw.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        answer = b""
        while chunk := raw.recv(65536):  # until the server closes the connection
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.") and b" 400 " in head.split(b"\r\n")[0]
    assert json.loads(body)["__type"] == "SerializationException"
    assert _raw(server, "/", b"{}", "SageMaker.ListAutoMLJobs")[0] == 200


def test_stop_ends_the_keep_alive_connections_still_open():
    running = Server().start()
    parts = urlsplit(running.endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
    connection.request("POST", "/", body=b"{}", headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs",
                                                         "Content-Type": "application/x-amz-json-1.1"})
    connection.getresponse().read()
    running.stop()
    assert connection.sock is not None and connection.sock.recv(1) == b""  # closed by the server, not left waiting
    connection.close()


def test_keep_alive_serves_many_calls_on_one_connection(server):
    parts = urlsplit(server.endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
    try:
        for _ in range(5):
            connection.request("POST", "/", body=b"{}", headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs",
                                                                 "Content-Type": "application/x-amz-json-1.1"})
            answer = connection.getresponse()
            assert answer.status == 200 and answer.getheader("Connection") != "close"
            answer.read()
    finally:
        connection.close()


# --- the watch, the pytest fixture, the CLI

def test_watch_on_a_client_pointed_at_the_server_sees_no_violation(server):
    from sagemaker_schema import watch

    client = server.client()
    found = []
    watch(client, on_violation=lambda operation, violations: found.append((operation, violations)), allow_unknown=False)
    params = a_request("TimeSeriesForecasting", "watched")
    client.create_auto_ml_job_v2(**params)
    poll(client, "watched")
    client.list_candidates_for_auto_ml_job(AutoMLJobName="watched")
    assert found == []


def test_the_pytest_fixture_gives_a_fresh_server_and_a_client(sagemaker_endpoint, sagemaker_endpoint_client):
    assert sagemaker_endpoint_client.meta.endpoint_url == sagemaker_endpoint.endpoint_url
    assert sagemaker_endpoint_client.list_auto_ml_jobs()["AutoMLJobSummaries"] == []  # fresh
    sagemaker_endpoint_client.create_auto_ml_job_v2(**a_request("Tabular", "fixture-job"))
    assert sagemaker_endpoint.advance("fixture-job", to="Completed")[0] == "Completed"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_cli_prints_the_url_first_and_exits_0_on_a_signal(tmp_path, stop):
    transcript = tmp_path / "t.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "sagemaker_schema", "serve", "--seed", "5", "--transcript", str(transcript)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    try:
        url = process.stdout.readline().decode().strip()
        assert url.startswith("http://127.0.0.1:") and int(url.rsplit(":", 1)[1]) > 0
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
        connection.request("POST", "/", body=b"{}", headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs",
                                                             "Content-Type": "application/x-amz-json-1.1"})
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(stop)
        out, err = process.communicate(timeout=GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=GUARD)
    assert process.returncode == 0, err
    assert out == b"" and b"Traceback" not in err
    assert json.loads(transcript.read_text())["response"] == {"AutoMLJobSummaries": []}


def test_the_cli_refuses_an_address_in_use_in_one_line_with_exit_2():
    from conftest import run_cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"sagemaker-schema: error: cannot serve on 127.0.0.1:{port}: Address already in use"]


def test_the_cli_without_botocore_says_which_extra_in_one_line_with_exit_2():
    from conftest import run_python

    # the lean install (no boto3): botocore cannot be imported
    result = run_python("import sys; sys.modules['botocore'] = None\n"
                        "from sagemaker_schema.cli import main; sys.exit(main(['serve']))", text=True)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert result.stderr.strip().splitlines() == [
        "sagemaker-schema: error: sagemaker-schema serve needs botocore: pip install 'sagemaker-schema[boto3]'"]


def test_the_cli_refuses_a_transcript_it_cannot_write_in_one_line_with_exit_2(tmp_path):
    from conftest import run_cli

    result = run_cli("serve", "--transcript", str(tmp_path / "no-such-folder" / "t.jsonl"), text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"sagemaker-schema: error: {tmp_path / 'no-such-folder' / 't.jsonl'}: cannot write the transcript: No such file or directory"]


def test_the_cli_refuses_a_bad_scenario_in_one_line_with_exit_2(tmp_path):
    from conftest import run_cli

    path = tmp_path / "s.json"
    path.write_text('{"jobs": [{"match": "*", "outcome": "Exploded"}]}')
    result = run_cli("serve", "--scenario", str(path), text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"sagemaker-schema: error: {path}: jobs[0]: outcome 'Exploded' is not one of Completed, MaxCandidatesReached, "
        "MaxAutoMLJobRuntimeReached, Failed, Stopped"]


# --- the builder's addition the server uses

def test_builder_candidate_lives_in_the_job_arns_place_and_time():
    job = response(RandomDraw(4), "Tabular", "Completed")
    _, partition, _, region, account = job["AutoMLJobArn"].split(":")[:5]
    for seed in range(10):
        made = candidate(RandomDraw(seed), "Tabular", job.get("AutoMLJobObjective"), 1_700_000_000_000, 1_700_000_600_000,
                         job_arn=job["AutoMLJobArn"])
        assert all(step["CandidateStepArn"].split(":")[1:5] == [partition, "sagemaker", region, account]
                   for step in made["CandidateSteps"])
        assert 1_700_000_000 <= made["CreationTime"] <= 1_700_000_600
        assert validate({"Candidates": [made]}, operation="list-candidates-for-auto-ml-job") == []


# --- the README draws the table the server runs

def _section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## A local AutoML endpoint")
    return readme[start: readme.index("\n## ", start + 1)]


def test_readme_lifecycle_diagram_is_the_generated_one():
    assert f"```mermaid\n{lifecycle.mermaid()}```" in _section()


def test_readme_pytest_example_passes_and_its_scenario_file_loads(tmp_path):
    from conftest import run

    example = _section().split("```python\n", 1)[1].split("```", 1)[0]
    # beside it, a fault asked for: the contract watch sees it and fails that test
    seen = (
        "\n\ndef test_a_fault_asked_for_is_seen(sagemaker_endpoint):\n"
        "    client = sagemaker_endpoint.client()\n"
        "    params = request(RandomDraw(1), 'ImageClassification')\n"
        "    client.create_auto_ml_job_v2(**params)\n"
        "    sagemaker_endpoint.break_next(rule='problem-type-name-matches-config')\n"
        "    client.describe_auto_ml_job_v2(AutoMLJobName=params['AutoMLJobName'])\n"
    )
    (tmp_path / "test_example.py").write_text(example + seen)
    # with --sagemaker-contract: every request and response of the run is held to the contract too
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--sagemaker-contract", str(tmp_path / "test_example.py")],
                 cwd=tmp_path, text=True)
    assert result.returncode == 1 and "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    assert "FAILED test_example.py::test_a_fault_asked_for_is_seen" in result.stdout
    assert "problem-type-name-matches-config" in result.stdout
    with Server(scenario=REPO / "docs" / "serve-scenario.yaml") as running:
        assert [pattern for pattern, _ in running.service.rules] == ["fail-*", "many-*"]
        assert {f.error or f.rule or f.newer or f.latency for f in running.service.faults} == {
            "ThrottlingException", "problem-type-name-matches-config", "enum-value", 2.5}


# --- faults on purpose, named in the transcript

def test_a_throttled_call_is_retried_by_botocore_under_standard_retry_mode(server):
    from botocore.config import Config

    client = server.client(config=Config(retries={"mode": "standard", "max_attempts": 3}))
    client.create_auto_ml_job_v2(**a_request("ImageClassification", "throttled"))
    server.fail_next("DescribeAutoMLJobV2", error="ThrottlingException")
    answer = client.describe_auto_ml_job_v2(AutoMLJobName="throttled")
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    assert answer["AutoMLJobSecondaryStatus"] == "Starting"  # the throttled call moved nothing


@pytest.mark.parametrize("error, status", [("InternalFailure", 500), ("ServiceUnavailable", 503), ("ResourceLimitExceeded", 400)])
def test_an_error_on_the_nth_call_is_the_aws_error_botocore_reads(error, status):
    scenario = {"faults": [{"operation": "ListAutoMLJobs", "error": error, "nth": 2}]}
    with Server(seed=1, scenario=scenario) as running:
        client = running.client(config=__import__("botocore.config").config.Config(retries={"total_max_attempts": 1}))
        client.list_auto_ml_jobs()
        with pytest.raises(ClientError) as raised:
            client.list_auto_ml_jobs()
        client.list_auto_ml_jobs()  # the third is answered
    assert raised.value.response["Error"]["Code"] == error
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


def test_faults_with_a_probability_follow_the_seed():
    def run(seed):
        service = Service(seed=seed, scenario={"faults": [{"error": "ThrottlingException", "probability": 0.5}]})
        return [call(service, "ListAutoMLJobs", {})[0] for _ in range(40)]

    assert run(1) == run(1)
    assert set(run(1)) == {200, 400} and run(1) != run(2)


def test_break_next_makes_the_next_describe_break_that_rule_and_the_transcript_names_it(tmp_path):
    rule = "problem-type-name-matches-config"
    with Server(seed=3, transcript=tmp_path / "t.jsonl") as running:
        client = running.client()
        client.create_auto_ml_job_v2(**a_request("ImageClassification", "broken"))
        running.advance("broken", to="Completed")
        running.break_next(rule=rule)
        _, body = _raw(running, "/", b'{"AutoMLJobName": "broken"}')
        _, again = _raw(running, "/", b'{"AutoMLJobName": "broken"}')
    assert rule in {v.rule for v in validate(json.loads(body))}
    assert validate(json.loads(again)) == []  # once only
    lines = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert [line.get("fault") for line in lines] == [None, {"break": rule}, None]


@pytest.mark.parametrize("kind, rule", [("member", "unknown-member"), ("enum-value", "enum"), ("union-member", "unknown-member")])
def test_newer_next_sends_what_a_newer_aws_adds_and_allow_unknown_takes_it(kind, rule, tmp_path):
    with Server(seed=2, transcript=tmp_path / "t.jsonl") as running:
        client = running.client()
        client.create_auto_ml_job_v2(**a_request("Tabular", "newer"))
        running.newer_next(kind)
        status, body = _raw(running, "/", b'{"AutoMLJobName": "newer"}')
        after = client.describe_auto_ml_job_v2(AutoMLJobName="newer")  # once only: the next keeps the contract
    document = json.loads(body)
    assert status == 200 and {(v.rule, v.severity) for v in validate(document)} == {(rule, "error")}
    assert {(v.rule, v.severity) for v in validate(document, allow_unknown=True)} == {(rule, "warning")}
    assert validate(after) == []
    lines = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert [line.get("fault") for line in lines] == [None, {"newer": kind}, None]


def test_a_bad_fault_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"faults\[0\]: error 'Boom' is not one of ThrottlingException"):
        Service(scenario={"faults": [{"error": "Boom"}]})
    with pytest.raises(ValueError, match=r"'no-such-rule' is not a rule a describe response can break"):
        Server(breaks=("no-such-rule",))
    with pytest.raises(ValueError, match=r"--newer: newer 'field' is not one of member, enum-value, union-member"):
        Server(newer=("field",))
    with pytest.raises(ValueError, match="give one of error"):
        Service(scenario={"faults": [{"error": "ThrottlingException", "newer": "member"}]})


def test_a_runtime_limit_ends_the_job_with_max_auto_ml_job_runtime_reached():
    service = Service(seed=1, scenario={"step_seconds": 60})
    params = trained(a_request("Tabular", "short"))
    params["AutoMLProblemTypeConfig"]["TabularJobConfig"]["CompletionCriteria"] = {"MaxAutoMLJobRuntimeInSeconds": 150}
    call(service, "CreateAutoMLJobV2", params)
    seen = [call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "short"})[1] for _ in range(5)]
    # three stages start within 150 s (at 0, 60 and 120 s); the job ends at 180 s
    assert [(d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) for d in seen[:4]] == [
        ("InProgress", "Starting"), ("InProgress", "AnalyzingData"), ("InProgress", "FeatureEngineering"),
        ("Completed", "MaxAutoMLJobRuntimeReached")]
    assert seen[3]["EndTime"] - seen[3]["CreationTime"] == 180 and "BestCandidate" not in seen[3]
    assert seen[4] == seen[3]


def test_the_lifecycle_table_gives_each_configuration_its_path():
    assert lifecycle.path("TextGeneration") == [("InProgress", "Starting"), ("InProgress", "TrainingModels"), ("Completed", "Completed")]
    assert lifecycle.path("Tabular", definitions_only=True, deploy=True) == [
        ("InProgress", "Starting"), ("InProgress", "AnalyzingData"), ("Completed", "CandidateDefinitionsGenerated")]
    assert lifecycle.path("ImageClassification", "MaxCandidatesReached", deploy=True)[-2:] == [
        ("InProgress", "DeployingModel"), ("Completed", "MaxCandidatesReached")]
    assert lifecycle.path("TimeSeriesForecasting", "Stopped", at="PreTraining") == [
        ("InProgress", "Starting"), ("InProgress", "PreTraining"), ("Stopping", "PreTraining"), ("Stopped", "Stopped")]
    assert lifecycle.path("Tabular", "Failed", at="AnalyzingData")[-2:] == [("InProgress", "AnalyzingData"), ("Failed", "Failed")]
    with pytest.raises(ValueError, match="not one a TextClassification job runs through"):
        lifecycle.path("TextClassification", "Failed", at="ModelTuning")


def test_a_list_auto_ml_jobs_response_that_breaks_its_contract_is_a_500(monkeypatch):
    service = Service(seed=1)
    call(service, "CreateAutoMLJobV2", a_request("ImageClassification", "listed"))
    summary = service.summary
    monkeypatch.setattr(service, "summary", lambda job: {**summary(job), "AutoMLJobStatus": "Done"})
    status, body = call(service, "ListAutoMLJobs", {})
    assert (status, body["__type"]) == (500, "InternalFailure")
    assert "/AutoMLJobSummaries/0/AutoMLJobStatus: [enum]" in body["message"]
    # a cross-field rule too, which botocore's model cannot say: EndTime on a running job
    monkeypatch.setattr(service, "summary", lambda job: {**summary(job), "EndTime": summary(job)["CreationTime"] + 1})
    status, body = call(service, "ListAutoMLJobs", {})
    assert (status, body["__type"]) == (500, "InternalFailure") and "/AutoMLJobSummaries/0/EndTime: [end-time-when-finished" in body["message"]


def test_past_the_cap_on_stored_candidates_create_gets_resource_limit_exceeded(monkeypatch):
    from sagemaker_schema.serve import service as module

    monkeypatch.setattr(module, "MAX_CANDIDATES_TOTAL", 1)
    service = Service(seed=1)
    assert call(service, "CreateAutoMLJobV2", a_request("ImageClassification", "one"))[0] == 200  # one candidate at most
    assert len(service.jobs["one"].candidates) == 1
    status, body = call(service, "CreateAutoMLJobV2", a_request("ImageClassification", "two"))
    assert (status, body["__type"]) == (400, "ResourceLimitExceeded") and "at most 1 candidates" in body["message"]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "TRACE"])
def test_a_method_other_than_post_gets_405_and_the_server_keeps_serving(server, method):
    parts = urlsplit(server.endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=GUARD)
    try:
        connection.request(method, "/", body=b"{}", headers={"X-Amz-Target": "SageMaker.ListAutoMLJobs"})
        answer = connection.getresponse()
        assert (answer.status, answer.getheader("Allow")) == (405, "POST")
        assert json.loads(answer.read())["__type"] == "UnknownOperationException"
    finally:
        connection.close()
    assert _raw(server, "/", b"{}", "SageMaker.ListAutoMLJobs")[0] == 200


# schemathesis from schemas/openapi.yaml against the server, each operation of the document.
# Every 200 conforms (no response_schema_conformance finding); what it does find, by code:
SCHEMATHESIS_FINDINGS = {
    "ST202": "positive_data_acceptance: a well-formed name of a job that does not exist gets 400 ResourceNotFound, and "
             "a name already used ResourceInUse, as AWS answers them",
    "ST401": "ignored_auth: any credentials are accepted, none included (a local endpoint checks no signature)",
    "ST203": "missing_required_header: the same call without Authorization is answered",
}


@pytest.mark.parametrize("operation", ["DescribeAutoMLJobV2", "CreateAutoMLJobV2", "ListCandidatesForAutoMLJob"])
def test_schemathesis_against_the_server(operation, tmp_path):
    import yaml

    from test_moto_server import _schemathesis_cli, _schemathesis_run

    spec = yaml.safe_load((REPO / "schemas" / "openapi.yaml").read_text())
    (example,) = spec["paths"]["/"]["post"]["requestBody"]["content"]["application/x-amz-json-1.1"]["examples"].values()
    with Server(seed=1) as running:
        # the document's example job exists and has candidates, so its 200s are checked
        running.client().create_auto_ml_job_v2(**trained(a_request("Tabular", example["value"]["AutoMLJobName"])))
        running.advance(example["value"]["AutoMLJobName"], to="Completed")
        out, result = _schemathesis_run(_schemathesis_cli(), running.endpoint_url, operation, tmp_path)
    assert result["complete"] and result["operations"]["tested"] == 1 and result["operations"]["errored"] == 0
    assert result["test_cases"]["generated"] > 20 and result["test_cases"]["without_checks"] == 0
    assert {f["code"] for f in result["failures"]} <= set(SCHEMATHESIS_FINDINGS), out.stdout[-4000:]


def test_nothing_leaves_the_loopback():
    from conftest import run_python

    result = run_python('''
import socket

real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo

def connect(self, address):
    if address[0] != "127.0.0.1":
        raise AssertionError(f"network use: {address!r}")
    return real_connect(self, address)

def lookup(host, *args, **kwargs):
    if host != "127.0.0.1":
        raise AssertionError(f"network use: {host!r}")
    return real_lookup(host, *args, **kwargs)

socket.socket.connect, socket.getaddrinfo = connect, lookup
socket.socket.connect_ex = lambda self, address: (_ for _ in ()).throw(AssertionError(address))

from sagemaker_schema.generate import RandomDraw, request
from sagemaker_schema.serve import Server

with Server(seed=1) as server:
    client = server.client()
    params = request(RandomDraw(1), "TimeSeriesForecasting")
    client.create_auto_ml_job_v2(**params)
    for _ in range(8):
        client.describe_auto_ml_job_v2(AutoMLJobName=params["AutoMLJobName"])
    client.list_candidates_for_auto_ml_job(AutoMLJobName=params["AutoMLJobName"])
    print(client.list_auto_ml_jobs()["AutoMLJobSummaries"][0]["AutoMLJobStatus"])
''', text=True)
    assert result.returncode == 0 and result.stdout.strip() == "Completed", result.stderr


# --- one job's lifecycle as fixtures

@pytest.mark.parametrize("outcome", ["Completed", "Failed", "Stopped"])
def test_recorded_job_gives_every_describe_of_the_lifecycle_for_a_stubber_queue(outcome):
    from botocore.stub import Stubber

    from sagemaker_schema.serve import recorded_job

    job = recorded_job(seed=3, problem_type="TimeSeriesForecasting", outcome=outcome)
    assert recorded_job(seed=3, problem_type="TimeSeriesForecasting", outcome=outcome) == job  # the same arguments, the same documents
    steps = [(d["AutoMLJobStatus"], d["AutoMLJobSecondaryStatus"]) for d in job["describes"]]
    config = job["request"]["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]
    limit = config.get("CompletionCriteria", {}).get("MaxAutoMLJobRuntimeInSeconds")
    deploy = "ModelDeployConfig" in job["request"] and outcome != "Failed"  # a failed job deploys nothing
    assert steps == lifecycle.path("TimeSeriesForecasting", outcome, deploy=deploy,
                                   within=None if limit is None else math.ceil(limit / 300))
    assert all(validate(d) == [] for d in job["describes"])
    assert validate(job["candidates"], operation="list-candidates-for-auto-ml-job") == []
    import boto3

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        for document in job["describes"]:
            stubber.add_response("describe_auto_ml_job_v2", document, {"AutoMLJobName": job["request"]["AutoMLJobName"]})
        seen = poll(client, job["request"]["AutoMLJobName"])
    assert seen[-1]["AutoMLJobStatus"] == steps[-1][0] and len(seen) == len(steps)
    with pytest.raises(ValueError, match="outcome 'Exploded'"):
        recorded_job(outcome="Exploded")


def test_delay_next_holds_an_answer_back_past_a_client_read_timeout(tmp_path):
    from botocore.config import Config
    from botocore.exceptions import ReadTimeoutError

    # the client waits 30 s, the answer is held back 60 s (a fault's most): however slow the
    # machine, the answer cannot arrive in time
    wait = 30
    with Server(seed=1, transcript=tmp_path / "t.jsonl") as running:
        impatient = running.client(config=Config(read_timeout=wait, retries={"total_max_attempts": 1}))
        running.delay_next("ListAutoMLJobs", seconds=2 * wait)
        with pytest.raises(ReadTimeoutError):
            impatient.list_auto_ml_jobs()
        assert running.client().list_auto_ml_jobs()["AutoMLJobSummaries"] == []  # the next one is on time
    lines = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert [line.get("fault") for line in lines] == [{"latency": 2.0 * wait}, None]


def test_stop_lets_an_answer_held_back_go_at_once():
    # a latency fault holds its answer back up to 60 s; stop() must not leave it sleeping that long
    import threading

    running = Server(seed=1).start()
    running.delay_next("ListAutoMLJobs", seconds=60)
    held = threading.Thread(target=running.call, args=("SageMaker.ListAutoMLJobs", b"{}"))
    held.start()
    while running.service.calls == 0 and held.is_alive():  # the call has reached the service
        time.sleep(0.01)
    stopped = time.monotonic()
    running.stop()
    held.join(timeout=GUARD)
    assert not held.is_alive() and time.monotonic() - stopped < 30  # not the fault's 60 s


def test_a_latency_fault_is_read_from_a_scenario_and_checked():
    service = Service(scenario={"faults": [{"operation": "ListAutoMLJobs", "latency": 0.25, "nth": 2}]})
    answers = [service.handle("SageMaker.ListAutoMLJobs", b"{}") for _ in range(3)]
    assert [(a.status, a.delay, a.fault) for a in answers] == [(200, 0.0, None), (200, 0.25, {"latency": 0.25}), (200, 0.0, None)]
    with pytest.raises(ValueError, match="latency is a number of seconds above 0, at most 60"):
        Service(scenario={"faults": [{"latency": 600}]})
