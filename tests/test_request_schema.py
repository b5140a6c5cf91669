"""The CreateAutoMLJobV2 request and ListCandidatesForAutoMLJob response schemas, held to
their data with plain jsonschema and referencing over schemas/ (a Registry of the files,
local only), and to botocore's service model member by member.

Data: tests/requests/valid/*.json (one request per problem type, each accepted by
botocore's ParamValidator), tests/rules/<rule-id>/request-invalid/*.json (a JSON Patch on
one of them that breaks exactly that rule at the path it names), and
tests/list-candidates/valid/*.json.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from conftest import REPO, apply_patch, load_json
from sagemaker_schema import pyrules

SCHEMAS = REPO / "schemas"
REQUEST_FILE = "create-auto-ml-job-v2-request.json"
LIST_FILE = "list-candidates-for-auto-ml-job-response.json"
REQUESTS = sorted((REPO / "tests" / "requests" / "valid").glob("*.json"))
LISTS = sorted((REPO / "tests" / "list-candidates" / "valid").glob("*.json"))
REQUEST_INVALID = sorted((REPO / "tests" / "rules").glob("*/request-invalid/*.json"))
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# JSON Schema keyword -> generic rule id (a keyword inside $defs/<rule-id> is that rule)
KEYWORD_RULES = {
    "type": "type", "required": "required", "additionalProperties": "unknown-member",
    "enum": "enum", "const": "enum", "pattern": "pattern", "minLength": "length", "maxLength": "length",
    "minimum": "range", "maximum": "range", "exclusiveMinimum": "range", "exclusiveMaximum": "range",
    "minItems": "size", "maxItems": "size", "minProperties": "size", "maxProperties": "size",
}
# rules of the Python layer: JSON Schema cannot compare two values; the schema accepts their cases
PYTHON_RULES = set(pyrules.RULES)  # the rules layer's, by id


@lru_cache(maxsize=1)
def files() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMAS.glob("*.json"))}


def _refuse(uri: str):
    raise LookupError(f"refusing to resolve {uri!r}: only the schema files are used")


@lru_cache(maxsize=1)
def registry() -> Registry:
    resources = [(name, DRAFT202012.create_resource(body)) for name, body in files().items()]
    return Registry(retrieve=_refuse).with_resources(resources).crawl()


@lru_cache(maxsize=2)
def validator(root: str) -> Draft202012Validator:
    return Draft202012Validator(files()[root], registry=registry())


def _pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _deref(file: str, node, resolver):
    """Follow $refs from node: (file, node, resolver, the rule ids of the $defs passed)."""
    passed = []
    while isinstance(node, dict) and "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        target, _, fragment = node["$ref"].partition("#")
        file = target or file
        if _rule_in(fragment):
            passed.append(_rule_in(fragment))
        node, resolver = resolved.contents, resolved.resolver
    return file, node, resolver, passed


def _rule_in(fragment: str) -> str | None:
    """The rule a JSON Pointer names: it ends in `$defs/<rule-id>`."""
    tokens = fragment.split("/")
    return tokens[-1] if len(tokens) >= 3 and tokens[-2] == "$defs" and RULE_ID.match(tokens[-1]) else None


def rule_of(error, root: str) -> str:
    """The innermost `$defs/<rule-id>` the failing keyword sits in, following each $ref
    (python-jsonschema leaves $ref steps out of the schema path), else the keyword's
    generic rule; a key failing its map's propertyNames is `map-key`."""
    file, node, resolver = root, files()[root], registry().resolver(base_uri=root)
    rule, keys = None, False
    for step in error.absolute_schema_path:
        # a step that is not a key of the subschema is a key of its $ref's target
        while isinstance(node, dict) and step not in node and "$ref" in node:
            file, node, resolver, passed = _deref(file, {"$ref": node["$ref"]}, resolver)
            rule = passed[-1] if passed else rule
        keys = keys or step == "propertyNames"
        node = node[step]
    if rule is not None:
        return rule
    return "map-key" if keys else KEYWORD_RULES.get(error.validator, error.validator)


