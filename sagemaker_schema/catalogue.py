"""Every rule the validator enforces, with its id, severity and statement.

Three sources, one home each:
- generic rules, one per kind of JSON Schema keyword (below);
- schema rules: a subschema ``$defs/<rule-id>`` in the schema files, with ``title``
  (the statement) and ``description`` (the documentation behind it);
- Python rules: functions registered in ``sagemaker_schema.pyrules``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from . import pyrules, schema
from .policy import POLICY, severity_of
from .records import Rule

EVERY = "(every member)"

# Where a rule comes from (docs/rules.md shows it). A schema rule names its source in
# its subschema's "$comment" ("source: model"); a Python rule in its registration.
SOURCES = {
    "page": "the boto3 page",
    "model": "the service model's documentation",
    "observed": "observed AWS output",
}

# JSON Schema keyword -> generic rule id. A keyword inside a rule subschema
# ($defs/<rule-id>) reports that rule instead.
KEYWORD_RULES = {
    "type": "type",
    "required": "required",
    "additionalProperties": "unknown-member",
    "enum": "enum",
    "const": "enum",
    "pattern": "pattern",
    "minLength": "length",
    "maxLength": "length",
    "minimum": "range",
    "maximum": "range",
    "exclusiveMinimum": "range",
    "exclusiveMaximum": "range",
    "minItems": "size",
    "maxItems": "size",
    "minProperties": "size",
    "maxProperties": "size",
}

GENERIC_RULES = (
    Rule("type", "error", "Every member has the JSON type the API gives it (string, integer, number, boolean, list, map or structure).", EVERY, "schema", source="model", severity_basis="model"),
    Rule("required", "error", "Every member the API marks required, or the page marks (Required), is present.", EVERY, "schema", source="model", severity_basis="model"),
    Rule("unknown-member", "error", "A structure has no member the API does not define (a warning with --allow-unknown or --allow-unknown-members).", EVERY, "schema", source="model", severity_basis="model"),
    Rule("enum", "error", "An enumerated member holds one of the documented values (a warning with --allow-unknown).", EVERY, "schema", source="model", severity_basis="model"),
    Rule("pattern", "error", "A string matches the service model's pattern as a whole string.", EVERY, "schema", source="model", severity_basis="model"),
    Rule("length", "error", "A string's length is within the service model's minimum and maximum.", EVERY, "schema", source="model", severity_basis="model"),
    Rule("range", "error", "A number is within the service model's minimum and maximum.", EVERY, "schema", source="model", severity_basis="model"),
    Rule("size", "error", "A list or map has between the service model's minimum and maximum number of entries.", EVERY, "schema", source="model", severity_basis="model"),
    Rule("map-key", "error", "A map key has the form the API gives its keys (an enum, a pattern or a length).", EVERY, "schema", source="model", severity_basis="model"),
)


def applies_to(rule_id: str) -> tuple[str, ...]:
    """The operations a schema rule applies to: those from whose root schema one of its
    subschemas is reachable (derived from the files, never listed by hand)."""
    return tuple(operation for operation in schema.OPERATIONS if rule_id in schema.tree(operation)[1])


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """All rules by id, in a stable order: generic, schema (by id), then Python rules
    (in each, a rule only requests have after the others). Each knows the operations whose
    documents it applies to: a generic rule every operation, a schema rule where its
    subschema is reachable, a Python rule where its registration says."""
    every = tuple(schema.OPERATIONS)
    found = {rule.id: replace(rule, operations=every) for rule in GENERIC_RULES}
    places = schema.tree()[1]
    for rule_id, (_, subschema) in schema.rule_subschemas().items():
        found[rule_id] = Rule(
            id=rule_id,
            severity=severity_of(_basis(rule_id, subschema)),
            statement=subschema.get("title", rule_id),
            field=_field(places.get(rule_id, ()), subschema),
            layer="schema",
            documentation=subschema.get("description", ""),
            source=_source(subschema.get("$comment", "")),
            operations=applies_to(rule_id),
            severity_basis=_basis(rule_id, subschema),
        )
    for rule_id, _, _, subschema in schema.grouped_rule_subschemas():
        if rule_id not in found:  # a rule of requests only (the others restate a response rule)
            found[rule_id] = Rule(
                id=rule_id,
                severity=severity_of(_basis(rule_id, subschema)),
                statement=subschema.get("title", rule_id),
                field=_field(schema.tree("create-auto-ml-job-v2")[1].get(rule_id, ()), subschema, required=True),
                layer="schema",
                documentation=subschema.get("description", ""),
                source=_source(subschema.get("$comment", "")),
                operations=applies_to(rule_id),
                severity_basis=_basis(rule_id, subschema),
            )
    for rule in pyrules.RULES.values():
        found[rule.id] = replace(rule, operations=pyrules.RUNS_ON[rule.id])
    return found


def _basis(rule_id: str, subschema: dict) -> str:
    """The policy clause a schema rule's $comment names ("basis: exclusive"); one is required."""
    match = re.search(r"basis: ([a-z0-9-]+)", subschema.get("$comment", ""))
    if not match:
        raise KeyError(f"schema rule {rule_id!r} names no severity basis in its $comment (basis: <clause>)")
    return match.group(1)


