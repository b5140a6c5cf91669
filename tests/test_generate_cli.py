"""`sagemaker-schema generate`, run as a subprocess."""
from __future__ import annotations

import json

from conftest import run_cli
from sagemaker_schema import generate, validate


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_arguments_give_byte_identical_files(tmp_path):
    for run in ("a", "b"):
        result = run_cli("generate", "--count", 40, "--seed", 11, "--out", tmp_path / run)
        assert result.returncode == 0, result.stderr
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) == 40 and first == second
    other = run_cli("generate", "--count", 40, "--seed", 12, "--out", tmp_path / "c")
    assert other.returncode == 0 and _files(tmp_path / "c") != first


def test_generated_files_are_valid_and_named_for_their_contents(tmp_path):
    result = run_cli("generate", "--count", 30, "--seed", 3, "--problem-type", "TimeSeriesForecasting", "--status", "Stopping", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for path in tmp_path.iterdir():
        assert path.name.startswith("time-series-forecasting-stopping--3-")
        doc = json.loads(path.read_text())
        assert doc.get("AutoMLProblemTypeConfigName", "TimeSeriesForecasting") == "TimeSeriesForecasting" and doc["AutoMLJobStatus"] == "Stopping"
        assert validate(doc) == []
    assert run_cli("validate", *sorted(tmp_path.iterdir())).returncode == 0


def test_boto3_form_files_hold_iso_timestamps_and_metadata(tmp_path):
    assert run_cli("generate", "--count", 5, "--form", "boto3", "--out", tmp_path).returncode == 0
    for path in tmp_path.iterdir():
        doc = json.loads(path.read_text())
        assert isinstance(doc["CreationTime"], str) and doc["CreationTime"].endswith("+00:00")
        assert doc["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert validate(doc) == []


def test_invalid_files_start_with_the_rule_they_break(tmp_path):
    rules = generate.error_rules()
    result = run_cli("generate", "--invalid", "--count", len(rules) * 2, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    seen = set()
    for path in tmp_path.iterdir():
        rule = path.name.split("--")[0]
        assert rule in rules, path.name
        assert [v.rule for v in validate(json.loads(path.read_text()))] == [rule], path.name
        seen.add(rule)
    assert seen == set(rules)


def test_one_named_rule_and_json_lines_on_stdout():
    result = run_cli("generate", "--invalid", "forecast-frequency", "--count", 3, "--seed", 5)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 3
    for line in lines:
        case = json.loads(line)
        assert case["rule"] == "forecast-frequency"
        assert [v.rule for v in validate(case["response"])] == ["forecast-frequency"]
    valid = run_cli("generate", "--count", 2).stdout.decode().splitlines()
    assert len(valid) == 2 and all(validate(json.loads(line)) == [] for line in valid)


def test_bad_arguments_one_line_exit_2(tmp_path):
    (tmp_path / "file").write_text("x")
    for args in (
        ("--count", "many"), ("--count", "0"), ("--seed", "-1"), ("--status", "Done"),
        ("--problem-type", "Tabulr"), ("--form", "xml"), ("--invalid", "no-such-rule"),
        ("--invalid", "--status", "Failed"), ("--out", tmp_path / "file"),
    ):
        result = run_cli("generate", *args)
        assert result.returncode == 2, args
        assert result.stdout == b""
        assert len(result.stderr.decode().strip().splitlines()) == 1, (args, result.stderr)
        assert result.stderr.startswith(b"sagemaker-schema generate: error: ")


def test_a_thousand_files(tmp_path):
    # how fast is scripts/bench_generate.py's question; run_cli's timeout is the hang guard
    result = run_cli("generate", "--count", 1000, "--seed", 1, "--out", tmp_path, timeout=120)
    assert result.returncode == 0 and len(list(tmp_path.iterdir())) == 1000


def test_write_fixtures_writes_what_generate_writes(tmp_path):
    import pytest

    from sagemaker_schema import generate_responses, write_fixtures

    assert run_cli("generate", "--count", 6, "--seed", 4, "--form", "boto3-json", "--out", tmp_path / "cli").returncode == 0
    paths = write_fixtures(tmp_path / "py", count=6, seed=4, form="boto3-json")
    assert sorted(p.name for p in paths) == sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert all(p.read_bytes() == (tmp_path / "cli" / p.name).read_bytes() for p in paths)
    broken = list(generate_responses(3, invalid="enum"))
    assert [name.split("--")[0] for name, _ in broken] == ["enum"] * 3
    assert all([v.rule for v in validate(doc)] == ["enum"] for _, doc in broken)
    with pytest.raises(ValueError, match=r"^status 'Done' is not one of"):
        list(generate_responses(status="Done"))
    with pytest.raises(ValueError, match="count"):
        list(generate_responses(0))


def test_write_fixtures_replaces_a_link_and_leaves_its_target_alone(tmp_path):
    # as generate --out writes (tests/test_bundle.py has the full-disk and mode cases)
    from sagemaker_schema import generate_responses, write_fixtures

    (name, _), = generate_responses(count=1, seed=2)
    out, outside = tmp_path / "fx", tmp_path / "hand-edited.json"
    out.mkdir()
    outside.write_text("keep me\n")
    (out / name).symlink_to(outside)
    (path,) = write_fixtures(out, count=1, seed=2)
    assert outside.read_text() == "keep me\n" and not path.is_symlink() and json.loads(path.read_text())["AutoMLJobName"]