def where(error) -> list[str]:
    """The JSON Pointers the package reports an error at: a missing or unknown member's own
    path, a bad map key's path, else the failing value's."""
    at = list(error.absolute_path)
    if error.validator == "required":
        return [_pointer(at + [name]) for name in error.validator_value if name not in error.instance]
    if error.validator == "not" and set(error.validator_value) == {"required"}:
        return [_pointer(at + [error.validator_value["required"][0]])]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [_pointer(at + [name]) for name in error.instance if name not in known]
    if "propertyNames" in error.absolute_schema_path:
        return [_pointer(at + [error.instance])]
    return [_pointer(at)]


def violations(document, root: str) -> set[tuple[str, str]]:
    return {(rule_of(e, root), path) for e in validator(root).iter_errors(document) for path in where(e)}


def request(name: str) -> dict:
    return load_json(REPO / "tests" / "requests" / "valid" / f"{name}.json")


def case(path: Path):
    data = load_json(path)
    return apply_patch(request(data["base"]), data["patch"]), data["violation"]


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.stem}"


# --- the data -----------------------------------------------------------------------


def test_there_is_a_valid_request_for_every_problem_type():
    members = {next(iter(request(p.stem)["AutoMLProblemTypeConfig"])) for p in REQUESTS}
    union = files()[REQUEST_FILE]["$defs"]["AutoMLProblemTypeConfig"]["properties"]
    assert members == set(union) and len(members) == 5


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.stem)
def test_valid_request(path):
    assert violations(load_json(path), REQUEST_FILE) == set()


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.stem)
def test_valid_request_is_accepted_by_botocore(path, input_shape):
    from botocore.validate import ParamValidator

    report = ParamValidator().validate(load_json(path), input_shape)
    assert not report.has_errors(), report.generate_report()


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.stem)
def test_valid_request_breaks_no_python_rule(path):
    from sagemaker_schema import pyrules

    assert [(rule.id, parts) for rule, parts, _ in pyrules.run(load_json(path), "create-auto-ml-job-v2")] == []


@pytest.mark.parametrize("path", [p for p in REQUEST_INVALID if p.parent.parent.name not in PYTHON_RULES], ids=_id)
def test_request_invalid_case_breaks_exactly_its_rule(path):
    document, at = case(path)
    rule = path.parent.parent.name
    found = violations(document, REQUEST_FILE)
    assert found, f"{path.name}: the request is valid"
    assert {r for r, _ in found} == {rule}, f"{path.name}: {sorted(found)}"
    assert (rule, at) in found, f"{path.name}: {sorted(found)}"


@pytest.mark.parametrize("path", [p for p in REQUEST_INVALID if p.parent.parent.name in PYTHON_RULES], ids=_id)
def test_request_invalid_case_of_a_python_rule(path):
    from sagemaker_schema import pyrules

    document, at = case(path)
    rule = path.parent.parent.name
    assert violations(document, REQUEST_FILE) == set(), "the schema accepts it: only the Python layer can see it"
    found = {(r.id, _pointer(parts)) for r, parts, _ in pyrules.run(document, "create-auto-ml-job-v2")}
    assert found == {(rule, at)}


TS_CONFIG = "/AutoMLProblemTypeConfig/TimeSeriesForecastingJobConfig"


@pytest.mark.parametrize("rule, base, patch, at", [
    ("forecast-frequency-bare-unit", "time-series-forecasting-minimal",
     [{"op": "replace", "path": TS_CONFIG + "/ForecastFrequency", "value": "D"}], TS_CONFIG + "/ForecastFrequency"),
    ("validation-fraction-below-half", "tabular-regression-hpo",
     [{"op": "replace", "path": "/DataSplitConfig/ValidationFraction", "value": 0.6}], "/DataSplitConfig/ValidationFraction"),
    ("time-series-columns-distinct", "time-series-forecasting",
     [{"op": "replace", "path": TS_CONFIG + "/TimeSeriesConfig/GroupingAttributeNames/0", "value": "item_id"}],
     TS_CONFIG + "/TimeSeriesConfig/GroupingAttributeNames/0"),
    ("s3-prefix-uri-scheme", "text-generation",
     [{"op": "replace", "path": "/AutoMLJobInputDataConfig/0/DataSource/S3DataSource/S3Uri",
       "value": "https://amzn-s3-demo-bucket.s3.amazonaws.com/data/"}],
     "/AutoMLJobInputDataConfig/0/DataSource/S3DataSource/S3Uri"),
])
def test_python_warnings_read_the_request_at_the_same_paths(rule, base, patch, at):
    from sagemaker_schema import pyrules

    document = apply_patch(request(base), patch)
    assert violations(document, REQUEST_FILE) == set()
    assert {(r.id, _pointer(parts)) for r, parts, _ in pyrules.run(document, "create-auto-ml-job-v2")} == {(rule, at)}
    assert pyrules.RULES[rule].severity == "warning"


