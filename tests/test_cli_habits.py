"""The habits CI expects of a linter: --version, one rule in full (`rules RULE`),
--fail-on warning, and a line and column for each violation in text, GitHub annotations
and SARIF, mapped from the JSON Pointer to the source text of JSON and YAML files."""
from __future__ import annotations

import json
import re
from importlib.metadata import version

import pytest
import yaml
from hypothesis import given, settings

from conftest import FIXTURES, INVALID, REPO, RULES, VALID_WIRE, case_id, invalid_case, patched, run_cli
from sagemaker_schema import schema as schema_files
from sagemaker_schema.catalogue import rules
from sagemaker_schema.cli.rules import UnknownRule, detail
from sagemaker_schema.records import pointer
from sagemaker_schema.report import sarif_name
from sagemaker_schema.report.positions import locate
from sagemaker_schema.schema import nodes
from sagemaker_schema.strategies import responses

VALID = FIXTURES / "valid" / "tabular-inprogress.json"


def test_version():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.decode() == f"sagemaker-schema {version('sagemaker-schema')}\n"


# --- rules RULE

def test_one_rule_in_full_for_each_layer():
    schema_rule = run_cli("rules", "forecast-frequency").stdout.decode()
    assert schema_rule.startswith("forecast-frequency  (error, schema layer)\n  statement:   ForecastFrequency is ")
    assert "  documented:  The frequency of predictions in a forecast." in schema_rule
    assert "  enforced by: time-series-forecasting.json#/$defs/forecast-frequency\n" in schema_rule
    assert "  enforced by: time-series-forecasting.json#/$defs/TimeSeriesForecastingJobConfig/properties/ForecastFrequency ($ref to it)\n" in schema_rule
    assert "  broken by:   sagemaker-schema generate --invalid forecast-frequency\n" in schema_rule
    assert "  fixture:     tests/rules/forecast-frequency/invalid/60min.json\n" in schema_rule
    assert "  fixture:     tests/rules/forecast-frequency/valid/forecast-frequency-59min.json\n" in schema_rule
    python = run_cli("rules", "timestamps-in-order").stdout.decode()
    assert "(error, python layer)" in python and "  enforced by: sagemaker_schema.pyrules._in_order (sagemaker_schema/pyrules.py line " in python
    generic = run_cli("rules", "enum").stdout.decode()
    assert "  enforced by: the JSON Schema keywords enum, const, " in generic and "e.g. /" in generic
    warning = run_cli("rules", "validation-fraction-below-half").stdout.decode()
    assert "(warning, python layer)" in warning and "fixture:     tests/rules/validation-fraction-below-half/invalid/0.5.json" in warning


def test_one_rule_as_json():
    out = run_cli("rules", "channel-types", "--format", "json")
    item = json.loads(out.stdout)
    assert set(item) == {"id", "severity", "severity_basis", "statement", "field", "layer", "doc", "source", "operations", "enforced_by",
                         "example", "kept_by", "fixtures"}
    assert item["example"]["command"] == "sagemaker-schema generate --invalid channel-types"
    # the generator's piece that keeps valid responses inside the rule, by file and line
    from sagemaker_schema.generate import keepers

    assert item["kept_by"] == keepers("channel-types") and item["kept_by"]
    name, where = item["kept_by"][0].split(" (")
    file, line = where.rstrip(")").split(":")
    tagged = (REPO / file).read_text().splitlines()[int(line) - 1:]  # the line of its @keeps tag
    assert tagged[0].startswith("@keeps(") and '"channel-types"' in tagged[0]
    assert any(text.startswith(f"def {name}(") for text in tagged[:4])


