"""Which invalid fixtures does botocore's Stubber (ParamValidator over the output shape)
catch, next to this package? One line per rule, then the totals."""
from __future__ import annotations

import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import boto3  # noqa: E402
from botocore.stub import Stubber  # noqa: E402

from conftest import INVALID, invalid_case, rule_of  # noqa: E402
from sagemaker_schema import validate  # noqa: E402
from sagemaker_schema.inputs import to_boto3  # noqa: E402


def stubber_refuses(doc: dict) -> bool:
    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    try:
        Stubber(client).add_response("describe_auto_ml_job_v2", doc)
    except Exception:
        return True
    return False


def main() -> None:
    per_rule = collections.defaultdict(lambda: [0, 0, 0])
    for path in INVALID:
        wire, _ = invalid_case(path)
        try:
            # the Stubber expects the boto3 form; note botocore's parser already hides
            # some faults (it drops unknown members and coerces loose timestamps)
            boto3_form = to_boto3(wire)
        except Exception:
            boto3_form = wire
        counts = per_rule[rule_of(path)]
        counts[0] += 1
        counts[1] += stubber_refuses(boto3_form)
        counts[2] += any(v.rule == rule_of(path) for v in validate(wire))
    table(per_rule, "Stubber")


def table(per_rule: dict[str, list[int]], other: str) -> None:
    """One line per rule (cases, refused by the other tool, caught by this package), then the totals."""
    total = [sum(c[i] for c in per_rule.values()) for i in range(3)]
    for rule, (n, theirs, ours) in [*sorted(per_rule.items()), ("total", total)]:
        print(f"{rule:<52} fixtures {n:3}  {other} {theirs:3}  sagemaker-schema {ours:3}")


if __name__ == "__main__":
    main()
