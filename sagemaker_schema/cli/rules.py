"""`sagemaker-schema rules [RULE]`: every rule, or one rule in full. Its statement, severity and layer,
the documentation sentence behind it, where it is enforced (schema file and JSON
Pointer, keyword, or Python function), and a response that breaks it."""
from __future__ import annotations

import difflib
import inspect
import sys
from pathlib import Path
from typing import Any

from ..catalogue import KEYWORD_RULES, SOURCES, rules, short_operations
from ..errors import UnknownRule
from ..policy import POLICY
from ..records import pointer
from .common import EXIT_INPUT, EXIT_VALID


def detail(rule_id: str) -> dict[str, Any]:
    known = rules()
    if rule_id not in known:
        from ..generate.documents import shown

        close = difflib.get_close_matches(rule_id, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else " (sagemaker-schema rules lists them)"
        raise UnknownRule(f"no rule {shown(rule_id)}{hint}")  # a long name is cut, not echoed
    rule = known[rule_id]
    return {
        **rule.as_dict(),
        "enforced_by": _enforced_by(rule_id, rule.layer),
        "example": _example(rule_id, rule.severity),
        "kept_by": _kept_by(rule_id),
        "fixtures": _fixtures(rule_id),
    }


def _enforced_by(rule_id: str, layer: str) -> list[str]:
    from .. import pyrules, schema

    if layer == "python":
        check = pyrules.CHECKS[rule_id]
        line = inspect.getsourcelines(check)[1]
        return [f"sagemaker_schema.pyrules.{check.__name__} (sagemaker_schema/pyrules.py line {line})"]
    places = [(file, f"/$defs/{rule_id}", node) for file, node in [schema.rule_subschemas().get(rule_id, (None, None))] if file]
    places += [(file, f"/$defs/{group}/$defs/{rule_id}", node)
               for rule, file, group, node in schema.grouped_rule_subschemas() if rule == rule_id]
    if places:
        # each subschema of the rule, $defs/<rule-id> (a request form one level down), then each place that applies it by $ref
        found = []
        for file, where, subschema in places:
            found.append(f"{file}#{where}")
            found += [f"{name}#{pointer(path)} ($ref to it)" for name, path, _, target in schema.references() if target is subschema]
        return found
    keywords = ["propertyNames"] if rule_id == "map-key" else [k for k, r in KEYWORD_RULES.items() if r == rule_id]
    return [f"the JSON Schema keyword{'s' * (len(keywords) > 1)} {', '.join(keywords)}, wherever the schema files use "
            "them outside a rule's subschema ($defs/<rule-id>)"]


def _example(rule_id: str, severity: str) -> dict[str, Any] | None:
    """A document the generator breaks on this rule alone (error rules; warnings are never
    generated), and the violation it gets: a response, or for a rule only a request can
    break, CreateAutoMLJobV2 parameters."""
    if severity != "error":
        return None
    from .. import generate as _generate
    from ..schema import DEFAULT_OPERATION
    from ..validator import validate

    draw = _generate.RandomDraw(f"rules:{rule_id}")
    if DEFAULT_OPERATION in rules()[rule_id].operations:
        (violation,) = validate(_generate.invalid_response(draw, rule_id))
        command = f"sagemaker-schema generate --invalid {rule_id}"
    elif rule_id in _generate.request_error_rules():
        operation = "create-auto-ml-job-v2"
        (violation,) = validate(_generate.invalid_request(draw, rule_id), operation=operation)
        command = f"sagemaker-schema generate --operation {operation} --invalid {rule_id}"
    else:
        return None
    return {"command": command, "path": violation.path, "message": violation.message}


def _kept_by(rule_id: str) -> list[str]:
    """The generator's pieces that keep valid responses inside the rule."""
    from ..generate import keepers

    return keepers(rule_id)


def _fixtures(rule_id: str) -> list[str]:
    """This project's cases for the rule, in a source checkout (not in a wheel): those that
    break it (tests/rules/<rule-id>/invalid/), then those at its boundary (valid/), then
    the requests that break it (request-invalid/)."""
    folder = Path(__file__).resolve().parents[2] / "tests" / "rules" / rule_id
    return [f"tests/rules/{rule_id}/{kind}/{p.name}" for kind in ("invalid", "valid", "request-invalid")
            for p in sorted((folder / kind).glob("*.json"))]


def text(item: dict[str, Any]) -> str:
    lines = [
        f"{item['id']}  ({item['severity']}, {item['layer']} layer)",
        f"  statement:   {item['statement']}",
        f"  field:       {item['field']}",
        f"  documented:  {item['doc'] or '(each member cites its own documentation)'}",
        f"  severity:    {item['severity']}, by the policy's clause {item['severity_basis']}: {POLICY[item['severity_basis']][1]}",
        f"  source:      {SOURCES.get(item['source'], item['source'])}",
        f"  operations:  {', '.join(item['operations'])}",
    ]
    lines += [f"  enforced by: {where}" for where in item["enforced_by"]]
    example = item["example"]
    if example:
        lines.append(f"  broken by:   {example['command']}")
        lines.append(f"               e.g. {example['path'] or '(document)'}: {example['message']}")
    lines += [f"  kept by:     {piece} (generator)" for piece in item["kept_by"]]
    lines += [f"  fixture:     {path}" for path in item["fixtures"]]
    if not example and not item["fixtures"]:
        lines.append("  broken by:   (a warning: the generators never break warnings)")
    return "\n".join(lines) + "\n"


def command(args) -> int:
    import json

    from ..catalogue import markdown, rules

    if args.rule is not None:
        if args.format == "markdown":
            print("sagemaker-schema rules: error: --format markdown lists every rule; for one rule: text or json", file=sys.stderr)
            return EXIT_INPUT
        try:
            item = detail(args.rule)
        except UnknownRule as exc:
            print(f"sagemaker-schema rules: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        if args.format == "json":
            json.dump(item, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(text(item))
        return EXIT_VALID
    listed = list(rules().values())
    if args.format == "markdown":
        sys.stdout.write(markdown())
    elif args.format == "json":
        json.dump([r.as_dict() for r in listed], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        width = max(len(r.id) for r in listed)
        operations = max(len(short_operations(r.operations)) for r in listed)
        for r in listed:
            print(f"{r.id:<{width}}  {r.severity:<7}  {r.source:<8}  {short_operations(r.operations):<{operations}}  {r.statement}")
    return EXIT_VALID
