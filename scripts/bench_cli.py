"""Whole-process cost of the CLI, side by side in one run: a bare `python -c pass`,
`sagemaker-schema validate FILE`, and, for scale, importing jsonschema alone. Then the
throughput of `validate --jsonl` over a stream of full responses, on 1 and 2 processes."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tabular-completed.json"
CLI = [sys.executable, "-m", "sagemaker_schema"]


def median_ms(args, repeat: int = 15, **kwargs) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, cwd=ROOT, **kwargs)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    bare = median_ms([sys.executable, "-c", "pass"])
    rows = [
        ("python -c pass", bare),
        ("sagemaker-schema validate FILE", median_ms(CLI + ["validate", str(EXAMPLE)])),
        ("python -c 'import jsonschema'", median_ms([sys.executable, "-c", "import jsonschema"])),
        ("python -c 'import hypothesis'", median_ms([sys.executable, "-c", "import hypothesis"])),
    ]
    for name, ms in rows:
        print(f"{name:<40} {ms:7.1f} ms  (+{ms - bare:6.1f} ms over bare python)")

    count = 20000
    line = json.dumps(json.loads(EXAMPLE.read_text())) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as stream:
        stream.write(line * count)
    for jobs in (1, 2):
        ms = median_ms(CLI + ["validate", "--jsonl", "--jobs", str(jobs), stream.name], repeat=3)
        print(f"validate --jsonl --jobs {jobs}: {count} full responses in {ms / 1000:.2f} s = {count / ms * 1000:,.0f} responses/s")
    Path(stream.name).unlink()


if __name__ == "__main__":
    main()
