"""The schema files, unmodified, in the tools users reach for: scripts/check_other_tools.py
runs ajv-cli (+ ajv-formats), check-jsonschema, Redocly CLI and Prism (pinned npm packages,
installed once into a cache folder outside the repository) and reports as JSON; each
test below checks one part of that report. Needs node and npm (CI has node 20)."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from conftest import REPO, run

pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and shutil.which("npm")),
    reason="node and npm are not installed: the npm tools (ajv-cli, Redocly, Prism) cannot run here",
)


@pytest.fixture(scope="module")
def report():
    # one run for every test here; the timeout is a hang guard (it takes about 25 s,
    # plus about 30 s for the npm install on a machine that has not cached it yet)
    result = run([sys.executable, REPO / "scripts" / "check_other_tools.py"], text=True, timeout=900)
    assert result.stdout, result.stderr  # the report, whatever it says: the tests below read it part by part
    return {**json.loads(result.stdout), "exit status": result.returncode}


def test_the_script_passes_as_a_whole(report):
    # its own verdict over every check at once (exit 1 when any of them fails)
    assert report["exit status"] == 0, {k: v for k, v in report.items() if k != "documents"}


@pytest.mark.parametrize("validator", ["ajv split files", "ajv bundle", "check-jsonschema split files", "check-jsonschema bundle"])
def test_validator_loads_the_files_and_agrees_with_ours(report, validator):
    result = report["validators"][validator]
    documents = report["documents"]
    assert result["documents"] == documents["total"] >= 100, result  # every document got a verdict
    assert result["disagreements"] == []
    # not vacuous: valid ones, schema-layer breaks, and Python-layer breaks (valid to them) all occur
    assert 0 < result["invalid"] == documents["schema-layer invalid (ours)"] < documents["by folder"]["invalid"]


@pytest.mark.parametrize("operation", ["create-auto-ml-job-v2", "list-candidates-for-auto-ml-job"])
@pytest.mark.parametrize("validator", ["ajv split files", "ajv bundle", "check-jsonschema split files", "check-jsonschema bundle"])
def test_validator_loads_each_other_entry_point_and_agrees_with_ours(report, validator, operation):
    """The request and the candidate list, from their split root file and their bundle."""
    result, documents = report["validators"][f"{validator} {operation}"], report["documents"][operation]
    assert result["documents"] == documents["total"] >= 30 and result["disagreements"] == [], result
    assert 0 < result["invalid"] == documents["schema-layer invalid (ours)"] < documents["total"]


@pytest.mark.parametrize("document", ["openapi.yaml", "bundled/openapi.yaml", "bundled/openapi-mock.yaml"])
def test_redocly_lints_the_openapi_documents_without_errors(report, document):
    lint = report["lint"][f"redocly {document}"]
    assert lint["errors"] == 0, lint["error messages"]
    # the warnings are Redocly's stricter reading, explained in README
    assert set(lint["warning rules"]) <= {"no-required-schema-properties-undefined", "no-invalid-media-type-examples", "no-unused-components"}


def test_readme_states_the_redocly_counts_measured(report):
    # README's table, row by row: errors, warnings, then per warning rule (Redocly lists only
    # the first 100 problems unless told: the script asks for all)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    header = next(line for line in readme.splitlines() if line.startswith("| document | errors | warnings |"))
    rules = [cell.strip() for cell in header.strip("|").split("|")[3:]]
    for document in ("openapi.yaml", "bundled/openapi.yaml", "bundled/openapi-mock.yaml"):
        lint = report["lint"][f"redocly {document}"]
        assert set(lint["warning rules"]) <= set(rules) and sum(lint["warning rules"].values()) == lint["warnings"], lint
        cells = [f"`schemas/{document}`", lint["errors"], lint["warnings"], *(lint["warning rules"].get(rule, 0) for rule in rules)]
        assert "| " + " | ".join(map(str, cells)) + " |" in readme.splitlines(), (document, lint)


def test_prism_serves_a_response_that_validates(report):
    served = report["prism mock bundled/openapi-mock.yaml"]
    assert served["served"] == 200 and served["content type"].startswith("application/json"), served
    assert served["our violations"] == [] and served["prism's own check of its response"] == []
    assert served["job name served"] == "churn-prediction-2024"  # the document's example, not a sampled stub


def test_prism_loads_the_real_document_but_cannot_serialise_its_media_type(report):
    # why the mock variant exists; a $ref Prism cannot resolve would stop it starting instead
    served = report["prism mock openapi.yaml"]
    assert (served["served"], served["problem"]) == (500, "Cannot find serializer for application/x-amz-json-1.1"), served


def test_the_tools_are_the_pinned_ones(report):
    import runpy

    PINS = runpy.run_path(str(REPO / "scripts" / "check_other_tools.py"))["PINS"]
    assert {name: report["versions"][name] for name in PINS} == PINS
    assert report["versions"]["check-jsonschema"] is not None


def test_prism_mocks_create_at_its_own_path_item_and_checks_the_request(report):
    """Prism routes by path: a real client's POST / reaches DescribeAutoMLJobV2 whatever its
    X-Amz-Target; the CreateAutoMLJobV2 path item (`/#X-Amz-Target=...`) is reached with the
    fragment escaped, and there Prism checks the request body against the request schema."""
    create = report["prism mock bundled/openapi-mock.yaml CreateAutoMLJobV2"]
    served = create["valid request at %23"]
    assert served["status"] == 200 and served["prism's own check"] == [] and served["our violations of the request"] == []
    assert served["AutoMLJobArn served"].startswith("arn:aws:sagemaker:")
    refused = create["data-split-not-for-time-series request at %23"]
    assert refused["status"] == 400 and any('"then"' in line for line in refused["prism's own check"])
    routed = create["valid request at / (routed to DescribeAutoMLJobV2)"]
    assert routed["status"] == 400 and routed["prism's own check"]  # the describe request's schema refuses the body
