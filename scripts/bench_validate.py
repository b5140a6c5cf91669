"""How fast is validation of the bundled full Tabular example? Side by side in one run:
our validator (both layers; compiled engine and reference engine), plain jsonschema over
the same schema files, botocore's ParamValidator (what the Stubber runs), and the floor
of parsing the bytes (json, orjson). Median microseconds on one core, docs/s, ratios.
Also: an invalid document, all violations with rule ids.

Then the targets, as ratios to `json.loads` of the same document's text, measured
interleaved (one call of each per sample), on every form of a response: the wire dict,
the boto3 dict (datetimes), and the boto3 dict saved as JSON (ISO timestamps) and loaded:
validating the dict (target <= 2.5x), validating its text (`validate(text)`, <= 4x), and
`sagemaker-schema validate --jsonl` over a file of N copies (>= 15,000 responses/s on one
process) beside a bare `json.loads` loop over the same file, both whole processes.

    python scripts/bench_validate.py [--quick] [--jsonl-count N] [--against REV]

`--against REV` runs the same measurements on REV (checked out into a temporary git
worktree) in the same run, alternating, and prints both side by side. Only public names
of the package are used for the targets (`validate`, `Validator`, the CLI), so any
revision with them can be measured.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revisions import alternate

HERE = Path(__file__).resolve()
ROOT = Path(os.environ.get("BENCH_ROOT") or HERE.parent.parent)  # the tree whose package is measured
sys.path.insert(0, str(ROOT))

EXAMPLE = ROOT / "examples" / "tabular-completed.json"
DICT_TARGET, TEXT_TARGET, JSONL_TARGET = 2.5, 4.0, 15_000


def median_us(fn, repeat: int = 2000) -> float:
    for _ in range(50):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def paired_us(fn, base, repeat: int = 2000) -> tuple[float, float]:
    """Medians of fn and base, called alternately so that load hits both alike."""
    for _ in range(50):
        fn(), base()
    ours, floor = [], []
    clock = time.perf_counter
    for _ in range(repeat):
        start = clock()
        fn()
        middle = clock()
        base()
        ours.append(middle - start)
        floor.append(clock() - middle)
    return statistics.median(ours) * 1e6, statistics.median(floor) * 1e6


def _schema_module():
    """The package's schema-files module, wherever this revision keeps it (or None)."""
    from importlib import import_module

    for name in ("sagemaker_schema.schema", "sagemaker_schema._schemafiles"):
        try:
            module = import_module(name)
        except ImportError:
            continue
        if hasattr(module, "root_schema") and hasattr(module, "registry"):
            return module
    return None


def boto3_form(wire: dict) -> dict:
    """The dict boto3 returns for this wire body, through botocore's own parser (UTC datetimes)."""
    import botocore.session
    from botocore.parsers import create_parser

    shape = botocore.session.get_session().get_service_model("sagemaker").operation_model("DescribeAutoMLJobV2").output_shape
    body = json.dumps(wire).encode()
    headers = {"x-amzn-requestid": "00000000-0000-0000-0000-000000000000", "content-type": "application/x-amz-json-1.1"}
    parsed = create_parser("json").parse({"body": body, "headers": headers, "status_code": 200}, shape)

    def utc(value):
        if isinstance(value, dict):
            return {k: utc(v) for k, v in value.items()}
        if isinstance(value, list):
            return [utc(v) for v in value]
        return value.astimezone(_dt.timezone.utc) if isinstance(value, _dt.datetime) else value

    return utc(parsed)


