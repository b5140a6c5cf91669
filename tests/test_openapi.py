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
