"""How fast is validation of the bundled full Tabular example? Side by side in one run:
our validator (both layers; compiled engine and reference engine), plain jsonschema over
the same schema files, botocore's ParamValidator (what the Stubber runs), and the floor
of parsing the bytes (json, orjson). Median microseconds on one core, docs/s, ratios.
Also: an invalid document, all violations with rule ids."""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sagemaker_schema import Validator, schema as schema_files  # noqa: E402

EXAMPLE = ROOT / "examples" / "tabular-completed.json"


def median_us(fn, repeat: int = 2000) -> float:
    for _ in range(50):
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
    ours, reference = Validator(), Validator(reference=True)
    assert ours.validate(doc) == reference.validate(doc) == []

    from jsonschema import Draft202012Validator

    plain = Draft202012Validator(schema_files.root_schema(), registry=schema_files.registry())
    rows = [
        ("sagemaker_schema validate (compiled engine)", median_us(lambda: ours.validate(doc))),
        ("sagemaker_schema validate (reference engine)", median_us(lambda: reference.validate(doc), 200)),
        ("plain jsonschema iter_errors, same files", median_us(lambda: list(plain.iter_errors(doc)), 200)),
    ]
    try:
        from botocore.validate import ParamValidator

        from sagemaker_schema.inputs import output_shape, to_boto3

        shape, boto3_form = output_shape(), to_boto3(doc)
        boto3_form.pop("ResponseMetadata")
        rows.append(("botocore ParamValidator (types, required, min)", median_us(lambda: ParamValidator().validate(boto3_form, shape), 500)))
    except ImportError:
        print("botocore not installed: ParamValidator row skipped")
    rows.append(("json.loads of the bytes (floor)", median_us(lambda: json.loads(raw))))
    try:
        import orjson

        rows.append(("orjson.loads of the bytes (floor)", median_us(lambda: orjson.loads(raw))))
    except ImportError:
        print("orjson not installed: its row skipped")

    bad = dict(doc, AutoMLJobStatus="Done", RoleArn="arn:aws:iam::1:role/x", EndTme=1)
    bad["OutputDataConfig"] = {"S3OutputPath": "s3://bucket/" + "x" * 200}
    found = ours.validate(bad)
    rows.append((f"invalid document, all {len(found)} violations (compiled)", median_us(lambda: ours.validate(bad), 500)))

    base = rows[2][1]
    print(f"{EXAMPLE.name}: {len(raw)} bytes; invalid example: {', '.join(v.rule for v in found)}")
    print(f"{'':<50} {'median us':>10} {'docs/s':>10} {'vs plain jsonschema':>20}")
    for name, us in rows:
        print(f"{name:<50} {us:10.1f} {1e6 / us:10.0f} {base / us:19.1f}x")


if __name__ == "__main__":
    main()
