"""`sagemaker-schema drift`, run as a subprocess against the installed model and against
changed or broken copies of it passed through AWS_DATA_PATH."""
from __future__ import annotations

import copy
import json

import pytest

from conftest import EXAMPLES, run_cli, run_python

botocore_loaders = pytest.importorskip("botocore.loaders")
from sagemaker_schema import drift as drift_module  # noqa: E402

EXPLAINED_LINE = "member-removed ResponseMetadata: model absent, schema \"defined\" [explained: Not part of the service's response"
# every explained difference of the installed model, one line each (an entry may explain several enum values),
# over the three operations: the describe response, the create request, the candidate list
EXPLAINED = len(drift_module.compare_all())
# a changed shape the request shares is a difference of the request too, under its prefixed path
CREATE = "create-auto-ml-job-v2:"


@pytest.fixture(scope="module")
def bundled() -> dict:
    """botocore's own sagemaker model, whatever AWS_DATA_PATH says."""
    loader = botocore_loaders.Loader(
        extra_search_paths=[botocore_loaders.Loader.BUILTIN_DATA_PATH], include_default_search_paths=False
    )
    return loader.load_service_model("sagemaker", "service-2")


def shape_of(model: dict, path: str) -> dict:
    """The shape definition at a member path of the DescribeAutoMLJobV2 output."""
    name = model["operations"]["DescribeAutoMLJobV2"]["output"]["shape"]
    for member in filter(None, path.split("/")):
        name = model["shapes"][name]["members"][member]["shape"]
    return model["shapes"][name]


def drift(*args, data_path=None):
    return run_cli("drift", *args, text=True, env={"AWS_DATA_PATH": None if data_path is None else str(data_path)})


def write_model(tmp_path, content) -> tuple:
    """A model copy where botocore looks for it under AWS_DATA_PATH: (data path, file)."""
    target = tmp_path / "sagemaker" / "2017-07-24" / "service-2.json"
    target.parent.mkdir(parents=True)
    target.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return tmp_path, target


def changed(model: dict) -> dict:
    model = copy.deepcopy(model)
    shape_of(model, "AutoMLJobStatus")["enum"].append("Paused")
    shape_of(model, "SecurityConfig")["members"]["WarmPoolEnabled"] = {"shape": "Boolean"}
    del shape_of(model, "ModelDeployConfig")["members"]["EndpointName"]
    assert shape_of(model, "AutoMLJobName")["max"] == 32
    shape_of(model, "AutoMLJobName")["max"] = 64
    return model


def test_installed_model_exit_0_and_shows_the_explained_difference():
    result = drift("--verbose")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == EXPLAINED + 1 and lines[0].startswith(EXPLAINED_LINE), lines
    assert all("[explained: " in line for line in lines[:-1])
    assert lines[-1].startswith(f"0 unexplained, {EXPLAINED} explained difference(s); model: ")
    assert "site-packages" in lines[-1] or "dist-packages" in lines[-1]  # the bundled model, not a user copy


def test_changed_model_exit_1_names_each_of_the_four(tmp_path, bundled):
    data_path, model_file = write_model(tmp_path, changed(bundled))
    result = drift("--verbose", data_path=data_path)
    assert result.returncode == 1, result.stdout + result.stderr
    *differences, summary = result.stdout.splitlines()
    explained = [line for line in differences if "[explained: " in line]
    assert len(explained) == EXPLAINED and explained[0].startswith(EXPLAINED_LINE)
    assert sorted(line for line in differences if line not in explained) == sorted([
        'enum-value-added AutoMLJobStatus: model "Paused", schema absent',
        'member-added SecurityConfig/WarmPoolEnabled: model "boolean", schema absent',
        'member-removed ModelDeployConfig/EndpointName: model absent, schema "defined"',
        "length-changed AutoMLJobName: model 1..64, schema 1..32",
        f'member-added {CREATE}SecurityConfig/WarmPoolEnabled: model "boolean", schema absent',
        f'member-removed {CREATE}ModelDeployConfig/EndpointName: model absent, schema "defined"',
        f"length-changed {CREATE}AutoMLJobName: model 1..64, schema 1..32",
        # the shapes the other documents share: the status enum, the job name
        'enum-value-added list-auto-ml-jobs:AutoMLJobSummaries/*/AutoMLJobStatus: model "Paused", schema absent',
        'enum-value-added list-auto-ml-jobs-request:StatusEquals: model "Paused", schema absent',
        "length-changed list-auto-ml-jobs:AutoMLJobSummaries/*/AutoMLJobName: model 1..64, schema 1..32",
        "length-changed list-candidates-for-auto-ml-job-request:AutoMLJobName: model 1..64, schema 1..32",
        "length-changed stop-auto-ml-job:AutoMLJobName: model 1..64, schema 1..32",
    ])
    assert summary.startswith(f"12 unexplained, {EXPLAINED} explained difference(s); model: {model_file} (botocore ")
    # without --verbose: the unexplained alone, then the summary
    quiet = drift(data_path=data_path).stdout.splitlines()
    assert quiet[:-1] == [line for line in differences if line not in explained]
    assert quiet[-1].startswith(f"12 unexplained, {EXPLAINED} explained difference(s) (--verbose lists them); model: ")


