"""watch(client): a contract watch on real boto3 SageMaker clients, through botocore's
Stubber and against a real moto server on 127.0.0.1; and the pytest plugin's
--sagemaker-contract, run the way a user's project runs it (pytester)."""
from __future__ import annotations

import copy
import inspect
import json
import os
import textwrap

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

import sagemaker_schema
from conftest import EXAMPLES, REPO, load_json
from sagemaker_schema import ContractViolation, ContractWarning, InvalidResponse, watch
from sagemaker_schema.inputs import to_boto3
from sagemaker_schema.report.line import line

pytest_plugins = ["pytester"]

REQUESTS = REPO / "tests" / "requests" / "valid"
CANDIDATES = REPO / "tests" / "list-candidates" / "valid"
RESPONSE = load_json(EXAMPLES / "tabular-completed.json")
REQUEST = load_json(REQUESTS / "tabular-auto.json")


def _parsed(wire: dict, operation: str) -> dict:
    """What a client returns for this body of ``operation`` (botocore's own parser)."""
    from botocore.parsers import create_parser

    from sagemaker_schema.inputs import normalise

    body = json.dumps(normalise(wire)).encode()
    shape = _client().meta.service_model.operation_model(operation).output_shape
    headers = {"x-amzn-requestid": "0", "content-type": "application/x-amz-json-1.1"}
    return create_parser("json").parse({"body": body, "headers": headers, "status_code": 200}, shape)


def _client():
    return boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def client():
    made = _client()
    yield made
    handle = sagemaker_schema.watching.watched(made)
    if handle is not None:
        handle.unwatch()


def _broken_response() -> dict:
    doc = copy.deepcopy(RESPONSE)
    doc["RoleArn"] = "not-an-arn-but-long-enough"  # a pattern error, an error with allow_unknown too
    return doc


def _broken_request() -> dict:
    # only a validation channel: a documented rule botocore's ParamValidator lets through
    request = copy.deepcopy(REQUEST)
    request["AutoMLJobInputDataConfig"][0]["ChannelType"] = "validation"
    return request


def _describe(client, response: dict, **stub_options):
    with Stubber(client) as stubber:
        stubber.add_response("describe_auto_ml_job_v2", to_boto3(response), {"AutoMLJobName": response["AutoMLJobName"]})
        return client.describe_auto_ml_job_v2(AutoMLJobName=response["AutoMLJobName"])


def _site(function, call: str) -> str:
    """FILE:LINE (relative, as the watch names it) of the line in ``function`` that holds ``call``."""
    lines, start = inspect.getsourcelines(function)
    (index,) = [n for n, text in enumerate(lines) if call in text and "_site(" not in text]
    return f"{os.path.relpath(inspect.getsourcefile(function))}:{start + index}"


DESCRIBE_SITE = _site(_describe, "client.describe_auto_ml_job_v2(")


# --- the Stubber ---------------------------------------------------------------------

def test_valid_response_is_returned_as_it_came(client):
    watch(client)
    got = _describe(client, RESPONSE)
    expected = to_boto3(RESPONSE)
    assert got == expected  # the caller's dict, untouched (datetimes stay datetimes)


def test_broken_response_raises_with_the_report_lines(client):
    watch(client)
    with pytest.raises(ContractViolation) as caught:
        _describe(client, _broken_response())
    exc = caught.value
    assert isinstance(exc, InvalidResponse) and isinstance(exc, AssertionError)
    assert exc.operation == "describe-auto-ml-job-v2"
    assert [(v.rule, v.path) for v in exc.violations] == [("pattern", "/RoleArn")]
    # the caller's line that called the client, not botocore's
    assert exc.call_site == DESCRIBE_SITE
    assert str(exc).splitlines() == [f"1 violation(s) of the DescribeAutoMLJobV2 contract in the call at {DESCRIBE_SITE}:",
                                     line(exc.violations[0])]


def test_traceback_ends_at_the_callers_line(client):
    from sagemaker_schema.pytest_plugin import cut_at_caller
    from sagemaker_schema.watching import is_internal

    watch(client)
    with pytest.raises(ContractViolation) as caught:
        _describe(client, _broken_response())
    frames = []
    tb = caught.value.__traceback__
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    assert any(is_internal(tb.tb_frame) for tb in frames)  # botocore's and the watch's, before the cut
    cut_at_caller(caught.value)
    frames = []
    tb = caught.value.__traceback__
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    last = frames[-1]
    assert f"{os.path.relpath(last.tb_frame.f_code.co_filename)}:{last.tb_lineno}" == DESCRIBE_SITE
    assert not any(is_internal(tb.tb_frame) for tb in frames)


