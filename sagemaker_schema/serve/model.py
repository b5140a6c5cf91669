"""The parameters of DescribeAutoMLJobV2, StopAutoMLJob and the List operations held to
botocore's service model: required and unknown members, types, enums, lengths, ranges and
whole-string patterns, the checks the service makes before anything else, with messages
worded as AWS words its validation errors (what a client's error handling sees). Every
response, ListAutoMLJobs' included, is held to this package's contracts instead
(service._checked)."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from ..schema import SERVICE_OPERATIONS

SERVICE = "sagemaker"
# the operations the endpoint serves, by their service-model names: every operation this
# package holds a document of (schema.SERVICE_OPERATIONS), so a new contract is served too
OPERATIONS = tuple(dict.fromkeys(api for api, _ in SERVICE_OPERATIONS.values()))


@lru_cache(maxsize=1)
def service_model():
    from .._extras import require

    require("botocore", what="sagemaker-schema serve", extra="boto3")
    import botocore.session

    return botocore.session.get_session().get_service_model(SERVICE)


def shape(operation: str, side: str = "input"):
    model = service_model().operation_model(operation)
    return model.input_shape if side == "input" else model.output_shape


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def problems(value: Any, node, where: str = "") -> list[str]:
    """Every way ``value`` breaks the model shape ``node``, one sentence each, as AWS words
    them ("Value 'x' at 'Name' failed to satisfy constraint: Member must ...")."""
    found: list[str] = []
    _check(value, node, where, found)
    return found


def _fail(found: list[str], value: Any, where: str, constraint: str) -> None:
    shown = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else repr(value)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."  # a huge value is not echoed whole
    found.append(f"Value {shown} at '{where or '(document)'}' failed to satisfy constraint: Member must {constraint}")


def _check(value: Any, node, where: str, found: list[str]) -> None:
    kind = node.type_name
    meta = node.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            _fail(found, value, where, "be a structure")
            return
        for name in node.required_members:
            if name not in value:
                _fail(found, None, _join(where, name), "not be null")
        for name, member in value.items():
            if name not in node.members:
                found.append(f"Unknown parameter '{_join(where, name)}': must be one of {', '.join(node.members)}")
            else:
                _check(member, node.members[name], _join(where, name), found)
    elif kind == "list":
        if not isinstance(value, list):
            _fail(found, value, where, "be a list")
            return
        _length(found, value, where, meta, "have length")
        for index, item in enumerate(value):
            _check(item, node.member, f"{where}.{index + 1}", found)
    elif kind == "string":
        if not isinstance(value, str):
            _fail(found, value, where, "be a string")
            return
        if node.enum and value not in node.enum:
            _fail(found, value, where, f"satisfy enum value set: [{', '.join(node.enum)}]")
        _length(found, value, where, meta, "have length")
        if "pattern" in meta and not _pattern(meta["pattern"]).fullmatch(value):
            _fail(found, value, where, f"satisfy regular expression pattern: {meta['pattern']}")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            _fail(found, value, where, "be an integer")
            return
        if "min" in meta and value < meta["min"]:
            _fail(found, value, where, f"have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            _fail(found, value, where, f"have value less than or equal to {meta['max']}")
    elif kind == "timestamp":
        # the wire form: epoch seconds (botocore sends numbers for JSON 1.1)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            _fail(found, value, where, "be a timestamp in epoch seconds")
    elif kind == "boolean":
        if not isinstance(value, bool):
            _fail(found, value, where, "be a boolean")
    elif kind in ("double", "float") and (not isinstance(value, (int, float)) or isinstance(value, bool)):
        _fail(found, value, where, "be a number")


def _length(found: list[str], value: Any, where: str, meta: dict, words: str) -> None:
    if "min" in meta and len(value) < meta["min"]:
        _fail(found, value, where, f"{words} greater than or equal to {meta['min']}")
    if "max" in meta and len(value) > meta["max"]:
        _fail(found, value, where, f"{words} less than or equal to {meta['max']}")


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
