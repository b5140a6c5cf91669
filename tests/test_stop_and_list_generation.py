"""The generators of the StopAutoMLJob request, the ListAutoMLJobs page and the List
operations' parameters: held to the package's validator per operation (errors and
warnings alike), plain jsonschema over their schema files, botocore's ParamValidator and a
real client's Stubber; `generate --operation` writes them, the same seed the same bytes.
"""
from __future__ import annotations

import json
from functools import cache

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from conftest import run_cli
from sagemaker_schema import generate, schema, validate
from sagemaker_schema.catalogue import rules
from sagemaker_schema.fixtures import generate_responses
from sagemaker_schema.strategies import (
    invalid_documents,
    job_lists,
    list_candidates_requests,
    list_jobs_requests,
    stop_requests,
)
from test_request_schema import files, registry

STOP, JOBS = "stop-auto-ml-job", "list-auto-ml-jobs"
JOBS_REQUEST, LIST_REQUEST = "list-auto-ml-jobs-request", "list-candidates-for-auto-ml-job-request"
NEW = (STOP, JOBS, JOBS_REQUEST, LIST_REQUEST)
PROPERTY = settings(max_examples=150, deadline=None, database=None)
# each operation -> its boto3 method, and the stubbed response that goes with a request
METHODS = {STOP: ("stop_auto_ml_job", {}), JOBS_REQUEST: ("list_auto_ml_jobs", {"AutoMLJobSummaries": []}),
           LIST_REQUEST: ("list_candidates_for_auto_ml_job", {"Candidates": []})}


@cache
def plain(operation: str) -> Draft202012Validator:
    """python-jsonschema alone over the operation's schema file (no package code)."""
    return Draft202012Validator(files()[schema.root_file(operation)], registry=registry())


@cache
def shape(operation: str):
    botocore = pytest.importorskip("botocore.session")
    api, side = schema.SERVICE_OPERATIONS[operation]
    return getattr(botocore.get_session().get_service_model("sagemaker").operation_model(api), f"{side}_shape")


@pytest.fixture(scope="module")
def stubbed():
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        yield client, stubber


def _every_oracle(operation: str, document: dict) -> None:
    from botocore.validate import ParamValidator

    assert validate(document, operation=operation) == []  # no error and no warning
    assert plain(operation).is_valid(document), list(plain(operation).iter_errors(document))[:3]
    report = ParamValidator().validate(document, shape(operation))
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize(("operation", "strategy"), [
    (STOP, stop_requests()), (JOBS_REQUEST, list_jobs_requests()), (LIST_REQUEST, list_candidates_requests()),
], ids=[STOP, JOBS_REQUEST, LIST_REQUEST])
def test_requests_pass_every_oracle_and_a_stubbed_call(operation, strategy, stubbed):
    client, stubber = stubbed
    method, answer = METHODS[operation]

    @PROPERTY
    @given(params=strategy)
    def check(params):
        _every_oracle(operation, params)
        stubber.add_response(method, answer, expected_params=params)
        getattr(client, method)(**params)
        stubber.assert_no_pending_responses()

    check()


@PROPERTY
@given(page=job_lists())
def test_job_lists_pass_every_oracle(page, stubbed):
    _every_oracle(JOBS, page)
    client, stubber = stubbed
    stubber.add_response("list_auto_ml_jobs", page)  # botocore checks the page against its output shape
    assert len(client.list_auto_ml_jobs()["AutoMLJobSummaries"]) == len(page["AutoMLJobSummaries"])
    # one account and region; names unique ignoring case, as AWS keeps them
    summaries = page["AutoMLJobSummaries"]
    assert len({s["AutoMLJobArn"].rsplit(":", 1)[0] for s in summaries}) <= 1
    names = [s["AutoMLJobName"].lower() for s in summaries]
    assert len(set(names)) == len(names)


def test_job_lists_of_one_status_and_every_status_reached():
    from hypothesis import find

    for status in generate.facts().summary_statuses:
        page = find(job_lists(status), lambda p: len(p["AutoMLJobSummaries"]) >= 2, settings=settings(database=None))
        assert {s["AutoMLJobStatus"] for s in page["AutoMLJobSummaries"]} == {status}
    with pytest.raises(ValueError, match="status='Paused' is not one of"):
        job_lists("Paused")


