"""One entry point per document kind: validate(doc, operation=...) and `validate --operation`.

The CreateAutoMLJobV2 request (tests/requests/valid/, tests/rules/<id>/request-invalid/),
the ListCandidatesForAutoMLJob response (tests/list-candidates/valid/) and the other
operations' documents (VALID below) through the library, both engines and the CLI; which
rules apply to which operation (catalogue Rule.operations).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import sagemaker_schema
from conftest import REPO, RULES, VALID_FOLDERS, apply_patch, load_json, run_cli
from sagemaker_schema import Validator, assert_valid, is_valid, schema, validate
from sagemaker_schema.catalogue import rules
from sagemaker_schema.errors import InvalidResponse

DESCRIBE, CREATE, LIST = "describe-auto-ml-job-v2", "create-auto-ml-job-v2", "list-candidates-for-auto-ml-job"
STOP, JOBS = "stop-auto-ml-job", "list-auto-ml-jobs"
JOBS_REQUEST, LIST_REQUEST = "list-auto-ml-jobs-request", "list-candidates-for-auto-ml-job-request"
# each operation but the describe response -> the folder of its valid documents (tests/<folder>/valid/)
VALID = VALID_FOLDERS
REQUESTS = sorted((REPO / "tests" / "requests" / "valid").glob("*.json"))
LISTS = sorted((REPO / "tests" / "list-candidates" / "valid").glob("*.json"))
REQUEST_INVALID = sorted(RULES.glob("*/request-invalid/*.json"))


def request_case(path: Path) -> tuple[dict, str]:
    case = load_json(path)
    base = load_json(REPO / "tests" / "requests" / "valid" / f"{case['base']}.json")
    return apply_patch(base, case["patch"]), case["violation"]


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.stem}"


# --- the API --------------------------------------------------------------------------

def test_operations_are_the_documents_describe_first():
    assert sagemaker_schema.OPERATIONS == (DESCRIBE, CREATE, LIST, STOP, JOBS, JOBS_REQUEST, LIST_REQUEST)
    assert tuple(schema.OPERATIONS) == sagemaker_schema.OPERATIONS
    # the generator writes each one's documents, the service model has each one's shape
    from sagemaker_schema.generate import OPERATIONS as GENERATED

    assert GENERATED == sagemaker_schema.OPERATIONS and set(schema.SERVICE_OPERATIONS) == set(schema.OPERATIONS)


@pytest.mark.parametrize(("name", "operation"), [
    ("stop-auto-ml-job", STOP), ("stop_auto_ml_job", STOP), ("StopAutoMLJob", STOP),
    ("list-auto-ml-jobs", JOBS), ("list_auto_ml_jobs", JOBS), ("ListAutoMLJobs", JOBS),
    ("list-auto-ml-jobs-request", JOBS_REQUEST), ("list_auto_ml_jobs_request", JOBS_REQUEST), ("ListAutoMLJobsRequest", JOBS_REQUEST),
    ("list_candidates_for_auto_ml_job_request", LIST_REQUEST), ("ListCandidatesForAutoMLJobRequest", LIST_REQUEST),
    ("ListCandidatesForAutoMLJob", LIST), ("StopAutoMLJobRequest", None), ("ListAutoMLJobsResponse", None),
])
def test_the_new_operations_by_their_boto3_and_api_names(name, operation):
    assert schema.operation_named(name) == operation


def test_one_document_per_service_operation_for_a_table_keyed_by_it():
    # the watch keys its events by the service's operation: it keeps the side each is named for
    from sagemaker_schema.watching import WATCHED

    assert WATCHED["ListCandidatesForAutoMLJob"] == (LIST, "response")
    assert WATCHED["ListAutoMLJobs"] == (JOBS, "response")
    assert WATCHED["StopAutoMLJob"] == (STOP, "request")
    assert WATCHED["CreateAutoMLJobV2"] == (CREATE, "request") and WATCHED["DescribeAutoMLJobV2"] == (DESCRIBE, "response")


def test_the_hint_names_the_list_parameters_but_not_for_an_empty_document(tmp_path):
    (tmp_path / "empty.json").write_text("{}")
    (tmp_path / "filters.json").write_text('{"StatusEquals": "Completed", "MaxResults": 5}')
    done = run_cli("validate", "empty.json", "filters.json", cwd=tmp_path)
    assert done.returncode == 1
    assert [line for line in done.stderr.decode().splitlines() if "hint" in line] == [
        "sagemaker-schema: hint: filters.json holds the members of a ListAutoMLJobs request, not of a DescribeAutoMLJobV2 "
        "response: validate it with --operation list-auto-ml-jobs-request"]
    assert schema.fitting_operation({}, STOP) is None and schema.fitting_operation({"AutoMLJobName": "a"}, DESCRIBE) is None


def test_the_watch_holds_stop_requests_and_job_lists():
    # the watch reads schema.SERVICE_OPERATIONS: a StopAutoMLJob request that breaks its
    # contract is never sent, a ListAutoMLJobs page that breaks a job rule is reported
    import boto3
    from botocore.stub import Stubber

    from sagemaker_schema import watch
    from sagemaker_schema.errors import ContractViolation

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    page = load_json(REPO / "tests" / "list-jobs" / "valid" / "every-status.json")
    with watch(client), Stubber(client) as stub:
        stub.add_response("stop_auto_ml_job", {})
        with pytest.raises(ContractViolation) as refused:
            client.stop_auto_ml_job(AutoMLJobName="my_job")
        assert refused.value.operation == STOP and [v.rule for v in refused.value.violations] == ["pattern"]
        with pytest.raises(AssertionError):  # the stubbed response is still queued: nothing was sent
            stub.assert_no_pending_responses()
        client.stop_auto_ml_job(AutoMLJobName="my-job")
        stub.add_response("list_auto_ml_jobs", page)
        assert len(client.list_auto_ml_jobs()["AutoMLJobSummaries"]) == 5
        page["AutoMLJobSummaries"][3]["LastModifiedTime"] = page["AutoMLJobSummaries"][3]["CreationTime"] - 1
        stub.add_response("list_auto_ml_jobs", page)
        with pytest.raises(ContractViolation) as caught:
            client.list_auto_ml_jobs()
        assert caught.value.operation == JOBS
        assert {(v.rule, v.path) for v in caught.value.violations if v.severity == "error"} == {
            ("timestamps-in-order", "/AutoMLJobSummaries/3/LastModifiedTime")}


@pytest.mark.parametrize("call", [
    lambda: validate({}, operation="describe-auto-ml-job"),
    lambda: is_valid({}, operation="create_auto_ml_job"),  # boto3's name of the older operation
    lambda: assert_valid({}, operation=""),
    lambda: Validator(operation="list-candidates"),
    lambda: Validator(operation=None),
])
def test_an_unknown_operation_is_a_value_error_naming_the_choices(call):
    with pytest.raises(ValueError, match="one of describe-auto-ml-job-v2, create-auto-ml-job-v2, list-candidates-for-auto-ml-job"):
        call()


@pytest.mark.parametrize("name", [CREATE, "create_auto_ml_job_v2", "CreateAutoMLJobV2"])
def test_the_library_takes_an_operation_by_its_cli_boto3_and_api_names(name):
    request = load_json(REQUESTS[0])
    assert Validator(operation=name).operation == CREATE
    assert validate(request, operation=name) == [] and is_valid(request, operation=name)
    assert_valid(request, operation=name)
    with pytest.raises(InvalidResponse, match="of the CreateAutoMLJobV2 request contract:"):
        assert_valid({"NoSuchMember": 1}, operation=name)


def test_the_default_is_the_describe_response():
    example = load_json(REPO / "examples" / "tabular-completed.json")
    assert validate(example) == validate(example, operation=DESCRIBE) == []
    assert Validator().operation == DESCRIBE
    # a request is not a response, and a response is not a request
    request = load_json(REQUESTS[0])
    assert {v.rule for v in validate(request)} == {"required"}
    assert "unknown-member" in {v.rule for v in validate(example, operation=CREATE)}


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.stem)
def test_valid_requests_are_valid(path):
    document = load_json(path)
    assert validate(document, operation=CREATE) == []
    assert Validator(operation=CREATE, reference=True).validate(document) == []
    assert_valid(json.dumps(document), operation=CREATE)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_valid_candidate_lists_are_valid(path):
    document = load_json(path)
    assert validate(document, operation=LIST) == []
    assert Validator(operation=LIST, reference=True).validate(document) == []


OTHER_VALID = [(operation, path) for operation in (STOP, JOBS, JOBS_REQUEST, LIST_REQUEST)
               for path in sorted((REPO / "tests" / VALID[operation] / "valid").glob("*.json"))]


@pytest.mark.parametrize(("operation", "path"), OTHER_VALID, ids=lambda x: x.stem if isinstance(x, Path) else x)
def test_valid_documents_of_the_other_operations_are_valid(operation, path):
    document = load_json(path)
    assert validate(document, operation=operation) == []
    assert Validator(operation=operation, reference=True).validate(document) == []
    # and each is held to its own contract only: the describe response refuses it
    assert not is_valid(document)


def test_every_operation_has_valid_documents():
    for operation, folder in VALID.items():
        assert len(list((REPO / "tests" / folder / "valid").glob("*.json"))) >= 2, operation


# (operation, document, the violations it gets): the model's types, enums, lengths,
# patterns, ranges and required members in each new document
CASES = [
    (STOP, {}, [("required", "/AutoMLJobName")]),
    (STOP, {"AutoMLJobName": "my_job"}, [("pattern", "/AutoMLJobName")]),
    (STOP, {"AutoMLJobName": "a" * 33}, [("length", "/AutoMLJobName")]),
    (STOP, {"AutoMLJobName": "a", "Force": True}, [("unknown-member", "/Force")]),
    (JOBS, {}, [("required", "/AutoMLJobSummaries")]),
    (JOBS, {"AutoMLJobSummaries": [], "NextToken": "a\nb"}, [("pattern", "/NextToken")]),
    (JOBS_REQUEST, {"MaxResults": 101}, [("range", "/MaxResults")]),
    (JOBS_REQUEST, {"MaxResults": 0}, [("range", "/MaxResults")]),
    (JOBS_REQUEST, {"SortBy": "FinalObjectiveMetricValue"}, [("enum", "/SortBy")]),
    (JOBS_REQUEST, {"NameContains": ""}, [("pattern", "/NameContains")]),
    (JOBS_REQUEST, {"NameContains": "a_b"}, [("pattern", "/NameContains")]),
    (JOBS_REQUEST, {"NameContains": "a" * 64}, [("length", "/NameContains")]),
    (JOBS_REQUEST, {"CreationTimeAfter": "yesterday"}, [("timestamp", "/CreationTimeAfter")]),
    (JOBS_REQUEST, {"StatusEquals": "Running"}, [("enum", "/StatusEquals")]),
    (JOBS_REQUEST, {"MaxResults": "10"}, [("type", "/MaxResults")]),
    (LIST_REQUEST, {"MaxResults": 10}, [("required", "/AutoMLJobName")]),
    (LIST_REQUEST, {"AutoMLJobName": "a", "MaxResults": 301}, [("range", "/MaxResults")]),
    (LIST_REQUEST, {"AutoMLJobName": "a", "SortBy": "Name"}, [("enum", "/SortBy")]),
    (LIST_REQUEST, {"AutoMLJobName": "a", "CandidateNameEquals": ""}, [("length", "/CandidateNameEquals")]),
    (LIST_REQUEST, {"AutoMLJobName": "a", "NextToken": "x" * 8193}, [("length", "/NextToken")]),
]


@pytest.mark.parametrize(("operation", "document", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_new_documents_hold_the_models_constraints(operation, document, expected):
    found = validate(document, operation=operation)
    assert [(v.rule, v.path) for v in found] == expected
    reference = Validator(operation=operation, reference=True).validate(document)
    assert [v.as_dict() for v in reference] == [v.as_dict() for v in found]


def _summaries_page() -> dict:
    return load_json(REPO / "tests" / "list-jobs" / "valid" / "every-status.json")


# a summary made to break one job rule: (rule, index of the summary, change, path under it)
SUMMARY_CASES = [
    ("end-time-when-finished", 2, lambda s: s.update(EndTime=s["LastModifiedTime"]), "EndTime"),
    ("end-time-when-finished", 0, lambda s: s.pop("EndTime"), "EndTime"),
    ("secondary-status-matches-status", 0, lambda s: s.update(AutoMLJobSecondaryStatus="TrainingModels"), "AutoMLJobSecondaryStatus"),
    ("failure-reason-when-failed", 1, lambda s: s.pop("FailureReason"), "FailureReason"),
    ("timestamps-in-order", 3, lambda s: s.update(LastModifiedTime=s["CreationTime"] - 1), "LastModifiedTime"),
    ("timestamps-plausible", 3, lambda s: s.update(LastModifiedTime=s["EndTime"] - 1), "LastModifiedTime"),
    ("arn-names-the-job", 4, lambda s: s.update(AutoMLJobArn=s["AutoMLJobArn"].replace("llm", "other")), "AutoMLJobArn"),
]


@pytest.mark.parametrize(("rule", "index", "change", "at"), SUMMARY_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(SUMMARY_CASES)])
def test_the_job_list_runs_the_job_rules_on_each_summary(rule, index, change, at):
    page = _summaries_page()
    change(page["AutoMLJobSummaries"][index])
    found = validate(page, operation=JOBS)
    assert [(v.rule, v.path, v.severity) for v in found] == [(rule, f"/AutoMLJobSummaries/{index}/{at}", rules()[rule].severity)]
    reference = Validator(operation=JOBS, reference=True).validate(page)
    assert [v.as_dict() for v in reference] == [v.as_dict() for v in found]
    # the same change on a describe response is the same rule at the same member
    assert JOBS in rules()[rule].operations and DESCRIBE in rules()[rule].operations


def test_the_job_rules_of_a_summary_in_the_boto3_form():
    page = load_json(REPO / "tests" / "list-jobs" / "valid" / "real-jobs-boto3.json")
    page["AutoMLJobSummaries"][1]["EndTime"] = "2024-04-12T11:39:00+00:00"  # before its creation, read in its own zone
    page["AutoMLJobSummaries"][1]["LastModifiedTime"] = page["AutoMLJobSummaries"][1]["EndTime"]
    assert [(v.rule, v.path) for v in validate(page, operation=JOBS) if v.severity == "error"] == [
        ("timestamps-in-order", "/AutoMLJobSummaries/1/EndTime"), ("timestamps-in-order", "/AutoMLJobSummaries/1/LastModifiedTime")]


@pytest.mark.parametrize("path", REQUEST_INVALID, ids=_id)
def test_each_request_case_breaks_exactly_its_rule(path):
    document, at = request_case(path)
    rule = path.parent.parent.name
    found = validate(document, operation=CREATE)
    assert [(v.rule, v.path) for v in found] == [(rule, at)]
    assert found[0].severity == rules()[rule].severity
    assert is_valid(document, operation=CREATE) is (rules()[rule].severity == "warning")
    # both engines agree, message and documentation included
    reference = Validator(operation=CREATE, reference=True).validate(document)
    assert [v.as_dict() for v in reference] == [v.as_dict() for v in found]


def test_every_request_rule_has_a_request_case():
    # each error rule the request reaches, and each rule only requests have
    cased = {p.parent.parent.name for p in REQUEST_INVALID}
    wanted = {r.id for r in rules().values() if CREATE in r.operations and (r.severity == "error" or DESCRIBE not in r.operations)}
    assert wanted - cased == set()


def test_an_invalid_request_fails_assert_valid_with_the_rule_named():
    document, _ = request_case(RULES / "tag-keys-unique" / "request-invalid" / "team-twice.json")
    with pytest.raises(InvalidResponse, match=r"tag-keys-unique"):
        assert_valid(document, operation=CREATE)


# --- which rules apply where -------------------------------------------------------

def test_rule_operations_are_derived_from_the_files_and_the_registrations():
    known = rules()
    every = sagemaker_schema.OPERATIONS
    assert all(known[r].operations == every for r in ("type", "required", "unknown-member", "enum", "map-key"))
    # request-only rules: a shape file's subschema only the request applies, and a Python rule
    assert known["endpoint-name-iff-not-auto-generated"].operations == (CREATE,)
    assert known["tag-keys-unique"].operations == (CREATE,)
    # response rules restated in the request's form (the request's own documentation)
    assert known["data-split-not-for-time-series"].operations == (DESCRIBE, CREATE)
    assert known["s3-data-type-per-problem-type"].operations == (DESCRIBE, CREATE)
    # a response rule restated in the request's form applies to both
    assert known["content-type-per-problem-type"].operations == (DESCRIBE, CREATE)
    # a rule of a shape the request shares, reached through the shared file
    assert known["forecast-frequency"].operations == (DESCRIBE, CREATE)
    # candidate rules: the candidate list holds candidates
    assert known["final-metric-name"].operations == (DESCRIBE, LIST)
    assert LIST in known["timestamps-in-order"].operations and LIST in known["metric-name-matches-standard-name"].operations
    # job rules: the job list holds summaries of jobs
    for rule_id in ("secondary-status-matches-status", "end-time-when-finished", "failure-reason-when-failed", "arn-names-the-job"):
        assert known[rule_id].operations == (DESCRIBE, JOBS), rule_id
    assert known["timestamps-in-order"].operations == known["timestamps-plausible"].operations == (DESCRIBE, LIST, JOBS)
    # a timestamp is a timestamp wherever it is, the ListAutoMLJobs time filters too
    assert known["timestamp"].operations == (DESCRIBE, LIST, JOBS, JOBS_REQUEST)
    # response-only rules
    for rule_id in ("problem-type-name-matches-config", "best-candidate-when-allowed", "resolved-values-match-config"):
        assert known[rule_id].operations == (DESCRIBE,), rule_id
    # the request parameters of Stop and the List operations hold no cross-field rule: only the generic ones
    for operation in (STOP, JOBS_REQUEST, LIST_REQUEST):
        assert {r.id for r in known.values() if operation in r.operations} - {r.id for r in known.values() if r.field == "(every member)"} <= {"timestamp"}
    # derived: a schema rule applies exactly where its subschema is reachable from the root
    for rule in known.values():
        if rule.layer == "schema" and rule.id not in {"type", "required", "unknown-member", "enum", "pattern", "length", "range", "size", "map-key"}:
            assert rule.operations == tuple(op for op in every if rule.id in schema.tree(op)[1]), rule.id


def test_a_rule_about_the_job_status_never_runs_on_a_request():
    from sagemaker_schema import pyrules

    document = load_json(REQUESTS[0])
    document["AutoMLJobStatus"] = "Failed"  # no FailureReason: a warning on a response
    assert [v.rule for v in validate(document, operation=CREATE)] == ["unknown-member"]
    assert "failure-reason-when-failed" not in {r.id for r, _, _ in pyrules.run(document, CREATE)}


def test_algorithms_config_not_in_auto_is_a_warning_on_requests_too():
    # the page's wording is "should not be set", with no consequence stated (compare the
    # EndpointName rule: "otherwise a 400 error is thrown"): advice, so one severity on both
    document, at = request_case(RULES / "algorithms-config-not-in-auto" / "request-invalid" / "algorithms-in-auto.json")
    (found,) = validate(document, operation=CREATE)
    assert (found.rule, found.severity, found.path) == ("algorithms-config-not-in-auto", "warning", at)


def test_tag_keys_are_compared_exactly():
    document = load_json(REQUESTS[0])
    document["Tags"] = [{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}, {"Key": "team", "Value": "c"},
                        {"Key": "team", "Value": "d"}]
    found = [(v.rule, v.path) for v in validate(document, operation=CREATE)]
    assert found == [("tag-keys-unique", "/Tags/2/Key"), ("tag-keys-unique", "/Tags/3/Key")]


def test_the_candidate_list_runs_the_candidate_rules_on_each_candidate():
    page = load_json(REPO / "tests" / "list-candidates" / "valid" / "best-candidates-of-the-valid-fixtures.json")
    assert len(page["Candidates"]) >= 2
    broken = copy.deepcopy(page)
    last = len(broken["Candidates"]) - 1
    candidate = broken["Candidates"][last]
    candidate["EndTime"] = candidate["CreationTime"] - 10 if isinstance(candidate["CreationTime"], (int, float)) else "2000-01-01T00:00:00+00:00"
    candidate["LastModifiedTime"] = candidate["EndTime"]
    found = [(v.rule, v.path) for v in validate(broken, operation=LIST) if v.severity == "error"]
    assert found == [("timestamps-in-order", f"/Candidates/{last}/EndTime"), ("timestamps-in-order", f"/Candidates/{last}/LastModifiedTime")]
    reference = Validator(operation=LIST, reference=True).validate(broken)
    assert [v.as_dict() for v in reference] == [v.as_dict() for v in validate(broken, operation=LIST)]
    # a metric whose names disagree: the warning, at the candidate's own path
    metric_case = copy.deepcopy(page)
    final = next((i, c) for i, c in enumerate(metric_case["Candidates"]) if "FinalAutoMLJobObjectiveMetric" in c)
    final[1]["FinalAutoMLJobObjectiveMetric"]["StandardMetricName"] = "MSE" if final[1]["FinalAutoMLJobObjectiveMetric"].get("MetricName") != "MSE" else "MAE"
    final[1]["FinalAutoMLJobObjectiveMetric"]["MetricName"] = "RMSE"
    rules_found = {(v.rule, v.path) for v in validate(metric_case, operation=LIST)}
    assert ("metric-name-matches-standard-name", f"/Candidates/{final[0]}/FinalAutoMLJobObjectiveMetric/StandardMetricName") in rules_found


def test_a_candidate_list_is_not_a_describe_response():
    page = load_json(LISTS[0])
    assert {v.rule for v in validate(page)} >= {"required", "unknown-member"}
    assert [v.rule for v in validate({"Candidates": [], "NextToken": "x" * 8193}, operation=LIST)] == ["length"]


# --- the CLI --------------------------------------------------------------------------

def test_cli_every_request_case_and_valid_document_in_one_run(tmp_path):
    names = []
    expected = {}
    for path in REQUEST_INVALID:
        document, at = request_case(path)
        name = f"{path.parent.parent.name}--{path.stem}.json"
        (tmp_path / name).write_text(json.dumps(document, indent=2))
        names.append(name)
        expected[name] = [(path.parent.parent.name, at)]
    for path in REQUESTS:
        names.append(str(path))
        expected[str(path)] = []
    done = run_cli("validate", "--operation", CREATE, "--format", "json", *names, cwd=tmp_path)
    report = json.loads(done.stdout)
    assert report["contract"] == CREATE
    got = {d["file"]: [(v["rule"], v["path"]) for v in d["violations"]] for d in report["documents"]}
    assert got == expected
    assert done.returncode == 1


def test_cli_names_the_contract_in_json_sarif_and_the_text_summary(tmp_path):
    request = str(REQUESTS[0])
    done = run_cli("validate", "--operation", CREATE, request)
    assert done.returncode == 0 and done.stdout.decode() == f"{request}: valid\n"
    assert done.stderr.decode().endswith("; contract: create-auto-ml-job-v2\n")
    sarif = json.loads(run_cli("validate", "--operation", LIST, "--format", "sarif", str(LISTS[0])).stdout)
    assert sarif["runs"][0]["properties"] == {"contract": LIST}
    default = run_cli("validate", "--format", "json", str(REPO / "examples" / "tabular-completed.json"))
    assert json.loads(default.stdout)["contract"] == DESCRIBE
    # the default text output of one valid file is as it was: no summary line
    plain = run_cli("validate", str(REPO / "examples" / "tabular-completed.json"))
    assert plain.stderr == b"" and plain.stdout.decode().endswith(": valid\n")
    # a request held to the response's contract: the contract the user asked for
    wrong = run_cli("validate", "--format", "json", request)
    assert wrong.returncode == 1 and json.loads(wrong.stdout)["contract"] == DESCRIBE


def test_cli_unknown_operation_is_a_usage_error():
    done = run_cli("validate", "--operation", "describe-auto-ml-job", str(REQUESTS[0]))
    assert done.returncode == 2 and b"invalid choice: 'describe-auto-ml-job'" in done.stderr and done.stdout == b""


def test_cli_operation_does_not_go_with_job_name():
    done = run_cli("validate", "--operation", CREATE, "--job-name", "x")
    assert done.returncode == 2 and b"--operation goes with FILEs" in done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_jsonl_with_an_operation(tmp_path, jobs):
    lines = [json.dumps(load_json(p)) for p in REQUESTS]
    broken, at = request_case(RULES / "tag-keys-unique" / "request-invalid" / "team-twice.json")
    lines.append(json.dumps(broken))
    (tmp_path / "requests.jsonl").write_text("\n".join(lines) + "\n")
    done = run_cli("validate", "--jsonl", "--jobs", jobs, "--force-jobs", "--operation", CREATE, "--format", "json", "requests.jsonl", cwd=tmp_path)
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["valid"] for r in records] == [True] * len(REQUESTS) + [False]
    assert [(v["rule"], v["path"]) for v in records[-1]["violations"]] == [("tag-keys-unique", at)]
    assert done.returncode == 1 and done.stderr.decode().endswith("; contract: create-auto-ml-job-v2\n")


def test_rules_lists_the_operations():
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {r["id"]: tuple(r["operations"]) for r in listed} == {r.id: r.operations for r in rules().values()}
    one = run_cli("rules", "tag-keys-unique").stdout.decode()
    assert "  operations:  create-auto-ml-job-v2\n" in one and "tests/rules/tag-keys-unique/request-invalid/team-twice.json" in one
    text = run_cli("rules").stdout.decode()
    assert any(line.startswith("tag-keys-unique ") and " create " in line for line in text.splitlines())


def test_drift_covers_the_request_and_the_candidate_list():
    pytest.importorskip("botocore")
    from sagemaker_schema import drift

    items = drift.report(drift.compare_all())
    assert all(item["explained"] for item in items)
    keys = {f"{item['kind']} {item['path']}" for item in items}
    # the approximated Tag pattern, explained; the candidate list's own paths, prefixed
    assert {"pattern-changed create-auto-ml-job-v2:Tags/*/Key", "pattern-changed create-auto-ml-job-v2:Tags/*/Value",
            "member-removed list-candidates-for-auto-ml-job:ResponseMetadata", "member-removed list-auto-ml-jobs:ResponseMetadata"} <= keys
    # the describe response's paths as they were
    assert "member-removed ResponseMetadata" in keys
    # the Stop and List request parameters agree with the model exactly
    assert {item["path"].split(":")[0] for item in items if ":" in item["path"]} == {CREATE, LIST, JOBS}
    assert {operation for operation, _ in drift.load_models()[0].items()} == set(sagemaker_schema.OPERATIONS)


def test_param_validator_comparison_counts_every_request_case():
    # scripts/compare_param_validator.py: this package catches every request case, botocore's
    # ParamValidator (what boto3 runs before sending) only the type/required/unknown kinds
    import re
    import sys

    from conftest import run

    done = run([sys.executable, str(REPO / "scripts" / "compare_param_validator.py")], text=True, check=True)
    total = re.search(r"^total +fixtures +(\d+) +ParamValidator +(\d+) +sagemaker-schema +(\d+)$", done.stdout, re.M)
    assert total, done.stdout
    cases, botocore_caught, ours = map(int, total.groups())
    assert cases == len(REQUEST_INVALID) and ours == cases and botocore_caught < cases
    assert re.search(r"^tag-keys-unique +fixtures +1 +ParamValidator +0 ", done.stdout, re.M)
    # README quotes these counts: they are the script's, not kept by hand apart from it
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"{botocore_caught} of {cases} against {ours}" in readme


@pytest.mark.parametrize(("operation", "named"), [
    (DESCRIBE, "DescribeAutoMLJobV2"), (CREATE, "CreateAutoMLJobV2 request"), (LIST, "ListCandidatesForAutoMLJob response"),
    (STOP, "StopAutoMLJob request"), (JOBS, "ListAutoMLJobs response"), (JOBS_REQUEST, "ListAutoMLJobs request"),
    (LIST_REQUEST, "ListCandidatesForAutoMLJob request"),
])
def test_assert_valid_names_the_contract_it_held_the_document_to(operation, named):
    with pytest.raises(InvalidResponse) as raised:
        assert_valid({"NoSuchMember": 1}, operation=operation)
    assert str(raised.value).splitlines()[0] == f"{len(raised.value.violations)} violation(s) of the {named} contract:"


@pytest.mark.parametrize("content_type, found", [
    ("application/json", {("required", "/AutoMLProblemTypeConfig"), ("content-type-per-problem-type", "/AutoMLJobInputDataConfig/0/ContentType")}),
    ("image/png", {("required", "/AutoMLProblemTypeConfig")}),  # some problem type takes it
])
def test_a_request_without_a_problem_type_takes_a_content_type_some_problem_type_allows(content_type, found):
    document = load_json(REPO / "tests" / "requests" / "valid" / "tabular-auto.json")
    del document["AutoMLProblemTypeConfig"]
    document.pop("AutoMLJobObjective", None)
    document["AutoMLJobInputDataConfig"][0]["ContentType"] = content_type
    assert {(v.rule, v.path) for v in validate(document, operation=CREATE)} == found