def test_json_format(tmp_path, bundled):
    data_path, model_file = write_model(tmp_path, changed(bundled))
    result = drift("--format", "json", data_path=data_path)
    assert result.returncode == 1
    body = json.loads(result.stdout)
    by_key = {f"{d['kind']} {d['path']}": d for d in body["differences"]}
    assert all(set(d) == {"kind", "path", "model", "schema", "explained", "reason"} for d in body["differences"])
    assert by_key["enum-value-added AutoMLJobStatus"] == {
        "kind": "enum-value-added", "path": "AutoMLJobStatus", "model": "Paused", "schema": None, "explained": False, "reason": None,
    }
    assert by_key["length-changed AutoMLJobName"]["model"] == [1, 64] and by_key["length-changed AutoMLJobName"]["schema"] == [1, 32]
    assert by_key["member-removed ResponseMetadata"]["explained"] is True
    assert by_key["member-removed ResponseMetadata"]["reason"].startswith("Not part of the service's response")
    summary = body["summary"]
    assert by_key[f"length-changed {CREATE}AutoMLJobName"]["model"] == [1, 64]
    assert by_key["member-removed list-candidates-for-auto-ml-job:ResponseMetadata"]["explained"] is True
    assert (summary["differences"], summary["unexplained"], summary["explained"]) == (12 + EXPLAINED, 12, EXPLAINED)
    assert summary["model"] == str(model_file)

    installed = drift("--format", "json")
    assert installed.returncode == 0
    assert json.loads(installed.stdout)["summary"]["unexplained"] == 0


def test_reparenthesised_pattern_is_no_difference(tmp_path, bundled):
    # botocore 1.44 wraps the ForecastFrequency pattern in one more pair of parentheses
    model = copy.deepcopy(bundled)
    frequency = shape_of(model, "AutoMLProblemTypeConfig/TimeSeriesForecastingJobConfig/ForecastFrequency")
    frequency["pattern"] = f"({frequency['pattern']})"
    data_path, _ = write_model(tmp_path, model)
    result = drift(data_path=data_path)
    assert result.returncode == 0, result.stdout
    # while a real change to the same pattern is reported
    frequency["pattern"] = frequency["pattern"].replace("[1-4]W", "[1-5]W")
    write_model(tmp_path / "other", model)
    result = drift(data_path=tmp_path / "other")
    assert result.returncode == 1
    response, request = [line for line in result.stdout.splitlines() if line.startswith("pattern-changed ") and "Tags" not in line]
    assert response.startswith("pattern-changed AutoMLProblemTypeConfig/TimeSeriesForecastingJobConfig/ForecastFrequency: model ")
    assert request.startswith(f"pattern-changed {CREATE}AutoMLProblemTypeConfig/TimeSeriesForecastingJobConfig/ForecastFrequency: model ")
    assert "[1-5]W" in response and "[1-4]W" in response  # the model's value and the schema's


def _without_operation(model):
    model = copy.deepcopy(model)
    del model["operations"]["DescribeAutoMLJobV2"]
    return model


def _dangling_shape(model):
    model = copy.deepcopy(model)
    shape_of(model, "SecurityConfig")["members"]["VpcConfig"]["shape"] = "NoSuchShape"
    return model


