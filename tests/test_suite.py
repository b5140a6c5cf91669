"""The test suite's own settings: Hypothesis draws the same examples in CI."""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

from conftest import REPO, run_python

PROBE = "import conftest; from hypothesis import settings; print(settings.get_current_profile_name(), settings.default.derandomize)"


@pytest.mark.parametrize(("env", "expected"), [
    ({"CI": "true", "HYPOTHESIS_PROFILE": None}, "ci True"),
    ({"CI": None, "HYPOTHESIS_PROFILE": None}, "default False"),
    ({"CI": "true", "HYPOTHESIS_PROFILE": "random"}, "random False"),
])
def test_the_profile_follows_the_environment(env, expected):
    out = run_python(PROBE, env=env, cwd=REPO / "tests", text=True)
    assert out.stdout.strip() == expected, out.stderr


def test_the_ci_profile_is_active_under_ci():
    if not os.environ.get("CI") or os.environ.get("HYPOTHESIS_PROFILE"):
        pytest.skip("runs where CI is set (as .ci/run sets it) and no other profile is asked for")
    assert settings.get_current_profile_name() == "ci"
    assert settings.default.derandomize and settings.default.database is None and settings.default.deadline is None
    assert settings.default.print_blob