@pytest.mark.parametrize("rule_id", list(rules()))
def test_every_rule_shows_where_it_is_enforced_and_what_breaks_it(rule_id):
    item = detail(rule_id)
    for where in item["enforced_by"]:
        if "#/" in where:  # a schema file and the JSON Pointer of the rule's subschema, or of a $ref to it
            name, ref = where.split("#", 1)
            node = schema_files.resolve(name, "#" + ref.removesuffix(" ($ref to it)"))[1]
            if ref.endswith(" ($ref to it)"):
                node = schema_files.resolve(name, node["$ref"])[1]
            assert schema_files.rule_of(node) == rule_id
        elif where.startswith("sagemaker_schema.pyrules."):
            from sagemaker_schema import pyrules

            assert pyrules.CHECKS[rule_id].__name__ == where.split()[0].rsplit(".", 1)[1]
    if item["severity"] == "error":
        # the example is a real violation of this rule, from the generator: of responses, or
        # of requests for a rule only a request can break
        assert item["example"]["message"] and item["example"]["command"].endswith(f"--invalid {rule_id}")
        request_only = "describe-auto-ml-job-v2" not in item["operations"]
        assert ("--operation create-auto-ml-job-v2" in item["example"]["command"]) == request_only
    assert item["example"] or item["fixtures"], rule_id
    # every case this project keeps for the rule, the breaking ones first, the requests last
    assert [RULES.parent.parent / f for f in item["fixtures"]] == (
        sorted((RULES / rule_id).glob("invalid/*.json")) + sorted((RULES / rule_id).glob("valid/*.json"))
        + sorted((RULES / rule_id).glob("request-invalid/*.json")))


def test_unknown_rule_is_one_line_exit_2_with_a_suggestion():
    out = run_cli("rules", "forcast-frequency")
    assert out.returncode == 2 and out.stdout == b""
    assert out.stderr.decode() == "sagemaker-schema rules: error: no rule 'forcast-frequency' (did you mean 'forecast-frequency'?)\n"
    with pytest.raises(UnknownRule, match="rules lists them"):
        detail("zzz")


# --- --fail-on

def test_fail_on_warning(tmp_path):
    warned = tmp_path / "warned.json"
    warned.write_text(json.dumps(patched(RULES / "validation-fraction-below-half" / "invalid" / "0.5.json")))
    default = run_cli("validate", warned)
    assert default.returncode == 0 and default.stdout.decode().endswith(": valid\n")
    strict = run_cli("validate", "--fail-on", "warning", warned)
    assert strict.returncode == 1 and b": valid" not in strict.stdout and b"(warning)" in strict.stdout
    assert run_cli("validate", "--fail-on", "warning", VALID).returncode == 0
    junit = run_cli("validate", "--fail-on", "warning", "--format", "junit", warned)
    assert junit.returncode == 1 and b"<failure" in junit.stdout
    lines = tmp_path / "lines.jsonl"
    lines.write_text(warned.read_text().replace("\n", "") + "\n")
    assert run_cli("validate", "--jsonl", lines).returncode == 0
    assert run_cli("validate", "--jsonl", "--fail-on", "warning", lines).returncode == 1


# --- line and column

def _layouts(doc):
    return {
        "indented.json": json.dumps(doc, indent=2, ensure_ascii=False),
        "compact.json": json.dumps(doc, separators=(",", ":")),
        "ascii.json": json.dumps(doc, indent="\t", ensure_ascii=True),
        "block.yaml": yaml.safe_dump(doc, sort_keys=False, allow_unicode=True),
        "flow.yaml": yaml.safe_dump(doc, sort_keys=False, default_flow_style=True, width=60),
    }


def _offset(text: str, line: int, column: int) -> int:
    # lines as editors count them: ended by LF, CR LF or CR only (not U+2028, as splitlines does)
    rows = re.findall(r"[^\r\n]*(?:\r\n?|\n|$)", text)
    return sum(len(row) for row in rows[: line - 1]) + column - 1


def _check_positions(doc):
    """Every pointer lands where its member's name, or its item, starts."""
    pointers = {pointer(p): (p, v) for p, v in nodes(doc)}
    for name, text in _layouts(doc).items():
        found = locate(text, pointers, yaml=name.endswith(".yaml"))
        assert set(found) == set(pointers), name
        for ptr, (parts, value) in pointers.items():
            at = _offset(text, *found[ptr])
            if not parts:
                assert at == 0
            elif isinstance(parts[-1], str):  # a member: its name
                if name.endswith(".json"):
                    assert text.startswith(json.dumps(parts[-1], ensure_ascii=name == "ascii.json"), at), (name, ptr)
                else:  # the YAML scalar that starts there, up to its ':', is the name
                    assert str(yaml.safe_load(text[at:].split(":", 1)[0])) == parts[-1], (name, ptr)
            elif name.endswith(".json"):  # a list item: the value itself
                assert json.JSONDecoder().raw_decode(text, at)[0] == value, (name, ptr)


