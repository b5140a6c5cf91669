"""How fast are valid full responses made: responses() against hypothesis-jsonschema's
from_schema over the same schema files, side by side in one run, and `generate`.

    python scripts/bench_generate.py [--examples 300] [--baseline-examples 20]

A response counts as valid when the validator finds no rule of severity error in it.
hypothesis-jsonschema refuses $refs to other files, so it gets the files bundled into
one schema (sagemaker_schema.bundle); its canonicaliser does not finish on the root's
top-level cross-field allOf, so it runs without that block (first probed here, in a
subprocess, with a time limit) and its output is filtered by the validator.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from sagemaker_schema import validate
from sagemaker_schema.bundle import response_schema as bundle
from sagemaker_schema.strategies import responses

REPO = Path(__file__).resolve().parent.parent
PROBE = """
from hypothesis_jsonschema import from_schema
from sagemaker_schema.bundle import response_schema as bundle
from_schema(bundle()).example()
"""


def rate(strategy, examples: int) -> tuple[float, int, int]:
    """(seconds, documents drawn, documents valid) through Hypothesis's own engine."""
    drawn: list[dict] = []

    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # measuring speed, not data quality
    @given(strategy)
    def collect(doc):
        drawn.append(doc)

    started = time.perf_counter()
    collect()
    seconds = time.perf_counter() - started
    valid = sum(not any(v.severity == "error" for v in validate(doc)) for doc in drawn)
    return seconds, len(drawn), valid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--baseline-examples", type=int, default=20)
    parser.add_argument("--probe-seconds", type=int, default=60, help="time limit for from_schema on the whole bundle")
    args = parser.parse_args()

    from hypothesis_jsonschema import from_schema

    ours = rate(responses(), args.examples)
    shapes = bundle()
    shapes["$defs"]["describe-auto-ml-job-v2-response"].pop("allOf")
    started = time.perf_counter()
    baseline_strategy = from_schema(shapes)
    build = time.perf_counter() - started
    theirs = rate(baseline_strategy, args.baseline_examples)

    print(f"{'generator':<48} {'drawn':>6} {'valid':>6} {'seconds':>8} {'valid/s':>8}")
    for name, (seconds, drawn, valid) in (("sagemaker_schema.strategies.responses()", ours),
                                          ("hypothesis_jsonschema.from_schema(bundle)", theirs)):
        print(f"{name:<48} {drawn:>6} {valid:>6} {seconds:>8.2f} {valid / seconds:>8.1f}")
    theirs_rate = theirs[2] / theirs[0]
    ratio = f"{(ours[2] / ours[0]) / theirs_rate:.0f}x" if theirs_rate else "infinite (none valid)"
    print(f"ratio (valid/s): {ratio}   (from_schema also spent {build:.1f} s canonicalising the bundle)")

    try:
        subprocess.run([sys.executable, "-c", PROBE], timeout=args.probe_seconds, capture_output=True, check=True, cwd=REPO)
        print("from_schema on the whole bundle, cross-field allOf included: produced an example")
    except subprocess.TimeoutExpired:
        print(f"from_schema on the whole bundle, cross-field allOf included: no example in {args.probe_seconds} s")
    except subprocess.CalledProcessError as exc:
        print("from_schema on the whole bundle failed:", exc.stderr.decode().strip().splitlines()[-1])

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sagemaker_schema", "generate", "--count", "1000", "--seed", "1", "--out", out],
                       check=True, capture_output=True, cwd=REPO)
        seconds = time.perf_counter() - started
        print(f"sagemaker-schema generate --count 1000: {seconds:.2f} s ({len(list(Path(out).iterdir()))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
