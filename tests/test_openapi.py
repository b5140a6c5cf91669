"""schemas/openapi.yaml: a valid OpenAPI 3.1 document whose 200 response is the
package's schema by reference."""
from __future__ import annotations

import json
import shutil

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from conftest import REPO
from sagemaker_schema import schema

OPENAPI = REPO / "schemas" / "openapi.yaml"
ROOT = "describe-auto-ml-job-v2-response.json"


def spec():
    return yaml.safe_load(OPENAPI.read_text())


def operation():
    return spec()["paths"]["/"]["post"]


def test_valid_openapi_31():
    document = spec()
    assert document["openapi"].startswith("3.1.")
    validate_spec(document, base_uri=OPENAPI.as_uri())


def test_the_validator_follows_the_reference(tmp_path):
    """Proof that the check above looked into the response schema file."""
    shutil.copy(OPENAPI, tmp_path / "openapi.yaml")
    with pytest.raises(Exception, match=ROOT):
        validate_spec(spec(), base_uri=(tmp_path / "openapi.yaml").as_uri())
    (tmp_path / ROOT).write_text('{"type": 5}')
    with pytest.raises(Exception, match="is not valid"):
        validate_spec(spec(), base_uri=(tmp_path / "openapi.yaml").as_uri())


def test_aws_json_11_call():
    op = operation()
    (target,) = [p for p in op["parameters"] if p["name"] == "X-Amz-Target"]
    assert target["in"] == "header" and target["required"] and target["schema"]["const"] == "SageMaker.DescribeAutoMLJobV2"
    assert list(op["requestBody"]["content"]) == ["application/x-amz-json-1.1"]
    assert set(op["responses"]) == {"200", "400"}
    for response in op["responses"].values():
        assert list(response["content"]) == ["application/x-amz-json-1.1"]


def test_200_is_a_reference_not_a_copy():
    schema = operation()["responses"]["200"]["content"]["application/x-amz-json-1.1"]["schema"]
    assert schema == {"$ref": f"./{ROOT}"}
    assert "DescribeAutoMLJobV2Response" not in spec()["components"]["schemas"]


def test_request_name_rules_match_the_response_schema():
    request = spec()["components"]["schemas"]["DescribeAutoMLJobV2Request"]
    name = request["properties"]["AutoMLJobName"]
    response_name = json.loads((REPO / "schemas" / ROOT).read_text())["properties"]["AutoMLJobName"]
    for key in ("minLength", "maxLength", "pattern"):
        assert name[key] == response_name[key]
    check = Draft202012Validator(request)
    for good in ("a", "my-job", "a--b", "A" * 32):
        assert check.is_valid({"AutoMLJobName": good}), good
    for bad in ("", "-a", "a-", "a_b", "A" * 33, "name\n", "n\u0663", {"AutoMLJobName": "a"}):
        assert not check.is_valid({"AutoMLJobName": bad}), bad
    assert not check.is_valid({}) and not check.is_valid({"AutoMLJobName": "a", "Extra": 1})


def test_error_body():
    document = spec()
    error = document["components"]["schemas"]["Error"]
    response = operation()["responses"]["400"]["content"]["application/x-amz-json-1.1"]
    assert response["schema"] == {"$ref": "#/components/schemas/Error"}
    check = Draft202012Validator(error)
    example = response["examples"]["ResourceNotFound"]["value"]
    assert example["__type"] == "ResourceNotFound" and check.is_valid(example)
    assert check.is_valid({"__type": "com.amazon.coral.service#ValidationException", "message": "1 validation error"})
    assert not check.is_valid({"message": "no type"})
    assert not check.is_valid({"__type": "ResourceNotFound"})  # no text


# --- the operations on one URL ---------------------------------------------------------

def _target(api: str) -> str:
    return "/" if api == "DescribeAutoMLJobV2" else f"/#X-Amz-Target=SageMaker.{api}"


# every API operation a document of the package belongs to (schema.SERVICE_OPERATIONS)
TARGETS = {api: _target(api) for api, _ in schema.SERVICE_OPERATIONS.values()}


def _operations() -> dict[str, tuple[str, dict]]:
    return {item["post"]["operationId"]: (path, item["post"]) for path, item in spec()["paths"].items()}


def _body(op: dict) -> dict:
    return op["requestBody"]["content"]["application/x-amz-json-1.1"]


def _ok(op: dict) -> dict:
    return op["responses"]["200"]["content"]["application/x-amz-json-1.1"]


