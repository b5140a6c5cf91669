"""The request side of compare_stubber.py: which request fixtures
(tests/rules/<rule-id>/request-invalid/) does botocore's ParamValidator (what boto3 runs
before it sends create_auto_ml_job_v2) refuse, next to this package? One line per rule,
then the totals; the valid requests (tests/requests/valid/) must pass both."""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import botocore.session  # noqa: E402
from botocore.validate import ParamValidator  # noqa: E402

from compare_stubber import table  # noqa: E402
from conftest import apply_patch  # noqa: E402
from sagemaker_schema import validate  # noqa: E402

OPERATION = "create-auto-ml-job-v2"
VALID = ROOT / "tests" / "requests" / "valid"
CASES = sorted((ROOT / "tests" / "rules").glob("*/request-invalid/*.json"))


def main() -> None:
    shape = botocore.session.get_session().get_service_model("sagemaker").operation_model("CreateAutoMLJobV2").input_shape

    def refused(params: dict) -> bool:
        return ParamValidator().validate(params, shape).has_errors()

    for path in sorted(VALID.glob("*.json")):
        params = json.loads(path.read_text(encoding="utf-8"))
        assert not refused(params) and validate(params, operation=OPERATION) == [], path.name
    per_rule = collections.defaultdict(lambda: [0, 0, 0])
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        params = apply_patch(json.loads((VALID / f"{case['base']}.json").read_text(encoding="utf-8")), case["patch"])
        rule = path.parent.parent.name
        counts = per_rule[rule]
        counts[0] += 1
        counts[1] += refused(params)
        counts[2] += any(v.rule == rule for v in validate(params, operation=OPERATION))
    table(per_rule, "ParamValidator")


if __name__ == "__main__":
    main()
