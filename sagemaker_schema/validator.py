"""Validate a DescribeAutoMLJobV2 response: both layers, one violation per fault."""
from __future__ import annotations

import datetime as _dt
import difflib
import heapq
import json
import math
import numbers
from dataclasses import replace
from itertools import islice
from typing import Any, Iterable

from . import _doctree, _engine, _fast, pyrules
from ._safe import utf8
from ._schemamap import locate, tree
from .catalogue import KEYWORD_RULES, rules

from .errors import InputError, InvalidResponse
from .records import SchemaFault, Violation, Violations, pointer

MODEL_RULES = frozenset(KEYWORD_RULES.values()) | {"map-key"}


def parse(doc: Any) -> Any:
    """JSON text or bytes to a value; anything else is returned unchanged."""
    if isinstance(doc, (str, bytes, bytearray, memoryview)):
        from .loader import parse_json  # strict decoding lives with the rest of input handling

        return parse_json(doc)
    return doc


def normalise(value: Any) -> Any:
    """boto3 form to JSON form: datetimes become ISO 8601 strings, tuples lists. Copies
    only what changes. Numbers JSON has no word for (NaN, ...) are an InputError."""
    if isinstance(value, dict):
        out = None
        for key, item in value.items():
            new = normalise(item)
            if new is not item:
                if out is None:
                    out = dict(value)
                out[key] = new
        return value if out is None else out
    if isinstance(value, list):
        new_items = [normalise(item) for item in value]
        return value if all(a is b for a, b in zip(new_items, value)) else new_items
    if isinstance(value, tuple):  # serialised as a JSON array, so validated as one
        return [normalise(item) for item in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()  # a naive datetime has no offset and fails the timestamp rule
    if value.__class__ is float:
        if value - value == 0:  # false for NaN and the infinities
            return value
    elif value.__class__ is int:
        if value.bit_length() <= 14_000:  # exact at any size, ranges judge it; past ~4300 digits Python cannot print it
            return value
        raise InputError("an integer of more than 4000 digits is not a JSON number")
    elif value.__class__ in _NOT_NUMBERS or not isinstance(value, numbers.Number) or _finite(value):
        return value
    # JSON text refuses them too; NaN would pass every range check (its comparisons are all false)
    raise InputError(f"{repr(value)[:40]} is not a JSON number (JSON numbers are finite and real)")


_NOT_NUMBERS = (str, bool, type(None))


def _finite(number) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an exact number (Fraction) too large for a double
        return True
    except (TypeError, ValueError):  # complex, Decimal('sNaN')
        return False


def _short(value: Any, limit: int = 60) -> str:
    try:  # a 50 MB string is cut before it is quoted, not after
        text = json.dumps(value[: limit * 2] if isinstance(value, str) else value, default=repr, ensure_ascii=False)
    except (TypeError, ValueError):  # keys JSON cannot have (a tuple), an int of more than 4300 digits
        text = "(not representable as JSON)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


_JSON_TYPE = {dict: "a structure", list: "a list", str: "a string", bool: "a boolean", int: "an integer", float: "a number", type(None): "null"}


def _type_name(value: Any) -> str:
    return _JSON_TYPE.get(type(value), f"a Python {type(value).__name__}")


def _name(name: Any) -> str:
    """A member name for a message: repr, cut like values (a 10 MB name is not echoed)."""
    shown = repr(name[:200] if isinstance(name, str) else name)
    return shown if len(shown) <= 80 else shown[:79] + "…"


SUGGEST = 20  # "did you mean" for the first unknown members of an object only: difflib is slow


def _suggest(word: Any, choices: Iterable[str]) -> str:
    if not isinstance(word, str) or len(word) > 100:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _message(fault: SchemaFault, schema: Any, name: Any = None, length: int | None = None, suggest: bool = True) -> str:
    kw, value = fault.keyword, fault.instance
    expected = schema.get(kw) if isinstance(schema, dict) else None
    if kw == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {wanted}, found {_type_name(value)} {_short(value)}"
    if kw == "required":
        return f"required member {name!r} is missing"
    if kw == "additionalProperties":
        return f"unknown member {_name(name)}{_suggest(name, schema.get('properties', {})) if suggest else ''}"
    if kw == "enum":
        return f"{_short(value)} is not one of: {', '.join(map(str, expected))}{_suggest(value, map(str, expected))}"
    if kw == "const":
        return f"{_short(value)} is not {_short(expected)}"
    if kw == "pattern":
        shown = f" {expected}" if len(expected) <= 80 else ""
        return f"{_short(value)} does not match the pattern{shown}"
    if kw in ("minLength", "maxLength"):
        bound = "at least" if kw == "minLength" else "at most"
        return f"length {len(value)} is not {bound} {expected}: {_short(value)}"
    if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kw]
        return f"{_short(value)} is not {relation} {expected}"
    if kw in ("minItems", "maxItems", "minProperties", "maxProperties"):
        bound = "at least" if kw.startswith("min") else "at most"
        what = "members" if kw.endswith("Properties") else "items"
        found = ", ".join(_short(str(key), 40) for key in islice(value, 10)) if isinstance(value, dict) else ""
        count = len(value) if length is None else length
        more = f", … {count - 10:,} more" if found and count > 10 else ""
        return f"{count:,} {what}, expected {bound} {expected}" + (f" ({found}{more})" if found else "")
    if kw in ("contains", "minContains", "maxContains"):
        return "the list does not hold the entries this rule asks for"
    if kw == "uniqueItems":
        return "the list repeats an entry"
    if kw == "not":
        return "a member that must be absent here is present"
    if kw == "anyOf":
        return f"{_short(value)} is none of the forms allowed here{_suggest(value, _enum_values(schema))}"
    return fault.fallback_message