class _Raw:
    """A received body, as botocore's AWSResponse reads it (the form moto's mock_aws gives)."""

    def __init__(self, body: bytes):
        self.body = body

    def stream(self, **_):
        yield self.body


def _received(client, response: dict):
    """describe_auto_ml_job_v2 answered as if over HTTP: a before-send handler (where
    moto's mock_aws answers) returns the body with the request's URL; nothing is sent."""
    from botocore.awsrequest import AWSResponse

    from sagemaker_schema.inputs import normalise

    body = json.dumps(normalise(response)).encode()

    def answer(request, **_):
        return AWSResponse(request.url, 200, {"x-amzn-requestid": "0", "content-type": "application/x-amz-json-1.1"}, _Raw(body))

    client.meta.events.register("before-send.sagemaker.DescribeAutoMLJobV2", answer, unique_id="test-received")
    try:
        return client.describe_auto_ml_job_v2(AutoMLJobName=response["AutoMLJobName"])
    finally:
        client.meta.events.unregister("before-send.sagemaker.DescribeAutoMLJobV2", unique_id="test-received")


def test_received_responses_allow_unknown_by_default(client):
    # botocore's parser drops members its model does not know: what a newer AWS adds
    # reaches the watch as an enum value (or a member a newer botocore knows)
    newer = copy.deepcopy(RESPONSE)
    newer["AutoMLJobSecondaryStatus"] = "SomeNewStatus"
    watch(client)
    assert _received(client, newer)["AutoMLJobSecondaryStatus"] == "SomeNewStatus"  # a warning: not reported at fail_on="error"
    seen = []
    watch(client, lambda operation, violations: seen.append(violations), fail_on="warning")
    _received(client, newer)
    assert [(v.rule, v.severity, v.path) for v in seen[0]] == [("enum", "warning", "/AutoMLJobSecondaryStatus")]
    watch(client, allow_unknown=False)
    with pytest.raises(ContractViolation) as caught:
        _received(client, newer)
    assert [(v.rule, v.severity) for v in caught.value.violations] == [("enum", "error")]


def test_stubbed_responses_are_strict_by_default(client):
    # a stub is written by hand: "Complete" for "Completed" is a typo, an error
    typo = copy.deepcopy(RESPONSE)
    typo["AutoMLJobStatus"] = "Complete"
    watch(client)
    with pytest.raises(ContractViolation) as caught:
        _describe(client, typo)
    assert [(v.rule, v.severity, v.path) for v in caught.value.violations] == [("enum", "error", "/AutoMLJobStatus")]
    # the same body received over HTTP is held as AWS's: a warning
    seen = []
    watch(client, lambda operation, violations: seen.append(violations), fail_on="warning")
    _received(client, typo)
    assert [(v.rule, v.severity) for v in seen[0]] == [("enum", "warning")]
    # allow_unknown=True holds a stub (a response recorded from AWS, replayed) as a received one
    seen.clear()
    watch(client, lambda operation, violations: seen.append(violations), allow_unknown=True, fail_on="warning")
    _describe(client, typo)
    assert [(v.rule, v.severity) for v in seen[0]] == [("enum", "warning")]


def test_warn_names_the_callers_line(client):
    watch(client, "warn")
    with pytest.warns(ContractWarning) as record:
        got = _describe(client, _broken_response())
    assert got["RoleArn"] == "not-an-arn-but-long-enough"  # the call went on
    (warning,) = record.list
    assert warning.message.operation == "describe-auto-ml-job-v2"
    assert [v.rule for v in warning.message.violations] == ["pattern"]
    assert f"{os.path.relpath(warning.filename)}:{warning.lineno}" == DESCRIBE_SITE  # _describe's call, not botocore's
    assert warning.message.call_site == DESCRIBE_SITE
    assert str(warning.message).splitlines()[0] == f"1 violation(s) of the DescribeAutoMLJobV2 contract in the call at {DESCRIBE_SITE}:"


def test_warn_says_a_request_was_sent(client):
    watch(client, "warn")
    with Stubber(client) as stubber:
        stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/x"})
        with pytest.warns(ContractWarning) as record:
            client.create_auto_ml_job_v2(**_broken_request())
        stubber.assert_no_pending_responses()  # the request went on and was answered
    (warning,) = record.list
    site = _site(test_warn_says_a_request_was_sent, "(**_broken_request())")
    assert warning.message.call_site == site and f"{os.path.relpath(warning.filename)}:{warning.lineno}" == site
    assert str(warning.message).splitlines()[0] == (
        f"{len(warning.message.violations)} violation(s) of the CreateAutoMLJobV2 request (sent anyway) contract in the call at {site}:")


