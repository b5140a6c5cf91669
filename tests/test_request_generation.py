"""The request and candidate-list generators (issue 15, items 4): held to the package's
validator per operation, plain jsonschema over the request file, botocore's ParamValidator
and a real client's Stubber (expected_params); and the one-builder property: a generated
request, described by the builder, is a valid DescribeAutoMLJobV2 response that echoes it.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

from conftest import REPO, run_cli
from sagemaker_schema import generate, validate
from sagemaker_schema.catalogue import rules
from sagemaker_schema.fixtures import generate_responses
from sagemaker_schema.strategies import candidate_lists, invalid_requests, requests
from test_request_schema import LIST_FILE, REQUEST_FILE, violations

CREATE, LIST = "create-auto-ml-job-v2", "list-candidates-for-auto-ml-job"
PROPERTY = settings(max_examples=200, deadline=None, database=None)
FEW = settings(max_examples=25, deadline=None, database=None)
# the configuration members a DescribeAutoMLJobV2 response echoes from the request
ECHOED = ("AutoMLJobName", "AutoMLJobInputDataConfig", "OutputDataConfig", "AutoMLProblemTypeConfig", "RoleArn",
          "SecurityConfig", "AutoMLJobObjective", "ModelDeployConfig", "DataSplitConfig", "AutoMLComputeConfig")


def request_findings(document: dict) -> set[tuple[str, str]]:
    """(rule, severity) of everything the package finds in a request: its validator with
    operation=create-auto-ml-job-v2 (both layers, the Python rules registered for requests)."""
    return {(v.rule, v.severity) for v in validate(document, operation=CREATE)}


@pytest.fixture(scope="module")
def input_shape():
    botocore = pytest.importorskip("botocore.session")
    return botocore.get_session().get_service_model("sagemaker").operation_model("CreateAutoMLJobV2").input_shape


@pytest.fixture(scope="module")
def stubbed():
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        yield client, stubber


# --- valid requests ----------------------------------------------------------------


@PROPERTY
@given(params=requests())
def test_request_passes_every_oracle(params, input_shape, stubbed):
    from botocore.validate import ParamValidator

    assert request_findings(params) == set()  # no error and no warning
    assert violations(params, REQUEST_FILE) == set()  # plain jsonschema over the request file
    report = ParamValidator().validate(params, input_shape)
    assert not report.has_errors(), report.generate_report()
    client, stubber = stubbed
    arn = "arn:aws:sagemaker:us-east-1:123456789012:automl-job/" + params["AutoMLJobName"].lower()
    stubber.add_response("create_auto_ml_job_v2", {"AutoMLJobArn": arn}, expected_params=params)
    assert client.create_auto_ml_job_v2(**params)["AutoMLJobArn"] == arn
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize("problem_type", generate.problem_types())
def test_requests_of_each_problem_type(problem_type):
    @FEW
    @given(params=requests(problem_type=problem_type))
    def check(params):
        assert generate.request_problem_type(params) == problem_type
        assert request_findings(params) == set()

    check()


def test_requests_reach_every_optional_member():
    members = set()
    for i in range(300):
        members |= set(generate.request(generate.RandomDraw(i)))
    assert members == set(json.loads((REPO / "schemas" / REQUEST_FILE).read_text())["properties"])


def test_bad_arguments_name_the_choices():
    with pytest.raises(ValueError, match="problem_type='Vision'"):
        requests(problem_type="Vision")
    with pytest.raises(ValueError, match="rule='timestamp'"):
        invalid_requests(rule="timestamp")  # a response's rule: a request has no timestamps


# --- one builder, two views ----------------------------------------------------------


@PROPERTY
@given(params=requests(), status=st.sampled_from(generate.statuses()), seed=st.integers(0, 2**32))
def test_a_described_request_is_a_valid_response_that_echoes_it(params, status, seed):
    described = generate.response(generate.RandomDraw(seed), status=status, request=params)
    assert validate(described) == []  # no error and no warning
    for member in ECHOED:
        assert described.get(member) == params.get(member), member
    assert described["AutoMLProblemTypeConfigName"] == generate.request_problem_type(params)
    assert described["AutoMLJobStatus"] == status
    # a copy, never the request's own objects (one dict in two places is a YAML alias)
    assert described["AutoMLJobInputDataConfig"] is not params["AutoMLJobInputDataConfig"]


def test_response_without_a_request_is_unchanged_by_the_request_view():
    """The response view draws as before: the golden `generate` output pins its bytes,
    and this pins that the request path is not taken."""
    first = generate.response(generate.RandomDraw(7))
    assert first == generate.response(generate.RandomDraw(7))
    assert "Tags" not in first


# --- invalid requests -----------------------------------------------------------------


@pytest.mark.parametrize("rule", generate.request_error_rules())
def test_invalid_request_breaks_exactly_its_rule(rule):
    @FEW
    @given(case=invalid_requests(rule=rule))
    def check(case):
        rule_id, params = case
        assert rule_id == rule
        assert request_findings(params) == {(rule, "error")}

    check()


def test_request_breakers_cover_every_error_rule_with_a_request_case():
    """Every rule that has hand-written request cases (tests/rules/<id>/request-invalid/)
    and is an error has a request breaker, and no breaker is for a rule without cases."""
    cased = {p.parent.parent.name for p in (REPO / "tests" / "rules").glob("*/request-invalid/*.json")}
    catalogue = rules()
    # a warning cannot be broken "as an error, alone"; every cased rule is in the catalogue
    assert cased <= set(catalogue)
    not_breakable = {rule for rule in cased if catalogue[rule].severity == "warning"}
    assert set(generate.request_error_rules()) == cased - not_breakable


def test_shared_breakers_are_the_same_function_for_both_documents():
    response_side, request_side = generate.BREAKERS_OF["describe-auto-ml-job-v2"], generate.BREAKERS_OF[CREATE]
    shared = {rule for rule in request_side if request_side[rule].apply is response_side.get(rule, request_side[rule]).apply
              and rule in response_side}
    assert len(shared) >= 30
    assert {"type", "enum", "size", "length"} <= set(request_side) - shared  # a request has no status, no failure reason


# --- candidate lists ------------------------------------------------------------------


@PROPERTY
@given(page=candidate_lists())
def test_candidate_list_is_valid(page):
    assert violations(page, LIST_FILE) == set()
    assert validate(page, operation=LIST) == []


@pytest.fixture(scope="module")
def list_stubber():
    """A real client with botocore's Stubber: add_response checks a page against the
    ListCandidatesForAutoMLJob output shape, and the call returns it as boto3 would."""
    boto3 = pytest.importorskip("boto3")
    from botocore.stub import Stubber

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        yield client, stubber


def _times(page: dict) -> list:
    return [candidate[key] for candidate in page["Candidates"] for key in ("CreationTime", "EndTime", "LastModifiedTime")
            if key in candidate]


@FEW
@given(page=candidate_lists(form="boto3"))
def test_boto3_form_candidate_list_has_datetimes_and_passes(page, list_stubber):
    # issue 19: candidate lists come in the boto3 form too, as responses do
    assert page["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert all(isinstance(t, dt.datetime) and t.utcoffset() == dt.timedelta(0) for t in _times(page))
    assert validate(page, operation=LIST) == []
    client, stubber = list_stubber
    stubber.add_response("list_candidates_for_auto_ml_job", page)
    returned = client.list_candidates_for_auto_ml_job(AutoMLJobName="job")
    assert returned["Candidates"] == page["Candidates"]


@FEW
@given(page=candidate_lists(form="boto3-json"))
def test_boto3_json_form_candidate_list_has_iso_strings_and_passes(page):
    assert all(isinstance(t, str) and dt.datetime.fromisoformat(t).utcoffset() == dt.timedelta(0) for t in _times(page))
    assert "ResponseMetadata" in page and json.loads(json.dumps(page)) == page
    assert validate(page, operation=LIST) == []


def test_candidate_list_forms_hold_the_same_page():
    # the boto3 form is botocore's parse of the wire page: the same candidates, the same instants
    from sagemaker_schema.generate.documents import documents

    seen = 0
    for (_, _, wire), (_, _, boto3), (_, _, saved) in zip(*(documents(8, 3, form=form, operation=LIST) for form in generate.FORMS),
                                                          strict=True):
        page = {k: v for k, v in boto3.items() if k != "ResponseMetadata"}
        assert json.loads(json.dumps(page, default=lambda t: t.timestamp())) == wire
        assert [dt.datetime.fromisoformat(t) for t in _times(saved)] == _times(boto3)
        seen += len(_times(wire))
    assert seen >= 10


# --- files: generate --operation and fixtures.generate_responses(operation=...) -----------


def test_generate_operation_files_are_deterministic_and_valid(tmp_path):
    for operation, invalid in ((CREATE, None), (CREATE, ""), (LIST, None)):
        args = ["generate", "--operation", operation, "--count", "6", "--seed", "4"] + (["--invalid"] if invalid == "" else [])
        first, second = run_cli(*args), run_cli(*args)
        assert first.returncode == 0, first.stderr.decode()
        assert first.stdout == second.stdout
        for line, (name, rule, document) in zip(first.stdout.decode().splitlines(),
                                                 generate_responses_all(operation, invalid), strict=True):
            assert json.loads(line) == (document if rule is None else {"rule": rule, "request": document})
            if operation == LIST:
                assert validate(document, operation=LIST) == []
            elif rule is None:
                assert request_findings(document) == set(), name
            else:
                assert request_findings(document) == {(rule, "error")}, name


def test_generate_candidate_lists_in_the_boto3_forms():
    # issue 19: `generate --operation list-candidates-for-auto-ml-job --form boto3` (ISO timestamps
    # in the JSON it prints, as boto3's dict saved with default=str) and boto3-json
    for form in ("boto3", "boto3-json"):
        done = run_cli("generate", "--operation", LIST, "--form", form, "--count", "4", "--seed", "2")
        assert done.returncode == 0, done.stderr.decode()
        pages = [json.loads(line) for line in done.stdout.decode().splitlines()]
        assert len(pages) == 4 and all("ResponseMetadata" in page for page in pages)
        times = [t for page in pages for t in _times(page)]
        assert times and all(dt.datetime.fromisoformat(t).tzinfo is not None for t in times)
        assert all(validate(page, operation=LIST) == [] for page in pages)
    made = list(generate_responses(2, 2, operation=LIST, form="boto3-json"))
    assert [json.dumps(doc) for _, doc in made] == [json.dumps(page) for page in pages[:2]]


def generate_responses_all(operation, invalid):
    from sagemaker_schema.generate.documents import documents

    return documents(6, 4, invalid=invalid, operation=operation)


def test_fixtures_generate_requests_by_name():
    made = list(generate_responses(3, 1, problem_type="Tabular", operation=CREATE))
    assert [name for name, _ in made] == [f"tabular-request--1-000{i}.json" for i in range(3)]
    assert all(request_findings(doc) == set() for _, doc in made)
    with pytest.raises(ValueError, match="status"):
        list(generate_responses(1, operation=CREATE, status="Completed"))
    with pytest.raises(ValueError, match="operation 'describe'"):
        list(generate_responses(1, operation="describe"))


def test_generate_operation_refuses_what_does_not_apply():
    for args, said in (
        (["--operation", "nope"], "--operation 'nope' is not one of: describe-auto-ml-job-v2, create-auto-ml-job-v2"),
        (["--operation", CREATE, "--form", "boto3"],
         "--form applies to describe-auto-ml-job-v2 and list-candidates-for-auto-ml-job: create-auto-ml-job-v2 documents"),
        (["--operation", LIST, "--status", "Completed"], "--status applies to describe-auto-ml-job-v2 only"),
        (["--operation", LIST, "--invalid"], "--invalid applies to describe-auto-ml-job-v2 and create-auto-ml-job-v2"),
        (["--operation", CREATE, "--invalid", "timestamp"], "--invalid 'timestamp' is a rule of describe-auto-ml-job-v2 documents: add --operation describe-auto-ml-job-v2"),
    ):
        done = run_cli("generate", *args)
        assert done.returncode == 2 and said in done.stderr.decode(), (args, done.stderr.decode())