def _source(comment: str) -> str:
    """The source named in a schema rule's $comment ("source: model"); the page by default."""
    match = re.search(r"source: ([a-z]+)", comment)
    return match.group(1) if match else "page"


def _field(paths, subschema, required: bool = False) -> str:
    """Where a schema rule sits; for a rule on the whole document, the members it names
    (required: also those it names only as required or forbidden, `not: {required: [...]}`)."""
    places = sorted(p for p in paths if p != "(document)")
    if places:
        return ", ".join(places)
    named: list[str] = []
    for path, node in schema.nodes(subschema):
        if path and path[-1] == "properties" and isinstance(node, dict):
            named.extend(k for k in node if k not in named)
        elif required and path and path[-1] == "required" and isinstance(node, list):
            named.extend(k for k in node if isinstance(k, str) and k not in named)
    return ", ".join(named)


# the operations' short names in the rule lists (text and markdown)
SHORT = {"describe-auto-ml-job-v2": "describe", "create-auto-ml-job-v2": "create", "list-candidates-for-auto-ml-job": "list",
         "stop-auto-ml-job": "stop", "list-auto-ml-jobs": "jobs", "list-auto-ml-jobs-request": "jobs-req",
         "list-candidates-for-auto-ml-job-request": "list-req"}


def short_operations(operations) -> str:
    return " ".join(SHORT.get(operation, operation) for operation in operations)


def policy_lines() -> list[str]:
    """The severity policy as docs/rules.md writes it: each clause, its severity and what it covers."""
    listed = list(rules().values())
    lines = [
        "## Severity policy",
        "",
        "A rule is an **error** when a document that breaks it cannot be genuine AWS output or a request AWS accepts: "
        "the service model states it, or the documentation states a requirement, an \"only\", the whole set of values, "
        "or a fact of the response itself. "
        "It is a **warning** when the documentation advises or implies it, when AWS is known to accept otherwise, or "
        "when its sentence binds only some of the jobs a response describes. Each rule's **basis** (the table below, "
        "`sagemaker-schema rules RULE`, the JSON and SARIF rule lists) names the clause that decides its severity:",
        "",
        "| basis | severity | rules | when |",
        "| --- | --- | --- | --- |",
    ]
    for clause, (severity, text) in POLICY.items():
        count = sum(r.severity_basis == clause for r in listed)
        lines.append(f"| `{clause}` | {severity} | {count} | {text.replace('|', chr(92) + '|')} |")
    return lines + [""]


def markdown() -> str:
    """docs/rules.md: generated from the rules themselves, never edited by hand."""
    listed = list(rules().values())
    counts = {(r.severity, r.layer): 0 for r in listed}
    for r in listed:
        counts[r.severity, r.layer] += 1
    lines = [
        "# Rules",
        "",
        "Generated by `sagemaker-schema rules --format markdown`; do not edit by hand.",
        "",
        ", ".join(f"{n} {severity}s in the {layer} layer" for (severity, layer), n in sorted(counts.items())) + ".",
        "",
        "Source: " + "; ".join(f"**{key}**, {text}" for key, text in SOURCES.items()) + " (where they disagree, the newer AWS statement decides the error; see docs/traceability.md).",
        "",
        "Operations: the documents a rule applies to: " + "; ".join(
            f"**{short}**, `{operation}` ({sum(operation in r.operations for r in listed)} rules)" for operation, short in SHORT.items()
        ) + ". A schema rule applies where its subschema is reachable from the operation's root schema; a Python rule where it is registered to run.",
        "",
        *policy_lines(),
        "| id | severity | basis | layer | source | operations | statement | field |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in listed:
        cells = (f"`{r.id}`", r.severity, r.severity_basis, r.layer, r.source, short_operations(r.operations), r.statement, r.field)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