def table(raw: bytes, doc: dict) -> None:
    """The table this script has always printed."""
    from sagemaker_schema import Validator

    ours, reference = Validator(), Validator(reference=True)
    assert ours.validate(doc) == reference.validate(doc) == []
    rows = [
        ("sagemaker_schema validate (compiled engine)", median_us(lambda: ours.validate(doc))),
        ("sagemaker_schema validate (reference engine)", median_us(lambda: reference.validate(doc), 200)),
    ]
    schema = _schema_module()
    if schema is not None:
        from jsonschema import Draft202012Validator

        plain = Draft202012Validator(schema.root_schema(), registry=schema.registry())
        rows.append(("plain jsonschema iter_errors, same files", median_us(lambda: list(plain.iter_errors(doc)), 200)))
    else:
        print("the schema-files module was not found: plain jsonschema row skipped")
    try:
        import botocore.session
        from botocore.validate import ParamValidator

        shape = botocore.session.get_session().get_service_model("sagemaker").operation_model("DescribeAutoMLJobV2").output_shape
        boto3_dict = boto3_form(doc)
        boto3_dict.pop("ResponseMetadata", None)
        rows.append(("botocore ParamValidator (types, required, min)", median_us(lambda: ParamValidator().validate(boto3_dict, shape), 500)))
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

    base = rows[2][1] if schema is not None else rows[0][1]
    print(f"{EXAMPLE.name}: {len(raw)} bytes; invalid example: {', '.join(v.rule for v in found)}")
    print(f"{'':<50} {'median us':>10} {'docs/s':>10} {'vs plain jsonschema' if schema else 'vs compiled':>20}")
    for name, us in rows:
        print(f"{name:<50} {us:10.1f} {1e6 / us:10.0f} {base / us:19.1f}x")


def forms(raw: bytes) -> dict[str, tuple[dict, str]]:
    """Each form of the example: (the dict, the text it is saved as)."""
    wire = json.loads(raw)
    out = {"wire dict": (wire, raw.decode())}
    try:
        boto3 = boto3_form(wire)
    except ImportError:
        print("botocore not installed: boto3 forms skipped")
        return out
    text = json.dumps(boto3, default=str, indent=2) + "\n"  # as most people save it
    out["boto3 dict (datetimes)"] = (boto3, text)
    out["boto3 saved as JSON, loaded"] = (json.loads(text), text)
    return out


def measure(repeat: int, count: int) -> dict:
    """Every target measurement on the package under ROOT, as a dict of numbers."""
    import sagemaker_schema
    from sagemaker_schema import validate

    assert Path(sagemaker_schema.__file__).resolve().is_relative_to(ROOT.resolve()), sagemaker_schema.__file__
    raw = EXAMPLE.read_bytes()
    results: dict = {"rows": {}}
    for name, (doc, text) in forms(raw).items():
        assert not [v for v in validate(doc) if v.severity == "error"], name
        us, floor = paired_us(lambda doc=doc: validate(doc), lambda text=text: json.loads(text), repeat)
        results["rows"][f"validate({name})"] = (us, floor, DICT_TARGET)
        if name != "boto3 dict (datetimes)":  # its text is the saved JSON form's
            label = "validate(text), " + ("wire" if name == "wire dict" else "boto3 JSON")
            us, floor = paired_us(lambda text=text: validate(text), lambda text=text: json.loads(text), repeat)
            results["rows"][label] = (us, floor, TEXT_TARGET)
    results["jsonl"] = jsonl(raw, count)
    return results


