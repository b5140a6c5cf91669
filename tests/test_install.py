"""A user's install: a wheel into a fresh venv (the lean install: no extras), run from
another directory, and the README commands that CI runs."""
from __future__ import annotations

import os
import sys
import venv
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, SHELL, readme_blocks, run


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, REPO], check=True, timeout=300)
    (built,) = dist.glob("sagemaker_schema-*.whl")
    return built


def test_wheel_ships_the_accepted_choices(wheel):
    # watch(client, accept="moto") and --sagemaker-contract-accept=moto read them from the package
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.name for p in (REPO / "sagemaker_schema" / "accepted").glob("*.json"))
    assert shipped and {f"sagemaker_schema/accepted/{name}" for name in shipped} <= names


def test_wheel_in_fresh_venv_validates_from_elsewhere(tmp_path, wheel):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", wheel], check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = elsewhere / "response.json"
    example.write_bytes((EXAMPLES / "tabular-completed.json").read_bytes())
    clean_env = {"PYTHONPATH": None}
    script = env_dir / "bin" / "sagemaker-schema"
    ok = run([script, "validate", "response.json"], cwd=elsewhere, env=clean_env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    example.write_text(example.read_text().replace('"Completed"', '"Done"', 1))
    bad = run([python, "-m", "sagemaker_schema", "validate", "response.json"], cwd=elsewhere, env=clean_env)
    assert bad.returncode == 1 and b"[enum]" in bad.stdout
    where = run(
        [python, "-c", "import sagemaker_schema; print(sagemaker_schema.schema_dir())"],
        cwd=elsewhere, text=True, env=clean_env, check=True,
    ).stdout.strip()
    assert "site-packages" in where and where.endswith(os.path.join("sagemaker_schema", "schemas"))
    # the bundled forms ship in the wheel, and the installed command makes the same bytes
    made = run([script, "bundle", "--out", "made"], cwd=elsewhere, text=True, env=clean_env)
    assert made.returncode == 0, made.stderr
    shipped = sorted(p.name for p in (Path(where) / "bundled").iterdir())
    assert shipped == sorted(p.name for p in (REPO / "schemas" / "bundled").iterdir()) == sorted(p.name for p in (elsewhere / "made").iterdir())
    for name in shipped:
        assert (Path(where) / "bundled" / name).read_bytes() == (elsewhere / "made" / name).read_bytes() == (REPO / "schemas" / "bundled" / name).read_bytes(), name
    assert {"openapi.yaml", "describe-auto-ml-job-v2-response.json"} <= set(os.listdir(where))
    # the lean install: fixtures from Python without Hypothesis; every optional
    # dependency missing is the same one line, the install hint
    written = run(
        [python, "-c", "import sagemaker_schema as s; print(len(s.write_fixtures('fx', count=3, seed=1)))"],
        cwd=elsewhere, text=True, env=clean_env, timeout=60,
    )
    assert written.stdout == "3\n" and len(list((elsewhere / "fx").iterdir())) == 3, written.stderr
    assert run([script, "validate", *sorted((elsewhere / "fx").iterdir())], cwd=elsewhere, env=clean_env).returncode == 0
    strategies = run([python, "-c", "import sagemaker_schema.strategies"], cwd=elsewhere, text=True, env=clean_env)
    assert strategies.returncode == 1
    assert strategies.stderr.splitlines()[-1] == (
        "sagemaker_schema.errors.MissingDependency: sagemaker_schema.strategies needs hypothesis: pip install 'sagemaker-schema[hypothesis]'")
    boto3_form = run([script, "generate", "--form", "boto3"], cwd=elsewhere, text=True, env=clean_env)
    assert (boto3_form.returncode, boto3_form.stdout) == (2, "")
    assert boto3_form.stderr == "sagemaker-schema generate: error: the boto3 form needs botocore: pip install 'sagemaker-schema[boto3]'\n"
    # botocore is not a dependency: without it, drift says how to get it
    drift = run([script, "drift"], cwd=elsewhere, text=True, env=clean_env)
    assert drift.returncode == 2 and drift.stderr == "sagemaker-schema drift: error: drift needs botocore: pip install 'sagemaker-schema[drift]'\n"
    live = run([script, "validate", "--job-name", "my-job"], cwd=elsewhere, text=True, env=clean_env)
    assert live.returncode == 2 and live.stdout == "job:my-job: error: --job-name needs boto3: pip install 'sagemaker-schema[live]'\n"


def _readme_commands():
    return [command for block in readme_blocks() if block.language in SHELL for command in block.commands if command.startswith("pip install ")]


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    install_and_run, install_and_test = _readme_commands()[:2]
    assert install_and_run.startswith("pip install . && sagemaker-schema validate examples/")
    assert (REPO / install_and_run.split()[-1]).is_file()
    assert "[test]" in install_and_test and "pytest" in install_and_test
    ci = (REPO / ".ci" / "run").read_text()
    assert install_and_test in ci.splitlines()


def test_the_hypothesis_extra_unpinned_draws_valid_responses(tmp_path, wheel):
    """A user's extra has lower bounds only: pip picks the newest Hypothesis and boto3,
    not this project's pins, and the strategies work with them in every form."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", f"{wheel}[hypothesis]"], check=True, timeout=600)
    script = """
from importlib.metadata import version
from hypothesis import given, settings
from sagemaker_schema import validate
from sagemaker_schema.strategies import responses

drawn = []
for form in ("wire", "boto3", "boto3-json"):
    @settings(max_examples=20, database=None)
    @given(responses(form=form))
    def check(response):
        assert validate(response) == [], validate(response)
        drawn.append(form)
    check()
print(len(drawn), version("hypothesis"), version("botocore"))
"""
    clean_env = {"PYTHONPATH": None}
    out = run([python, "-c", script], cwd=tmp_path, text=True, env=clean_env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    count, hypothesis_version, botocore_version = out.stdout.split()
    assert count == "60"
    print("newest releases:", hypothesis_version, botocore_version)  # shown with -s
