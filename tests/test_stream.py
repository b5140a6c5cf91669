"""`validate --jsonl`: per-line reports, exit statuses, --jobs, flat memory, and a
validate path that imports nothing it does not use."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLES, REPO, run_cli

FULL = json.loads((EXAMPLES / "tabular-completed.json").read_text())


def _stream(tmp_path, count: int, bad_every: int = 0, name="stream.jsonl"):
    path = tmp_path / name
    with path.open("w") as out:
        for i in range(1, count + 1):
            if bad_every and i % bad_every == 0:
                out.write(json.dumps(dict(FULL, AutoMLJobStatus="Done")) + "\n")
            elif bad_every and i % bad_every == 1 and i > 1:
                out.write('{"truncated": \n')
            else:
                out.write(json.dumps(FULL) + "\n")
    return path


def test_reports_per_line_and_exit_statuses(tmp_path):
    valid = _stream(tmp_path, 50, name="valid.jsonl")
    ok = run_cli("validate", "--jsonl", valid)
    assert ok.returncode == 0 and ok.stdout == b""
    assert b"50 documents: 50 valid" in ok.stderr

    mixed = _stream(tmp_path, 25, bad_every=10)
    result = run_cli("validate", "--jsonl", mixed)
    assert result.returncode == 2  # two lines are not JSON
    lines = result.stdout.decode().splitlines()
    assert f"{mixed}:10: /AutoMLJobStatus: [enum]" in lines[0]
    assert lines[1].startswith(f"{mixed}:11: error: invalid JSON")
    assert [line.split(":")[1] for line in lines] == ["10", "11", "20", "21"]

    only_invalid = tmp_path / "invalid.jsonl"
    only_invalid.write_text(json.dumps(dict(FULL, RoleArn=1)) + "\n\n" + json.dumps(FULL) + "\n")
    result = run_cli("validate", "--jsonl", "--format", "json", only_invalid)
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(r["line"], r["valid"]) for r in records] == [(1, False), (3, True)]  # blank lines skipped
    assert records[0]["violations"][0]["rule"] == "type"


def test_stdin_and_jobs_give_the_same_report(tmp_path):
    mixed = _stream(tmp_path, 1200, bad_every=97)
    one = run_cli("validate", "--jsonl", mixed)
    two = run_cli("validate", "--jsonl", "--jobs", "2", mixed)
    piped = run_cli("validate", "--jsonl", "-", stdin=mixed.read_bytes())
    assert one.returncode == two.returncode == piped.returncode == 2
    assert one.stdout == two.stdout
    assert piped.stdout == one.stdout.replace(str(mixed).encode(), b"<stdin>")
    assert run_cli("validate", "--jsonl", "--jobs", "0", mixed).returncode == 2


def _max_rss_kb(path) -> int:
    code = (
        "import resource, sys; from sagemaker_schema.cli import main; "
        f"rc = main(['validate', '--jsonl', {str(path)!r}]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=120)
    return int(result.stderr.decode().split()[-1])


def test_memory_stays_flat_however_long_the_stream(tmp_path):
    short = _max_rss_kb(_stream(tmp_path, 500, name="short.jsonl"))
    long = _max_rss_kb(_stream(tmp_path, 20000, name="long.jsonl"))  # 40 times longer, 150 MB
    assert long < short * 1.2 + 5000, (short, long)


def test_validate_path_imports_only_what_it_uses():
    code = (
        "import sys; from sagemaker_schema.cli import main; "
        f"rc = main(['validate', {str(EXAMPLES / 'tabular-completed.json')!r}]); "
        "heavy = {'jsonschema', 'referencing', 'hypothesis', 'boto3', 'botocore', 'yaml', 'moto'}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), rc, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert result.stderr.decode().strip().splitlines()[-1] == "[] 0"
