"""The bundled single-file forms (schemas/bundled/): made by `sagemaker-schema bundle`,
committed in step with the schema files, and equivalent to them. The other tools'
verdicts on them are in tests/test_other_tools.py."""
from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from conftest import EXAMPLES, INVALID, REPO, VALID_WIRE, load_json, patched, run, run_cli
from sagemaker_schema import bundle, generate_responses, validate
from sagemaker_schema.cli import main
from sagemaker_schema.schema import OPERATIONS, nodes

BUNDLED = REPO / "schemas" / "bundled"
ROOT_KEY = "describe-auto-ml-job-v2-response"
EVERY_FILE = sorted([*OPERATIONS.values(), bundle.OPENAPI_FILE, bundle.MOCK_FILE])


def test_committed_bundles_are_what_the_command_makes(tmp_path, capsys):
    assert main(["bundle", "--out", str(tmp_path / "made")]) == 0
    made = {p.name: p.read_bytes() for p in (tmp_path / "made").iterdir()}
    committed = {p.name: p.read_bytes() for p in BUNDLED.iterdir()}
    # one schema per operation (the request and the candidate list too), named as its root file
    assert sorted(made) == sorted(committed) == EVERY_FILE
    stale = [name for name in made if made[name] != committed[name]]
    assert stale == [], f"schemas/bundled/ is stale: run `sagemaker-schema bundle --out schemas/bundled` ({stale})"
    assert sorted(capsys.readouterr().out.split()) == sorted(str(tmp_path / "made" / name) for name in made)


@pytest.mark.parametrize("form, name", [("schema", bundle.SCHEMA_FILE), ("openapi", bundle.OPENAPI_FILE), ("openapi-mock", bundle.MOCK_FILE)])
def test_bundle_prints_one_form(form, name, capsys):
    assert main(["bundle", "--form", form]) == 0
    assert capsys.readouterr().out == (BUNDLED / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("other", [["--out", "made"], ["--form", "openapi"]])
def test_bundle_operation_only_with_the_schema_form(other, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["bundle", "--operation", "create-auto-ml-job-v2", *[str(tmp_path / a) if a == "made" else a for a in other]])
    assert stop.value.code == 2 and "--operation chooses the schema --form schema prints" in capsys.readouterr().err
    assert not (tmp_path / "made").exists()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_bundle_prints_the_schema_of_an_operation(operation, capsys):
    assert main(["bundle", "--form", "schema", "--operation", operation]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == load_json(BUNDLED / OPERATIONS[operation]) and printed["$ref"] == f"#/$defs/{OPERATIONS[operation].removesuffix('.json')}"


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
    schemas = [load_json(BUNDLED / name) for name in OPERATIONS.values()]
    for schema in schemas:
        Draft202012Validator.check_schema(schema)
    for document in (*schemas, _openapi(bundle.OPENAPI_FILE), _openapi(bundle.MOCK_FILE)):
        refs = _refs(document)
        assert refs and all(ref.startswith("#/") for ref in refs), [r for r in refs if not r.startswith("#/")]
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


def _schema_layer_broken(doc, operation: str = "describe-auto-ml-job-v2") -> bool:
    from sagemaker_schema.catalogue import rules

    layer = {r.id: r.layer for r in rules().values()}
    return any(layer[v.rule] == "schema" for v in validate(doc, operation=operation))


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op != "describe-auto-ml-job-v2"])
def test_bundled_schema_of_each_other_operation_gives_the_verdicts_of_the_files(operation):
    """The request and the candidate list, bundled: generated valid documents pass, and
    each generated broken request fails exactly when a schema-layer rule is broken."""
    validator = Draft202012Validator(load_json(BUNDLED / OPERATIONS[operation]))
    for name, doc in generate_responses(count=40, seed=7, operation=operation):
        assert validator.is_valid(doc), name
    if operation == "create-auto-ml-job-v2":
        broken = list(generate_responses(count=60, seed=7, operation=operation, invalid=""))
        disagreements = [name for name, doc in broken if validator.is_valid(doc) == _schema_layer_broken(doc, operation)]
        assert disagreements == [] and sum(not validator.is_valid(doc) for _, doc in broken) >= 30


def test_models_generated_from_each_bundled_schema_load_every_valid_document():
    """datamodel-code-generator (pydantic v2) on each operation's bundled schema: the models
    load every generated valid document in the wire form, and the describe fixtures
    (scripts/check_generated_models.py; once it made S3OutputPath an empty model)."""
    script = REPO / "scripts" / "check_generated_models.py"
    result = run([sys.executable, script, "--count", "100"], text=True, timeout=600)
    assert result.returncode != 2, f"datamodel-code-generator not installed: pip install '.[test]' ({result.stderr.strip()})"
    report = json.loads(result.stdout)["models"]
    assert sorted(report) == sorted(f"{operation} bundled" for operation in OPERATIONS)
    assert {name: (r["loaded"], r["refused"]) for name, r in report.items()} == {name: (r["total"], []) for name, r in report.items()}
    assert all(r["total"] >= 100 for r in report.values()), report
    assert result.returncode == 0, result.stderr


# --- writing: each file whole or not at all, never through a link


def test_bundle_replaces_a_link_in_the_folder_and_leaves_its_target_alone(tmp_path):
    out, outside = tmp_path / "out", tmp_path / "outside.yaml"
    out.mkdir()
    outside.write_text("someone else's file\n")
    (out / bundle.OPENAPI_FILE).symlink_to(outside)
    assert main(["bundle", "--out", str(out)]) == 0
    assert outside.read_text() == "someone else's file\n"
    assert not (out / bundle.OPENAPI_FILE).is_symlink()
    assert (out / bundle.OPENAPI_FILE).read_bytes() == (BUNDLED / bundle.OPENAPI_FILE).read_bytes()


def _file_size_limit(limit: int):
    def apply():  # in the child: writes past `limit` bytes fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_bundle_that_cannot_finish_leaves_the_old_files_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = {name: f"the old {name}\n" for name in EVERY_FILE}
    for name, text in old.items():
        (out / name).write_text(text)
    failed = run_cli("bundle", "--out", out, text=True, preexec_fn=_file_size_limit(64 * 1024), env={"PYTHONDONTWRITEBYTECODE": "1"})
    assert (failed.returncode, failed.stdout) == (2, "")
    assert failed.stderr == f"sagemaker-schema bundle: error: {out}: File too large\n"
    assert {p.name: p.read_text() for p in out.iterdir()} == old  # no fragment, no temporary file left


def test_bundle_and_generate_write_files_with_the_umask_mode(tmp_path):
    def umask_022():
        os.umask(0o022)

    for args in (["bundle", "--out", tmp_path / "bundle"], ["generate", "--count", "2", "--out", tmp_path / "generate"]):
        made = run_cli(*args, text=True, preexec_fn=umask_022)
        assert made.returncode == 0, made.stderr
        modes = {p.name: oct(p.stat().st_mode & 0o777) for p in Path(args[-1]).iterdir()}
        assert set(modes.values()) == {"0o644"}, modes  # as open() makes them, not a temporary file's 0o600


def test_openapi_example_is_the_readme_example_and_valid():
    source = yaml.safe_load((REPO / "schemas" / "openapi.yaml").read_text(encoding="utf-8"))
    example = source["components"]["examples"]["TabularCompleted"]["value"]
    assert example == load_json(EXAMPLES / "tabular-completed.json")
    assert validate(example) == []
