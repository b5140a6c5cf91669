"""sagemaker-schema serve --advance clock: jobs move on the wall clock, one lifecycle step
per step_seconds, whether or not anybody polls (as a real job does). The Service is driven
with a clock the test sets; the server and the CLI with the real one, polled to the end."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import boto3
import pytest

from conftest import GUARD, REPO, run_cli
from sagemaker_schema import validate
from sagemaker_schema.generate import RandomDraw, request
from sagemaker_schema.serve import Server, lifecycle
from sagemaker_schema.serve.service import Service

T0 = 1_800_000_000.0  # the test's clock, in seconds


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def a_job(name: str, problem_type: str = "TextClassification") -> dict:
    params = request(RandomDraw(0), problem_type)
    params.update(AutoMLJobName=name)
    params.pop("ModelDeployConfig", None)
    config = next(iter(params["AutoMLProblemTypeConfig"].values()))
    config.pop("GenerateCandidateDefinitionsOnly", None)  # every stage, candidates trained
    config.get("CompletionCriteria", {}).pop("MaxAutoMLJobRuntimeInSeconds", None)
    return params


def call(service: Service, operation: str, params: dict) -> dict:
    answer = service.handle(f"SageMaker.{operation}", json.dumps(params).encode())
    assert answer.status == 200, answer.body
    return json.loads(answer.body)


def step(document: dict) -> tuple[str, str]:
    return document["AutoMLJobStatus"], document["AutoMLJobSecondaryStatus"]


def test_on_the_clock_a_job_moves_by_time_not_by_describes():
    clock = Clock()
    service = Service(1, {"step_seconds": 60}, advance="clock", clock=clock)
    call(service, "CreateAutoMLJobV2", a_job("timed"))
    path = lifecycle.path("TextClassification")
    assert len(path) == 3  # Starting, TrainingModels, Completed

    def describe() -> dict:
        document = call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "timed"})
        assert validate(document) == []
        return document

    first = [describe() for _ in range(3)]  # polling alone moves nothing
    assert [step(d) for d in first] == [path[0]] * 3
    assert first[0]["CreationTime"] == T0  # the wall clock's time, not the virtual one's
    clock.now += 59
    assert step(describe()) == path[0]
    clock.now += 1
    moved = describe()
    assert step(moved) == path[1] and moved["LastModifiedTime"] == T0 + 60
    clock.now += 3600  # many steps' time: the job ends at its last step, and stays there
    # ListAutoMLJobs sees the time pass too, with no describe in between
    (summary,) = call(service, "ListAutoMLJobs", {})["AutoMLJobSummaries"]
    assert (summary["AutoMLJobStatus"], summary["AutoMLJobSecondaryStatus"]) == path[2]
    end = describe()
    assert step(end) == path[2] and end["EndTime"] >= end["CreationTime"]


def test_on_the_clock_a_stopped_job_is_stopping_for_a_step_then_stopped():
    clock = Clock()
    service = Service(1, {"step_seconds": 60}, advance="clock", clock=clock)
    call(service, "CreateAutoMLJobV2", a_job("halted", "Tabular"))
    clock.now += 90
    call(service, "StopAutoMLJob", {"AutoMLJobName": "halted"})
    seen = [step(call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "halted"}))]
    clock.now += 59
    seen.append(step(call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "halted"})))
    clock.now += 1
    seen.append(step(call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "halted"})))
    stage = lifecycle.STAGES["Tabular"][1]  # 90 s in: the job was at its second stage
    assert seen == [("Stopping", stage), ("Stopping", stage), ("Stopped", "Stopped")]
    # the times are the clock's: Stopping from the stop, Stopped a step later, none in the future
    ended = call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "halted"})
    assert ended["LastModifiedTime"] == ended["EndTime"] == T0 + 150 <= clock.now
    (summary,) = call(service, "ListAutoMLJobs", {})["AutoMLJobSummaries"]
    assert summary["LastModifiedTime"] == T0 + 150


def test_on_the_clock_advance_moves_a_job_and_its_step_starts_then():
    clock = Clock()
    service = Service(1, {"step_seconds": 60}, advance="clock", clock=clock)
    call(service, "CreateAutoMLJobV2", a_job("pushed", "Tabular"))
    clock.now += 50
    service.advance("pushed")  # one step on, 50 s in: the next step lasts its 60 s from now
    clock.now += 59
    assert step(call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "pushed"})) == lifecycle.path("Tabular")[1]
    clock.now += 1
    moved = call(service, "DescribeAutoMLJobV2", {"AutoMLJobName": "pushed"})
    assert step(moved) == lifecycle.path("Tabular")[2] and moved["LastModifiedTime"] == T0 + 110


def test_unknown_advance_mode_is_refused():
    with pytest.raises(ValueError, match="'clock'"):
        Service(advance="hourly")
    result = run_cli("serve", "--advance", "hourly", text=True)
    assert result.returncode == 2 and "invalid choice: 'hourly'" in result.stderr


def poll_on_the_clock(client, name: str) -> list[tuple[str, str]]:
    """Describe every 0.2 s until the job ends (the hang guard: GUARD seconds)."""
    seen, deadline = [], time.monotonic() + GUARD
    while time.monotonic() < deadline:
        document = client.describe_auto_ml_job_v2(AutoMLJobName=name)
        seen.append((document["AutoMLJobStatus"], document["AutoMLJobSecondaryStatus"]))
        if document["AutoMLJobStatus"] in ("Completed", "Failed", "Stopped"):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the job never ended: {seen}")


def in_order(seen: list[tuple[str, str]], path: list[tuple[str, str]]) -> bool:
    """Every step seen is the path's, in its order (a slow poll may miss a step), from its first to its last."""
    distinct = [s for i, s in enumerate(seen) if i == 0 or s != seen[i - 1]]
    positions = [path.index(s) for s in distinct if s in path]
    return len(positions) == len(distinct) and positions == sorted(positions) and distinct[0] == path[0] and distinct[-1] == path[-1]


def test_the_cli_s_advance_clock_moves_jobs_for_a_polling_client(tmp_path):
    (tmp_path / "scenario.json").write_text('{"step_seconds": 1}', encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "sagemaker_schema", "serve", "--advance", "clock",
                                "--scenario", str(tmp_path / "scenario.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    try:
        url = process.stdout.readline().decode().strip()
        client = boto3.client("sagemaker", region_name="us-east-1", endpoint_url=url,
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        client.create_auto_ml_job_v2(**a_job("on-the-clock"))
        seen = poll_on_the_clock(client, "on-the-clock")
    finally:
        process.terminate()
        process.communicate(timeout=GUARD)
    assert in_order(seen, lifecycle.path("TextClassification")), seen


def test_the_server_s_advance_clock_keeps_the_contract_while_polled():
    with Server(seed=2, scenario={"step_seconds": 1}, advance="clock") as server:
        client = server.client()
        client.create_auto_ml_job_v2(**a_job("served", "Tabular"))
        seen = poll_on_the_clock(client, "served")
        ended = client.describe_auto_ml_job_v2(AutoMLJobName="served")
    assert in_order(seen, lifecycle.path("Tabular")), seen
    assert ended["AutoMLJobStatus"] == "Completed" and "BestCandidate" in ended