def test_callable_receives_operation_and_violations(client):
    seen = []
    watch(client, lambda operation, violations: seen.append((operation, violations)))
    _describe(client, _broken_response())
    ((operation, violations),) = seen
    assert operation == "describe-auto-ml-job-v2" and [v.path for v in violations] == ["/RoleArn"]


def test_an_aws_error_is_the_callers_client_error(client):
    watch(client)
    with Stubber(client) as stubber:
        stubber.add_client_error("describe_auto_ml_job_v2", "ResourceNotFound", "no such job", 400)
        with pytest.raises(ClientError):
            client.describe_auto_ml_job_v2(AutoMLJobName="x")


def test_watching_twice_checks_once_and_unwatch_ends_it(client):
    calls = []
    first = watch(client, lambda *args: calls.append("first"))
    second = watch(client, lambda *args: calls.append("second"))
    assert first is second and first.active
    _describe(client, _broken_response())
    assert calls == ["second"]  # the later settings, one check
    first.unwatch()
    first.unwatch()  # a second unwatch does nothing
    assert not first.active and sagemaker_schema.watching.watched(client) is None
    _describe(client, _broken_response())
    assert calls == ["second"]
    with watch(client) as handle:
        assert handle is not first and handle.active
        with pytest.raises(ContractViolation):
            _describe(client, _broken_response())
    _describe(client, _broken_response())  # the with block ended it


def test_watch_refuses_what_it_cannot_watch():
    with pytest.raises(ValueError, match="SageMaker client"):
        watch(boto3.client("s3", region_name="us-east-1"))
    with pytest.raises(TypeError, match="boto3/botocore client"):
        watch(object())
    with pytest.raises(ValueError, match="on_violation"):
        watch(_client(), "ignore")
    with pytest.raises(ValueError, match="fail_on"):
        watch(_client(), fail_on="info")


@pytest.mark.parametrize("path", sorted(REQUESTS.glob("*.json")), ids=lambda p: p.stem)
def test_valid_requests_are_sent(client, path):
    request = load_json(path)
    watch(client)
    with Stubber(client) as stubber:
        stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/x"}, request)
        client.create_auto_ml_job_v2(**request)


def test_broken_request_is_never_sent(client):
    watch(client)
    with Stubber(client) as stubber:
        stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/x"})
        with pytest.raises(ContractViolation) as caught:
            client.create_auto_ml_job_v2(**_broken_request())
        with pytest.raises(AssertionError):  # the stubbed response is still queued: nothing was sent
            stubber.assert_no_pending_responses()
    exc = caught.value
    assert exc.operation == "create-auto-ml-job-v2"
    assert "channel-types" in {v.rule for v in exc.violations}
    assert str(exc).startswith(f"{len(exc.violations)} violation(s) of the CreateAutoMLJobV2 request (not sent) contract in the call at "
                               f"{_site(test_broken_request_is_never_sent, '(**_broken_request())')}:\n")


def test_requests_are_strict_whatever_allow_unknown_says(client):
    request = copy.deepcopy(REQUEST)
    request["AutoMLProblemTypeConfig"]["TabularJobConfig"]["ProblemType"] = "Clustering"  # an enum value: a typo in a request
    watch(client, allow_unknown=True)
    with pytest.raises(ContractViolation) as caught:
        client.create_auto_ml_job_v2(**request)
    found = {(v.rule, v.severity, v.path) for v in caught.value.violations}
    assert ("enum", "error", "/AutoMLProblemTypeConfig/TabularJobConfig/ProblemType") in found
    assert {severity for _, severity, _ in found} == {"error"}


def test_every_candidate_page_is_checked(client):
    page = load_json(CANDIDATES / "real-candidates.json")
    broken = copy.deepcopy(page)
    broken["Candidates"][0]["CandidateStatus"] = "Done"
    seen = []
    watch(client, lambda operation, violations: seen.append((operation, [(v.rule, v.path) for v in violations])),
          allow_unknown=False)
    with Stubber(client) as stubber:
        stubber.add_response("list_candidates_for_auto_ml_job", _parsed({**page, "NextToken": "next"}, "ListCandidatesForAutoMLJob"))
        stubber.add_response("list_candidates_for_auto_ml_job", _parsed({k: v for k, v in broken.items() if k != "NextToken"}, "ListCandidatesForAutoMLJob"))
        pages = list(client.get_paginator("list_candidates_for_auto_ml_job").paginate(AutoMLJobName="x"))
    assert len(pages) == 2
    assert seen == [("list-candidates-for-auto-ml-job", [("enum", "/Candidates/0/CandidateStatus")])]


# --- a real moto server ------------------------------------------------------------

@pytest.fixture(scope="module")
def moto_url():
    from test_moto_server import moto_server

    with moto_server() as url:
        yield url