@pytest.mark.parametrize("path", VALID_WIRE[:6] + INVALID[::7], ids=lambda p: case_id(p) if p in INVALID else p.stem)
def test_every_pointer_of_a_fixture_lands_on_its_member(path):
    doc = invalid_case(path)[0] if path in INVALID else json.loads(path.read_text())
    _check_positions(doc)


@settings(max_examples=40, deadline=None, database=None)
@given(responses())
def test_every_pointer_of_a_generated_response_lands_on_its_member(response):
    _check_positions(response)


def test_a_missing_member_points_at_its_owner_and_odd_keys_are_found():
    text = '{"a": {"b~/c": [1, {"\\u00e9\\"": true}]}, "x": "y"}'
    found = locate(text, ["/a/b~0~1c/1/é\"", "/a/missing", "/nowhere/deep", "/x"])
    assert found == {"/a/b~0~1c/1/é\"": (1, 21), "/a/missing": (1, 2), "/nowhere/deep": (1, 1), "/x": (1, 42)}
    assert locate("\ufeff{\"a\": 1}", ["/a"]) == {"/a": (1, 2)}  # the byte-order mark is not a column
    assert locate('{"a": ', ["/a"]) == {}  # a help, never a failure: a broken text gives none


@pytest.fixture
def broken(tmp_path):
    doc = json.loads(VALID.read_text())
    doc["AutoMLJobStatus"] = "Done"
    doc["EndTme"] = 1
    text = json.dumps(doc, indent=2)
    (tmp_path / "bad.json").write_text(text)
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    lines = text.splitlines()
    where = {key: (n + 1, lines[n].index(f'"{key}"') + 1) for n, line in enumerate(lines) for key in ("AutoMLJobStatus", "EndTme") if f'"{key}":' in line}
    return tmp_path, where


def test_text_and_github_and_sarif_carry_line_and_column(broken):
    folder, where = broken
    (status_line, status_col), (typo_line, typo_col) = where["AutoMLJobStatus"], where["EndTme"]
    text = run_cli("validate", folder / "bad.json").stdout.decode().splitlines()
    assert f"{folder / 'bad.json'}:{status_line}:{status_col}: /AutoMLJobStatus: [enum] " in "\n".join(text)
    assert any(line.startswith(f"{folder / 'bad.json'}:{typo_line}:{typo_col}: /EndTme: [unknown-member]") for line in text)
    github = run_cli("validate", "--format", "github", folder / "bad.json").stdout.decode()
    assert re.search(rf"^::error file=[^,]+,line={status_line},col={status_col},title=sagemaker-schema enum::/AutoMLJobStatus: ", github, re.M)
    log = json.loads(run_cli("validate", "--format", "sarif", folder / "bad.json").stdout)
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in run["results"]}
    assert regions["enum"] == {"startLine": status_line, "startColumn": status_col}
    assert regions["unknown-member"] == {"startLine": typo_line, "startColumn": typo_col}
    body = json.loads(run_cli("validate", "--format", "json", folder / "bad.json").stdout)
    (enum,) = [v for v in body["documents"][0]["violations"] if v["rule"] == "enum"]
    assert (enum["line"], enum["column"]) == (status_line, status_col)
    # YAML: the line of the member in the YAML text
    yaml_text = (folder / "bad.yaml").read_text().splitlines()
    yaml_line = next(n + 1 for n, line in enumerate(yaml_text) if line.startswith("AutoMLJobStatus:"))
    assert f"bad.yaml:{yaml_line}:1: /AutoMLJobStatus: [enum]" in run_cli("validate", folder / "bad.yaml").stdout.decode()


def test_sarif_rules_have_real_names():
    log = json.loads(run_cli("validate", "--format", "sarif", VALID).stdout)
    names = {r["id"]: r["name"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert names["forecast-frequency"] == "ForecastFrequency" and names["unknown-member"] == "UnknownMember"
    assert len(set(names.values())) == len(names)
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", n) and n != i for i, n in names.items())
    assert sarif_name("map-key") == "MapKey"
