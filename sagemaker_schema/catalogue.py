"""Every rule the validator enforces, with its id, severity and statement.

Three sources, one home each:
- generic rules, one per kind of JSON Schema keyword (below);
- anchored rules: a subschema in the schema files that carries ``$anchor`` (the rule
  id), ``title`` (the statement) and ``description`` (the documentation behind it);
- Python rules: functions registered in ``sagemaker_schema.pyrules``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" or "warning"
    statement: str  # one line
    field: str  # the member(s) of the response it is about
    layer: str  # "schema" (JSON Schema files) or "python" (rules layer)
    doc: str = ""  # documentation statement; generic rules cite each member's own

    def as_dict(self) -> dict:
        return asdict(self)


EVERY = "(every member)"

# JSON Schema keyword -> generic rule id. A keyword inside a subschema that carries
# an $anchor reports that anchored rule instead.
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
    Rule("type", "error", "Every member has the JSON type the API gives it (string, integer, number, boolean, list, map or structure).", EVERY, "schema"),
    Rule("required", "error", "Every member the API marks required is present.", EVERY, "schema"),
    Rule("unknown-member", "error", "A structure has no member the API does not define (a warning with --allow-unknown-members).", EVERY, "schema"),
    Rule("enum", "error", "An enumerated member holds one of the documented values.", EVERY, "schema"),
    Rule("pattern", "error", "A string matches the service model's pattern as a whole string.", EVERY, "schema"),
    Rule("length", "error", "A string's length is within the service model's minimum and maximum.", EVERY, "schema"),
    Rule("range", "error", "A number is within the service model's minimum and maximum.", EVERY, "schema"),
    Rule("size", "error", "A list or map has between the service model's minimum and maximum number of entries.", EVERY, "schema"),
    Rule("map-key", "error", "A map key has the form the API gives its keys (an enum, a pattern or a length).", EVERY, "schema"),
)


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """All rules by id, in a stable order: generic, anchored, then Python rules."""
    from . import _engine, pyrules

    found = {rule.id: rule for rule in GENERIC_RULES}
    engine = _engine.engine()
    for anchor, subschema in sorted(engine.anchored.items()):
        found[anchor] = Rule(
            id=anchor,
            severity="error",
            statement=subschema.get("title", anchor),
            field=", ".join(sorted(engine.anchor_fields.get(anchor, ()))),
            layer="schema",
            doc=subschema.get("description", ""),
        )
    for rule in pyrules.RULES.values():
        found[rule.id] = rule
    return found