@pytest.fixture
def moto_client(moto_url):
    made = boto3.client("sagemaker", region_name="us-east-1", endpoint_url=moto_url)
    yield made
    handle = sagemaker_schema.watching.watched(made)
    if handle is not None:
        handle.unwatch()


def test_moto_jobs_created_and_described_through_the_watch(moto_client):
    from moto_deviations import DEVIATIONS
    from test_moto_server import JOBS, _create

    found = []
    watch(moto_client, lambda operation, violations: found.append((operation, violations)), allow_unknown=False, fail_on="warning")
    requests = {}
    for name, (_, content_type, config) in JOBS.items():
        _create(moto_client, f"watched-{name}", content_type, config)  # the callable lets every one be sent
        requests[name] = {(v.rule, v.path) for operation, violations in found for v in violations}
        found.clear()
    # the tabular job of tests/test_moto_server.py gives ProblemType without AutoMLJobObjective,
    # which the request contract refuses ("provide ... both, or none at all"); moto accepts it
    assert requests == {name: set() for name in JOBS} | {
        "tabular": {("problem-type-and-objective-together", "/AutoMLJobObjective")}}
    for name in JOBS:
        moto_client.describe_auto_ml_job_v2(AutoMLJobName=f"watched-{name}")
        ((operation, violations),) = found
        found.clear()
        assert operation == "describe-auto-ml-job-v2"
        # moto breaks exactly what tests/moto_deviations.py lists, as validate() says
        assert {(v.rule, v.path) for v in violations} == set(DEVIATIONS[name]), name
    # the shipped choice accepts every one of them: nothing is left to report
    watch(moto_client, lambda operation, violations: found.append((operation, violations)), allow_unknown=False,
          fail_on="warning", accept="moto")
    for name in JOBS:
        moto_client.describe_auto_ml_job_v2(AutoMLJobName=f"watched-{name}")
    assert found == []


def test_moto_never_receives_a_broken_request(moto_client):
    watch(moto_client)
    request = _broken_request()
    request["AutoMLJobName"] = "never-sent"
    with pytest.raises(ContractViolation):
        moto_client.create_auto_ml_job_v2(**request)
    with pytest.raises(ClientError, match="ResourceNotFound"):
        moto_client.describe_auto_ml_job_v2(AutoMLJobName="never-sent")
    names = {job["AutoMLJobName"] for job in moto_client.list_auto_ml_jobs()["AutoMLJobSummaries"]}
    assert "never-sent" not in names


def test_moto_describe_raises_on_its_deviations(moto_client):
    from test_moto_server import JOBS, _create

    _, content_type, config = JOBS["image-classification"]
    _create(moto_client, "raised", content_type, config)
    watch(moto_client)
    with pytest.raises(ContractViolation) as caught:
        moto_client.describe_auto_ml_job_v2(AutoMLJobName="raised")
    assert {v.severity for v in caught.value.violations} == {"error"}
    assert ("pattern", "/BestCandidate/InferenceContainers/0/ModelDataUrl") in {(v.rule, v.path) for v in caught.value.violations}


# --- pytest --sagemaker-contract -----------------------------------------------------

USER_TESTS = """
    import copy, json, pathlib
    import boto3
    from botocore.stub import Stubber
    from sagemaker_schema.inputs import to_boto3

    RESPONSE = json.loads(pathlib.Path("response.json").read_text())
    REQUEST = json.loads(pathlib.Path("request.json").read_text())

    def client():
        return boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t")

    def describe(response):
        c = client()
        with Stubber(c) as stubber:
            stubber.add_response("describe_auto_ml_job_v2", to_boto3(response))
            return c.describe_auto_ml_job_v2(AutoMLJobName=response["AutoMLJobName"])

    def test_good_response():
        assert describe(RESPONSE)["AutoMLJobName"] == RESPONSE["AutoMLJobName"]

    def test_bad_response():
        bad = copy.deepcopy(RESPONSE)
        bad["RoleArn"] = "not-an-arn-but-long-enough"
        describe(bad)

    def test_typo_in_a_stub():
        typo = copy.deepcopy(RESPONSE)
        typo["AutoMLJobStatus"] = "Complete"
        describe(typo)

    def test_bad_response_caught():
        bad = copy.deepcopy(RESPONSE)
        bad["RoleArn"] = "not-an-arn-but-long-enough"
        try:
            describe(bad)
        except Exception:
            pass

    def test_bad_request():
        request = copy.deepcopy(REQUEST)
        request["AutoMLJobInputDataConfig"][0]["ChannelType"] = "validation"
        c = client()
        with Stubber(c) as stubber:
            stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/x"})
            c.create_auto_ml_job_v2(**request)

    def test_other_services_untouched():
        s3 = boto3.client("s3", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t")
        from sagemaker_schema.watching import watched
        assert watched(s3) is None
"""


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.syspathinsert(str(REPO))
    (pytester.path / "response.json").write_text(json.dumps(RESPONSE))
    (pytester.path / "request.json").write_text(json.dumps(REQUEST))
    pytester.makepyfile(test_user=textwrap.dedent(USER_TESTS))
    return pytester


