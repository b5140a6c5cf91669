"""Does the cost of `sagemaker-schema validate` stay in proportion to its input? For each
hostile shape at growing sizes: wall time, peak memory (the process's max RSS), bytes
printed and the exit status, through the real CLI under a memory cap and a time limit.

    python scripts/bench_cost.py                     # this checkout
    python scripts/bench_cost.py --baseline DIR      # also DIR (another checkout), side by side

Shapes: a list over its limit (CandidateMetrics, at most 40, holding N integers), a map
over its limit (a container's Environment, at most 100 keys, holding N), a map without a
limit holding N wrong values (ResponseMetadata.HTTPHeaders), the same with digit-only keys,
N unknown members, a list of N empty lists under an unknown member, YAML of N values, a long
member name over a list of zeros (positions), a ListCandidates page of N empty candidates (the
--max-violations cap), a member name of N characters beside nine missing members (under
--memory 1024, the README's ulimit), and N bytes of files of 1,000 violations each in
--format json and sarif (the report held or streamed)."""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = json.loads((ROOT / "examples" / "tabular-completed.json").read_text())
MEMORY = 4 << 30  # the cap each run gets (address space)
SECONDS = 120


def _doc(**members) -> dict:
    return json.loads(json.dumps({**EXAMPLE, **members}))


def list_over_limit(n: int) -> bytes:
    doc = _doc()
    doc["BestCandidate"]["CandidateProperties"]["CandidateMetrics"] = [1] * n
    return json.dumps(doc, separators=(",", ":")).encode()


def map_over_limit(n: int) -> bytes:
    doc = _doc()
    doc["BestCandidate"]["InferenceContainers"][0]["Environment"] = {f"K{i}": "v" for i in range(n)}
    return json.dumps(doc, separators=(",", ":")).encode()


def unlimited_map(n: int) -> bytes:
    doc = _doc(ResponseMetadata={"RequestId": "r", "HTTPStatusCode": 200, "RetryAttempts": 0, "HTTPHeaders": {f"h{i}": i for i in range(n)}})
    return json.dumps(doc, separators=(",", ":")).encode()


def digit_keys(n: int) -> bytes:
    # keys jsonschema-rs writes as integers in its paths: each is spelled back from the map
    doc = _doc(ResponseMetadata={"RequestId": "r", "HTTPStatusCode": 200, "RetryAttempts": 0, "HTTPHeaders": {str(i): i for i in range(n)}})
    return json.dumps(doc, separators=(",", ":")).encode()


def unknown_members(n: int) -> bytes:
    return json.dumps(_doc(**{f"Extra{i}": 1 for i in range(n)}), separators=(",", ":")).encode()


def nested_unknown(n: int) -> bytes:
    text = json.dumps(_doc(Extra=0), separators=(",", ":"))
    return text.replace('"Extra":0', '"Extra":[' + ",".join(["[]"] * n) + "]").encode()


def yaml_values(n: int) -> bytes:
    import yaml

    return yaml.safe_dump(_doc(Extra=list(range(n)))).encode()


def long_name_list(n: int) -> bytes:
    # a member name of 2n characters over a list of n zeros: once quadratic in positions
    return ('{"' + "A" * (2 * n) + '":[' + ",".join(["0"] * n) + "]}").encode()


def empty_candidates(n: int) -> bytes:
    # a ListCandidates page of n empty candidates: six violations each
    return json.dumps({"Candidates": [{}] * n}, separators=(",", ":")).encode()


def name_beside_faults(n: int) -> bytes:
    # a member name of n characters in an object missing nine required members
    return json.dumps({"N" * n: 1}).encode()


def thousand_violations(n: int) -> bytes:
    # one file of 1,000 unknown members (the run is n bytes of such files)
    return json.dumps(_doc(**{f"Extra{i:04d}": i for i in range(1000)})).encode()


LIST = ("--operation", "list-candidates-for-auto-ml-job")
# name -> (builder, file suffix, bytes per item, extra arguments, one file per that many bytes or None)
SHAPES = {
    "list-over-limit": (list_over_limit, ".json", 2, (), None),
    "map-over-limit": (map_over_limit, ".json", 14, (), None),
    "unlimited-map": (unlimited_map, ".json", 12, (), None),
    "digit-keys": (digit_keys, ".json", 12, (), None),
    "unknown-members": (unknown_members, ".json", 14, (), None),
    "nested-unknown": (nested_unknown, ".json", 3, (), None),
    "yaml-values": (yaml_values, ".yaml", 10, (), None),
    "long-name-list": (long_name_list, ".json", 4, (), None),
    "empty-candidates": (empty_candidates, ".json", 3, LIST, None),
    "name-beside-faults": (name_beside_faults, ".json", 1, (), None),
    "files-json": (thousand_violations, ".json", 1, ("--format", "json"), True),
    "files-sarif": (thousand_violations, ".json", 1, ("--format", "sarif"), True),
}


def measure(checkout: Path, paths: list[Path], extra: tuple = (), cap_mib: int | None = None) -> tuple[str, str, str, str]:
    """(seconds, peak RSS in MB, bytes printed, exit status) of one run, from wait4's rusage."""
    import threading

    memory = MEMORY if cap_mib is None else cap_mib << 20

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(checkout)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "sagemaker_schema", "validate", *extra, *map(str, paths)],
                                stdout=out, stderr=err, cwd=checkout, env=env, preexec_fn=cap)
        timer = threading.Timer(SECONDS, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        printed = out.tell()
        err.seek(0)
        stderr = err.read()
    if seconds >= SECONDS:
        return f">{SECONDS}", f"{usage.ru_maxrss // 1024}", f"{printed:,}", "timeout"
    code = proc.returncode
    shown = str(code) if code >= 0 else f"signal {-code}"
    shown += " traceback" if b"Traceback" in stderr else ""
    return f"{seconds:.2f}", f"{usage.ru_maxrss // 1024}", f"{printed:,}", shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to measure side by side")
    parser.add_argument("--sizes", default="0.2,2,20", help="input sizes in MB (default 0.2,2,20)")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--memory", type=int, default=MEMORY >> 20, help="the address-space cap of each run in MiB (default 4096; the README's ulimit: 1024)")
    args = parser.parse_args()
    checkouts = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    print(f"{'shape':<18} {'input MB':>8} {'checkout':<9} {'seconds':>8} {'peak MB':>8} {'printed bytes':>14}  exit")
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.shapes.split(","):
            build, suffix, per_item, extra, several = SHAPES[shape]
            for megabytes in map(float, args.sizes.split(",")):
                if several:  # files of one document each, as many as the size takes
                    one = build(0)
                    paths = [Path(folder) / f"{shape}-{i:05d}{suffix}" for i in range(max(1, int(megabytes * 1e6 / len(one))))]
                    for path in paths:
                        path.write_bytes(one)
                else:
                    paths = [Path(folder) / f"{shape}{suffix}"]
                    paths[0].write_bytes(build(int(megabytes * 1e6 / per_item)))
                size = sum(path.stat().st_size for path in paths) / 1e6
                for label, checkout in checkouts:
                    seconds, peak, printed, status = measure(checkout, paths, extra, args.memory)
                    print(f"{shape:<18} {size:8.2f} {label:<9} {seconds:>8} {peak:>8} {printed:>14}  {status}", flush=True)
                for path in paths:
                    path.unlink()


if __name__ == "__main__":
    main()
