"""What a new user of `sagemaker-schema serve` stumbled on: each a test that failed before its fix."""
from __future__ import annotations

import json
import sys

import pytest

from conftest import run_cli
from sagemaker_schema.serve import Server
from sagemaker_schema.serve.service import Service
from test_serve import _raw, a_request


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_the_cli_refuses_a_port_out_of_range_in_one_line_with_exit_2(port):
    # it was a traceback (OverflowError from bind) and exit status 1
    result = run_cli("serve", "--port", port, text=True)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert result.stderr.strip().splitlines() == [f"sagemaker-schema: error: port {port} is not a port number: give one from 0 to 65535"]


def test_server_refuses_a_port_out_of_range_with_value_error():
    with pytest.raises(ValueError, match="port 70000 is not a port number"):
        Server(port=70000)


def test_the_admin_path_names_what_is_wrong_with_the_body():
    with Server(seed=1, advance="manual") as server:
        server.client().create_auto_ml_job_v2(**a_request("Tabular", "admin-body"))
        # a body without AutoMLJobName was answered "Unknown admin call 'advance'", of a call that exists
        status, body = _raw(server, "/_sagemaker_schema/advance", b'{"Name": "admin-body"}')
        assert status == 400 and json.loads(body) == {
            "__type": "ValidationException",
            "message": 'advance: the body is {"AutoMLJobName": NAME, "To": STATUS (optional)}, both strings'}
        status, body = _raw(server, "/_sagemaker_schema/advance", b'{"AutoMLJobName": "admin-body", "To": 3}')
        assert status == 400 and "both strings" in json.loads(body)["message"]
        status, body = _raw(server, "/_sagemaker_schema/reset", b"{}")
        assert status == 400 and json.loads(body)["message"] == (
            "Unknown admin call 'reset': POST /_sagemaker_schema/advance with {\"AutoMLJobName\": NAME, \"To\": STATUS (optional)}")
        status, body = _raw(server, "/_sagemaker_schema/advance", b'{"AutoMLJobName": "admin-body", "To": "Completed"}')
        assert status == 200 and json.loads(body)["AutoMLJobStatus"] == "Completed"


@pytest.mark.parametrize("scenario, message", [
    # a misspelt top-level key was refused without naming it
    ({"step_second": 5}, "scenario: unknown key(s) step_second; known: faults, jobs, step_seconds"),
    # jobs as an object was read key by key: "jobs[0]: each entry is an object ..."
    ({"jobs": {"match": "*"}}, "scenario: jobs is a list of entries, each with 'match'"),
    # keys the outcome does not use were silently ignored
    ({"jobs": [{"match": "*", "at": "FeatureEngineering"}]},
     "scenario: jobs[0]: at is the stage a Failed or Stopped job ends at; outcome Completed runs every stage"),
    ({"jobs": [{"match": "*", "outcome": "MaxCandidatesReached", "at": "FeatureEngineering"}]},
     "scenario: jobs[0]: at is the stage a Failed or Stopped job ends at; outcome MaxCandidatesReached runs every stage"),
    ({"jobs": [{"match": "*", "outcome": "Stopped", "failure_reason": "no data"}]},
     "scenario: jobs[0]: failure_reason is for outcome Failed (this entry's outcome is Stopped)"),
])
def test_a_scenario_key_that_would_be_ignored_is_refused_naming_it(scenario, message):
    with pytest.raises(ValueError) as refused:
        Service(scenario=scenario)
    assert str(refused.value) == message


def test_at_still_applies_to_failed_and_stopped_jobs():
    for outcome in ("Failed", "Stopped"):
        service = Service(scenario={"jobs": [{"match": "*", "outcome": outcome, "at": "FeatureEngineering"}]}, advance="manual")
        assert service.handle("SageMaker.CreateAutoMLJobV2", json.dumps(a_request("Tabular", "at-job")).encode()).status == 200
        steps = service.jobs["at-job"].steps
        assert ("InProgress", "ModelTuning") not in steps and steps[-1][0] == outcome


def test_a_fault_asked_for_that_never_fired_is_a_warning_when_the_server_stops():
    # break_next with a rule whose breaker cannot start from a Tabular job waited silently
    # for ever: the test that expected the broken describe failed with no hint why
    server = Server(seed=4).start()
    try:
        client = server.client()
        client.create_auto_ml_job_v2(**a_request("Tabular", "never-broken"))
        server.break_next(rule="problem-type-name-matches-config")
        server.fail_next("ListAutoMLJobs", error="InternalFailure", times=2)
        server.fail_next("DescribeAutoMLJobV2")  # fires below: no warning
        server.newer_next("member")  # fires below: no warning
        for _ in range(3):
            client.describe_auto_ml_job_v2(AutoMLJobName="never-broken")
    finally:
        with pytest.warns(RuntimeWarning) as warned:
            server.stop()
    assert [str(w.message) for w in warned] == [
        "break_next(rule='problem-type-name-matches-config') never fired: no DescribeAutoMLJobV2 response it could start "
        "from (its breaker starts from a job of problem type ImageClassification or TextClassification, "
        "status Completed or InProgress or Failed or Stopped or Stopping)",
        "fail_next('ListAutoMLJobs', error='InternalFailure', times=2) never fired (2 left)",
    ]
    server.stop()  # a second stop warns no more (pytest.warns is not needed)


