"""No network, ever. A fresh interpreter (nothing cached) with every way Python opens a
connection blocked runs validation on both engines, the CLI, the JSON Lines stream and
the drift check; a `$ref` to anything outside the package's schema files is an error,
not a download, in both engines."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import EXAMPLES, run, run_python

BLOCK = """
import socket

def refuse(*args, **kwargs):
    raise AssertionError(f"network use: {args[:2]!r}")

socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
"""


def run_blocked(body: str) -> subprocess.CompletedProcess:
    script = BLOCK + textwrap.dedent(body)
    return run_python(script)


def test_block_is_effective():
    result = run_blocked("""
        import urllib.request
        try:
            urllib.request.urlopen("http://169.254.169.254/latest/meta-data/", timeout=30)
        except Exception as exc:
            assert "network use" in str(exc) or "network use" in str(exc.__context__), exc
        else:
            raise SystemExit("not blocked")
    """)
    assert result.returncode == 0, result.stderr.decode()


def test_validation_generation_cli_stream_and_drift_offline():
    result = run_blocked("""
        import io, json, contextlib, pathlib, sys
        from sagemaker_schema import Validator
        from sagemaker_schema.cli import main

        # whole responses (warnings at most) and the rest: patches and candidate fragments
        responses = [p for folder in ("tests/fixtures/valid", "tests/fixtures/real", "tests/fixtures/saved-forms", "examples")
                     for p in sorted(pathlib.Path(folder).glob("*.json"))]
        others = sorted(pathlib.Path("tests/rules").rglob("*.json")) + sorted(pathlib.Path("tests/fixtures/real/candidates").glob("*.json"))
        docs = [json.loads(p.read_text()) for p in responses + others]
        for validator in (Validator(), Validator(reference=True), Validator(allow_unknown_members=True)):
            for doc in docs:
                validator.validate(doc)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["validate", *map(str, responses)]) == 0
            assert main(["validate", "--format", "json", *map(str, responses)]) == 0
            assert main(["validate", *map(str, responses + others)]) == 1
            assert main(["rules"]) == 0
            assert main(["drift"]) == 0  # the pinned botocore: no unexplained difference
        lines = pathlib.Path("examples/tabular-completed.json").read_text().replace("\\n", "")
        stream = pathlib.Path("offline-check.jsonl")
        try:
            stream.write_text((lines + "\\n") * 3)
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert main(["validate", "--jsonl", str(stream)]) == 0
        finally:
            stream.unlink()
        from sagemaker_schema import drift
        drift.compare()
        # generation: the seeded builder, the CLI and the Hypothesis strategies
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["generate", "--count", "5", "--seed", "1"]) == 0
            assert main(["generate", "--count", "5", "--seed", "1", "--form", "boto3"]) == 0
            assert main(["generate", "--count", "5", "--seed", "1", "--invalid"]) == 0
        from hypothesis import given, settings
        from sagemaker_schema.strategies import invalid_responses, responses

        @settings(max_examples=10, database=None)
        @given(responses(form="boto3"), invalid_responses())
        def generated(valid, broken):
            assert Validator().validate(valid) == []

        generated()
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout.endswith(b"ok\n"), result.stderr.decode()[-3000:]


@pytest.mark.parametrize("ref, refused", [
    ("https://example.com/schemas/other.json", True),
    ("http://169.254.169.254/latest/meta-data/", True),
    ("file:///etc/passwd", True),
    ("../../etc/passwd", True),
    ("other.json", True),
    ("common.json#/$defs/NoSuchThing", False),  # inside the package: an error of its own
])
def test_outside_references_are_errors_not_downloads(ref, refused):
    result = run_blocked(f"""
        from jsonschema import Draft202012Validator
        from sagemaker_schema import engines, schema as schema_files

        def chain(exc):
            while exc is not None:
                yield exc
                exc = exc.__cause__ or exc.__context__

        schema = {{"$ref": {ref!r}}}
        # the reference engine, through the package's registry
        try:
            Draft202012Validator(schema, registry=schema_files.registry()).is_valid({{}})
        except Exception as exc:
            assert not any("network use" in str(e) for e in chain(exc)), exc
            assert any(isinstance(e, schema_files.SchemaError) for e in chain(exc)) == {refused!r}, list(chain(exc))
        else:
            raise SystemExit("reference engine resolved it")
        # the compiled engine, with the package's retriever
        import jsonschema_rs
        files = schema_files.load_files()
        registry = jsonschema_rs.Registry([(engines.BASE + name, body) for name, body in files.items()], retriever=schema_files.refuse)
        try:
            jsonschema_rs.validator_for(schema, registry=registry, base_uri=engines.BASE + "x.json", retriever=schema_files.refuse).is_valid({{}})
        except Exception as exc:
            assert "network use" not in str(exc), exc
            assert ("refusing to resolve" in str(exc)) == {refused!r}, exc
        else:
            raise SystemExit("compiled engine resolved it")
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout.endswith(b"ok\n"), result.stderr.decode()[-3000:]


def _network_namespace() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and run([unshare, "-rn", "true"]).returncode == 0


@pytest.mark.skipif(not _network_namespace(), reason="needs unshare -rn (a user network namespace); the Python-level block above still runs")
def test_cli_in_a_namespace_without_network():
    # stronger: no interface at all, so even code below Python (jsonschema-rs) cannot connect
    for args in (["validate", EXAMPLES / "tabular-completed.json"], ["drift"], ["rules"]):
        result = run(["unshare", "-rn", sys.executable, "-m", "sagemaker_schema", *args])
        assert result.returncode == 0, (args, result.stdout.decode()[-2000:], result.stderr.decode()[-2000:])