def _run(project, *args):
    return project.runpytest("-p", "sagemaker_schema.pytest_plugin", "-p", "no:cacheprovider", *args)


def test_without_the_option_nothing_is_checked(project):
    _run(project).assert_outcomes(passed=6)


@pytest.mark.parametrize("how", ["option", "ini"])
def test_sagemaker_contract_fails_the_tests_that_broke_it(project, how):
    if how == "ini":
        project.makeini("[pytest]\nsagemaker_contract = true\n")
        result = _run(project)
    else:
        result = _run(project, "--sagemaker-contract")
    result.assert_outcomes(passed=2, failed=4)
    out = result.stdout.str()
    source = (project.path / "test_user.py").read_text().splitlines()
    describe_line = 1 + next(n for n, text in enumerate(source) if "c.describe_auto_ml_job_v2(" in text)
    create_line = 1 + next(n for n, text in enumerate(source) if "c.create_auto_ml_job_v2(" in text)
    result.stdout.fnmatch_lines([
        "*_ test_bad_response _*",
        f"E *ContractViolation: 1 violation(s) of the DescribeAutoMLJobV2 contract in the call at test_user.py:{describe_line}:",
        "E */RoleArn: [[]pattern] *",
        # the traceback ends at the user's call of the client
        f"test_user.py:{describe_line}: ContractViolation",
        "*_ test_typo_in_a_stub _*",  # a stub is held strictly: an unknown enum value is a typo
        f"E *ContractViolation: 1 violation(s) of the DescribeAutoMLJobV2 contract in the call at test_user.py:{describe_line}:",
        "E */AutoMLJobStatus: [[]enum] *",
        "*_ test_bad_response_caught _*",
        "E *ContractViolation: --sagemaker-contract: a call in this test broke the contract (the test caught the exception):",
        f"E *1 violation(s) of the DescribeAutoMLJobV2 contract in the call at test_user.py:{describe_line}:",
        "*_ test_bad_request _*",
        f"E *ContractViolation: 1 violation(s) of the CreateAutoMLJobV2 request (not sent) contract in the call at test_user.py:{create_line}:",
        "E */AutoMLJobInputDataConfig: [[]channel-types] *",
        f"test_user.py:{create_line}: ContractViolation",
    ])
    # not one frame of botocore or of the watch is shown
    assert "botocore" not in out and "watching.py" not in out
    # the request was refused before the Stubber saw it: no "Unexpected" or pending-response error
    assert "StubResponseError" not in out and "UnStubbedResponseError" not in out


@pytest.mark.parametrize("how", ["option", "ini"])
def test_allow_unknown_always_holds_stubs_as_received(project, how):
    if how == "ini":
        project.makeini("[pytest]\nsagemaker_contract_allow_unknown = always\n")
        result = _run(project, "--sagemaker-contract", "-v")
    else:
        result = _run(project, "--sagemaker-contract", "-v", "--sagemaker-contract-allow-unknown=always")
    result.assert_outcomes(passed=3, failed=3)  # the typo is a warning now; the pattern and request errors stay
    result.stdout.fnmatch_lines(["*::test_typo_in_a_stub PASSED*"])


def test_allow_unknown_ini_value_is_checked(project):
    project.makeini("[pytest]\nsagemaker_contract_allow_unknown = maybe\n")
    result = _run(project, "--sagemaker-contract")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: sagemaker_contract_allow_unknown = 'maybe': expected one of auto, always, never"])
    assert "Traceback" not in result.stderr.str()


def test_sagemaker_contract_restores_botocore_after_the_run(project):
    import botocore.session

    before = botocore.session.Session.create_client
    _run(project, "--sagemaker-contract")
    assert botocore.session.Session.create_client is before
    assert sagemaker_schema.watching.watched(_client()) is None


def test_option_is_in_the_help(project):
    result = _run(project, "--help")
    result.stdout.fnmatch_lines(["*--sagemaker-contract*", "*sagemaker_contract (bool)*"])


