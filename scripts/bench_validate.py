"""How long does validating the bundled full Tabular example take? Side by side in one
run: our validator (both layers), plain jsonschema over the same schema files, and the
floor of parsing the bytes. Prints median microseconds and ratios."""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jsonschema import Draft202012Validator  # noqa: E402

from sagemaker_schema import Validator, _schemafiles  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tabular-completed.json"


def median_us(fn, repeat: int = 300) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def main() -> None:
    raw = EXAMPLE.read_bytes()
    doc = json.loads(raw)
    ours = Validator()
    plain = Draft202012Validator(_schemafiles.root_schema(), registry=_schemafiles.registry())
    assert ours.validate(doc) == [] and plain.is_valid(doc)
    rows = [
        ("sagemaker_schema validate (both layers)", median_us(lambda: ours.validate(doc))),
        ("plain jsonschema iter_errors, same files", median_us(lambda: list(plain.iter_errors(doc)))),
        ("json.loads of the bytes (floor)", median_us(lambda: json.loads(raw))),
    ]
    base = rows[1][1]
    print(f"{EXAMPLE.name}: {len(raw)} bytes")
    for name, us in rows:
        print(f"{name:<45} {us:10.1f} us  {1e6 / us:10.0f} docs/s  {us / base:6.2f}x plain jsonschema")


if __name__ == "__main__":
    main()
