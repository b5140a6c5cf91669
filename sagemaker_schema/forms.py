"""Convert a response between its forms (wire, boto3, boto3 saved as JSON).

The wire-to-boto3 step is botocore's own JSON response parser, so the boto3 form is
exactly what a real client returns. botocore is imported only here.
"""
from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from typing import Any

OPERATION = "DescribeAutoMLJobV2"


@lru_cache(maxsize=1)
def output_shape():
    """The output shape of botocore's service model (loading it takes about half a second)."""
    from ._extras import require

    require("botocore", what="the boto3 form", extra="boto3")
    import botocore.parsers  # noqa: F401  (imported here, so the first conversion is not the slow one)
    import botocore.session

    model = botocore.session.get_session().get_service_model("sagemaker")
    return model.operation_model(OPERATION).output_shape


def to_boto3(wire: dict[str, Any], request_id: str = "00000000-0000-0000-0000-000000000000") -> dict[str, Any]:
    """The dict boto3 returns for this wire body: datetimes (in UTC) and ResponseMetadata."""
    from botocore.parsers import create_parser

    body = json.dumps(wire).encode("utf-8")
    headers = {"x-amzn-requestid": request_id, "content-type": "application/x-amz-json-1.1", "content-length": str(len(body))}
    parsed = create_parser("json").parse({"body": body, "headers": headers, "status_code": 200}, output_shape())
    return _utc(parsed)


def _utc(value: Any) -> Any:
    # botocore gives datetimes in the machine's zone; UTC keeps output reproducible
    if isinstance(value, dict):
        return {k: _utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_utc(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.astimezone(_dt.timezone.utc)
    return value


def to_boto3_json(doc: dict[str, Any]) -> str:
    """A boto3 dict saved as JSON the way most people do it: json.dumps(default=str)."""
    return json.dumps(doc, default=str, indent=2) + "\n"