def _enum_values(schema: Any) -> list[str]:
    """The enum values an anyOf offers (for a 'did you mean')."""
    from ._schemafiles import nodes

    return [str(v) for _, node in nodes(schema) if isinstance(node, dict) for v in node.get("enum", ())]


NEWER = pyrules.NEWER
# rules that report a value the schema does not know (a member, an enum value, a union
# member): with allow_unknown they are what a newer AWS adds, so warnings
ADDITIONS = frozenset({"unknown-member", "enum", "final-metric-name"})


class Validator:
    """Validates documents against the schema files and the rules layer.

    Two engines give the same verdicts: jsonschema-rs (compiled, for plain JSON values)
    and python-jsonschema (the reference, for anything else, or with reference=True)."""

    def __init__(self, *, allow_unknown: bool = False, allow_unknown_members: bool = False, reference: bool = False,
                 max_violations: int | None = None):
        self.allow_unknown = allow_unknown
        self.allow_unknown_members = allow_unknown_members or allow_unknown
        self.max_violations = max_violations  # None: all; else the first N in path order, the rest counted
        self._fast = None if reference else _fast.fast_validator()

    def validate(self, doc: Any) -> Violations:
        doc = parse(doc)
        if not isinstance(doc, dict):
            raise InputError(f"the document is {_type_name(doc)}, not a structure (a JSON object)")
        try:
            oversized: dict = {}
            if self._fast is not None and _is_valid(self._fast, doc):
                faults = ()
            else:
                # a list or map past its limit is reported once, its items not one by one
                doc, seen = _doctree.inspect(doc, tree()[0])
                oversized = seen.oversized
                # jsonschema-rs leaves an empty-string key out of its paths, and its error path
                # is quadratic in the errors of one list: the reference engine answers then
                compiled = not (seen.empty_key or seen.crowded)
                faults = self._fast_faults(doc) if compiled else None
                if faults is None:  # not plain JSON (boto3's datetimes, ...): normalise first
                    doc = normalise(doc)
                    faults = self._fast_faults(doc) if compiled else None
            if faults is None:  # still not plain JSON, or no compiled engine: the reference
                faults = _engine.faults(doc)
            skipped: list[tuple[int, str]] = []  # (unknown members past max_violations, their severity)
            found = list(self._schema_violations(faults, doc, oversized, skipped))
            found.extend(self._violation(rule.id, parts, message) for rule, parts, message in pyrules.run(doc))
        except RecursionError:
            raise InputError("the document is nested too deeply (or contains itself)") from None
        except InputError:
            raise
        except Exception as exc:  # a caller's value whose __eq__, __hash__ or __repr__ raises, a dict changed meanwhile
            raise InputError(f"the document could not be read: {type(exc).__name__} from one of its values") from None
        if oversized:
            inside = tuple(pointer(parts) + "/" for parts in oversized)
            found = [v for v in found if not v.path.startswith(inside)]
        result = Violations(_one_per_fault(found) if found else ())
        for count, severity in skipped:
            result.omitted += count
            result.omitted_errors += count if severity == "error" else 0
        if self.max_violations is not None and len(result) > self.max_violations:
            result.omitted += len(result) - self.max_violations
            result.omitted_errors += sum(v.severity == "error" for v in result[self.max_violations:])
            del result[self.max_violations:]
        return result

    def _fast_faults(self, doc: dict):
        if self._fast is None:
            return None
        try:
            found = list(_fast.faults(self._fast, doc))
        except (ValueError, TypeError, OverflowError):
            return None  # a value jsonschema-rs cannot take (a datetime, a set, a cycle, ...)
        if any(fault.instance is None and _value_at(doc, fault.parts) is not None for fault in found):
            return None  # it read a number it cannot hold (NaN, inf, beyond a double) as null
        # jsonschema-rs hands back maps with their keys sorted: quote the document's own
        # value, so a message reads the same on both engines
        return [
            replace(fault, instance=_value_at(doc, fault.parts)) if fault.key is None and isinstance(fault.instance, (dict, list)) else fault
            for fault in found
        ]

    def _schema_violations(self, faults, doc: dict, oversized: dict, skipped: list):
        for fault in faults:
            rule_id, schema = locate(fault.steps)
            parts = fault.parts
            if rule_id is None:
                rule_id = "map-key" if fault.key is not None and fault.keyword != "type" else KEYWORD_RULES.get(fault.keyword, "type")
            if fault.keyword == "required":
                for name in schema.get("required", ()):
                    if isinstance(fault.instance, dict) and name not in fault.instance:
                        yield self._violation(rule_id, parts + (name,), _message(fault, schema, name), rule_message=True)
                continue
            if fault.keyword == "additionalProperties" and schema.get("additionalProperties") is False:
                known = schema.get("properties", {})
                unknown = [name for name in fault.instance if name not in known]
                # not walked, but held to JSON: NaN or an infinity is an input error anywhere
                _refuse_non_finite(_value_at(doc, parts), unknown)
                limit = self.max_violations
                if limit is not None and len(unknown) > limit:
                    # only the first `limit` in path order can be listed: build those, count the rest
                    extra = len(unknown) - limit
                    unknown = heapq.nsmallest(limit, unknown, key=lambda name: pointer((name,)))
                    skipped.append((extra, self._severity(rule_id)))
                for count, name in enumerate(unknown):
                    message = _message(fault, schema, name, suggest=count < SUGGEST)
                    yield self._violation(rule_id, parts + (name,), message, rule_message=True)
                continue
            absent = schema.get("not", {}).get("required") if fault.keyword == "not" else None
            if absent and len(absent) == 1:
                # "must not have X": point at X itself
                yield self._violation(rule_id, parts + (absent[0],), f"member {absent[0]!r} must be absent here", rule_message=True)
                continue
            if fault.key is not None:
                # a map key failed: point at the member it names; an unknown enum key is an addition
                addition = fault.keyword == "enum" and isinstance(fault.key, str) and fault.key != ""
                yield self._violation(rule_id, parts + (fault.key,), "key: " + _message(fault, schema), rule_message=True, addition=addition)
                continue
            yield self._violation(rule_id, parts, _message(fault, schema, length=oversized.get(parts)), rule_message=True,
                                  addition=rule_id in ADDITIONS and isinstance(fault.instance, str) and fault.instance != "")

    def _severity(self, rule_id: str, addition: bool = False) -> str:
        if self.allow_unknown and (addition or rule_id == "unknown-member"):
            return "warning"  # what a newer AWS adds
        if rule_id == "unknown-member" and self.allow_unknown_members:
            return "warning"
        return rules()[rule_id].severity

    def _violation(self, rule_id: str, parts: tuple, message: str, rule_message: bool = False, addition: bool = False) -> Violation:
        rule = rules()[rule_id]
        severity = self._severity(rule_id, addition)
        if self.allow_unknown and (addition or rule_id == "unknown-member"):
            message = f"{message}: {NEWER}"
        doc = rule.doc
        if not doc:
            # an unknown member or a bad key is documented by the structure or map holding it
            owner = parts[:-1] if rule_id in ("unknown-member", "map-key") else parts
            doc = _doctree.doc_for(tree()[0], owner)
        if rule_message and rule.layer == "schema" and rule.id not in MODEL_RULES and rule.statement not in message:
            message = f"{rule.statement}: {message}"
        return Violation(rule_id, severity, utf8(pointer(parts)), utf8(message), doc)