MOTO_SUITE = '''
    import copy
    import boto3
    from botocore.stub import Stubber
    from moto import mock_aws

    CHANNELS = [{"ChannelType": "training", "ContentType": "text/csv;header=present",
                 "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/data/"}}}]
    CRITERIA = {"MaxCandidates": 1, "MaxAutoMLJobRuntimeInSeconds": 3600}
    TABULAR = {"TabularJobConfig": {"TargetAttributeName": "y", "ProblemType": "Regression", "CompletionCriteria": CRITERIA}}

    def create(client, name, config, **extra):
        client.create_auto_ml_job_v2(
            AutoMLJobName=name, AutoMLJobInputDataConfig=CHANNELS, OutputDataConfig={"S3OutputPath": "s3://bucket/out/"},
            AutoMLProblemTypeConfig=config, RoleArn="arn:aws:iam::123456789012:role/automl", **extra)

    @mock_aws
    def test_create_and_describe():
        client = boto3.client("sagemaker", region_name="us-east-1")
        create(client, "job", TABULAR, AutoMLJobObjective={"MetricName": "MSE"})
        assert client.describe_auto_ml_job_v2(AutoMLJobName="job")["AutoMLJobName"] == "job"

    @mock_aws
    def test_create_with_problem_type_and_no_objective():
        client = boto3.client("sagemaker", region_name="us-east-1")
        create(client, "job", TABULAR)

    @mock_aws
    def test_a_stub_with_a_typo():
        client = boto3.client("sagemaker", region_name="us-east-1")
        create(client, "job", TABULAR, AutoMLJobObjective={"MetricName": "MSE"})
        job = copy.deepcopy(client.describe_auto_ml_job_v2(AutoMLJobName="job"))
        job["AutoMLJobStatus"] = "Complete"
        with Stubber(client) as stubber:
            stubber.add_response("describe_auto_ml_job_v2", job)
            client.describe_auto_ml_job_v2(AutoMLJobName="job")
'''


