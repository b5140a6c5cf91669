"""CI output formats of `validate` (junit, github, sarif) and the pre-commit hook file.
Each test parses the real CLI's output the way the consuming tool would."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from conftest import FIXTURES, INVALID, REPO, VALID_WIRE, invalid_case, rule_of, run, run_cli

VALID = FIXTURES / "valid" / "tabular-inprogress.json"


@pytest.fixture
def files(tmp_path):
    """A valid document, an invalid one (two errors), one with only a warning, a missing file."""
    doc = json.loads(VALID.read_text())
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**doc, "AutoMLJobStatus": "Done", "EndTme": 1}))
    warned = tmp_path / "warned.json"
    warned.write_text(json.dumps({**doc, "ShinyNewMember": True}))
    return {"valid": VALID, "bad": bad, "warned": warned, "missing": tmp_path / "missing.json"}


ORDER = ("valid", "bad", "warned", "missing")


def test_junit_one_testcase_per_document(files):
    out = run_cli("validate", "--format", "junit", "--allow-unknown-members", *(files[k] for k in ORDER))
    assert out.returncode == 2  # the missing file
    root = ET.fromstring(out.stdout)
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == [str(files[k]) for k in ("valid", "bad", "warned", "missing")]
    assert list(cases[str(files["valid"])]) == []
    (failure,) = cases[str(files["bad"])].findall("failure")
    assert failure.get("message").startswith("1 violation(s)")
    assert "/AutoMLJobStatus: [enum]" in failure.text
    # with unknown members allowed, the typo is a warning listed beside the error
    assert "/EndTme: [unknown-member (warning)]" in failure.text
    warned = cases[str(files["warned"])]
    assert warned.find("failure") is None and "[unknown-member (warning)]" in warned.find("system-out").text
    (error,) = cases[str(files["missing"])].findall("error")
    assert error.get("message") == "no such file"


def test_junit_all_valid_exit_0():
    out = run_cli("validate", "--format", "junit", *VALID_WIRE)
    assert out.returncode == 0
    suite = ET.fromstring(out.stdout).find("testsuite")
    assert suite.get("tests") == str(len(VALID_WIRE)) and suite.get("failures") == "0"
    assert not suite.findall(".//failure") and not suite.findall(".//error")


def test_github_annotations(files):
    out = run_cli("validate", "--format", "github", "--allow-unknown-members", *(files[k] for k in ORDER))
    lines = out.stdout.decode().splitlines()
    assert out.returncode == 2
    annotation = re.compile(r"^::(error|warning) file=([^,:]+)(?:,line=[0-9]+,col=[0-9]+)?,title=([^:]+)::(.+)$")
    parsed = [annotation.match(line) for line in lines]
    assert all(parsed), lines
    seen = {(m[1], m[2], m[3]) for m in parsed}
    assert seen == {
        ("error", str(files["bad"]), "sagemaker-schema enum"),
        ("warning", str(files["bad"]), "sagemaker-schema unknown-member"),
        ("warning", str(files["warned"]), "sagemaker-schema unknown-member"),
        ("error", str(files["missing"]), "input error"),
    }
    assert any(m[4].startswith("/AutoMLJobStatus: ") and "Done" in m[4] for m in parsed)


def test_github_escapes_newlines_and_property_separators(tmp_path):
    path = tmp_path / "a,b:c.json"
    doc = json.loads(VALID.read_text())
    path.write_text(json.dumps({**doc, "AutoMLJobName": "two\nlines%"}))
    (line,) = run_cli("validate", "--format", "github", path).stdout.decode().splitlines()
    assert "file=" + str(path).replace(",", "%2C").replace(":", "%3A") + "," in line
    assert "two\\nlines%25" in line and "\n" not in line


def test_sarif_210(files):
    out = run_cli("validate", "--format", "sarif", "--allow-unknown-members", *(files[k] for k in ORDER))
    assert out.returncode == 2
    log = json.loads(out.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    catalogue = json.loads(run_cli("rules", "--format", "json").stdout)
    assert driver["name"] == "sagemaker-schema"
    assert [r["id"] for r in driver["rules"]] == [r["id"] for r in catalogue]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning")
    results = run["results"]
    assert len(results) == 3  # enum + unknown member (bad), unknown member (warned)
    for result in results:
        # the fields SARIF 2.1.0 requires or GitHub code scanning reads
        assert set(result) >= {"ruleId", "ruleIndex", "level", "message", "locations"}
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"]
        (logical,) = location["logicalLocations"]
        assert logical["fullyQualifiedName"].startswith("/")
    by_rule = {(r["ruleId"], r["level"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]) for r in results}
    assert by_rule == {("enum", "error", "/AutoMLJobStatus"), ("unknown-member", "warning", "/EndTme"), ("unknown-member", "warning", "/ShinyNewMember")}
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "no such file" in note["message"]["text"]


def test_sarif_ruleid_for_every_invalid_fixture(tmp_path):
    """Every rule an invalid fixture breaks comes out as a SARIF result with that ruleId."""
    paths, expected = [], set()
    for i, case in enumerate(INVALID):
        doc, _ = invalid_case(case)
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(doc))
        paths.append(path)
        expected.add(rule_of(case))
    log = json.loads(run_cli("validate", "--format", "sarif", *paths).stdout)
    assert expected <= {r["ruleId"] for r in log["runs"][0]["results"]}


HOOKS = REPO / ".pre-commit-hooks.yaml"


def test_pre_commit_hook_file():
    (hook,) = yaml.safe_load(HOOKS.read_text())
    assert hook["id"] == "sagemaker-schema-validate"
    assert hook["language"] == "python"
    command, *args = hook["entry"].split()
    assert args == ["validate"]
    # the hook's command is the console script pip installs, and it runs
    installed = Path(sys.executable).parent / command
    assert installed.is_file() and run([installed, "--version"]).stdout == run_cli("--version").stdout
    files = re.compile(hook["files"])
    assert files.search("tests/fixtures/valid/tabular-inprogress.json") and files.search("a/b.yaml") and files.search("c.yml")
    assert not files.search("README.md") and not files.search("x.json.bak")


def test_pre_commit_hook_entry_runs_on_fixture_files(tmp_path):
    """What pre-commit does: the entry with the matching file names appended."""
    (hook,) = yaml.safe_load(HOOKS.read_text())
    files = re.compile(hook["files"])
    _, *args = hook["entry"].split()  # the console script is sagemaker_schema.cli:main (checked above)
    staged = [p for p in (FIXTURES / "valid").iterdir() if files.search(p.name)]
    assert staged
    assert run_cli(*args, *staged).returncode == 0
    bad, _ = invalid_case(INVALID[0])
    bad_path = tmp_path / "bad.json"
    bad_path.write_text(json.dumps(bad))
    failed = run_cli(*args, *staged, bad_path)
    assert failed.returncode == 1 and str(bad_path).encode() in failed.stdout


def test_github_escapes_a_real_newline_in_a_message():
    import io

    from sagemaker_schema.records import Result, Violation
    from sagemaker_schema.report import github

    out = io.StringIO()
    github([Result("x.json", [Violation("enum", "error", "/A", "line one\nline two\r100%", "")])], out)
    assert out.getvalue() == "::error file=x.json,title=sagemaker-schema enum::/A: line one%0Aline two%0D100%25\n"
