"""How fast does `sagemaker-schema serve` answer DescribeAutoMLJobV2, beside moto's server?
Side by side in one run: both servers as their own processes on 127.0.0.1 (free ports),
one job created on each with boto3 (the same full tabular request from
tests/requests/valid), then describes of it from one client at a time, in alternating
batches so that both see the same machine load: raw HTTP on one keep-alive connection,
and boto3 (botocore's serializer, signer and parser). Describes per second (from the
mean), p50 and p99 latency, and this server's ratios to moto's. Every server is stopped
at the end; nothing leaves the loopback.

    python scripts/bench_serve.py [--calls N] [--json]
"""
from __future__ import annotations

import argparse
import http.client
import json
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402

REQUEST = ROOT / "tests" / "requests" / "valid" / "tabular-binary-classification.json"
BATCH = 50
HEADERS = {"X-Amz-Target": "SageMaker.DescribeAutoMLJobV2", "Content-Type": "application/x-amz-json-1.1",
           # moto reads the region from the signature's scope
           "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20251101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(name: str) -> tuple[subprocess.Popen, str]:
    if name == "serve":
        process = subprocess.Popen([sys.executable, "-m", "sagemaker_schema", "serve", "--seed", "1"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, cwd=ROOT)
        assert process.stdout is not None
        return process, process.stdout.readline().decode().strip()
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):  # up to 30 s to listen
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("moto's server did not start: pip install 'moto[server]'")


def _raw_batch(connection: http.client.HTTPConnection, body: bytes) -> list[float]:
    samples = []
    for _ in range(BATCH):
        start = time.perf_counter()
        connection.request("POST", "/", body=body, headers=HEADERS)
        answer = connection.getresponse()
        answer.read()
        samples.append(time.perf_counter() - start)
        assert answer.status == 200, answer.status
    return samples


def _boto3_batch(client, name: str) -> list[float]:
    samples = []
    for _ in range(BATCH):
        start = time.perf_counter()
        client.describe_auto_ml_job_v2(AutoMLJobName=name)
        samples.append(time.perf_counter() - start)
    return samples


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"per_s": round(len(samples) / sum(samples)), "p50_ms": round(statistics.median(ordered) * 1e3, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e3, 2)}


def measure(calls: int) -> list[dict]:
    request = json.loads(REQUEST.read_text())
    body = json.dumps({"AutoMLJobName": request["AutoMLJobName"]}).encode()
    servers = {name: _start(name) for name in ("serve", "moto")}
    try:
        clients, connections = {}, {}
        for name, (_, url) in servers.items():
            clients[name] = boto3.client("sagemaker", region_name="us-east-1", endpoint_url=url,
                                         aws_access_key_id="testing", aws_secret_access_key="testing")
            clients[name].create_auto_ml_job_v2(**request)
            host, port = url.removeprefix("http://").split(":")
            connections[name] = http.client.HTTPConnection(host, int(port), timeout=60)
        samples: dict[tuple[str, str], list[float]] = {}
        for round_ in range(max(1, calls // BATCH) + 1):
            for name in servers:
                raw = _raw_batch(connections[name], body)
                through = _boto3_batch(clients[name], request["AutoMLJobName"])
                if round_:  # the first round warms up (the job's lifecycle, caches)
                    samples.setdefault((name, "raw HTTP"), []).extend(raw)
                    samples.setdefault((name, "boto3"), []).extend(through)
    finally:
        for process, _ in servers.values():
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    rows = []
    for client in ("raw HTTP", "boto3"):
        ours, theirs = _summary(samples[("serve", client)]), _summary(samples[("moto", client)])
        rows.append({"client": client, "calls": len(samples[("serve", client)]), "serve": ours, "moto": theirs,
                     "throughput_ratio": round(ours["per_s"] / theirs["per_s"], 2),
                     "p50_ratio": round(ours["p50_ms"] / theirs["p50_ms"], 2),
                     "p99_ratio": round(ours["p99_ms"] / theirs["p99_ms"], 2)})
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000, help="describes per server and client kind (default 1000)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = measure(args.calls)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'client':<9} {'calls':>6} {'serve /s':>9} {'moto /s':>8} {'ratio':>6}   {'serve p50':>9} {'moto p50':>9} {'ratio':>6}"
          f"   {'serve p99':>9} {'moto p99':>9} {'ratio':>6}")
    for row in rows:
        ours, theirs = row["serve"], row["moto"]
        print(f"{row['client']:<9} {row['calls']:>6} {ours['per_s']:>9} {theirs['per_s']:>8} {row['throughput_ratio']:>5.2f}x"
              f"   {ours['p50_ms']:>7.2f}ms {theirs['p50_ms']:>7.2f}ms {row['p50_ratio']:>5.2f}x"
              f"   {ours['p99_ms']:>7.2f}ms {theirs['p99_ms']:>7.2f}ms {row['p99_ratio']:>5.2f}x")


if __name__ == "__main__":
    main()