def _is_valid(fast, doc: dict) -> bool:
    try:
        return fast.is_valid(doc)
    except (ValueError, TypeError, OverflowError):
        return False  # a value jsonschema-rs cannot take: the slower paths decide


def _not_json(value: Any) -> None:
    return None  # datetimes and other Python values: the schema judges them, not this check


def _refuse_non_finite(owner: Any, names: list) -> None:
    """NaN and the infinities are input errors, also inside members the schema does not
    know (which are otherwise not walked); json's encoder finds them at C speed."""
    if not isinstance(owner, dict):
        return
    try:
        json.dumps([owner[name] for name in names], allow_nan=False, skipkeys=True, default=_not_json)
    except ValueError as exc:
        if "Circular" in str(exc):
            raise RecursionError from None
        raise InputError("NaN or an infinity is not a JSON number (JSON numbers are finite and real)") from None
    except (TypeError, OverflowError):
        pass


def _value_at(doc: Any, parts: tuple) -> Any:
    for part in parts:
        try:
            doc = doc[part]
        except (KeyError, IndexError, TypeError):
            return None
    return doc


def _one_per_fault(found: list[Violation]) -> list[Violation]:
    """One violation per fault. A value of the wrong type: only the type error. A
    string too long for a pattern that also bounds its length: only the length. A value
    the service model already refuses: not also the documented rules about it. A value
    already in error: not also a warning about it (a resolved value that differs from a
    configured one it should repeat, ...)."""
    mistyped = {v.path for v in found if v.rule == "type"}
    in_error = {v.path for v in found if rules()[v.rule].severity == "error"}  # even where allow_unknown made it a warning
    too_long = {v.path for v in found if v.rule == "length"}
    model_faults = {v.path for v in found if v.rule in MODEL_RULES}
    seen = set()
    kept = []
    for v in found:
        key = (v.path, v.rule, v.message)
        if (
            key in seen
            or (v.path in mistyped and v.rule != "type")
            or (v.path in too_long and v.rule == "pattern")
            or (v.path in model_faults and v.rule not in MODEL_RULES)
            or (v.path in in_error and rules()[v.rule].severity == "warning")
        ):
            continue
        seen.add(key)
        kept.append(v)
    return sorted(kept, key=lambda v: (v.path, v.rule))


