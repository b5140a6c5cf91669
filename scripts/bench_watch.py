"""What does watch(client) cost per call? Side by side in one run: two real boto3
SageMaker clients answered by botocore's Stubber (no network), one watched
(``sagemaker_schema.watch``, on_violation="raise"), one not, calling
describe_auto_ml_job_v2 (the bundled full Tabular example as the response) and
create_auto_ml_job_v2 (a full tabular request from tests/requests/valid). The calls
alternate between the two clients in batches, so both see the same machine load.
Median microseconds per call, the overhead in microseconds and the ratio.

    python scripts/bench_watch.py [--calls N] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402
from botocore.stub import Stubber  # noqa: E402

from sagemaker_schema import watch  # noqa: E402
from sagemaker_schema.inputs import to_boto3  # noqa: E402

RESPONSE = ROOT / "examples" / "tabular-completed.json"
REQUEST = ROOT / "tests" / "requests" / "valid" / "tabular-binary-classification.json"
ARN = {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/churn-prediction-2024"}
BATCH = 50


def _client():
    return boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


def _timed_batch(client, stubber, method: str, response: dict, params: dict) -> list[float]:
    for _ in range(BATCH):  # queued outside the timing (add_response validates the response)
        stubber.add_response(method, response)
    call = getattr(client, method)
    samples = []
    for _ in range(BATCH):
        start = time.perf_counter()
        call(**params)
        samples.append(time.perf_counter() - start)
    return samples


def measure(method: str, response: dict, params: dict, calls: int) -> dict:
    plain, watched = _client(), _client()
    handle = watch(watched)
    stubbers = {"plain": Stubber(plain), "watched": Stubber(watched)}
    clients = {"plain": plain, "watched": watched}
    for stubber in stubbers.values():
        stubber.activate()
    samples: dict[str, list[float]] = {"plain": [], "watched": []}
    try:
        for name in clients:  # warm-up: the compiled schema, botocore's caches
            _timed_batch(clients[name], stubbers[name], method, response, params)
        for _ in range(max(1, calls // BATCH)):
            for name in ("plain", "watched"):
                samples[name] += _timed_batch(clients[name], stubbers[name], method, response, params)
    finally:
        handle.unwatch()
        for stubber in stubbers.values():
            stubber.deactivate()
    plain_us = statistics.median(samples["plain"]) * 1e6
    watched_us = statistics.median(samples["watched"]) * 1e6
    return {"call": method, "calls": len(samples["plain"]), "plain_us": round(plain_us, 1),
            "watched_us": round(watched_us, 1), "overhead_us": round(watched_us - plain_us, 1),
            "ratio": round(watched_us / plain_us, 2)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="calls per client and operation (default 2000)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    response = to_boto3(json.loads(RESPONSE.read_text()))
    request = json.loads(REQUEST.read_text())
    rows = [
        measure("describe_auto_ml_job_v2", response, {"AutoMLJobName": response["AutoMLJobName"]}, args.calls),
        measure("create_auto_ml_job_v2", ARN, request, args.calls),
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'call':<26} {'calls':>6} {'plain us':>9} {'watched us':>11} {'overhead us':>12} {'ratio':>6}")
    for row in rows:
        print(f"{row['call']:<26} {row['calls']:>6} {row['plain_us']:>9.1f} {row['watched_us']:>11.1f} "
              f"{row['overhead_us']:>12.1f} {row['ratio']:>5.2f}x")


if __name__ == "__main__":
    main()