def test_every_request_rule_has_a_case():
    """Every rule subschema the request reaches has a request-invalid case."""
    reached = {_rule_in(fragment) for _, fragment in _refs_from(REQUEST_FILE)} - {None}
    cased = {p.parent.parent.name for p in REQUEST_INVALID}
    assert reached - cased == set()
    assert {"union-one-member", "channel-types", "content-type-per-problem-type", "data-split-not-for-time-series"} <= reached


def _at(file: str, fragment: str):
    node = files()[file]
    for token in fragment.split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


@lru_cache(maxsize=2)
def _refs_from(root: str) -> frozenset[tuple[str, str]]:
    """(file, JSON Pointer) of every subschema the root reaches through $refs."""
    seen: set[tuple[str, str]] = set()
    todo = [(root, files()[root])]
    while todo:
        file, node = todo.pop()
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                ref = item.get("$ref")
                if isinstance(ref, str):
                    target, _, fragment = ref.partition("#")
                    key = (target or file, fragment)
                    if key not in seen:
                        seen.add(key)
                        todo.append((key[0], _at(*key)))
                stack.extend(v for k, v in item.items() if k not in ("enum", "const"))
            elif isinstance(item, list):
                stack.extend(item)
    return frozenset(seen)


def test_shared_shapes_are_the_response_files():
    """The request shares the response's shape files: no configuration shape is copied."""
    reached_files = {file for file, _ in _refs_from(REQUEST_FILE)}
    assert {"common.json", "input-data.json", "job-settings.json", "problem-type-config.json",
            "time-series-forecasting.json", "cross-field-rules.json"} <= reached_files
    assert set(files()[REQUEST_FILE]["$defs"]) == {"AutoMLProblemTypeConfig", "Tag", "RequestRules"}


def test_a_rule_in_two_files_has_one_statement():
    """A rule the request states in its own form (the request has no
    AutoMLProblemTypeConfigName) keeps the response rule's id, title and documentation."""
    own = files()[REQUEST_FILE]["$defs"]["RequestRules"]["$defs"]
    assert all(RULE_ID.match(key) for key in own)
    elsewhere = {key: (name, node) for name, body in files().items() if name != REQUEST_FILE
                 for key, node in body.get("$defs", {}).items() if RULE_ID.match(key)}
    shared = sorted(set(own) & set(elsewhere))
    assert shared == ["content-type-per-problem-type", "data-split-not-for-time-series", "emr-serverless-tabular-or-time-series",
                      "objective-metric-non-tabular", "objective-metric-per-problem-type", "s3-data-type-per-problem-type"]
    for key in shared:
        _, node = elsewhere[key]
        assert (own[key]["title"], own[key]["description"]) == (node["title"], node["description"]), key
    # the request's own: sentences only the CreateAutoMLJobV2 documentation has (a response
    # is held to them by the warnings v2-<id>, tests below)
    assert sorted(set(own) - set(elsewhere)) == ["gzip-only-s3prefix-tabular-data", "problem-type-and-objective-together"]


def test_the_rule_walk_names_the_rule_and_the_keyword():
    # the test's own mapping is not vacuous: a reused rule, a request-form rule, a generic keyword
    document = request("image-classification-minimal")
    document["AutoMLJobInputDataConfig"][0]["ContentType"] = "text/csv;header=present"
    document["AutoMLProblemTypeConfig"]["ImageClassificationJobConfig"]["CompletionCriteria"]["MaxCandidates"] = 3
    document["AutoMLJobName"] = "a_b"
    assert violations(document, REQUEST_FILE) == {
        ("content-type-per-problem-type", "/AutoMLJobInputDataConfig/0/ContentType"),
        ("max-candidates-one", "/AutoMLProblemTypeConfig/ImageClassificationJobConfig/CompletionCriteria/MaxCandidates"),
        ("pattern", "/AutoMLJobName"),
    }


