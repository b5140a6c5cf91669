"""README's pre-commit snippet, as written, and the repository's .pre-commit-hooks.yaml,
run by pre-commit itself in a scratch git repository."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, REPO, readme_section_blocks, run

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")


def _snippet() -> str:
    (block,) = readme_section_blocks("pre-commit", "yaml")
    return block.text


@pytest.fixture
def project(tmp_path):
    """A user's repository: a valid and a broken response under tests/fixtures/sagemaker/,
    and a broken one elsewhere that the snippet's `files` leaves alone."""
    if PRE_COMMIT is None:
        pytest.fail("pre-commit not installed: pip install '.[test]'", pytrace=False)
    fixtures = tmp_path / "tests" / "fixtures" / "sagemaker"
    fixtures.mkdir(parents=True)
    doc = json.loads((EXAMPLES / "tabular-completed.json").read_text())
    (fixtures / "good.json").write_text(json.dumps(doc, indent=2))
    (fixtures / "bad.json").write_text(json.dumps({**doc, "AutoMLJobStatus": "Done"}, indent=2))
    (tmp_path / "unrelated.json").write_text("{\"not\": \"a response\"}")
    run(["git", "init", "-q", tmp_path], check=True)
    return tmp_path


def _pre_commit(project: Path, *args):
    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in (("NAME", "ci"), ("EMAIL", "ci@example.com"))}
    env = {**os.environ, **identity, "PRE_COMMIT_HOME": str(project / ".cache"),
           # `language: system` finds the console script installed beside this Python
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["PYTHONPATH"] = None  # removed
    run(["git", "-C", project, "add", "-A"], check=True)
    return run([PRE_COMMIT, *args], cwd=project, text=True, env=env, timeout=600)


def test_readme_snippet_works_as_written(project):
    snippet = _snippet()
    config = yaml.safe_load(snippet)
    (hook,) = config["repos"][0]["hooks"]
    assert "rev" not in config["repos"][0] and hook["id"] == "sagemaker-schema-validate"
    (project / ".pre-commit-config.yaml").write_text(snippet)
    failed = _pre_commit(project, "run", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert 'tests/fixtures/sagemaker/bad.json:' in failed.stdout and '/AutoMLJobStatus: [enum] "Done"' in failed.stdout
    assert "unrelated.json" not in failed.stdout  # outside `files`
    (project / "tests" / "fixtures" / "sagemaker" / "bad.json").unlink()
    passed = _pre_commit(project, "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "validate SageMaker DescribeAutoMLJobV2 responses" in passed.stdout and "Passed" in passed.stdout


def test_hooks_file_installs_and_runs_with_try_repo(project):
    """pre-commit builds its own environment from this checkout (language: python) and
    runs the hook: what `repo: URL, rev: SHA` does in a user's configuration."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    files = [f"tests/fixtures/sagemaker/{name}.json" for name in ("good", "bad")]
    result = _pre_commit(project, "try-repo", str(REPO), hook["id"], "--files", *files)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "tests/fixtures/sagemaker/bad.json:" in result.stdout and "tests/fixtures/sagemaker/good.json: valid" in result.stdout
