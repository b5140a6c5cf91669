"""Against a real server: moto 5.2.1 on 127.0.0.1, AutoML V2 jobs of every problem type
created with real boto3 calls, their responses validated through boto3, raw HTTP and
the live check (`validate --job-name`), and schemathesis driven from schemas/openapi.yaml.

moto's responses break documented rules; the package ships them with their reasons
(sagemaker_schema/accepted/moto.json, `accept="moto"`), tests/moto_deviations.py says which
each problem type shows, and the tests assert that exactly those are reported.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
import yaml

from conftest import REPO, run, run_cli
from moto_deviations import BY_PROBLEM_TYPE, DEVIATIONS, SHIPPED
from sagemaker_schema.schema import SERVICE_OPERATIONS

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/sagemaker-automl"
# moto routes a request by the service named in its SigV4 credential scope; it checks no signature
AUTHORIZATION = f"AWS4-HMAC-SHA256 Credential=testing/20240101/{REGION}/sagemaker/aws4_request, SignedHeaders=host, Signature=0"
TARGET = "SageMaker.DescribeAutoMLJobV2"
AWS_JSON = "application/x-amz-json-1.1"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",  # never ask 169.254.169.254 for credentials
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "NO_PROXY": "127.0.0.1",
    "no_proxy": "127.0.0.1",
}
UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_REGION")

# moto crashes (HTTP 500) on some valid minimal requests, so every job gives
# CompletionCriteria and the tabular job a ProblemType (see /work/shared/FACTS.md).
CRITERIA = {"CompletionCriteria": {"MaxCandidates": 1, "MaxAutoMLJobRuntimeInSeconds": 3600}}
CSV = "text/csv;header=present"
JOBS = {
    "tabular": ("Tabular", CSV, {"TabularJobConfig": {"TargetAttributeName": "y", "ProblemType": "BinaryClassification", **CRITERIA}}),
    "time-series-forecasting": ("TimeSeriesForecasting", CSV, {"TimeSeriesForecastingJobConfig": {
        "ForecastFrequency": "1D", "ForecastHorizon": 7,
        "TimeSeriesConfig": {"TargetAttributeName": "demand", "TimestampAttributeName": "ts", "ItemIdentifierAttributeName": "item"},
        **CRITERIA}}),
    "image-classification": ("ImageClassification", "image/png", {"ImageClassificationJobConfig": CRITERIA}),
    "text-classification": ("TextClassification", CSV, {"TextClassificationJobConfig": {"ContentColumn": "text", "TargetLabelColumn": "label", **CRITERIA}}),
    "text-generation": ("TextGeneration", CSV, {"TextGenerationJobConfig": {"BaseModelName": "Falcon7BInstruct", **CRITERIA}}),
}


def _env() -> dict[str, str | None]:
    """Changes to the environment: no real AWS settings, the fake credentials."""
    return {**dict.fromkeys(UNSET), **FAKE_ENV}


class Moto:
    def __init__(self, url: str, client):
        self.url = url
        self.client = client

    def post(self, body: dict, headers: dict | None = None):
        """A raw AWS JSON 1.1 call: POST / with X-Amz-Target. Returns (status, content type, JSON body)."""
        request = urllib.request.Request(
            self.url + "/", data=json.dumps(body).encode(), method="POST",
            headers={"X-Amz-Target": TARGET, "Content-Type": AWS_JSON, "Authorization": AUTHORIZATION, **(headers or {})},
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 only, never a proxy
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers["Content-Type"], json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], json.loads(error.read())


@contextlib.contextmanager
def moto_server():
    """A real moto server on 127.0.0.1 (a free port), with fake credentials and no real AWS
    settings in the environment while it runs; yields its URL."""
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as patch:
        for name in UNSET:
            patch.delenv(name, raising=False)
        for name, value in FAKE_ENV.items():
            patch.setenv(name, value)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            assert host == "127.0.0.1" and port > 0
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@pytest.fixture(scope="module")
def moto():
    with moto_server() as url:
        client = boto3.client("sagemaker", region_name=REGION, endpoint_url=url)
        for name, (_, content_type, config) in JOBS.items():
            _create(client, name, content_type, config)
        yield Moto(url, client)


def _found(violations) -> set[tuple[str, str]]:
    return {(v["rule"], v["path"]) if isinstance(v, dict) else (v.rule, v.path) for v in violations}


def test_every_problem_type_has_a_job_and_a_deviation_list():
    schema = json.loads((REPO / "schemas" / "describe-auto-ml-job-v2-response.json").read_text())
    problem_types = set(schema["properties"]["AutoMLProblemTypeConfigName"]["enum"])
    assert {kind for kind, _, _ in JOBS.values()} == problem_types
    assert set(DEVIATIONS) == set(JOBS)


def test_every_shipped_moto_deviation_is_shown_by_a_problem_type():
    # sagemaker_schema/accepted/moto.json (accept="moto") holds no entry moto no longer needs
    shown = [key for keys in BY_PROBLEM_TYPE.values() for key in keys]
    assert set(shown) == set(SHIPPED)
    assert all(len(set(keys)) == len(keys) for keys in BY_PROBLEM_TYPE.values())


def test_deviations_name_real_rules_with_reasons():
    from sagemaker_schema.catalogue import rules

    known = rules()
    for problem_type, deviations in DEVIATIONS.items():
        for (rule, path), reason in deviations.items():
            assert rule in known, f"{problem_type}: {rule} is not a rule"
            assert path.startswith("/") and len(reason) > 20, (rule, path)


@pytest.mark.parametrize("name", sorted(JOBS))
def test_boto3_response_breaks_exactly_the_listed_rules(moto, name):
    from sagemaker_schema import validate

    response = moto.client.describe_auto_ml_job_v2(AutoMLJobName=name)
    assert response["AutoMLProblemTypeConfigName"] == JOBS[name][0]
    assert _found(validate(response)) == set(DEVIATIONS[name])


@pytest.mark.parametrize("name", sorted(JOBS))
def test_raw_http_response_breaks_exactly_the_listed_rules(moto, name):
    from sagemaker_schema import validate

    status, content_type, body = moto.post({"AutoMLJobName": name})
    assert (status, content_type) == (200, AWS_JSON)
    assert isinstance(body["CreationTime"], (int, float))  # the wire form
    assert _found(validate(body)) == set(DEVIATIONS[name])


@pytest.mark.parametrize("name", sorted(JOBS))
def test_live_check_reports_exactly_the_listed_rules(moto, name):
    from sagemaker_schema.catalogue import rules

    out = run_cli("validate", "--format", "json", "--job-name", name, "--endpoint-url", moto.url, "--region", REGION, env=_env())
    (document,) = json.loads(out.stdout)["documents"]
    assert document["file"] == f"job:{name}" and document["error"] is None
    assert _found(document["violations"]) == set(DEVIATIONS[name])
    has_errors = any(rules()[rule].severity == "error" for rule, _ in DEVIATIONS[name])
    assert out.returncode == (1 if has_errors else 0)


def test_live_check_job_that_does_not_exist(moto):
    out = run_cli("validate", "--job-name", "no-such-job", "--endpoint-url", moto.url, "--region", REGION, env=_env())
    assert out.returncode == 2
    assert out.stdout.decode().splitlines() == [
        "job:no-such-job: error: no AutoML job named 'no-such-job' (ResourceNotFound: Could not find AutoML job with name no-such-job.)"
    ]
    assert b"Traceback" not in out.stderr


def test_live_check_missing_credentials(moto):
    env = {**_env(), "AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}
    out = run_cli("validate", "--job-name", "tabular", "--endpoint-url", moto.url, "--region", REGION, env=env)
    assert out.returncode == 2
    (line,) = out.stdout.decode().splitlines()
    assert line.startswith("job:tabular: error: no AWS credentials found")
    assert out.stderr == b""


def test_live_check_unreachable_endpoint():
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = run_cli("validate", "--job-name", "tabular", "--endpoint-url", f"http://127.0.0.1:{port}", "--region", REGION, env=_env())
    assert out.returncode == 2
    assert out.stdout.decode().splitlines() == [f"job:tabular: error: cannot reach the endpoint http://127.0.0.1:{port}/"]
    assert out.stderr == b""


def test_error_body_matches_the_openapi_document(moto):
    from jsonschema import Draft202012Validator

    spec = yaml.safe_load((REPO / "schemas" / "openapi.yaml").read_text())
    error_schema = spec["components"]["schemas"]["Error"]
    status, content_type, body = moto.post({"AutoMLJobName": "no-such-job"})
    assert (status, content_type) == (400, AWS_JSON)
    assert body["__type"] == "ResourceNotFound"
    assert list(Draft202012Validator(error_schema).iter_errors(body)) == []


# --- schemathesis, driven from the OpenAPI document --------------------------------

# schemathesis (pinned in the test extras) runs as a command. Its findings on moto 5.2.1,
# by code, each with the reason:
SCHEMATHESIS_FINDINGS = {
    "ST108": "response_schema_conformance: moto's 200 breaks the schema three ways (ModelDataUrl \"string\", "
             "InferenceContainerDefinitions keyed \"string\", BacktestResults on a job that is not time-series)",
    "ST202": "positive_data_acceptance: a well-formed name of a job that does not exist gets AWS's 400 ResourceNotFound, "
             "which the check counts as a rejected valid request (AWS behaves the same: not a moto bug)",
    "ST401": "ignored_auth: moto checks no signature; without Authorization it routes the call to S3 and answers 200",
    "ST203": "missing_required_header: without Authorization, moto's S3 answers 200; without X-Amz-Target moto answers 500",
    "ST105": "content_type_conformance: that S3 answer is application/xml",
    "ST101": "not_a_server_error: moto crashes (500, an HTML page) on a call without X-Amz-Target",
    "ST103": "status_code_conformance: the same 500, a status the document does not declare",
    "ST201": "negative_data_rejection: moto accepts a request body with an unknown member",
    "ST204": "unsupported_method: moto answers PUT / like POST / (200), not 405",
}


def _schemathesis_run(cli: str, url: str, operation_id: str, tmp_path: Path):
    """schemathesis over schemas/openapi.yaml against moto, one operation, fixed seed: the
    finished process and its JSON report."""
    report = tmp_path / "report.json"
    out = run(
        [cli, "run", REPO / "schemas" / "openapi.yaml", "--url", url, "--include-operation-id", operation_id,
         "-H", f"Authorization: {AUTHORIZATION}", "--max-examples", "20", "--seed", "1",
         "--generation-database", "none", "--no-color", "--workers", "1", "--continue-on-failure",
         "--report", "json", "--report-json-path", report],
        env={**_env(), "SCHEMATHESIS_HOOKS": str(REPO / "tests" / "schemathesis_hooks.py")},
        text=True, timeout=300, cwd=tmp_path,
    )
    assert report.exists(), out.stdout + out.stderr
    return out, json.loads(report.read_text())


def _schemathesis_cli() -> str:
    # installed with the test extras, beside the interpreter running the tests
    here = Path(sys.executable).parent / "st"
    found = os.environ.get("SCHEMATHESIS_CLI") or (str(here) if here.is_file() else shutil.which("st"))
    if not found:
        pytest.fail("schemathesis CLI not found: pip install '.[test]'", pytrace=False)
    return found


def _create(client, name: str, content_type: str, config: dict) -> None:
    client.create_auto_ml_job_v2(
        AutoMLJobName=name,
        AutoMLJobInputDataConfig=[{"ChannelType": "training", "ContentType": content_type,
                                   "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://bucket/{name}/"}}}],
        OutputDataConfig={"S3OutputPath": f"s3://bucket/{name}/out/"},
        AutoMLProblemTypeConfig=config,
        RoleArn=ROLE,
    )


def test_schemathesis_against_moto(moto, tmp_path):
    cli = _schemathesis_cli()
    # the request example in the document names a job: make it exist, so that the 200 is checked
    spec = yaml.safe_load((REPO / "schemas" / "openapi.yaml").read_text())
    (example,) = spec["paths"]["/"]["post"]["requestBody"]["content"][AWS_JSON]["examples"].values()
    _, content_type, config = JOBS["image-classification"]
    _create(moto.client, example["value"]["AutoMLJobName"], content_type, config)
    pinned = (REPO / "pyproject.toml").read_text().split('"schemathesis==')[1].split('"')[0]
    version = run([cli, "--version"], text=True).stdout
    assert version.split()[-1] == pinned, version
    # DescribeAutoMLJobV2: the findings below are its; the other operations of the document
    # (moto implements no ListCandidatesForAutoMLJob) have their own test
    out, result = _schemathesis_run(cli, moto.url, "DescribeAutoMLJobV2", tmp_path)
    assert result["complete"] and result["operations"]["tested"] == 1 and result["operations"]["errored"] == 0
    # every generated case had its responses checked: the media type is known as JSON
    assert result["test_cases"]["generated"] > 0 and result["test_cases"]["without_checks"] == 0
    assert {f["code"] for f in result["failures"]} == set(SCHEMATHESIS_FINDINGS), out.stdout[-4000:]
    (schema,) = [f for f in result["failures"] if f["code"] == "ST108"]
    assert schema["count"] == 3
    assert out.returncode == 1
    # the schema findings are the contract's own rules, reached through the $ref
    assert "ModelDataUrl" in out.stdout and "InferenceContainerDefinitions" in out.stdout


# CreateAutoMLJobV2, from its own path item (`/#X-Amz-Target=SageMaker.CreateAutoMLJobV2`:
# the fragment is not sent, so every call is POST / routed by the header, as AWS routes it).
# Its findings on moto 5.2.1: the describe call's transport findings, and the example job
# created twice. No response_schema_conformance finding: every 200 moto sends is
# CreateAutoMLJobV2Response; moto implements no ListCandidatesForAutoMLJob, so that
# operation is not run.
SCHEMATHESIS_CREATE_FINDINGS = {
    "ST401": SCHEMATHESIS_FINDINGS["ST401"],
    "ST203": SCHEMATHESIS_FINDINGS["ST203"],
    "ST105": SCHEMATHESIS_FINDINGS["ST105"],
    "ST101": SCHEMATHESIS_FINDINGS["ST101"],
    "ST103": "status_code_conformance: the same 500, and PUT's 500",
    "ST204": "unsupported_method: moto answers PUT / with a 500, not 405",
    "ST202": "positive_data_acceptance: the document's example job is created twice and the second gets AWS's 400 "
             "ResourceInUse (AWS behaves the same: not a moto bug)",
}


def test_schemathesis_create_against_moto(moto, tmp_path):
    out, result = _schemathesis_run(_schemathesis_cli(), moto.url, "CreateAutoMLJobV2", tmp_path)
    assert result["complete"] and result["operations"]["tested"] == 1 and result["operations"]["errored"] == 0
    # the document holds one path item per operation a document of the package belongs to
    assert result["operations"]["total"] == len({api for api, _ in SERVICE_OPERATIONS.values()}) == 5
    # requests drawn from the request schema reached moto, which created jobs and answered them
    assert result["test_cases"]["generated"] > 50
    assert {f["code"] for f in result["failures"]} == set(SCHEMATHESIS_CREATE_FINDINGS), out.stdout[-4000:]
    assert "SageMaker.CreateAutoMLJobV2" in out.stdout and out.returncode == 1



# StopAutoMLJob and ListAutoMLJobs from their own path items: their findings on moto 5.2.1.
# No response_schema_conformance finding: moto's empty StopAutoMLJob answer and its
# ListAutoMLJobs pages fit the schemas (what is wrong in its summaries is a warning of the
# rules layer: test_moto_job_summaries_break_the_job_rules).
SCHEMATHESIS_STOP_AND_LIST_FINDINGS = {
    "StopAutoMLJob": {
        "ST202": "positive_data_acceptance: a well-formed name of a job that does not exist gets AWS's 400 ResourceNotFound "
                 "(AWS behaves the same: not a moto bug)",
        "ST201": SCHEMATHESIS_FINDINGS["ST201"],
        "ST401": SCHEMATHESIS_FINDINGS["ST401"],
        "ST203": SCHEMATHESIS_FINDINGS["ST203"],
        "ST105": SCHEMATHESIS_FINDINGS["ST105"],
        "ST101": SCHEMATHESIS_FINDINGS["ST101"],
        "ST103": SCHEMATHESIS_FINDINGS["ST103"],
        "ST204": "unsupported_method: moto answers other methods on / with 400 or 500, not 405",
    },
    "ListAutoMLJobs": {
        "ST202": "positive_data_acceptance: a NextToken moto did not mint gets 400 InvalidToken (AWS, too, takes only "
                 "the tokens it minted: not a moto bug)",
        "ST201": "negative_data_rejection: moto answers a call without a request body as if it were {}",
        "ST401": SCHEMATHESIS_FINDINGS["ST401"],
        "ST203": SCHEMATHESIS_FINDINGS["ST203"],
        "ST105": "content_type_conformance: the S3 answer is application/xml, and moto's InvalidToken error application/json",
        "ST101": SCHEMATHESIS_FINDINGS["ST101"],
        "ST103": SCHEMATHESIS_FINDINGS["ST103"],
        "ST204": "unsupported_method: moto answers PUT / like POST / (200), not 405",
    },
}


@pytest.mark.parametrize("operation_id", sorted(SCHEMATHESIS_STOP_AND_LIST_FINDINGS))
def test_schemathesis_stop_and_list_against_moto(moto, tmp_path, operation_id):
    # the document's example job exists, whichever test ran first: what schemathesis finds
    # depends on which calls succeed
    from botocore.exceptions import ClientError

    _, content_type, config = JOBS["tabular"]
    with contextlib.suppress(ClientError):
        _create(moto.client, "my-job", content_type, config)
    out, result = _schemathesis_run(_schemathesis_cli(), moto.url, operation_id, tmp_path)
    assert result["complete"] and result["operations"]["tested"] == 1 and result["operations"]["errored"] == 0
    assert result["test_cases"]["generated"] > 20
    assert {f["code"] for f in result["failures"]} == set(SCHEMATHESIS_STOP_AND_LIST_FINDINGS[operation_id]), out.stdout[-4000:]
    assert f"SageMaker.{operation_id}" in out.stdout and out.returncode == 1


def test_moto_job_summaries_break_the_job_rules(moto):
    # a summary of a job moto made breaks what its describe response breaks at the job's own
    # members (moto_deviations.COMMON), at its place in the page; nothing else in the page
    from moto_deviations import BEST, COMMON
    from sagemaker_schema import validate
    from sagemaker_schema.catalogue import rules

    page = moto.client.list_auto_ml_jobs(MaxResults=100)
    summaries = page["AutoMLJobSummaries"]
    assert {s["AutoMLJobName"] for s in summaries} >= set(JOBS)
    job_level = {(rule, pointer) for rule, _, pointer in (key.partition(" ") for key in COMMON) if not pointer.startswith(BEST)}
    assert all("list-auto-ml-jobs" in rules()[rule].operations for rule, _ in job_level) and job_level
    expected = {(rule, f"/AutoMLJobSummaries/{i}{pointer}") for i, summary in enumerate(summaries)
                if summary["AutoMLJobName"] in JOBS for rule, pointer in job_level}
    found = {(v.rule, v.path) for v in validate(page, operation="list-auto-ml-jobs")}
    assert {f for f in found if int(f[1].split("/")[2]) in {i for i, s in enumerate(summaries) if s["AutoMLJobName"] in JOBS}} == expected


def test_moto_has_no_way_to_ask_for_a_fault():
    """README's comparison table: moto's only control surface is its /moto-api/ paths, and
    none of them injects an error, a delay or a broken document; its SageMaker paths set
    canned InvokeEndpoint results."""
    import re

    from moto.moto_api._internal.urls import url_paths

    paths = [path.removeprefix("{0}/moto-api/") for path in url_paths]
    assert "state-manager/set-transition" in paths and "seed" in paths  # what it has: read as it is
    assert [path for path in paths if re.search(r"error|fault|throttl|latency|delay|break|fail", path)] == []
    assert [path for path in paths if "sagemaker" in path] == ["static/sagemaker/endpoint-results",
                                                               "static/sagemaker/async-endpoint-results"]