def test_faults_that_fired_leave_no_warning(recwarn):
    with Server(seed=4) as server:
        client = server.client()
        client.create_auto_ml_job_v2(**a_request("ImageClassification", "broken-once"))
        server.break_next(rule="problem-type-name-matches-config")
        assert client.describe_auto_ml_job_v2(AutoMLJobName="broken-once")  # botocore does not check the rule
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_every_public_member_of_server_says_what_it_does():
    # help(Server) showed start, stop, endpoint_url and call with no word of what they do
    undocumented = [name for name, member in vars(Server).items() if not name.startswith("_")
                    and not (member.fget if isinstance(member, property) else member).__doc__]
    assert undocumented == []


def test_a_marker_gives_the_fixture_s_server_a_scenario_seed_and_advance(tmp_path):
    # the fixture's server was always Server(): a test wanting a Failed job with its reason
    # could not use the fixture at all
    from conftest import run

    (tmp_path / "test_marked.py").write_text(
        "import pytest\n"
        "from sagemaker_schema.generate import RandomDraw, request\n\n\n"
        "@pytest.mark.sagemaker_endpoint(seed=3, advance='manual',\n"
        "                                scenario={'jobs': [{'match': '*', 'outcome': 'Failed', 'failure_reason': 'no data'}]})\n"
        "def test_failed(sagemaker_endpoint, sagemaker_endpoint_client):\n"
        "    params = request(RandomDraw(0), 'Tabular')\n"
        "    sagemaker_endpoint_client.create_auto_ml_job_v2(**params)\n"
        "    assert sagemaker_endpoint.advance(params['AutoMLJobName'], to='Failed') == ('Failed', 'Failed')\n"
        "    job = sagemaker_endpoint_client.describe_auto_ml_job_v2(AutoMLJobName=params['AutoMLJobName'])\n"
        "    assert job['FailureReason'] == 'no data'\n\n\n"
        "def test_unmarked(sagemaker_endpoint):\n"
        "    assert sagemaker_endpoint.service.rules == []\n\n\n"
        "@pytest.mark.sagemaker_endpoint(scenario={'jobs': [{'match': '*', 'outcome': 'Exploded'}]})\n"
        "def test_bad_scenario(sagemaker_endpoint):\n"
        "    pass\n\n\n"
        "@pytest.mark.sagemaker_endpoint(sed=3)\n"
        "def test_bad_key(sagemaker_endpoint):\n"
        "    pass\n")
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--strict-markers", "-rE", "test_marked.py"],
                 cwd=tmp_path, text=True)
    out = result.stdout
    assert result.returncode == 1 and "2 passed, 2 errors" in out, out + result.stderr
    assert "ERROR test_marked.py::test_bad_scenario - Failed: @pytest.mark.sagemaker_endpoint: scenario: jobs[0]: outcome 'Exploded'" in out
    assert ("ERROR test_marked.py::test_bad_key - Failed: @pytest.mark.sagemaker_endpoint: unknown setting(s) sed; "
            "known: advance, breaks, newer, scenario, seed, transcript") in out
    assert "Traceback" not in out


def test_a_validation_exception_message_is_one_line():
    # the documentation behind a rule came with its line breaks: botocore's ClientError
    # printed some twenty lines for one wrong objective metric
    from botocore.exceptions import ClientError

    bad = a_request("Tabular", "multi-line")
    config = bad["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    config["ProblemType"], bad["AutoMLJobObjective"] = "Regression", {"MetricName": "F1"}
    with Server() as server, pytest.raises(ClientError) as raised:
        server.client().create_auto_ml_job_v2(**bad)
    message = raised.value.response["Error"]["Message"]
    assert "[objective-metric-per-problem-type]" in message and "(documented: The name of the objective metric" in message
    assert "\n" not in message


def test_a_bad_fault_asked_for_in_python_or_on_the_command_line_is_named_without_a_list_index():
    # "fail_next: faults[0]: ..." named a list the caller never wrote
    with Server() as server, pytest.raises(ValueError) as refused:
        server.fail_next("describe_auto_ml_job_v2")
    assert str(refused.value).startswith("fail_next: operation 'describe_auto_ml_job_v2' is not one of DescribeAutoMLJobV2, CreateAutoMLJobV2, ")
    result = run_cli("serve", "--break", "no-such-rule", text=True)
    assert result.returncode == 2 and result.stderr.strip().splitlines() == [
        "sagemaker-schema: error: --break: 'no-such-rule' is not a rule a describe response can break (sagemaker-schema rules lists them)"]


def test_max_candidates_reached_with_no_candidate_is_refused():
    # it served a job "MaxCandidatesReached" that listed no candidate
    with pytest.raises(ValueError) as refused:
        Service(scenario={"jobs": [{"match": "*", "outcome": "MaxCandidatesReached", "candidates": 0}]})
    assert str(refused.value) == "scenario: jobs[0]: outcome MaxCandidatesReached trains candidates: candidates is from 1"


def test_the_scenario_example_shows_every_key_a_scenario_takes():
    # `times` (how many more times a fault fires) was taken but shown nowhere
    import re

    from conftest import REPO
    from sagemaker_schema.serve.faults import KEYS
    from sagemaker_schema.serve.service import SCENARIO_KEYS

    example = (REPO / "docs" / "serve-scenario.yaml").read_text()
    assert [key for key in sorted(KEYS | SCENARIO_KEYS | {"jobs", "faults", "step_seconds"})
            if not re.search(rf"^\s*(- )?{key}:", example, re.M)] == []
    assert Server(scenario=REPO / "docs" / "serve-scenario.yaml").service.faults[-1].times == 2
