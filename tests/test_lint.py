"""The linter and the type checker find nothing: ruff over the package, the tests and the
scripts, mypy over the package, both with the settings and at the versions pyproject.toml
pins ([tool.ruff], [tool.mypy], the [test] extra)."""
from __future__ import annotations

import sys

from conftest import run


def _findings(result) -> str:
    return (result.stdout + result.stderr).strip()


def test_ruff_finds_nothing():
    result = run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                  "sagemaker_schema", "tests", "scripts"], text=True)
    assert result.returncode == 0, f"ruff check:\n{_findings(result)}"


def test_mypy_finds_nothing(tmp_path):
    # a cache of its own: each run checks from scratch and leaves nothing in the checkout
    result = run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")], text=True, timeout=300)
    assert result.returncode == 0, f"mypy:\n{_findings(result)}"