_DEFAULT: dict[tuple[bool, bool], Validator] = {}


def _validator(allow_unknown: bool, allow_unknown_members: bool) -> Validator:
    # one compiled validator per setting, built on first use
    key = (allow_unknown, allow_unknown_members)
    if key not in _DEFAULT:
        _DEFAULT[key] = Validator(allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    return _DEFAULT[key]


def validate(doc: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False) -> list[Violation]:
    """Every violation in ``doc`` (empty when valid). ``doc``: a dict in wire or boto3
    form, or JSON text/bytes. Raises InputError when it is not a document at all.

    ``allow_unknown``: what a newer AWS adds (unknown members, enum values, union
    members) is a warning, not an error. ``allow_unknown_members``: unknown members only."""
    return _validator(allow_unknown, allow_unknown_members).validate(doc)


def is_valid(doc: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False) -> bool:
    """True when ``doc`` breaks no rule of severity error."""
    found = validate(doc, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    return not any(v.severity == "error" for v in found)


def assert_valid(doc: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False) -> None:
    """Raise InvalidResponse listing every error-severity violation."""
    found = validate(doc, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    errors = [v for v in found if v.severity == "error"]
    if errors:
        lines = [f"{v.path or '(document)'}: [{v.rule}] {v.message}" for v in errors]
        raise InvalidResponse(errors, f"{len(errors)} violation(s) of the DescribeAutoMLJobV2 contract:\n" + "\n".join(lines))