def test_case_insensitive_name_clashes_get_a_suffix():
    from sagemaker_schema.generate.builder import _job_names

    class Same:  # a draw that makes the same name every time, in either case
        def __init__(self):
            self.calls = 0

        def boolean(self):
            return False

        def integer(self, lo, hi):
            return lo

        def choice(self, options):
            return options[-1] if options == generate.draw._SIZE_KINDS else options[0]

        def chars(self, alphabet, n):
            self.calls += 1
            return ("Ab" * 32)[:n] if self.calls % 2 else ("aB" * 32)[:n]

        def whole(self, make):
            return make(self)

    names = _job_names(Same(), 4)
    limit = generate.facts().job_name_max
    assert len({n.lower() for n in names}) == 4 and all(len(n) <= limit for n in names)
    assert all(validate({"AutoMLJobName": n}, operation=STOP) == [] for n in names)


def test_generate_operation_files_are_deterministic_and_valid():
    for operation in NEW:
        args = ["generate", "--operation", operation, "--count", "20", "--seed", "4"]
        first, second = run_cli(*args), run_cli(*args)
        assert first.returncode == 0, first.stderr.decode()
        assert first.stdout == second.stdout
        lines = [json.loads(line) for line in first.stdout.decode().splitlines()]
        assert len(lines) == 20 and all(validate(document, operation=operation) == [] for document in lines)
        assert run_cli(*args[:-1], "5").stdout != first.stdout


def test_fixtures_name_the_files_by_the_documents_kind():
    kinds = {STOP: "stop-request", JOBS: "jobs", JOBS_REQUEST: "jobs-request", LIST_REQUEST: "candidates-request"}
    for operation, kind in kinds.items():
        made = list(generate_responses(2, 3, operation=operation))
        assert [name for name, _ in made] == [f"{kind}--3-000{i}.json" for i in range(2)]


@pytest.mark.parametrize("name", ["stop_auto_ml_job", "StopAutoMLJob"])
def test_fixtures_and_strategies_take_boto3_and_api_names_as_operation_does(name):
    assert list(generate_responses(2, 3, operation=name)) == list(generate_responses(2, 3, operation=STOP))


    @settings(max_examples=5, database=None)
    @given(case=invalid_documents(name))
    def breaks_its_rule(case):
        assert case[0] in {v.rule for v in validate(case[1], operation=STOP)}

    breaks_its_rule()


def test_fixtures_refuse_an_operation_that_is_no_name_with_a_value_error():
    with pytest.raises(ValueError, match="operation None is not one of: describe-auto-ml-job-v2, "):
        list(generate_responses(operation=None))


@pytest.mark.parametrize("operation", NEW)
def test_generate_refuses_what_does_not_apply(operation):
    for args, said in (
        (["--invalid", "tag-keys-unique"], "--invalid 'tag-keys-unique' is not one of"),
        (["--invalid", "--problem-type", "Tabular"], "--problem-type applies to the documents of one job's configuration"),
        (["--problem-type", "Tabular"], "--problem-type applies to the documents of one job's configuration"),
        (["--status", "Completed"], f"--status applies to describe-auto-ml-job-v2 only: {operation} documents have no status"),
        (["--form", "boto3"], f"--form applies to describe-auto-ml-job-v2 and list-candidates-for-auto-ml-job: {operation} documents come in the wire form only"),
    ):
        done = run_cli("generate", "--operation", operation, *args)
        assert done.returncode == 2 and said in done.stderr.decode() and done.stdout == b"", (args, done.stderr.decode())
    with pytest.raises(ValueError, match="problem_type applies to the documents of one job's configuration"):
        list(generate_responses(1, operation=operation, problem_type="Tabular"))
    # a rule only the describe response's documents break names the --operation that takes it
    done = run_cli("generate", "--operation", operation, "--invalid", "forecast-frequency")
    assert done.returncode == 2 and "is a rule of describe-auto-ml-job-v2 documents: add --operation describe-auto-ml-job-v2" in done.stderr.decode()