BROKEN = {
    "empty": (lambda m: b"", "JSONDecodeError"),
    "not-json": (lambda m: b'{"metadata": ', "JSONDecodeError"),
    "not-utf8": (lambda m: bytes(range(256)), "UnicodeDecodeError"),
    "a-list": (lambda m: b"[]", "AttributeError"),
    "no-operation": (_without_operation, "no operation DescribeAutoMLJobV2"),
    "dangling-shape": (_dangling_shape, "NoShapeFoundError: NoSuchShape"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_model_exit_2_one_line(tmp_path, bundled, case):
    make, reason = BROKEN[case]
    data_path, model_file = write_model(tmp_path, make(bundled))
    result = drift(data_path=data_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"sagemaker-schema drift: error: cannot load {model_file} (botocore "), line
    assert reason in line


def test_without_botocore_exit_2_says_install_it():
    code = "import sys; sys.modules['botocore'] = None; from sagemaker_schema.cli import main; sys.exit(main(['drift']))"
    result = run_python(code, text=True)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line == "sagemaker-schema drift: error: drift needs botocore: pip install 'sagemaker-schema[drift]'"


def test_validate_and_rules_never_import_botocore():
    code = (
        "import sys, io, contextlib; from sagemaker_schema.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['validate', {str(EXAMPLES / 'tabular-completed.json')!r}]) == 0\n"
        "    assert main(['rules']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('botocore', 'boto3')))"
    )
    result = run_python(code, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_users_explained_file_marks_its_differences_explained(tmp_path, bundled):
    data_path, _ = write_model(tmp_path / "model", changed(bundled))
    ours = tmp_path / "accepted.json"
    ours.write_text(json.dumps([
        {"difference": "enum-value-added AutoMLJobStatus", "reason": "our mock never sends Paused"},
        {"difference": "member-added SecurityConfig/WarmPoolEnabled", "reason": "not used by us"},
        {"difference": "length-changed AutoMLJobName", "reason": "our names stay short"},
        {"difference": "member-removed ModelDeployConfig/EndpointName", "reason": "we never deploy"},
        {"difference": f"member-added {CREATE}SecurityConfig/WarmPoolEnabled", "reason": "not used by us"},
        {"difference": f"length-changed {CREATE}AutoMLJobName", "reason": "our names stay short"},
        {"difference": f"member-removed {CREATE}ModelDeployConfig/EndpointName", "reason": "we never deploy"},
        {"difference": "enum-value-added list-auto-ml-jobs:AutoMLJobSummaries/*/AutoMLJobStatus", "reason": "our mock never sends Paused"},
        {"difference": "enum-value-added list-auto-ml-jobs-request:StatusEquals", "reason": "our mock never sends Paused"},
        {"difference": "length-changed list-auto-ml-jobs:AutoMLJobSummaries/*/AutoMLJobName", "reason": "our names stay short"},
        {"difference": "length-changed list-candidates-for-auto-ml-job-request:AutoMLJobName", "reason": "our names stay short"},
        {"difference": "length-changed stop-auto-ml-job:AutoMLJobName", "reason": "our names stay short"},
        {"difference": "range-changed Nothing/Here", "reason": "stale"},
    ]))
    result = drift("--explained", str(ours), "--verbose", data_path=data_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'enum-value-added AutoMLJobStatus: model "Paused", schema absent [explained: our mock never sends Paused]' in result.stdout
    assert result.stdout.splitlines()[-1].startswith(f"0 unexplained, {12 + EXPLAINED} explained difference(s)")
    assert result.stderr == "sagemaker-schema drift: note: --explained entry 'range-changed Nothing/Here' matches no difference (stale?)\n"
    body = json.loads(drift("--explained", str(ours), "--format", "json", data_path=data_path).stdout)
    assert body["summary"]["unexplained"] == 0 and body["summary"]["unused_explanations"] == ["range-changed Nothing/Here"]
    # without the file, the same model fails
    assert drift(data_path=data_path).returncode == 1


@pytest.mark.parametrize("content, says", [
    (None, "no such file"),
    ("[", "invalid JSON: Expecting value at line 1 column 2"),
    ('{"difference": "x"}', "expected a JSON list of"),
    ('[{"difference": "enum-value-added X"}]', "entry 0 is not"),
    ('[{"difference": "renamed X", "reason": "r"}]', "entry 0 is not"),
])
def test_a_bad_explained_file_is_one_line_exit_2(tmp_path, content, says):
    path = tmp_path / "accepted.json"
    if content is not None:
        path.write_text(content)
    result = drift("--explained", str(path))
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"sagemaker-schema drift: error: {path}: ") and says in line, line