# --- ListCandidatesForAutoMLJob -----------------------------------------------------


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_valid_candidate_list(path):
    assert violations(load_json(path), LIST_FILE) == set()


def test_candidate_lists_cover_real_candidates_and_every_problem_type():
    candidates = [c for p in LISTS for c in load_json(p)["Candidates"]]
    names = {c["CandidateName"] for c in candidates}
    for real in sorted((REPO / "tests" / "fixtures" / "real" / "candidates").glob("*.json")):
        assert load_json(real)["CandidateName"] in names, real.name
    assert any("NextToken" in load_json(p) for p in LISTS) and any("NextToken" not in load_json(p) for p in LISTS)


@pytest.mark.parametrize("patch, rule, at", [
    ([{"op": "remove", "path": "/Candidates"}], "required", "/Candidates"),
    ([{"op": "add", "path": "/Candidates/0/CandidateStatus", "value": "Done"}], "enum", "/Candidates/0/CandidateStatus"),
    ([{"op": "add", "path": "/NextToken", "value": "a\nb"}], "pattern", "/NextToken"),
    ([{"op": "add", "path": "/NextToken", "value": "t" * 8193}], "length", "/NextToken"),
    ([{"op": "add", "path": "/Candidates/0/FinalAutoMLJobObjectiveMetric/MetricName", "value": "validation:F1"}],
     "final-metric-name", "/Candidates/0/FinalAutoMLJobObjectiveMetric/MetricName"),
    ([{"op": "add", "path": "/Truncated", "value": True}], "unknown-member", "/Truncated"),
], ids=["no-candidates", "status", "token-newline", "token-length", "final-metric-name", "unknown"])
def test_invalid_candidate_list(patch, rule, at):
    base = next(load_json(p) for p in LISTS if load_json(p)["Candidates"])
    base["Candidates"][0].setdefault("FinalAutoMLJobObjectiveMetric", {"MetricName": "F1", "Value": 0.5})
    assert violations(apply_patch(base, patch), LIST_FILE) == {(rule, at)}


# --- botocore's service model, member by member --------------------------------------


@pytest.fixture(scope="module")
def service_model():
    botocore = pytest.importorskip("botocore.session")
    return botocore.get_session().get_service_model("sagemaker")


@pytest.fixture(scope="module")
def input_shape(service_model):
    return service_model.operation_model("CreateAutoMLJobV2").input_shape


# where the schema deliberately differs from the model (each reason in docs/request-rules.md)
EXPLAINED = {
    "required AutoMLJobInputDataConfig/*": "the page marks DataSource (Required); the response schema requires it too",
    "pattern Tags/*/Key": "\\p{L}\\p{Z}\\p{N} cannot be written for Python's re: exact for ASCII",
    "pattern Tags/*/Value": "\\p{L}\\p{Z}\\p{N} cannot be written for Python's re: exact for ASCII",
    "member ResponseMetadata": "boto3 adds it to the list response it returns",
}
_TYPES = {"structure": "object", "list": "array", "map": "object", "string": "string", "integer": "integer",
          "long": "integer", "float": "number", "double": "number", "boolean": "boolean"}


def _resolve(schema, resolver):
    while isinstance(schema, dict) and "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        schema = {**resolved.contents, **{k: v for k, v in schema.items() if k not in resolved.contents and k != "$ref"}}
        resolver = resolved.resolver
    return schema, resolver


