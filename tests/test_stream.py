"""`validate --jsonl`: per-line reports, exit statuses, --jobs, flat memory, and a
validate path that imports nothing it does not use."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_cli, run_python

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
    result = run_python(code)
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
    result = run_python(code)
    assert result.stderr.decode().strip().splitlines()[-1] == "[] 0"


# --- a stream that survives its workers ----------------------------------------------------

LINE = (json.dumps(FULL) + "\n").encode()
BAD_LINE = (json.dumps(dict(FULL, AutoMLJobStatus="Done")) + "\n").encode()
GUARD = 60  # hang guards, never speed checks


def _start(*args):
    return subprocess.Popen([sys.executable, "-m", "sagemaker_schema", "validate", "--jsonl", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, start_new_session=True)


def _children(pid: int) -> list[int]:
    return [int(p) for p in open(f"/proc/{pid}/task/{pid}/children").read().split()]


def _first_line(proc) -> bytes:
    """Feed one invalid line and read its report while standard input stays open: output
    is streamed as each batch completes, not held until EOF (GUARD seconds at most)."""
    import threading

    proc.stdin.write(BAD_LINE)
    proc.stdin.flush()
    got = []
    reader = threading.Thread(target=lambda: got.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(GUARD)
    assert got, f"no report within {GUARD} s while the input stays open"
    return got[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_streams_before_the_input_ends(jobs):
    proc = _start("--jobs", jobs, "-")
    try:
        assert _first_line(proc).startswith(b"<stdin>:1: /AutoMLJobStatus: [enum]")
        assert _first_line(proc).startswith(b"<stdin>:2: /AutoMLJobStatus: [enum]")
        proc.stdin.close()
        assert proc.wait(GUARD) == 1
    finally:
        proc.kill()


def test_a_dead_worker_ends_the_run_with_one_line():
    proc = _start("--jobs", "2", "-")
    try:
        assert _first_line(proc).startswith(b"<stdin>:1:")
        for child in _children(proc.pid):
            # gone already when the pool stopped its other workers on seeing the first one die
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)  # as the OOM killer or a Rust abort would
        time.sleep(0.5)
        try:
            proc.stdin.write(LINE * 600)
            proc.stdin.close()
        except BrokenPipeError:
            pass  # it may already have stopped reading
        out, err = proc.communicate(timeout=GUARD)
    finally:
        proc.kill()
    assert proc.returncode == 2 and b"Traceback" not in err, err.decode()
    assert out.decode().splitlines()[-1].startswith("<stdin>: error: a worker process died (killed, or out of memory) before line 2")


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_and_sigterm_end_the_run_cleanly(sig, status, jobs):
    proc = _start("--jobs", jobs, "-")
    try:
        assert _first_line(proc).startswith(b"<stdin>:1:")
        children = _children(proc.pid)
        proc.stdin.write(LINE * 200)
        proc.stdin.flush()
        os.killpg(proc.pid, sig) if sig == signal.SIGINT else os.kill(proc.pid, sig)  # Ctrl-C reaches the whole group
        _, err = proc.communicate(timeout=GUARD)
    finally:
        proc.kill()
    assert b"Traceback" not in err and b"Error" not in err, err.decode()
    if sig == signal.SIGINT or jobs == "2":  # a serial run has no handler: SIGTERM's default action ends it
        assert proc.returncode == status
    else:
        assert proc.returncode == -signal.SIGTERM
    time.sleep(0.5)
    assert not [c for c in children if os.path.exists(f"/proc/{c}") and "zombie" not in Path(f"/proc/{c}/status").read_text()]


def test_read_errors_are_one_line(tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_bytes(LINE)
    result = run_cli("validate", "--jsonl", "/proc/self/mem", path)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert result.stdout.decode().splitlines() == ["/proc/self/mem: error: Input/output error"]
    twice = run_cli("validate", "--jsonl", "-", "-", stdin=LINE)
    assert twice.returncode == 2 and twice.stdout.decode().splitlines() == ["<stdin>: error: standard input is given twice (it can be read once)"]
    closed = run_cli("validate", "--jsonl", "-", preexec_fn=lambda: os.close(0))
    assert closed.returncode == 2 and closed.stdout.decode() == "<stdin>: error: standard input is closed\n", closed.stderr.decode()


def _in_process(code: str, *args) -> str:
    """Run main() with a probe around the process pool; returns what the probe printed."""
    probe = (
        "import sys, concurrent.futures as cf\n"
        "made = []\n"
        "class Counting(cf.ProcessPoolExecutor):\n"
        "    def __init__(self, *a, **k):\n"
        "        made.append(a[0] if a else k.get('max_workers'))\n"
        "        super().__init__(*a, **k)\n"
        "cf.ProcessPoolExecutor = Counting\n"
        "import concurrent.futures.process; concurrent.futures.process.ProcessPoolExecutor = Counting\n"
        "from sagemaker_schema.cli import main\n"
        f"rc = main({list(map(str, args))!r})\n"
        f"{code}\n"
    )
    result = run_python(probe)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return result


def test_one_pool_per_run_and_jobs_capped_at_the_cores(tmp_path):
    names = []
    for i in range(30):
        path = tmp_path / f"{i}.jsonl"
        path.write_bytes(LINE)
        names.append(path)
    result = _in_process("print('pools', made, rc, file=sys.stderr)", "validate", "--jsonl", "--jobs", "2", *names)
    assert "pools [2] 0" in result.stderr.decode()
    cores = len(os.sched_getaffinity(0))
    result = _in_process("print('pools', made, rc, file=sys.stderr)", "validate", "--jsonl", "--jobs", "64", names[0])
    assert f"--jobs 64 capped at {cores}" in result.stderr.decode() and f"pools [{cores}] 0" in result.stderr.decode()
    result = _in_process("print('pools', made, rc, file=sys.stderr)", "validate", "--jsonl", "--jobs", "3", "--force-jobs", names[0])
    assert "pools [3] 0" in result.stderr.decode()


def _parent_rss_kb(path, jobs: str) -> int:
    code = (
        "import resource, sys; from sagemaker_schema.cli import main; "
        f"rc = main(['validate', '--jsonl', '--jobs', {jobs!r}, {str(path)!r}]); "
        # VmHWM, not ru_maxrss: ru_maxrss survives exec and would count the forking test process
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0], rc, file=sys.stderr)"
    )
    result = run_python(code, timeout=300)
    peak, rc = result.stderr.decode().split()[-2:]
    assert rc == "1"
    return int(peak)


def test_jobs_hold_a_bounded_number_of_bytes_in_the_parent(tmp_path):
    # 300 lines of 400 KB: a window counted in lines would hold all of them (120 MB)
    line = (json.dumps(dict(FULL, FailureReason="x" * 400_000)) + "\n").encode()
    path = tmp_path / "long-lines.jsonl"
    with path.open("wb") as out:
        for _ in range(300):
            out.write(line)
    one, two = _parent_rss_kb(path, "1"), _parent_rss_kb(path, "2")
    assert two < one + 40_000, (one, two)  # a few batches of 1 MiB in flight, not the stream
