"""The pytest plugin, run the way a user's project runs it (pytester), and its helpers."""
from __future__ import annotations

import json
import sys
import textwrap
import zipfile

import pytest

from conftest import FIXTURES, REPO, readme_section_blocks, run, run_python

pytest_plugins = ["pytester"]

VALID = FIXTURES / "valid" / "tabular-inprogress.json"


@pytest.fixture
def project(pytester, monkeypatch):
    """A user's project: the package importable, the plugin loaded as its entry point
    would (explicitly with -p, so that the source tree's module is used whether or not
    the package is installed; the entry point itself is checked in the wheel below)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.syspathinsert(str(REPO))
    (pytester.path / "response.json").write_text(VALID.read_text())
    return pytester


def run_tests(project, **tests):
    project.makepyfile(**{name: textwrap.dedent(body) for name, body in tests.items()})
    return project.runpytest("-p", "sagemaker_schema.pytest_plugin", "-p", "no:cacheprovider")


def test_assert_valid_response_passes_and_fails_readably(project):
    result = run_tests(project, test_user="""
        import json, pathlib

        def load():
            return json.loads(pathlib.Path("response.json").read_text())

        def test_good(assert_valid_response):
            assert_valid_response(load())

        def test_bad(assert_valid_response):
            doc = load()
            doc["AutoMLJobStatus"] = "Done"
            doc["RoleArn"] = "not-an-arn-but-long-enough"
            del doc["CreationTime"]
            assert_valid_response(doc)
        """)
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    result.stdout.fnmatch_lines([
        "*3 violation(s) of the DescribeAutoMLJobV2 contract:",
        "*/AutoMLJobStatus: [[]enum] \"Done\" is not one of: Completed, InProgress, Failed, Stopped, Stopping",
        "*documented: *",
    ])
    assert "/CreationTime: [required]" in out and "/RoleArn: [pattern]" in out
    # the failure points at the user's line, not into the plugin
    assert "pytest_plugin.py" not in out


def test_assert_valid_response_holds_other_operations_documents_named_as_validate_takes_them(project):
    result = run_tests(project, test_user="""
        def test_request(assert_valid_response):
            assert_valid_response({"AutoMLJobName": "j", "RoleArn": "r"}, operation="create_auto_ml_job_v2")

        def test_page(assert_valid_response):
            assert_valid_response({"Candidates": []}, operation="ListCandidatesForAutoMLJob")
        """)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*violation(s) of the CreateAutoMLJobV2 request contract:",
        "*/RoleArn: [[]*",
        "*documented: *",
    ])
    assert "DescribeAutoMLJobV2" not in result.stdout.str()
    # the failure stops at the user's line, not in the plugin nor the validator
    assert "pytest_plugin.py" not in result.stdout.str() and "validator.py" not in result.stdout.str()


def test_stubber_serves_a_valid_response_in_boto3_form(project):
    result = run_tests(project, test_stub="""
        import datetime, json, pathlib

        def test_stubbed(sagemaker_client, stub_describe_auto_ml_job_v2, assert_valid_response):
            doc = json.loads(pathlib.Path("response.json").read_text())
            stub_describe_auto_ml_job_v2(sagemaker_client, doc)
            got = sagemaker_client.describe_auto_ml_job_v2(AutoMLJobName=doc["AutoMLJobName"])
            assert isinstance(got["CreationTime"], datetime.datetime)
            assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
            assert_valid_response(got)

        def test_unused_response_fails_at_teardown(sagemaker_client, stub_describe_auto_ml_job_v2):
            doc = json.loads(pathlib.Path("response.json").read_text())
            stub_describe_auto_ml_job_v2(sagemaker_client, doc)
        """)
    result.assert_outcomes(passed=2, errors=1)  # the second passes its call, then errors at teardown
    result.stdout.fnmatch_lines(["*AssertionError: 1 responses remaining in queue.*"])


def test_stubber_refuses_a_broken_response_before_stubbing(project):
    result = run_tests(project, test_refuse="""
        import json, pathlib, pytest
        from botocore.stub import Stubber
        from sagemaker_schema import InvalidResponse
        from sagemaker_schema.pytest_plugin import stub_response

        def test_refused(sagemaker_client, stub_describe_auto_ml_job_v2):
            doc = json.loads(pathlib.Path("response.json").read_text())
            # botocore's own check accepts all three (enum, pattern, length are not its business)
            doc["AutoMLJobStatus"] = "Done"
            doc["AutoMLJobName"] = "-bad-"
            doc["FailureReason"] = "x" * 1025
            Stubber(sagemaker_client).add_response("describe_auto_ml_job_v2", doc)
            with pytest.raises(InvalidResponse) as refused:
                stub_describe_auto_ml_job_v2(sagemaker_client, doc)
            assert {v.rule for v in refused.value.violations} == {"enum", "pattern", "length"}
            # nothing was queued on a stubber of one's own either
            own = Stubber(sagemaker_client)
            with pytest.raises(InvalidResponse):
                stub_response(sagemaker_client, doc, stubber=own)
            own.assert_no_pending_responses()

        def test_broken_stub_fails_the_test(sagemaker_client, stub_describe_auto_ml_job_v2):
            doc = json.loads(pathlib.Path("response.json").read_text())
            doc["AutoMLJobStatus"] = "Done"
            stub_describe_auto_ml_job_v2(sagemaker_client, doc)
        """)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*/AutoMLJobStatus: [[]enum] \"Done\"*"])


def test_strategies_at_hand_in_a_users_project(project):
    result = run_tests(project, test_user_strategies="""
        from hypothesis import given, settings

        def test_valid_responses(sagemaker_strategies, assert_valid_response):
            @settings(max_examples=20, database=None)
            @given(sagemaker_strategies.responses(problem_type="TimeSeriesForecasting"))
            def check(response):
                assert response.get("AutoMLProblemTypeConfigName", "TimeSeriesForecasting") == "TimeSeriesForecasting"
                assert_valid_response(response)

            check()
        """)
    result.assert_outcomes(passed=1)


def test_plugin_costs_nothing_at_start_up(tmp_path):
    """Loading the plugin imports neither boto3, Hypothesis nor the validator: a pytest
    run with it imports the same modules as one without it, less the plugin itself."""
    (tmp_path / "test_x.py").write_text("def test_x():\n    pass\n")

    def modules(*plugin):
        script = textwrap.dedent(f"""
            import json, sys, pytest
            code = pytest.main({["-q", *plugin, "-p", "no:cacheprovider", str(tmp_path)]!r})
            print("MODULES", json.dumps([code, sorted(sys.modules)]))
            """)
        out = run_python(script, cwd=tmp_path, text=True, inherit_env=False,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
        code, names = json.loads(out.stdout.split("MODULES ", 1)[1])
        assert code == 0, out.stdout
        return set(names)

    added = modules("-p", "sagemaker_schema.pytest_plugin") - modules()
    assert "sagemaker_schema.pytest_plugin" in added
    heavy = ("boto3", "botocore", "hypothesis", "jsonschema", "referencing", "yaml", "sagemaker_schema.validator")
    assert not {m for m in added if m.split(".")[0] in heavy or m in heavy}, sorted(added)


def test_entry_point_in_the_wheel(tmp_path):
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp_path, REPO], check=True, timeout=300)
    (wheel,) = tmp_path.glob("sagemaker_schema-*.whl")
    with zipfile.ZipFile(wheel) as z:
        (name,) = [n for n in z.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = z.read(name).decode()
    assert "[pytest11]\nsagemaker_schema = sagemaker_schema.pytest_plugin" in text


def test_readme_example_runs(project):
    import shutil

    code = readme_section_blocks("pytest plugin", "python")[0].text
    shutil.copytree(REPO / "examples", project.path / "examples")
    project.makepyfile(test_readme=code)
    result = project.runpytest("-p", "sagemaker_schema.pytest_plugin", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_readme_hypothesis_example_finds_the_planted_bug(project):
    """The fixtures inside @given, with Hypothesis's own pytest plugin loaded (its
    function-scoped-fixture health check lives there): the README's example fails on the
    planted bug, not on a health check, and prints the falsifying response."""
    import re

    code = readme_section_blocks("pytest plugin", "python")[1].text  # the second: with Hypothesis
    project.makepyfile(test_readme_hypothesis=code)
    result = project.runpytest("-p", "_hypothesis_pytestplugin", "-p", "sagemaker_schema.pytest_plugin",
                               "-p", "no:cacheprovider", "-p", "no:schemathesis", "--hypothesis-seed=0")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "FailedHealthCheck" not in out and "function-scoped fixture" not in out
    assert "KeyError: 'BestCandidate'" in out
    # the falsifying example is printed, not blanked: a small response without BestCandidate
    shown = re.search(r"response=(\{.*?\}),\n", out, re.S)
    assert shown and "'AutoMLJobName'" in shown[1] and "'BestCandidate'" not in shown[1], out[-3000:]


def test_fixtures_inside_given_pass_the_health_check_and_check_each_example(project):
    project.makepyfile(test_given=textwrap.dedent("""
        import json, pathlib
        import pytest
        from hypothesis import given, settings, strategies as st

        doc = json.loads(pathlib.Path("response.json").read_text())

        @settings(max_examples=5, database=None)
        @given(calls=st.integers(1, 3))
        def test_each_example_stubs_and_uses(sagemaker_client, stub_describe_auto_ml_job_v2, calls):
            with stub_describe_auto_ml_job_v2(sagemaker_client, doc) as stubber:
                for _ in range(calls - 1):
                    stub_describe_auto_ml_job_v2(sagemaker_client, doc)
                for _ in range(calls):
                    sagemaker_client.describe_auto_ml_job_v2(AutoMLJobName=doc["AutoMLJobName"])

        def test_unused_response_fails_when_the_block_ends(sagemaker_client, stub_describe_auto_ml_job_v2):
            with pytest.raises(AssertionError, match="responses remaining"):
                with stub_describe_auto_ml_job_v2(sagemaker_client, doc):
                    pass

        def test_a_later_test_starts_unstubbed(sagemaker_client, stub_describe_auto_ml_job_v2):
            stub_describe_auto_ml_job_v2(sagemaker_client, doc)
            assert sagemaker_client.describe_auto_ml_job_v2(AutoMLJobName=doc["AutoMLJobName"])["AutoMLJobStatus"]

        @settings(max_examples=5, database=None)
        @given(data=st.data())
        def test_strategies_fixture_inside_given(sagemaker_strategies, assert_valid_response, data):
            assert_valid_response(data.draw(sagemaker_strategies.responses(form="boto3")))
        """))
    # Hypothesis's own plugin holds the function-scoped-fixture health check
    result = project.runpytest("-p", "_hypothesis_pytestplugin", "-p", "sagemaker_schema.pytest_plugin", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_a_fixture_without_its_dependency_fails_with_the_install_hint(project):
    project.makeconftest("""
        import sys
        for name in ("boto3", "botocore", "hypothesis"):
            sys.modules[name] = None  # as if not installed
        """)
    project.makepyfile(test_missing="""
        def test_client(sagemaker_client): pass
        def test_stub(stub_describe_auto_ml_job_v2): pass
        def test_strategies(sagemaker_strategies): pass
        def test_plain(assert_valid_response): pass
        """)
    result = project.runpytest_subprocess("-p", "sagemaker_schema.pytest_plugin", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=3)
    out = result.stdout.str()
    for line in ("the sagemaker_client fixture needs boto3: pip install 'sagemaker-schema[boto3]'",
                 "stubbing describe_auto_ml_job_v2 needs botocore: pip install 'sagemaker-schema[boto3]'",
                 "sagemaker_schema.strategies needs hypothesis: pip install 'sagemaker-schema[hypothesis]'"):
        assert line in out, out
    assert "ModuleNotFoundError" not in out and "Traceback" not in out


def test_this_projects_pytest_config_keeps_falsifying_examples(tmp_path):
    """schemathesis's pytest plugin (installed with the test extras) blanks Hypothesis's
    falsifying example; pyproject.toml's addopts turns the plugin off."""
    from importlib.metadata import entry_points

    assert "schemathesis" in {e.name for e in entry_points(group="pytest11")}
    (tmp_path / "test_x.py").write_text(textwrap.dedent("""
        from hypothesis import given, strategies as st

        @given(st.integers(0, 10))
        def test_small(resp):
            assert resp < 5
        """))
    out = run([sys.executable, "-m", "pytest", "-c", REPO / "pyproject.toml", "--rootdir", tmp_path,
               "-p", "no:cacheprovider", "--hypothesis-seed=0", tmp_path], text=True, cwd=tmp_path).stdout
    assert "resp=5," in out, out[-2000:]