def compare(shape, schema, resolver, path="") -> list[str]:
    """Every difference between a botocore shape and a schema: members, required lists,
    types, enums, lengths, sizes, ranges and patterns (rule subschemas are left out)."""
    from sagemaker_schema.drift import portable_pattern

    if shape.type_name == "timestamp":
        return [] if str(schema.get("$ref", "")).endswith("common.json#/$defs/timestamp") else [f"type {path}"]
    schema, resolver = _resolve(schema, resolver)
    found: list[str] = []
    if _TYPES[shape.type_name] != schema.get("type"):
        return [f"type {path}: model {shape.type_name}, schema {schema.get('type')}"]
    md = shape.metadata
    if shape.type_name == "structure":
        model, ours = set(shape.members), set(schema.get("properties", {}))
        found += [f"member {path}{'/' if path else ''}{n}" for n in sorted(model ^ ours)]
        if set(shape.required_members) != set(schema.get("required", [])):
            found.append(f"required {path}")
        for name in sorted(model & ours):
            found += compare(shape.members[name], schema["properties"][name], resolver, f"{path}{'/' if path else ''}{name}")
    elif shape.type_name == "list":
        if ((md.get("min") or None), md.get("max")) != (schema.get("minItems"), schema.get("maxItems")):
            found.append(f"size {path}")
        found += compare(shape.member, schema.get("items", {}), resolver, f"{path}/*")
    elif shape.type_name == "map":
        if ((md.get("min") or None), md.get("max")) != (schema.get("minProperties"), schema.get("maxProperties")):
            found.append(f"size {path}")
        found += compare(shape.value, schema.get("additionalProperties", {}), resolver, f"{path}/*")
    elif shape.type_name == "string":
        if set(getattr(shape, "enum", None) or ()) != set(schema.get("enum", ())):
            found.append(f"enum {path}")
        if ((md.get("min") or None), md.get("max")) != (schema.get("minLength"), schema.get("maxLength")):
            found.append(f"length {path}")
        if (portable_pattern(md["pattern"]) if "pattern" in md else None) != schema.get("pattern"):
            found.append(f"pattern {path}")
    elif shape.type_name in ("integer", "long", "float", "double") and (
            (md.get("min"), md.get("max")) != (schema.get("minimum"), schema.get("maximum"))):
        found.append(f"range {path}")
    return found


def test_request_schema_agrees_with_the_input_shape_member_by_member(input_shape):
    schema = files()[REQUEST_FILE]
    assert set(schema["properties"]) == set(input_shape.members)
    assert set(schema["required"]) == set(input_shape.required_members)
    differences = compare(input_shape, schema, registry().resolver(base_uri=REQUEST_FILE))
    assert sorted(d for d in differences if d not in EXPLAINED) == []
    assert sorted(d for d in differences if d.startswith(("required", "pattern"))) == sorted(
        k for k in EXPLAINED if k.startswith(("required", "pattern")))


def test_request_union_has_every_problem_type_of_the_model(input_shape):
    union = files()[REQUEST_FILE]["$defs"]["AutoMLProblemTypeConfig"]
    assert set(union["properties"]) == set(input_shape.members["AutoMLProblemTypeConfig"].members)
    assert input_shape.members["AutoMLProblemTypeConfig"].metadata.get("union") is True


def test_list_schema_agrees_with_the_output_shape_member_by_member(service_model):
    shape = service_model.operation_model("ListCandidatesForAutoMLJob").output_shape
    schema = files()[LIST_FILE]
    assert set(schema["required"]) == set(shape.required_members) == {"Candidates"}
    differences = compare(shape, schema, registry().resolver(base_uri=LIST_FILE))
    # the candidate's own explained differences (drift_explained.json), under Candidates/*
    from sagemaker_schema import drift

    best = "enum-value-removed BestCandidate/"
    candidate_enums = {f"enum Candidates/*/{key[len(best):]}" for key in drift.explained() if key.startswith(best)}
    assert len(candidate_enums) == 3
    assert sorted(differences) == sorted({"member ResponseMetadata"} | candidate_enums)
    candidate = service_model.operation_model("DescribeAutoMLJobV2").output_shape.members["BestCandidate"]
    assert shape.members["Candidates"].member.name == candidate.name == "AutoMLCandidate"
    assert schema["properties"]["Candidates"]["items"]["$ref"] == files()["describe-auto-ml-job-v2-response.json"]["properties"]["BestCandidate"]["$ref"]


