"""How often each problem type, status and rule appears in 1,000 generated responses,
from the Hypothesis strategies and from `generate` (the seeded driver).

    python scripts/generate_frequencies.py [--count 1000]
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from sagemaker_schema.generate.documents import documents
from sagemaker_schema.strategies import invalid_responses, responses


def draw_all(strategy, count: int) -> list:
    drawn: list = []

    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # counting, not testing
    @given(strategy)
    def collect(value):
        drawn.append(value)

    collect()
    return drawn


def table(title: str, counter: collections.Counter) -> None:
    print(f"\n{title} (total {sum(counter.values())})")
    for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:>5}  {key}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count

    valid = draw_all(responses(), count)
    table("responses(): problem types", collections.Counter(r.get("AutoMLProblemTypeConfigName", "(absent)") for r in valid))
    table("responses(): statuses", collections.Counter(r["AutoMLJobStatus"] for r in valid))
    invalid = draw_all(invalid_responses(), count)
    table("invalid_responses(): rules", collections.Counter(rule for rule, _ in invalid))

    seeded = [doc for _, _, doc in documents(count, 0)]
    table("generate: problem types", collections.Counter(r.get("AutoMLProblemTypeConfigName", "(absent)") for r in seeded))
    table("generate: statuses", collections.Counter(r["AutoMLJobStatus"] for r in seeded))
    table("generate: secondary statuses", collections.Counter(r["AutoMLJobSecondaryStatus"] for r in seeded))
    table("generate --invalid: rules", collections.Counter(rule for _, rule, _ in documents(count, 0, invalid="")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