def test_the_candidate_list_has_no_breakers_and_says_where_its_rules_break():
    done = run_cli("generate", "--operation", "list-candidates-for-auto-ml-job", "--invalid")
    assert done.returncode == 2 and "break them in a describe-auto-ml-job-v2 response's BestCandidate" in done.stderr.decode()
    with pytest.raises(ValueError, match="has no breakers"):
        invalid_documents("list-candidates-for-auto-ml-job")


# --- invalid documents: one breaker per error rule the document can break alone --------

# the error rules that apply to a document and that it cannot break, each with the reason
UNBREAKABLE = {
    STOP: {"enum": "no enumerated member", "range": "no number", "size": "no list or map", "map-key": "no map"},
    JOBS: {"range": "no number but timestamps (whose minimum is the timestamp rule's)", "map-key": "no map"},
    JOBS_REQUEST: {"required": "every member is optional", "size": "no list or map", "map-key": "no map"},
    LIST_REQUEST: {"size": "no list or map", "map-key": "no map"},
}


@pytest.mark.parametrize("operation", NEW)
def test_every_error_rule_of_the_document_has_a_breaker(operation):
    applying = {r.id for r in rules().values() if r.severity == "error" and operation in r.operations}
    assert set(generate.error_rules_of(operation)) == applying - set(UNBREAKABLE[operation])
    assert set(UNBREAKABLE[operation]) <= applying


@pytest.mark.parametrize(("operation", "rule"), [(op, rule) for op in NEW for rule in generate.error_rules_of(op)])
def test_each_breaker_breaks_exactly_its_rule(operation, rule):
    from sagemaker_schema import Validator

    reference = Validator(operation=operation, reference=True)
    for i in range(30):
        document = generate.invalid_document(generate.RandomDraw(f"{operation}:{rule}:{i}"), rule, operation)
        found = validate(document, operation=operation)
        assert [v.rule for v in found] == [rule], (document, found)
        assert [v.as_dict() for v in reference.validate(document)] == [v.as_dict() for v in found]
        assert not plain(operation).is_valid(document) or rule in ("timestamps-in-order",)  # the Python layer's


@PROPERTY
@given(case=invalid_documents(JOBS))
def test_invalid_job_lists_break_exactly_their_rule(case):
    rule, page = case
    assert [v.rule for v in validate(page, operation=JOBS)] == [rule]


def test_generate_invalid_writes_every_rule_in_turn():
    for operation in NEW:
        done = run_cli("generate", "--operation", operation, "--invalid", "--count", "12", "--seed", "2")
        assert done.returncode == 0, done.stderr.decode()
        lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
        wanted = generate.error_rules_of(operation)
        assert [line["rule"] for line in lines] == [wanted[i % len(wanted)] for i in range(12)]
        kind = {STOP: "stop-request", JOBS: "jobs", JOBS_REQUEST: "jobs-request", LIST_REQUEST: "candidates-request"}[operation]
        assert all([v.rule for v in validate(line[kind], operation=operation)] == [line["rule"]] for line in lines)


def test_generate_takes_the_api_names_of_the_new_documents():
    for name, keys in (("ListAutoMLJobsRequest", None), ("StopAutoMLJob", {"AutoMLJobName"}), ("list_auto_ml_jobs", {"AutoMLJobSummaries"})):
        done = run_cli("generate", "--operation", name, "--seed", "1")
        assert done.returncode == 0, done.stderr.decode()
        document = json.loads(done.stdout)
        assert keys is None or keys <= set(document)


@pytest.mark.parametrize("operation", NEW)
def test_every_enum_value_and_every_member_of_the_new_documents_occurs(operation):
    from sagemaker_schema.generate.documents import documents
    from sagemaker_schema.schema import nodes, walk

    enums: set = set()
    names: set = set()

    def visit(subschema: dict, file: str, path: tuple) -> None:
        if file != "response-metadata.json":  # boto3 adds those, not the service
            enums.update(subschema.get("enum", ()))
            names.update(subschema.get("properties", {}))

    walk(visit, file=schema.root_file(operation), shape_only=True)
    seen: set = set()
    for _, _, document in documents(400, 9, operation=operation):
        seen.update(key for path, value in nodes(document) for key in ((path[-1] if path and isinstance(path[-1], str) else None), value)
                    if isinstance(key, str))
    assert (enums | names) - {"ResponseMetadata"} - seen == set()