def test_the_member_comparison_is_not_vacuous(input_shape):
    schema = json.loads(json.dumps(files()[REQUEST_FILE]))
    del schema["properties"]["Tags"]
    schema["required"].remove("RoleArn")
    schema["properties"]["AutoMLJobName"]["maxLength"] = 33
    differences = compare(input_shape, schema, registry().resolver(base_uri=REQUEST_FILE))
    assert {"member Tags", "required ", "length AutoMLJobName"} <= set(differences)


# --- what botocore's ParamValidator catches of the request-invalid cases ---------------


def paramvalidator_counts(input_shape) -> dict[str, tuple[int, int]]:
    """rule id -> (cases ParamValidator rejects, cases)."""
    from botocore.validate import ParamValidator

    counts: dict[str, tuple[int, int]] = {}
    for path in REQUEST_INVALID:
        document, _ = case(path)
        caught = ParamValidator().validate(document, input_shape).has_errors()
        rule = path.parent.parent.name
        done, total = counts.get(rule, (0, 0))
        counts[rule] = (done + caught, total + 1)
    return counts


def test_paramvalidator_catches_types_required_members_and_minimums_only(input_shape):
    counts = paramvalidator_counts(input_shape)
    caught = {rule for rule, (done, _) in counts.items() if done}
    # botocore checks types, required members, unknown members, unions and minimums
    assert caught == {"type", "required", "unknown-member", "union-one-member", "length", "size", "range"}, sorted(caught)
    # docs/request-rules.md gives the counts: 13 of 69 cases, 2 of the 49 of documented rules
    generic = {"type", "required", "unknown-member", "enum", "pattern", "length", "range", "size", "map-key"}
    assert sum(done for done, _ in counts.values()) < len(REQUEST_INVALID)
    assert sum(done for rule, (done, _) in counts.items() if rule not in generic) == counts["union-one-member"][0]


def test_request_rules_table_is_the_catalogues():
    """docs/request-rules.md's table: one row per rule that holds for a request (as the
    catalogue derives it), with the catalogue's layer, severity and source, and the count of
    request cases kept for it."""
    from sagemaker_schema.catalogue import rules

    rows = [line.split(" | ") for line in (REPO / "docs" / "request-rules.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]
    table = {row[0].strip("| `"): row for row in rows}
    assert len(table) == len(rows)
    held = {rule.id: rule for rule in rules().values() if "create-auto-ml-job-v2" in rule.operations}
    assert set(table) == set(held)
    for rule_id, row in table.items():
        rule = held[rule_id]
        assert (row[1], row[3], row[5]) == (rule.layer, rule.severity, rule.source), rule_id
        assert int(row[6]) == len(list((REPO / "tests" / "rules" / rule_id).glob("request-invalid/*.json"))), rule_id


V2_ONLY = {"gzip-only-s3prefix-tabular-data": "v2-gzip-only-s3prefix-tabular-data",
           "problem-type-and-objective-together": "v2-problem-type-and-objective-together"}


@pytest.mark.parametrize("path", [p for p in REQUEST_INVALID if p.parent.parent.name in V2_ONLY], ids=_id)
def test_the_v2_only_warnings_find_what_the_request_rule_refuses(path):
    """The response's warning and the request's error state one sentence: run on the request
    cases of the error (the members sit at the same paths), the warning finds the same places."""
    document, at = case(path)
    rule = path.parent.parent.name
    assert violations(document, REQUEST_FILE) == {(rule, at)}
    found = {(r.id, _pointer(parts)) for r, parts, _ in pyrules.run(document, "describe-auto-ml-job-v2") if r.id in V2_ONLY.values()}
    assert found == {(V2_ONLY[rule], at)}
    assert pyrules.RULES[V2_ONLY[rule]].severity == "warning" and pyrules.RUNS_ON[V2_ONLY[rule]] == ("describe-auto-ml-job-v2",)


@pytest.mark.parametrize("name", sorted(p.stem for p in (REPO / "tests" / "requests" / "valid").glob("*.json")))
def test_the_v2_only_warnings_accept_every_valid_request(name):
    found = {r.id for r, _, _ in pyrules.run(request(name), "describe-auto-ml-job-v2")}
    assert found & set(V2_ONLY.values()) == set()
