"""The bundled single-file forms (schemas/bundled/): made by `sagemaker-schema bundle`,
committed in step with the schema files, and equivalent to them. The other tools'
verdicts on them are in tests/test_other_tools.py."""
from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from conftest import EXAMPLES, INVALID, REPO, VALID_WIRE, load_json, patched
from sagemaker_schema import bundle, validate
from sagemaker_schema.cli import main
from sagemaker_schema.schema import nodes

BUNDLED = REPO / "schemas" / "bundled"
ROOT_KEY = "describe-auto-ml-job-v2-response"


def test_committed_bundles_are_what_the_command_makes(tmp_path, capsys):
    assert main(["bundle", "--out", str(tmp_path / "made")]) == 0
    made = {p.name: p.read_bytes() for p in (tmp_path / "made").iterdir()}
    committed = {p.name: p.read_bytes() for p in BUNDLED.iterdir()}
    assert sorted(made) == sorted(committed) == sorted([bundle.SCHEMA_FILE, bundle.OPENAPI_FILE, bundle.MOCK_FILE])
    stale = [name for name in made if made[name] != committed[name]]
    assert stale == [], f"schemas/bundled/ is stale: run `sagemaker-schema bundle --out schemas/bundled` ({stale})"
    assert sorted(capsys.readouterr().out.split()) == sorted(str(tmp_path / "made" / name) for name in made)


@pytest.mark.parametrize("form, name", [("schema", bundle.SCHEMA_FILE), ("openapi", bundle.OPENAPI_FILE), ("openapi-mock", bundle.MOCK_FILE)])
def test_bundle_prints_one_form(form, name, capsys):
    assert main(["bundle", "--form", form]) == 0
    assert capsys.readouterr().out == (BUNDLED / name).read_text(encoding="utf-8")


def test_bundle_prints_the_schema_by_default_and_refuses_out_with_form(tmp_path, capsys):
    assert main(["bundle"]) == 0
    assert capsys.readouterr().out == (BUNDLED / bundle.SCHEMA_FILE).read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["bundle", "--out", str(tmp_path), "--form", "openapi"])
    assert stop.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_bundle_into_a_file_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "taken").write_text("")
    assert main(["bundle", "--out", str(tmp_path / "taken")]) == 2
    err = capsys.readouterr().err
    assert err == f"sagemaker-schema bundle: error: {tmp_path / 'taken'}: exists and is not a folder\n"


def _refs(document):
    return [node["$ref"] for _, node in nodes(document) if isinstance(node, dict) and isinstance(node.get("$ref"), str)]


def _openapi(name):
    return yaml.safe_load((BUNDLED / name).read_text(encoding="utf-8"))


def test_bundles_are_self_contained():
    schema = load_json(BUNDLED / bundle.SCHEMA_FILE)
    Draft202012Validator.check_schema(schema)
    for document in (schema, _openapi(bundle.OPENAPI_FILE), _openapi(bundle.MOCK_FILE)):
        refs = _refs(document)
        assert len(refs) > 90 and all(ref.startswith("#/") for ref in refs), [r for r in refs if not r.startswith("#/")]
        beside = [n["$ref"] for _, n in nodes(document) if isinstance(n, dict) and "$ref" in n and _refs({k: v for k, v in n.items() if k not in ("$ref", "$defs")})]
        assert beside == [], "a $ref beside $refs (hypothesis-jsonschema and json-schema-ref-parser trip on it)"
        for ref in refs:  # each resolves inside the file
            node = document
            for token in ref[2:].split("/"):
                node = node[int(token)] if isinstance(node, list) else node[token.replace("~1", "/").replace("~0", "~")]


@pytest.mark.parametrize("name", [bundle.OPENAPI_FILE, bundle.MOCK_FILE])
def test_bundled_openapi_is_valid_openapi_31(name):
    validate_spec(_openapi(name))


def test_mock_variant_differs_only_in_media_type_and_info():
    real, mock = _openapi(bundle.OPENAPI_FILE), _openapi(bundle.MOCK_FILE)
    assert "application/json" not in json.dumps(real) and bundle.AWS_JSON not in json.dumps(mock["paths"])
    assert json.loads(json.dumps(mock["paths"]).replace('"application/json"', f'"{bundle.AWS_JSON}"')) == real["paths"]
    assert {k: v for k, v in mock.items() if k != "info"} | {"paths": real["paths"]} == {k: v for k, v in real.items() if k != "info"}
    assert "Mock variant" in mock["info"]["description"] and "Mock variant" not in real["info"]["description"]


def _validators():
    """The bundled response schema, and the response schema inside the bundled OpenAPI
    document (its $refs are pointers from the document's root), as plain jsonschema."""
    openapi = _openapi(bundle.OPENAPI_FILE)
    return {
        "schema": Draft202012Validator(load_json(BUNDLED / bundle.SCHEMA_FILE)),
        "openapi": Draft202012Validator({**openapi, "$ref": f"#/components/schemas/{ROOT_KEY}"}),
    }


@pytest.mark.parametrize("kind", ["schema", "openapi"])
def test_bundled_schemas_give_the_verdicts_of_the_files(kind):
    validator = _validators()[kind]
    for path in VALID_WIRE:
        assert validator.is_valid(load_json(path)), path.name
    disagreements, broken = [], 0
    for path in INVALID:
        doc = patched(path)
        schema_layer = _schema_layer_broken(doc)
        broken += schema_layer
        if validator.is_valid(doc) == schema_layer:
            disagreements.append(path.relative_to(REPO).as_posix())
    assert disagreements == [] and broken >= 40


def _schema_layer_broken(doc) -> bool:
    from sagemaker_schema.catalogue import rules

    layer = {r.id: r.layer for r in rules().values()}
    return any(layer[v.rule] == "schema" for v in validate(doc))


def test_openapi_example_is_the_readme_example_and_valid():
    source = yaml.safe_load((REPO / "schemas" / "openapi.yaml").read_text(encoding="utf-8"))
    example = source["components"]["examples"]["TabularCompleted"]["value"]
    assert example == load_json(EXAMPLES / "tabular-completed.json")
    assert validate(example) == []
