"""What each pattern of the schema files means, in words, for messages: keyed by the
pattern exactly as the schema writes it (one entry serves every member that uses it).

A pattern inside a rule's subschema ($defs/<rule-id>) needs no entry: the rule's
statement says what it means. Every other pattern has one; tests/test_words.py fails on
a pattern without an entry and on an entry no schema uses, so a pattern that drift
brings in is worded before it ships. Lengths are not repeated here: `meaning` adds the
member's minLength/maxLength."""
from __future__ import annotations

from typing import Any

_NAME = "a name of letters and digits with hyphens between them"
_ARN = "arn:aws:{service}:REGION:ACCOUNT:{resource} with a 12-digit ACCOUNT"

MEANINGS: dict[str, str] = {
    r"^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31})$(?!\n)": _NAME,
    r"^(?:[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$(?!\n)": _NAME,
    r"^(?:[a-zA-Z0-9](-*[a-zA-Z0-9])*)$(?!\n)": _NAME,
    r"^(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:automl-job/[^\r\n]*)$(?!\n)":
        "an AutoML job ARN, " + _ARN.format(service="sagemaker", resource="automl-job/NAME"),
    r"^(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[^\r\n/]*/[^\r\n]*)$(?!\n)":
        "a SageMaker ARN, " + _ARN.format(service="sagemaker", resource="TYPE/NAME"),
    r"^(?:arn:aws[a-z-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@_/-]+)$(?!\n)":
        "an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME with a 12-digit ACCOUNT and a NAME of letters, digits and +=,.@_/-",
    r"^(?:(https|s3)://([^/]+)(/[^\r\n]*)?)$(?!\n)": "an s3:// or https:// URL on one line",
    r"^(?:[^\t\n\v\f\r ]+)$(?!\n)": "text without spaces, tabs or line breaks (at least one character)",
    r"^(?:[^\r\n]*)$(?!\n)": "one line of text (no line break)",
    r"^(?:[\s\S]*)$(?!\n)": "any text",
    r"^(?:[a-zA-Z_][a-zA-Z0-9_]*)$(?!\n)": "a variable name: a letter or _, then letters, digits and _",
    r"^(?:[a-zA-Z0-9:/_-]*)$(?!\n)": "a KMS key id, alias or ARN: letters, digits and :/_-",
    r"^(?:[^\x00-\x1f\x21-\x2a\x2c\x3b\x3c\x3e\x3f\x5b-\x5e\x60\x7b-\x9f]*)$(?!\n)": "text of letters, digits, spaces and _.:/=+-@",
    r"^(?:[-0-9a-zA-Z]+)$(?!\n)": "an id of letters, digits and hyphens",
    r"^(?:[a-zA-Z0-9-]+)$(?!\n)": "a part of a name: letters, digits and hyphens (at least one character)",
    r"^(?:[a-zA-Z0-9_-]+)$(?!\n)": "a name of letters, digits, _ and -",
    r"^(?:[a-zA-Z0-9._-]+)$(?!\n)": "a name of letters, digits, ., _ and -",
    r"^(?:[A-Z]{2})$(?!\n)": "a country code of two capital letters",
    r"^(?:p[1-9][0-9]?)$(?!\n)": "a quantile, p1 to p99",
}


def meaning(subschema: Any) -> str | None:
    """The words for a subschema's pattern, with its length bounds; None for a pattern
    without an entry (a rule's, whose statement says it)."""
    pattern = subschema.get("pattern") if isinstance(subschema, dict) else None
    said = MEANINGS.get(pattern) if isinstance(pattern, str) else None
    if said is None:
        return None
    low, high = subschema.get("minLength") or 0, subschema.get("maxLength")
    if high is not None:
        if low == high:
            return f"{said}, {high} characters"
        return f"{said}, {low} to {high} characters" if low else f"{said}, at most {high} characters"
    return f"{said}, at least {low} characters" if low else said
