"""Lint of the schema files, and their agreement with botocore's service model."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import REPO
from sagemaker_schema import drift
from sagemaker_schema.schema import ROOT_FILE, RULE_ID, load_files, nodes, rule_subschemas

FILES = sorted((REPO / "schemas").glob("*.json"))
ANCHORED = re.compile(r"^\^\(\?:.*\)\$\(\?!\\n\)$", re.S)


_walk = nodes


def _subschemas(body):
    """(path, subschema) for every dict in a schema position (skips enum/const values)."""
    for path, node in _walk(body):
        if isinstance(node, dict) and not any(p in ("enum", "const", "examples") for p in path):
            yield path, node


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_valid_draft_2020_12(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(body)


# Portability (README "Using the schema files in other tools"). Every file another file
# references is named by a relative $id, its file name: tools that register schemas by
# $id (ajv-cli's -r) find it, and tools that resolve a $ref against the referring file's
# location (check-jsonschema, Redocly, Prism) land on the same file; an absolute (https)
# $id would send some of them to the network. The entry points (the root file and the
# bundled schema) carry none: check-jsonschema takes a root's $id verbatim as the base of
# its relative $refs, so a relative one resolves them from the working directory
# (measured with 0.39.0). $refs are JSON Pointers: $anchor is refused by ajv's strict
# mode and left unresolved by Redocly and Prism. Also run over the bundled forms.
# An entry point is a file no other file references: the response root, each other
# operation's document (the CreateAutoMLJobV2 request, the ListCandidatesForAutoMLJob response).
_REFERENCED = {
    node["$ref"].partition("#")[0]
    for path in FILES
    for _, node in nodes(json.loads(path.read_text(encoding="utf-8")))
    if isinstance(node, dict) and isinstance(node.get("$ref"), str)
}
# Every bundled schema is an entry point too (one per operation).
ENTRY_POINTS = set((REPO / "schemas" / "bundled").glob("*.json")) | {p for p in FILES if p.name == ROOT_FILE or p.name not in _REFERENCED}
LINTED = FILES + sorted((REPO / "schemas").glob("bundled/*.json"))
OPENAPI_DOCS = sorted((REPO / "schemas").glob("**/openapi*.yaml"))


@pytest.mark.parametrize("path", LINTED, ids=lambda p: p.relative_to(REPO / "schemas").as_posix())
def test_file_has_its_name_as_relative_id(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    if path in ENTRY_POINTS:
        assert "$id" not in body, f"{path.name}: an entry point has no $id (check-jsonschema would resolve from the working directory)"
    else:
        assert body.get("$id") == path.name, f"{path.name}: $id must be the file name {path.name!r} (relative, offline)"
    ids = [where for where, node in _subschemas(body) if where and "$id" in node]
    assert ids == [], f"{path.name}: a nested $id changes the base of the $refs under it: {ids}"


def _refs_and_anchors(path):
    body = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        for keyword in ("$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef"):
            if keyword in node:
                yield where, f"{keyword} {node[keyword]!r}"
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.partition("#")[2] and not ref.partition("#")[2].startswith("/"):
            yield where, f"$ref {ref!r} is not a JSON Pointer"


@pytest.mark.parametrize("path", LINTED + OPENAPI_DOCS, ids=lambda p: p.relative_to(REPO / "schemas").as_posix())
def test_refs_are_json_pointers_and_no_anchors(path):
    found = [f"{'/'.join(map(str, where))}: {what}" for where, what in _refs_and_anchors(path)]
    assert found == [], f"{path.name}: use $defs/<rule-id> and #/$defs/... refs (python scripts/anchor_marks_to_defs.py does it):\n" + "\n".join(found)


def _convert(folder):
    import runpy

    return runpy.run_path(str(REPO / "scripts" / "anchor_marks_to_defs.py"))["convert"](folder)


def test_the_conversion_script_turns_anchor_marks_into_defs(tmp_path):
    shutil.copytree(REPO / "schemas", tmp_path, dirs_exist_ok=True)
    assert _convert(tmp_path) == []  # the files follow the convention already
    common = json.loads((tmp_path / "common.json").read_text())
    common["$defs"]["S3Uri"]["allOf"] = [{"$anchor": "new-rule", "title": "t", "description": "d", "maxLength": 9}]
    common["$defs"]["Old"] = {"$anchor": "old-rule", "minLength": 1}
    (tmp_path / "common.json").write_text(json.dumps(common))
    root = json.loads((tmp_path / ROOT_FILE).read_text())
    root["allOf"].append({"$ref": "common.json#old-rule"})
    (tmp_path / ROOT_FILE).write_text(json.dumps(root))
    assert sorted(_convert(tmp_path)) == ["common.json", ROOT_FILE]
    common = json.loads((tmp_path / "common.json").read_text())
    assert common["$defs"]["new-rule"] == {"title": "t", "description": "d", "maxLength": 9}
    assert common["$defs"]["S3Uri"]["allOf"] == [{"$ref": "#/$defs/new-rule"}] and "old-rule" in common["$defs"]
    assert json.loads((tmp_path / ROOT_FILE).read_text())["allOf"][-1] == {"$ref": "common.json#/$defs/old-rule"}
    for path in sorted(tmp_path.glob("*.json")):
        assert list(_refs_and_anchors(path)) == []


def test_a_ref_beside_a_ref_names_its_file():
    # json-schema-ref-parser (Prism) merges the siblings of a $ref into its target, then
    # resolves a "#/..." among them against the target's file: name the file instead
    for path in FILES:
        for where, node in _subschemas(json.loads(path.read_text(encoding="utf-8"))):
            if "$ref" in node:
                siblings = {k: v for k, v in node.items() if k != "$ref"}
                local = [n["$ref"] for _, n in _walk(siblings) if isinstance(n, dict) and str(n.get("$ref", "")).startswith("#")]
                assert local == [], f"{path.name} {'/'.join(map(str, where))}: write {local} as {path.name}#/..."


def test_the_lint_catches_an_anchor_ref_and_a_missing_id(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"$defs": {"x-rule": {"$anchor": "x-rule"}}, "allOf": [{"$ref": "common.json#x-rule"}]}))
    assert {what.split()[0] for _, what in _refs_and_anchors(bad)} == {"$anchor", "$ref"}
    with pytest.raises(AssertionError, match="must be the file name"):
        test_file_has_its_name_as_relative_id(bad)


def test_defs_are_shapes_or_rules_and_rule_ids_are_unique():
    seen: dict[str, str] = {}
    for path in FILES:
        for key in json.loads(path.read_text(encoding="utf-8")).get("$defs", {}):
            if RULE_ID.match(key):
                assert key not in seen, f"rule {key} in both {seen.get(key)} and {path.name}"
                seen[key] = path.name
            else:
                assert re.match(r"^[A-Z][A-Za-z0-9]*$", key), f"{path.name}: $defs/{key} is neither a Shape nor a rule-id"
    assert set(seen) == set(rule_subschemas())
    assert len(seen) >= 31


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_patterns_are_anchored_and_ascii(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        pattern = node.get("pattern")
        if pattern is None:
            continue
        assert ANCHORED.match(pattern), f"{where}: not ^(?:...)$(?!\\n): {pattern}"
        assert not re.search(r"\\[dDwWsS](?![^\[]*\])", pattern.replace("[\\s\\S]", "")), f"{where}: Unicode-dependent class in {pattern}"
        assert not re.search(r"(?<![\\\[])\.(?![^\[]*\])", pattern), f"{where}: '.' differs between engines in {pattern}"
        re.compile(pattern)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_objects_closed_and_properties_described(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        if "properties" in node and node.get("type") == "object":
            assert node.get("additionalProperties") is False, f"{where}: object is not closed"
            for name, prop in node["properties"].items():
                assert prop.get("description", "").strip(), f"{where}/{name}: no description"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_refs_are_relative_and_local(path):
    names = {p.name for p in FILES}
    body = json.loads(path.read_text(encoding="utf-8"))
    for where, node in _subschemas(body):
        ref = node.get("$ref")
        if ref is not None:
            target = ref.split("#", 1)[0]
            assert target == "" or target in names, f"{where}: $ref {ref} leaves the package's files"


def test_no_empty_arrays():
    for path in FILES:
        for where, node in _walk(json.loads(path.read_text(encoding="utf-8"))):
            assert node != [], f"{path.name} {where}: empty array"


def test_schema_agrees_with_botocore_model_member_by_member():
    # every member, enum value, length, pattern, range, size and required list, of the
    # describe response, the create request and the candidate list
    differences = drift.compare_all()
    assert drift.unexplained(differences) == []
    # and each explained difference is still real (no stale explanations)
    assert {d.key() for d in differences} == set(drift.explained())


def test_model_covers_the_members_the_seed_lacks():
    shape = drift.load_model_shape()
    assert "AutoMLComputeConfig" in shape.members
    union = shape.members["AutoMLProblemTypeConfig"]
    assert "ModelAccessConfig" in union.members["TextGenerationJobConfig"].members
    assert "CandidateGenerationConfig" in union.members["TimeSeriesForecastingJobConfig"].members


@pytest.mark.parametrize(
    "model, schema",
    [
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}", "^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31})$(?!\\n)"),
        ("(^p[1-9]\\d?$)", "^(?:p[1-9][0-9]?)$(?!\\n)"),
        ("(1Y|Y|M)", "^(?:1Y|Y|M)$(?!\\n)"),
        ("[a-zA-Z0-9\\_\\-]+", "^(?:[a-zA-Z0-9_-]+)$(?!\\n)"),
        ("automl-job/.*", "^(?:automl-job/[^\\r\\n]*)$(?!\\n)"),
    ],
)
def test_portable_pattern(model, schema):
    assert drift.portable_pattern(model) == schema


def test_a_changed_model_is_reported(monkeypatch):
    # the comparison is not vacuous: a model with one more enum value differs
    shape = drift.load_model_shape()
    status = shape.members["AutoMLJobStatus"]
    monkeypatch.setattr(type(status), "enum", property(lambda self: list(self.metadata.get("enum", [])) + (["Paused"] if self.name == "AutoMLJobStatus" else [])))
    assert [d.key() for d in drift.unexplained(drift.compare(shape))] == ["enum-value-added AutoMLJobStatus"]


def test_every_member_the_documentation_marks_required_is_required():
    # the page writes "(Required)" in a member's description where botocore's shape may
    # have no required list (AutoMLJobChannel.DataSource): the schema requires it
    marked = []
    for file, body in load_files().items():
        for path, node in nodes(body):
            if isinstance(node, dict) and isinstance(node.get("properties"), dict):
                for name, prop in node["properties"].items():
                    if isinstance(prop, dict) and "(Required)" in prop.get("description", ""):
                        marked.append((file, path, name))
                        assert name in node.get("required", []), (file, path, name)
    assert ("input-data.json", ("$defs", "AutoMLJobChannel"), "DataSource") in marked


def test_content_types_without_a_problem_type_are_those_of_every_problem_type():
    # the last branch of content-type-per-problem-type (response and request form) takes any
    # content type some problem type allows: the union of the other branches, kept in step
    request = load_files()["create-auto-ml-job-v2-request.json"]["$defs"]["RequestRules"]["$defs"]
    for rule in (rule_subschemas()["content-type-per-problem-type"][1], request["content-type-per-problem-type"]):
        enums = [branch["then"]["properties"]["AutoMLJobInputDataConfig"]["items"]["properties"]["ContentType"]["enum"]
                 for branch in rule["allOf"]]
        assert "not" in rule["allOf"][-1]["if"] and all("not" not in branch["if"] for branch in rule["allOf"][:-1])
        assert enums[-1] == [value for enum in enums[:-1] for value in enum]