def _wall(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, cwd=ROOT, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def jsonl(raw: bytes, count: int) -> dict:
    """`validate --jsonl` on one process and a bare json.loads loop over the same file,
    whole processes, best of three each (alternating)."""
    line = json.dumps(json.loads(raw)) + "\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as stream:
        stream.write(line * count)
    loop = "import json, sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)\n"
    try:
        cli, bare = [], []
        for _ in range(3):
            cli.append(_wall([sys.executable, "-m", "sagemaker_schema", "validate", "--jsonl", stream.name], env))
            bare.append(_wall([sys.executable, "-c", loop, stream.name], env))
    finally:
        Path(stream.name).unlink()
    return {"count": count, "cli_s": min(cli), "loads_s": min(bare)}


def report(results: dict) -> None:
    print(f"{'target (median us, interleaved with json.loads of the same text)':<44} {'ours':>8} {'loads':>8} {'ratio':>7} {'target':>7}")
    for label, (us, floor, target) in results["rows"].items():
        print(f"{label:<48} {us:8.1f} {floor:8.1f} {us / floor:6.2f}x {'<=':>3}{target:3.1f}x {'ok' if us / floor <= target else 'MISSED'}")
    j = results["jsonl"]
    rate, ratio = j["count"] / j["cli_s"], j["cli_s"] / j["loads_s"]
    print(f"validate --jsonl, {j['count']} full responses, 1 process: {j['cli_s']:.2f} s = {rate:,.0f}/s "
          f"({'ok' if rate >= JSONL_TARGET else 'MISSED'} >= {JSONL_TARGET:,}/s); bare json.loads loop {j['loads_s']:.2f} s "
          f"= {j['count'] / j['loads_s']:,.0f}/s; ratio {ratio:.2f}x")


def side_by_side(this: dict, other: dict, rev: str) -> None:
    print(f"{'side by side (median us)':<44} {'this':>8} {rev[:10]:>10} {'this/rev':>9} {'ratio this':>11} {'ratio rev':>10}")
    for label, (us, floor, _) in this["rows"].items():
        if label in other["rows"]:
            them, their_floor, _ = other["rows"][label]
            print(f"{label:<44} {us:8.1f} {them:10.1f} {us / them:8.2f}x {us / floor:10.2f}x {them / their_floor:9.2f}x")
    a, b = this["jsonl"], other["jsonl"]
    print(f"{'validate --jsonl, responses/s':<44} {a['count'] / a['cli_s']:8,.0f} {b['count'] / b['cli_s']:10,.0f} "
          f"{b['cli_s'] / a['cli_s']:8.2f}x {a['cli_s'] / a['loads_s']:10.2f}x {b['cli_s'] / b['loads_s']:9.2f}x")


def _child(root: Path, repeat: int, count: int) -> dict:
    env = dict(os.environ, BENCH_ROOT=str(root))
    done = subprocess.run([sys.executable, str(HERE), "--measure", "--repeat", str(repeat), "--jsonl-count", str(count)],
                          capture_output=True, text=True, env=env, cwd=root)
    if done.returncode != 0:
        raise SystemExit(f"measuring {root} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def against(rev: str, repeat: int, count: int) -> None:
    """The same measurements on this tree and on REV, alternating, in one run."""
    this_root = Path(__file__).resolve().parent.parent
    runs = alternate(rev, lambda root: _child(root, repeat, count))
    this, other = (_best(runs[k]) for k in ("this", "rev"))
    print(f"== this tree ({this_root})")
    report(this)
    print(f"== {rev}")
    report(other)
    side_by_side(this, other, rev)


def _best(runs: list[dict]) -> dict:
    """Per row, the run with the lower ratio (load only ever slows a run down)."""
    best = {"rows": {}, "jsonl": min((r["jsonl"] for r in runs), key=lambda j: j["cli_s"])}
    for label in runs[0]["rows"]:
        best["rows"][label] = min((r["rows"][label] for r in runs), key=lambda row: row[0] / row[1])
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="REV", help="also measure this git revision, side by side")
    parser.add_argument("--quick", action="store_true", help="fewer samples, a smaller --jsonl file")
    parser.add_argument("--jsonl-count", type=int, default=None, help="responses in the --jsonl file (default 20000)")
    parser.add_argument("--repeat", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # a child: print the numbers as JSON
    args = parser.parse_args()
    repeat = args.repeat or (500 if args.quick else 2000)
    count = args.jsonl_count or (5000 if args.quick else 20000)
    if args.measure:
        print(json.dumps(measure(repeat, count)))
        return
    if args.against:
        against(args.against, repeat, count)
        return
    raw = EXAMPLE.read_bytes()
    table(raw, json.loads(raw))
    print()
    report(measure(repeat, count))


if __name__ == "__main__":
    main()
