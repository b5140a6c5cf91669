"""Does `sagemaker-schema serve` hold up under load? The server as its own process on
127.0.0.1; JOBS jobs created (each from a generated CreateAutoMLJobV2 request), then
CLIENTS threads, each on its own keep-alive connection, describe them in turn for SECONDS.
Counts describes, errors (any status but 200, any reset connection) and mix-ups (a
response naming another job), and the server's peak memory (VmHWM) before and after.
The server is stopped at the end.

    python scripts/load_serve.py [--jobs 1000] [--clients 32] [--seconds 60]
"""
from __future__ import annotations

import argparse
import http.client
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sagemaker_schema.generate import RandomDraw, request  # noqa: E402

HEADERS = {"Content-Type": "application/x-amz-json-1.1"}


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args(argv)
    server = subprocess.Popen([sys.executable, "-m", "sagemaker_schema", "serve", "--seed", "1"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        assert server.stdout is not None
        host, port = server.stdout.readline().decode().strip().removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        names = [f"load-{i}" for i in range(args.jobs)]
        for i, name in enumerate(names):
            params = {**request(RandomDraw(i)), "AutoMLJobName": name}
            connection.request("POST", "/", json.dumps(params), {**HEADERS, "X-Amz-Target": "SageMaker.CreateAutoMLJobV2"})
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200, answer.status
        before = _peak_kb(server.pid)
        describes, errors, mixed = [0] * args.clients, [], []
        stop = time.monotonic() + args.seconds

        def client(k: int) -> None:
            own = http.client.HTTPConnection(host, int(port), timeout=60)
            i = k
            try:
                while time.monotonic() < stop:
                    name = names[i % len(names)]
                    i += args.clients
                    own.request("POST", "/", json.dumps({"AutoMLJobName": name}), {**HEADERS, "X-Amz-Target": "SageMaker.DescribeAutoMLJobV2"})
                    answer = own.getresponse()
                    body = answer.read()
                    if answer.status != 200:
                        errors.append(f"{answer.status} {body[:120]!r}")
                    elif json.loads(body)["AutoMLJobName"] != name:
                        mixed.append(name)
                    describes[k] += 1
            except OSError as exc:
                errors.append(repr(exc))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        after = _peak_kb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{args.clients} clients, {args.jobs} jobs, {args.seconds:g} s: {sum(describes)} describes "
          f"({sum(describes) / args.seconds:.0f}/s), {len(errors)} errors, {len(mixed)} mixed up; "
          f"server peak memory {before / 1024:.0f} MB after creating the jobs, {after / 1024:.0f} MB at the end; "
          f"exit status {server.returncode}")
    for error in errors[:5]:
        print("  error:", error)


if __name__ == "__main__":
    main()
