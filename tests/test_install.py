"""A user's install: a wheel into a fresh venv, run from another directory, and the
README commands that CI runs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

from conftest import EXAMPLES, REPO


def test_wheel_in_fresh_venv_validates_from_elsewhere(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, REPO], check=True, timeout=300)
    (wheel,) = dist.glob("sagemaker_schema-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", wheel], check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = elsewhere / "response.json"
    example.write_bytes((EXAMPLES / "tabular-completed.json").read_bytes())
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    script = env_dir / "bin" / "sagemaker-schema"
    ok = subprocess.run([script, "validate", "response.json"], cwd=elsewhere, capture_output=True, env=clean_env, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    example.write_text(example.read_text().replace('"Completed"', '"Done"', 1))
    bad = subprocess.run([python, "-m", "sagemaker_schema", "validate", "response.json"], cwd=elsewhere, capture_output=True, env=clean_env, timeout=60)
    assert bad.returncode == 1 and b"[enum]" in bad.stdout
    where = subprocess.run(
        [python, "-c", "from sagemaker_schema import _schemafiles; print(_schemafiles.schema_dir())"],
        cwd=elsewhere, capture_output=True, text=True, env=clean_env, check=True,
    ).stdout.strip()
    assert "site-packages" in where and where.endswith(os.path.join("sagemaker_schema", "schemas"))
    # the bundled forms ship in the wheel, and the installed command makes the same bytes
    made = subprocess.run([script, "bundle", "--out", "made"], cwd=elsewhere, capture_output=True, text=True, env=clean_env, timeout=60)
    assert made.returncode == 0, made.stderr
    shipped = sorted(p.name for p in (Path(where) / "bundled").iterdir())
    assert shipped == sorted(p.name for p in (REPO / "schemas" / "bundled").iterdir()) == sorted(p.name for p in (elsewhere / "made").iterdir())
    for name in shipped:
        assert (Path(where) / "bundled" / name).read_bytes() == (elsewhere / "made" / name).read_bytes() == (REPO / "schemas" / "bundled" / name).read_bytes(), name
    # botocore is not a dependency: without it, drift says how to get it
    drift = subprocess.run([script, "drift"], cwd=elsewhere, capture_output=True, text=True, env=clean_env, timeout=60)
    assert drift.returncode == 2 and "pip install 'sagemaker-schema[drift]'" in drift.stderr, drift.stderr


def _readme_commands():
    return re.findall(r"^    (pip install .+)$", (REPO / "README.md").read_text(), re.M)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    install_and_run, install_and_test = _readme_commands()[:2]
    assert install_and_run.startswith("pip install . && sagemaker-schema validate examples/")
    assert (REPO / install_and_run.split()[-1]).is_file()
    assert "[test]" in install_and_test and "pytest" in install_and_test
    ci = (REPO / ".ci" / "run").read_text()
    assert install_and_test in ci.splitlines()
