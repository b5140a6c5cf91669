"""Make tests/fixtures/saved-forms/: real responses saved every way users save them.

Sources: the real responses in tests/fixtures/real/ (recorded from AWS) and the bundled
example. Each is turned into its wire body (timestamps as epoch seconds), parsed by
botocore's own JSON response parser as a boto3 client does (in several time zones: a
client's datetimes are in the machine's zone), and saved:

- boto3-str:       json.dumps(response, default=str)
- boto3-isoformat: json.dumps(response, default=lambda o: o.isoformat())
- cli-v1-json:     AWS CLI v1 --output json (its parser leaves timestamps as sent: epoch numbers)
- cli-v2-json:     AWS CLI v2 --output json (ISO 8601 in the machine's zone)
- cli-v2-yaml:     AWS CLI v2 --output yaml (YAML 1.2, as ruamel.yaml's safe dumper writes it)
- pyyaml:          yaml.safe_dump(response) (YAML timestamps, read back as datetimes)
- sdk-unknown-member: a wire body whose unions hold a member botocore's model lacks,
  through botocore's real parser, which writes {'SDK_UNKNOWN_MEMBER': {'name': ...}}
- yaml12-on-column: the CLI v2 YAML of a job whose target column is named `on`
  (unquoted: a string in YAML 1.2, a boolean to a YAML 1.1 reader); made only when
  the package's loader reads YAML 1.2

Needs boto3 (the test extras) and ruamel.yaml, which only this script uses:

    pip install ruamel.yaml && python scripts/make_saved_forms.py

The outputs are committed; tests/test_saved_forms.py validates every file.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import os
import time
from pathlib import Path

import yaml
from botocore.parsers import ResponseParserFactory
from ruamel.yaml import YAML

from sagemaker_schema.inputs import output_shape

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "tests" / "fixtures" / "saved-forms"
SOURCES = {
    "real-tabular-regression-completed": REPO / "tests" / "fixtures" / "real" / "tabular-regression-completed.json",
    "real-timeseries-stopping-pretraining": REPO / "tests" / "fixtures" / "real" / "timeseries-stopping-pretraining.json",
    "example-tabular-completed": REPO / "examples" / "tabular-completed.json",
}
ZONES = {"utc": "UTC", "new-york": "America/New_York", "kolkata": "Asia/Kolkata", "chatham": "Pacific/Chatham"}
REQUEST_ID = "00000000-0000-0000-0000-000000000000"


def wire(value, shape):
    """The body AWS sends: the same members, timestamps as epoch seconds."""
    if shape.type_name == "timestamp":
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() if isinstance(value, str) else value
    if shape.type_name == "structure":
        return {k: wire(v, shape.members[k]) if k in shape.members else v for k, v in value.items() if k != "ResponseMetadata"}
    if shape.type_name == "list":
        return [wire(v, shape.member) for v in value]
    if shape.type_name == "map":
        return {k: wire(v, shape.value) for k, v in value.items()}
    return value


def parse(body: dict, zone: str, timestamps=None) -> dict:
    """botocore's JSON parser on the body, in the time zone `zone` (TZ, as a machine sets it)."""
    os.environ["TZ"] = zone
    time.tzset()
    factory = ResponseParserFactory()
    if timestamps is not None:
        factory.set_parser_defaults(timestamp_parser=timestamps)
    raw = json.dumps(body).encode()
    headers = {"x-amzn-requestid": REQUEST_ID, "content-type": "application/x-amz-json-1.1", "content-length": str(len(raw))}
    return factory.create_parser("json").parse({"body": raw, "headers": headers, "status_code": 200}, output_shape())


def isoformat(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(type(value))


def cli_output(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}  # the CLI prints no metadata


def ruamel_yaml(doc: dict) -> str:
    from io import StringIO

    out = StringIO()
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = False
    dumper.dump(json.loads(json.dumps(doc, default=isoformat)), out)
    return out.getvalue()


def forms(name: str, body: dict) -> dict[str, str]:
    made: dict[str, str] = {}
    for label in ("utc", "new-york", "kolkata", "chatham"):
        parsed = parse(body, ZONES[label])
        made[f"{name}--boto3-str--{label}.json"] = json.dumps(parsed, default=str, indent=2) + "\n"
        if label in ("utc", "kolkata", "chatham"):
            made[f"{name}--boto3-isoformat--{label}.json"] = json.dumps(parsed, default=isoformat, indent=2) + "\n"
        if label in ("new-york", "kolkata"):
            made[f"{name}--cli-v2-json--{label}.json"] = json.dumps(cli_output(parsed), default=isoformat, indent=4, ensure_ascii=False) + "\n"
            made[f"{name}--cli-v2-yaml--{label}.yaml"] = ruamel_yaml(cli_output(parsed))
        if label in ("utc", "chatham"):
            made[f"{name}--pyyaml--{label}.yaml"] = yaml.safe_dump(parsed, sort_keys=False)
    as_sent = parse(body, "UTC", timestamps=lambda value: value)
    made[f"{name}--cli-v1-json.json"] = json.dumps(cli_output(as_sent), indent=4, ensure_ascii=False) + "\n"
    return made


def unknown_members(body: dict) -> dict:
    """A newer AWS: the config and the resolved union hold members botocore's model lacks."""
    body = copy.deepcopy(body)
    config = body["AutoMLProblemTypeConfig"]
    body["AutoMLProblemTypeConfig"] = {"TabularJobConfigV2": next(iter(config.values()))}
    body.setdefault("ResolvedAttributes", {})["AutoMLProblemTypeResolvedAttributes"] = {"TabularV2ResolvedAttributes": {"ProblemType": "Regression"}}
    return body


def reads_yaml_12() -> bool:
    """Whether the package's loader reads YAML 1.2 (an unquoted `on` is a string): only
    then is the form that needs it made."""
    import tempfile

    from sagemaker_schema.inputs import load

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as probe:
        probe.write("TargetAttributeName: on\n")
    try:
        return load(probe.name).document == {"TargetAttributeName": "on"}
    finally:
        os.unlink(probe.name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*--*"):
        old.unlink()
    made: dict[str, str] = {}
    for name, path in SOURCES.items():
        body = wire(json.loads(path.read_text()), output_shape())
        made.update(forms(name, body))
    tabular = wire(json.loads(SOURCES["real-tabular-regression-completed"].read_text()), output_shape())
    parsed = parse(unknown_members(tabular), ZONES["new-york"])
    assert parsed["AutoMLProblemTypeConfig"] == {"SDK_UNKNOWN_MEMBER": {"name": "TabularJobConfigV2"}}, parsed["AutoMLProblemTypeConfig"]
    made["real-tabular-regression-completed--sdk-unknown-member--boto3-str.json"] = json.dumps(parsed, default=str, indent=2) + "\n"
    if reads_yaml_12():
        on_column = copy.deepcopy(tabular)
        on_column["AutoMLProblemTypeConfig"]["TabularJobConfig"]["TargetAttributeName"] = "on"
        made["real-tabular-regression-completed--yaml12-on-column--cli-v2-yaml.yaml"] = ruamel_yaml(cli_output(parse(on_column, ZONES["utc"])))
    for file, text in sorted(made.items()):
        (OUT / file).write_text(text, encoding="utf-8")
    print(f"{len(made)} files in {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