@pytest.fixture
def moto_suite(pytester, monkeypatch):
    """An integration suite as users write it, with moto in-process (mock_aws)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    pytester.syspathinsert(str(REPO))
    pytester.makepyfile(test_integration=textwrap.dedent(MOTO_SUITE))
    return pytester


def test_sagemaker_contract_on_an_unchanged_moto_suite(moto_suite):
    # it passes without the option; with it alone, moto's own dummy candidate fails every describe
    _run(moto_suite).assert_outcomes(passed=3)
    alone = _run(moto_suite, "--sagemaker-contract")
    alone.assert_outcomes(failed=3)
    assert "/BestCandidate/InferenceContainers/0/ModelDataUrl: [pattern]" in alone.stdout.str()
    # with moto's known deviations accepted, only what the suite's own code breaks fails:
    # the request it sends, and the response it stubs
    result = _run(moto_suite, "--sagemaker-contract", "--sagemaker-contract-accept=moto")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "*_ test_create_with_problem_type_and_no_objective _*",
        "E *ContractViolation: 1 violation(s) of the CreateAutoMLJobV2 request (not sent) contract in the call at test_integration.py:*:",
        "E */AutoMLJobObjective: [[]problem-type-and-objective-together] *",
        "*_ test_a_stub_with_a_typo _*",
        "E *ContractViolation: 1 violation(s) of the DescribeAutoMLJobV2 contract in the call at test_integration.py:*:",
        "E */AutoMLJobStatus: [[]enum] *",
    ])
    assert "BestCandidate" not in result.stdout.str()


def test_accept_from_the_ini_file_and_stale_entries(moto_suite):
    (moto_suite.path / "conf").mkdir()
    (moto_suite.path / "conf" / "accepted.json").write_text(json.dumps([
        {"violation": "enum /AutoMLJobStatus", "reason": "a typo we keep on purpose"},
        {"violation": "enum /AutoMLJobSecondaryStatus", "reason": "no longer needed"},
    ]))
    moto_suite.makefile(".ini", **{"conf/pytest": "[pytest]\nsagemaker_contract = true\nsagemaker_contract_accept = moto accepted.json\n"})
    result = _run(moto_suite, "-c", str(moto_suite.path / "conf" / "pytest.ini"), "--rootdir", str(moto_suite.path), str(moto_suite.path))
    result.assert_outcomes(passed=2, failed=1)  # the file, relative to the ini file, accepts the stub's typo
    result.stdout.fnmatch_lines(["*_ test_create_with_problem_type_and_no_objective _*"])
    # the user's entry that matched nothing is noted; moto's unused ones (other problem types) are not
    result.stdout.fnmatch_lines(["sagemaker-schema: note: --sagemaker-contract-accept entry 'enum /AutoMLJobSecondaryStatus' "
                                 f"({moto_suite.path / 'conf' / 'accepted.json'}) matched no violation in this run (stale?)"])
    assert result.stdout.str().count("matched no violation") == 1


@pytest.mark.parametrize("option", ["--sagemaker-contract-accept=moto", "--sagemaker-contract-allow-unknown=never"])
def test_a_contract_option_without_the_contract_is_a_usage_error(project, option):
    result = _run(project, option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {option.split('=')[0]} needs --sagemaker-contract (or sagemaker_contract = true)"])


def test_a_bad_accept_source_is_a_usage_error(moto_suite):
    result = _run(moto_suite, "--sagemaker-contract", "--sagemaker-contract-accept=missing.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --sagemaker-contract-accept: missing.json: no such file"])
    assert "Traceback" not in result.stderr.str()
    result = _run(moto_suite, "--sagemaker-contract", "--sagemaker-contract-accept=mot")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --sagemaker-contract-accept: mot: no such file, nor a choice shipped with the package (moto)"])


def test_a_request_of_tuples_is_held_as_botocore_sends_it(client):
    # botocore takes a tuple for a list and sends a JSON array: held as that array
    request = copy.deepcopy(REQUEST)
    request["AutoMLJobInputDataConfig"] = tuple(request["AutoMLJobInputDataConfig"])
    watch(client)
    with Stubber(client) as stubber:
        stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/x"})
        client.create_auto_ml_job_v2(**request)
    broken = _broken_request()
    broken["AutoMLJobInputDataConfig"] = tuple(broken["AutoMLJobInputDataConfig"])
    with pytest.raises(ContractViolation) as caught:
        client.create_auto_ml_job_v2(**broken)
    assert [v.rule for v in caught.value.violations] == ["channel-types"]


# --- watch() from several threads at once ---------------------------------------------

def _watch_handlers(client) -> list[str]:
    # botocore keeps a handler registered with a unique_id under that id
    return [key for key in client.meta.events._emitter._unique_id_handlers if str(key).startswith("sagemaker-schema-watch")]


def _watch_at_once(client, start, handles: list, calls: list) -> None:
    start.wait()
    handles.append(watch(client, lambda operation, violations: calls.append(operation)))


def test_watch_from_many_threads_registers_once(client):
    import sys
    import threading

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # a thread switch at nearly every bytecode: the race shows at once
    try:
        for _ in range(30):
            calls: list[str] = []
            handles: list = []
            start = threading.Barrier(4)
            threads = [threading.Thread(target=_watch_at_once, args=(client, start, handles, calls)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            assert len(handles) == 4 and all(handle is handles[0] for handle in handles)
            assert len(_watch_handlers(client)) == len(sagemaker_schema.watching.WATCHED)  # one per operation
            _describe(client, _broken_response())
            assert calls == ["describe-auto-ml-job-v2"]  # checked once
            handles[0].unwatch()
            assert _watch_handlers(client) == []  # nothing left behind
            _describe(client, _broken_response())
            assert calls == ["describe-auto-ml-job-v2"]
    finally:
        sys.setswitchinterval(previous)


def _origins(client, call) -> list[bool]:
    """stubbed() of each DescribeAutoMLJobV2 response the client gets during call()."""
    from sagemaker_schema.watching import stubbed

    seen = []
    client.meta.events.register("after-call.sagemaker.DescribeAutoMLJobV2",
                                lambda http_response=None, **_: seen.append(stubbed(http_response)), unique_id="test-origin")
    call()
    return seen


def test_moto_responses_are_received_and_stubber_responses_stubbed(moto_client, client, monkeypatch):
    from moto import mock_aws

    from test_moto_server import JOBS, _create

    _, content_type, config = JOBS["image-classification"]
    _create(moto_client, "origin", content_type, config)
    assert _origins(moto_client, lambda: moto_client.describe_auto_ml_job_v2(AutoMLJobName="origin")) == [False]  # a moto server
    assert _origins(client, lambda: _describe(client, RESPONSE)) == [True]  # botocore's Stubber
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():  # moto in-process, answering in before-send
        in_process = boto3.client("sagemaker", region_name="us-east-1")
        _create(in_process, "origin", content_type, config)
        assert _origins(in_process, lambda: in_process.describe_auto_ml_job_v2(AutoMLJobName="origin")) == [False]


# --- accepted violations -------------------------------------------------------------

def _accept_file(tmp_path, *entries, name="accepted.json"):
    path = tmp_path / name
    path.write_text(json.dumps([{"violation": key, "reason": "known and accepted here"} for key in entries]))
    return path


def test_accepted_violations_are_not_reported(client, tmp_path):
    broken = _broken_response()
    broken["AutoMLJobStatus"] = "Complete"  # a typo in a stub: an error
    watch(client, accept=_accept_file(tmp_path, "pattern /RoleArn"))
    with pytest.raises(ContractViolation) as caught:
        _describe(client, broken)
    assert [(v.rule, v.path) for v in caught.value.violations] == [("enum", "/AutoMLJobStatus")]  # only the other one
    watch(client, accept=[_accept_file(tmp_path, "pattern /RoleArn"), _accept_file(tmp_path, "enum /AutoMLJobStatus", name="more.json")])
    assert _describe(client, broken)["AutoMLJobStatus"] == "Complete"
    watch(client)  # watching again without accept: nothing accepted
    with pytest.raises(ContractViolation):
        _describe(client, broken)


def test_accepted_paths_take_a_wildcard_and_an_operation(client, tmp_path):
    page = load_json(CANDIDATES / "real-candidates.json")
    broken = copy.deepcopy(page)
    for candidate in broken["Candidates"]:
        candidate["CandidateStatus"] = "Done"
    seen = []
    # the describe response's path, without the operation, does not accept a candidate list's violation
    watch(client, lambda operation, violations: seen.append([(v.rule, v.path) for v in violations]),
          accept=_accept_file(tmp_path, "enum /Candidates/*/CandidateStatus"))
    _list_candidates(client, broken)
    assert seen and {rule for rule, _ in seen[0]} == {"enum"}
    seen.clear()
    watch(client, lambda operation, violations: seen.append(violations),
          accept=_accept_file(tmp_path, "enum list-candidates-for-auto-ml-job:/Candidates/*/CandidateStatus"))
    _list_candidates(client, broken)
    assert seen == []


def _list_candidates(client, page: dict) -> None:
    with Stubber(client) as stubber:
        stubber.add_response("list_candidates_for_auto_ml_job", _parsed(page, "ListCandidatesForAutoMLJob"))
        client.list_candidates_for_auto_ml_job(AutoMLJobName="x")


@pytest.mark.parametrize(("content", "problem"), [
    (None, "no such file"),
    ("[", "invalid JSON: Expecting value at line 1 column 2"),
    ('{"violation": "pattern /RoleArn"}', 'expected a JSON list of {"violation": "RULE PATH", "reason": "..."}'),
    ('[{"difference": "pattern /RoleArn", "reason": "r"}]', 'entry 0 is not {"violation": "RULE PATH", "reason": "..."}'),
    ('[{"violation": "paternn /RoleArn", "reason": "r"}]', "violation 'paternn /RoleArn': no rule 'paternn'"),
    ('[{"violation": "pattern RoleArn", "reason": "r"}]', "violation 'pattern RoleArn': 'RoleArn' is not a JSON Pointer (/Member/0/...)"),
], ids=["missing", "not-json", "not-a-list", "wrong-key", "unknown-rule", "not-a-pointer"])
def test_a_bad_accept_file_is_one_line_naming_it(tmp_path, content, problem):
    from sagemaker_schema.errors import ExplainedError

    path = tmp_path / "accepted.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ExplainedError) as caught:
        watch(_client(), accept=path)
    assert str(caught.value) == f"{path}: {problem}"
    assert sagemaker_schema.watching.watched(_client()) is None


@pytest.mark.parametrize("name", ["mot", "Moto"])
def test_a_misspelled_shipped_choice_names_the_choices(name):
    from sagemaker_schema.errors import ExplainedError

    with pytest.raises(ExplainedError) as caught:
        watch(_client(), accept=name)
    assert str(caught.value) == f"{name}: no such file, nor a choice shipped with the package (moto)"


def test_shipped_choices():
    from sagemaker_schema.accepting import read, shipped

    assert shipped() == ["moto"]
    moto = read("moto")
    assert moto and all(len(reason) > 20 for reason in moto.values())


def test_a_stub_checked_with_allow_unknown_is_held_as_received(client):
    # the stub fixture's allow_unknown=True (a response recorded from AWS): the watch agrees
    from sagemaker_schema.pytest_plugin import stub_response

    newer = copy.deepcopy(RESPONSE)
    newer["AutoMLJobSecondaryStatus"] = "SomeNewStatus"
    watch(client)
    with pytest.raises(InvalidResponse):
        stub_response(client, newer)  # refused by the helper itself: nothing stubbed
    stubber = stub_response(client, newer, allow_unknown=True)
    try:
        assert client.describe_auto_ml_job_v2(AutoMLJobName=newer["AutoMLJobName"])["AutoMLJobSecondaryStatus"] == "SomeNewStatus"
        # the mark is for that one response: the next stub of the same body is hand-written
        stubber.add_response("describe_auto_ml_job_v2", to_boto3(newer))
        with pytest.raises(ContractViolation):
            client.describe_auto_ml_job_v2(AutoMLJobName=newer["AutoMLJobName"])
    finally:
        stubber.deactivate()
    assert sagemaker_schema.watching._RECEIVED == {}