def test_each_operation_is_post_slash_routed_by_its_target():
    operations = _operations()
    assert {name: path for name, (path, _) in operations.items()} == TARGETS
    assert len(TARGETS) == 5
    for name, (path, op) in operations.items():
        assert set(spec()["paths"][path]) == {"post"}
        (target,) = [p for p in op["parameters"] if p["name"] == "X-Amz-Target"]
        assert target["in"] == "header" and target["required"] and target["schema"]["const"] == f"SageMaker.{name}"
        assert list(op["requestBody"]["content"]) == ["application/x-amz-json-1.1"]
        assert set(op["responses"]) == {"200", "400"}
        assert op["responses"]["400"]["content"]["application/x-amz-json-1.1"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_the_fragment_is_never_sent():
    """A client that joins the server URL and the path sends POST / (RFC 3986 3.5): the
    header alone tells the operations apart, as AWS tells them apart."""
    import requests

    for path in TARGETS.values():
        prepared = requests.Request("POST", "https://api.sagemaker.us-east-1.amazonaws.com" + path, json={}).prepare()
        assert prepared.path_url == "/"


def test_request_and_response_schemas_are_the_package_files():
    # each operation's document is its path item's request body (input) or 200 (output), by reference
    operations = _operations()
    for operation, (api, side) in schema.SERVICE_OPERATIONS.items():
        op = operations[api][1]
        held = _body(op) if side == "input" else _ok(op)
        assert held["schema"] == {"$ref": f"./{schema.root_file(operation)}"}, operation
    # the sides no document of the package holds: small components
    assert _ok(operations["CreateAutoMLJobV2"][1])["schema"] == {"$ref": "#/components/schemas/CreateAutoMLJobV2Response"}
    assert _ok(operations["StopAutoMLJob"][1])["schema"] == {"$ref": "#/components/schemas/StopAutoMLJobResponse"}
    assert _body(operations["DescribeAutoMLJobV2"][1])["schema"] == {"$ref": "#/components/schemas/DescribeAutoMLJobV2Request"}
    assert "ListCandidatesForAutoMLJobRequest" not in spec()["components"]["schemas"]  # the package's file now


def test_examples_are_valid():
    from sagemaker_schema import validate

    operations = _operations()
    create = operations["CreateAutoMLJobV2"][1]
    (example,) = _body(create)["examples"].values()
    example = spec()["components"]["examples"][example["$ref"].rsplit("/", 1)[1]]["value"]
    assert example == json.loads((REPO / "tests" / "requests" / "valid" / "tabular-binary-classification.json").read_text())
    # every inline example of a document the package holds passes its contract
    checked = 1
    for operation, (api, side) in schema.SERVICE_OPERATIONS.items():
        held = _body(operations[api][1]) if side == "input" else _ok(operations[api][1])
        for value in held.get("examples", {}).values():
            if "value" in value:
                assert validate(value["value"], operation=operation) == [], operation
                checked += 1
    assert checked == 6  # the CreateAutoMLJobV2 example above, and one inline example of each other document
    bundled = _bundled()
    for name, op in (("CreateAutoMLJobV2Response", create), ("StopAutoMLJobResponse", operations["StopAutoMLJob"][1])):
        check = bundled(name)
        for value in _ok(op)["examples"].values():
            assert check.is_valid(value["value"]), name
    assert not bundled("StopAutoMLJobResponse").is_valid({"AutoMLJobArn": "x"})


def _bundled():
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    document = yaml.safe_load((REPO / "schemas" / "bundled" / "openapi.yaml").read_text())
    registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(document))

    def check(component: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"urn:openapi#/components/schemas/{component}"}, registry=registry)

    return check


def test_bundled_list_candidates_request_schema_judges_as_the_package_does():
    check = _bundled()("list-candidates-for-auto-ml-job-request")
    from sagemaker_schema import is_valid

    good = {"AutoMLJobName": "a", "MaxResults": 300, "NextToken": "", "StatusEquals": "Failed"}
    assert check.is_valid(good) and is_valid(good, operation="list-candidates-for-auto-ml-job-request")
    for bad in ({}, {"AutoMLJobName": "a_b"}, {"AutoMLJobName": "a", "MaxResults": 301}, {"AutoMLJobName": "a", "SortBy": "Name"},
                {"AutoMLJobName": "a", "CandidateNameEquals": ""}, {"AutoMLJobName": "a", "NextToken": "a\nb"}, {"AutoMLJobName": "a", "X": 1}):
        assert not check.is_valid(bad), bad
        assert not is_valid(bad, operation="list-candidates-for-auto-ml-job-request"), bad


def test_bundled_request_schema_judges_generated_requests_as_the_package_does():
    from sagemaker_schema import generate

    check = _bundled()("create-auto-ml-job-v2-request")
    for i in range(40):
        assert check.is_valid(generate.request(generate.RandomDraw(i)))
    schema_rules = [r for r in generate.request_error_rules() if r not in {
        "aggregation-target-only", "channels-share-content-type", "content-column-differs-from-target",
        "frontfill-target-only", "tag-keys-unique"}]  # the Python layer's: JSON Schema cannot see them
    for rule in schema_rules:
        assert not check.is_valid(generate.invalid_request(generate.RandomDraw(rule), rule)), rule
