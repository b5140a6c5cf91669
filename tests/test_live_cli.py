"""validate --job-name without a server: the failures that happen before any request."""
from __future__ import annotations

from conftest import run_cli, run_python


def test_without_boto3_one_line_exit_2():
    code = "import sys; sys.modules['boto3'] = None; from sagemaker_schema.cli import main; sys.exit(main(['validate', '--job-name', 'my-job']))"
    out = run_python(code, text=True)
    assert out.returncode == 2
    assert out.stdout.splitlines() == ["job:my-job: error: --job-name needs boto3: pip install 'sagemaker-schema[live]'"]
    assert out.stderr == ""


def test_not_a_job_name_is_refused_before_any_call():
    out = run_cli("validate", "--job-name=-bad-", "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1")
    assert out.returncode == 2
    assert out.stdout.decode().splitlines() == [
        "job:-bad-: error: '-bad-' is not an AutoML job name (1 to 32 letters, digits and inner hyphens)"
    ]


def test_usage_errors_exit_2():
    for args, says in (
        ((), b"give a FILE or --job-name NAME"),
        (("--region", "us-east-1", "x.json"), b"--region and --endpoint-url go with --job-name"),
        (("--jsonl", "--format", "sarif", "x.jsonl"), b"--jsonl goes with --format text or json"),
    ):
        out = run_cli("validate", *args)
        assert out.returncode == 2 and says in out.stderr and b"Traceback" not in out.stderr, args
