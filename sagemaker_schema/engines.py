"""The two validation engines and what they hand back.

- the compiled engine: jsonschema-rs built from the schema files (about 80 times faster
  than python-jsonschema here); it answers only for plain JSON values, anything else
  (datetimes, sets, ...) raises and the caller takes the reference path;
- the reference engine: python-jsonschema over the same files, through a `referencing`
  registry that refuses every other URI. Portable and exact; slow.

Both give SchemaFault records; `message` words a fault the same whichever engine found
it. A compiled fault's path is spelled as the document spells it (`document_parts`); one
that does not lead to the value judged sends the document to the reference engine.
`inspect` looks over a document before the engines see it: lists and maps past their
limit are cut (reported once, not item by item), and what the compiled engine gets wrong
(an empty-string key, a crowded list) sends the document to the reference engine.
"""
from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from . import schema
from .errors import InputError
from .patterns import meaning
from .records import SchemaFault
from .schema import Node, nodes

# --- the compiled engine ----------------------------------------------------------

BASE = "file:///sagemaker-schema/"  # never read: the registry holds the files, the retriever refuses the rest


@cache
def fast_validator(operation: str = schema.DEFAULT_OPERATION) -> Any | None:
    """The compiled validator of an operation's document (one per root, built on first
    use), or None when jsonschema-rs is not installed."""
    root = schema.root_file(operation)
    try:
        import jsonschema_rs
    except ImportError:
        return None
    files = {name: _rust_patterns(body) for name, body in schema.load_files().items()}
    registry = jsonschema_rs.Registry([(BASE + name, body) for name, body in files.items()], retriever=schema.refuse)
    return jsonschema_rs.validator_for(files[root], registry=registry, base_uri=BASE + root, retriever=schema.refuse)


GUARD = "$(?!\\n)"  # every pattern ends so: Python's `$` also matches before a final newline


def _rust_patterns(value: Any) -> Any:
    """A copy of a schema with each pattern's trailing `(?!\\n)` left out. In Rust's regex
    (as in ECMA-262) `$` is the end of the text only, so the guard changes no verdict; but a
    lookahead sends the whole pattern to the backtracking engine, which made patterns cost
    two thirds of a valid document's validation."""
    if isinstance(value, dict):
        out = {key: _rust_patterns(item) for key, item in value.items()}
        pattern = out.get("pattern")
        if isinstance(pattern, str) and pattern.endswith(")" + GUARD):
            out["pattern"] = pattern[: -len(GUARD) + 1]
        return out
    if isinstance(value, list):
        return [_rust_patterns(item) for item in value]
    return value


def compiled_faults(validator: Any, document: Any) -> Iterator[SchemaFault]:
    for error in validator.iter_errors(document):
        steps = tuple(error.evaluation_path)
        keyword, instance, key = steps[-1], error.instance, None
        if error.kind.name == "propertyNames":
            inner = error.kind.as_dict()["error"]
            key = inner.instance
            # the inner error's path: the outer one skips the map's propertyNames when they
            # are a $ref (it reads ".../Transformations/$ref/$defs/...", so no schema was found)
            steps = tuple(inner.evaluation_path)
            keyword, instance = steps[-1], inner.instance
        yield SchemaFault(
            keyword=keyword,
            steps=steps,
            parts=tuple(error.instance_path),
            instance=instance,
            key=key,
            fallback_message=error.message,
        )


class Unjudged(Exception):
    """The compiled engine cannot judge this document (found part-way through its faults)."""


def faults(fast: Any, document: dict) -> Iterator[SchemaFault] | None:
    """The compiled engine's faults, one by one as it finds them (a document may have a
    great many), or None without a compiled engine. Raises Unjudged, possibly part-way,
    when it cannot judge this document (a value it cannot take, or a number it read as
    null): the caller then normalises the document or asks the reference engine."""
    if fast is None:
        return None
    return _judged(fast, document)


def _judged(fast: Any, document: dict) -> Iterator[SchemaFault]:
    found = compiled_faults(fast, document)
    digit_keys: dict[int, dict] = {}
    while True:
        try:
            fault = next(found)
        except StopIteration:
            return
        except (ValueError, TypeError, OverflowError):
            raise Unjudged from None  # a value jsonschema-rs cannot take (a datetime, a set, a cycle, ...)
        parts = document_parts(document, fault.parts, digit_keys)
        if parts is None:
            raise Unjudged  # a key it cannot be spelled back to: the reference engine answers
        value = value_at(document, parts, _MISSING)
        judged = fault.instance if fault.key is None else {}  # a key's fault: the path leads to its map
        if value is _MISSING or _shape(value) != _shape(judged):
            raise Unjudged  # a path that does not lead to the value judged (an empty key left out)
        if fault.instance is None and value is not None:
            raise Unjudged  # it read a number it cannot hold (NaN, inf, beyond a double) as null
        # jsonschema-rs hands back maps with their keys sorted: quote the document's own
        # value, so a message reads the same on both engines
        quoted = value if fault.key is None and isinstance(fault.instance, (dict, list)) else fault.instance
        yield replace(fault, parts=parts, instance=quoted)


_MISSING = object()
_UNSIGNED = re.compile(r"\+?0*([0-9]{1,20})", re.ASCII)


def _shape(value: Any) -> type:
    return dict if isinstance(value, dict) else list if isinstance(value, (list, tuple)) else object


def document_parts(document: Any, parts: tuple, digit_keys: dict[int, dict]) -> tuple | None:
    """parts as the document spells them. jsonschema-rs writes a map key that reads as an
    unsigned integer ("1", "007", "+1") as that integer in its paths: such a step is
    turned back into the map's own key; None when none or two keys read as it ("7" and
    "007"). digit_keys: each map's digit keys by value, found once per map."""
    if not any(part.__class__ is int for part in parts):
        return parts
    out = []
    for part in parts:
        if isinstance(document, dict) and part.__class__ is int:
            table = digit_keys.get(id(document))
            if table is None:
                table = digit_keys[id(document)] = {}
                for key in document:
                    match = _UNSIGNED.fullmatch(key) if isinstance(key, str) else None
                    if match:
                        table.setdefault(int(match[1]), []).append(key)
            keys = table.get(part, ())
            if len(keys) != 1:
                return None
            part = keys[0]
        out.append(part)
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return tuple(out)


def is_valid(fast, document: dict) -> bool | None:
    """The compiled engine's verdict, or None for a value it cannot take (a datetime, ...)."""
    try:
        return fast.is_valid(document)
    except (ValueError, TypeError, OverflowError):
        return None  # normalised, or the slower paths decide


def _not_json(value: Any) -> None:
    return None  # datetimes and other Python values: the schema judges them, not this check


def refuse_non_finite(owner: Any, names: list) -> None:
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


def value_at(document: Any, parts: tuple, missing: Any = None) -> Any:
    for part in parts:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return missing
    return document


# --- the reference engine ---------------------------------------------------------

@cache
def reference_validator(operation: str = schema.DEFAULT_OPERATION) -> Any:
    from jsonschema import Draft202012Validator, validators

    plain_pattern = Draft202012Validator.VALIDATORS["pattern"]

    def pattern(validator, regex, instance, subschema):
        # a string of megabytes past the maxLength beside it: its length is reported, and
        # Python's re would take seconds over 50 MB (the compiled engine takes milliseconds)
        if isinstance(instance, str) and len(instance) > HEAVY and len(instance) > subschema.get("maxLength", len(instance)):
            return
        yield from plain_pattern(validator, regex, instance, subschema)

    engine = validators.extend(Draft202012Validator, {"pattern": pattern})
    return engine(schema.root_schema(operation), registry=schema.registry())


HEAVY = 1024 * 1024  # characters: a member name or string past this is far past any limit


def heavy(document: Any) -> bool:
    """Does the document hold a member name or string of more than HEAVY characters?
    jsonschema-rs copies a failing value into each of its errors, messages included (a
    50 MB name in an object missing six members: six copies and more, then a panic under
    a memory limit); the reference engine's errors refer to the value."""
    todo = [document]
    seen = set()  # a value that contains itself is walked once (the engines then refuse it)
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                if (isinstance(key, str) and len(key) > HEAVY) or (isinstance(item, str) and len(item) > HEAVY):
                    return True
                if isinstance(item, (dict, list, tuple)):
                    todo.append(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, str):
                    if len(item) > HEAVY:
                        return True
                elif isinstance(item, (dict, list, tuple)):
                    todo.append(item)
    return False


def reference_faults(document: Any, operation: str = schema.DEFAULT_OPERATION) -> Iterator[SchemaFault]:
    for error in reference_validator(operation).iter_errors(document):
        key = None
        if "propertyNames" in error.schema_path:
            key = error.instance  # the key that failed; the map is at error.path
        yield SchemaFault(
            keyword=error.validator,
            steps=tuple(error.schema_path),
            parts=tuple(error.absolute_path),
            instance=error.instance,
            key=key,
            fallback_message=error.message,
        )


# --- messages ---------------------------------------------------------------------

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
    return _closest(word, tuple(choices))


@lru_cache(maxsize=1024)
def _closest(word: str, choices: tuple[str, ...]) -> str:
    # remembered: a stream of responses repeats the same unknown member or value (what a
    # newer AWS adds, one generator's typo), and difflib costs tens of microseconds a word
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def message(fault: SchemaFault, subschema: Any, name: Any = None, length: int | None = None, suggest: bool = True) -> str:
    """What is wrong, in words, for a fault and the subschema holding its keyword; the
    same whichever engine found it."""
    kw, value = fault.keyword, fault.instance
    expected: Any = subschema.get(kw) if isinstance(subschema, dict) else None
    if kw == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {wanted}, found {_type_name(value)} {_short(value)}"
    if kw == "required":
        return f"required member {name!r} is missing"
    if kw == "additionalProperties":
        return f"unknown member {_name(name)}{_suggest(name, subschema.get('properties', {})) if suggest else ''}"
    if kw == "enum":
        return f"{_short(value)} is not one of: {', '.join(map(str, expected))}{_suggest(value, map(str, expected))}"
    if kw == "const":
        return f"{_short(value)} is not {_short(expected)}"
    if kw == "pattern":  # in words (patterns.py), never the raw expression; a rule's statement says its own
        said = meaning(subschema)
        return f"{_short(value)} is not {said}" if said else f"{_short(value)} does not match the pattern"
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
        return f"{_short(value)} is none of the forms allowed here{_suggest(value, _enum_values(subschema))}"
    return fault.fallback_message


def _enum_values(subschema: Any) -> list[str]:
    """The enum values an anyOf offers (for a 'did you mean')."""
    return [str(v) for _, node in nodes(subschema) if isinstance(node, dict) for v in node.get("enum", ())]


# --- inspection before the engines ------------------------------------------------

# items in a list or map without a limit past which the reference engine finds the faults:
# jsonschema-rs's error path holds every error (about 2 KB each) before it hands over the
# first, and turns quadratic past ~20,000 in one list; the reference engine's is lazy, so
# faults past --max-violations are counted, never held. A real list holds at most 100.
CROWDED = 1_000


class Inspected:
    """What one walk found: lists and maps past their limit, any empty-string map key, any
    list or map without a limit but with more than CROWDED items."""

    __slots__ = ("oversized", "empty_key", "crowded")

    def __init__(self):
        self.oversized: dict[tuple, int] = {}  # parts -> length before it was cut
        self.empty_key = False
        self.crowded = False


def _watched(node: Node) -> bool:
    """Does anything at or under node need looking at: a list or map (a size limit, map keys)?"""
    flag = node.__dict__.get("_watched")
    if flag is None:
        flag = node.items is not None or any(_watched(child) for child in node.members.values())
        node.__dict__["_watched"] = flag
    return flag


def _watched_members(node: Node) -> list:
    members = node.__dict__.get("_watched_members")
    if members is None:
        members = node.__dict__["_watched_members"] = [(name, child) for name, child in node.members.items() if _watched(child)]
    return members


def _inspect_children(value, pairs, parts: tuple, found, copy):
    """value, or a copy (dict or list) where inspect cut a child: (key, node, item) pairs."""
    out = None
    for key, child, item in pairs:
        if isinstance(item, (dict, list, tuple)):
            new, _ = inspect(item, child, parts + (key,), found)
            if new is not item:
                out = copy(value) if out is None else out
                out[key] = new
    return value if out is None else out


def inspect(value, node: Node | None, parts: tuple = (), found: Inspected | None = None):
    """(value, Inspected): every list or map longer than its largest limit cut to one item
    past it, so the size rule still fires and its items are never validated one by one;
    and whether a map holds an empty-string key. Walks only lists, maps and the structures
    that lead to them, never members the schema does not know."""
    found = Inspected() if found is None else found
    if node is None or not _watched(node):
        return value, found
    if isinstance(value, dict):
        if node.members and node.items is None:  # a structure: only its known members
            pairs = ((name, child, value.get(name)) for name, child in _watched_members(node))
            return _inspect_children(value, pairs, parts, found, dict), found
        if "" in value:  # a map, also one that names some of its keys (TextGenerationHyperParameters)
            found.empty_key = True
        if node.limit is not None and len(value) > node.limit:
            found.oversized[parts] = len(value)
            return dict(islice(value.items(), node.limit + 1)), found
        found.crowded = found.crowded or len(value) > CROWDED
        if node.members:
            children = ((key, node.child(key), item) for key, item in value.items())
            pairs = ((key, child, item) for key, child, item in children if child is not None and _watched(child))
            return _inspect_children(value, pairs, parts, found, dict), found
        items = node.items
        if items is None or not _watched(items):
            return value, found
        pairs = ((key, items, item) for key, item in value.items())
        return _inspect_children(value, pairs, parts, found, dict), found
    if isinstance(value, (list, tuple)):
        if node.limit is not None and not node.members and len(value) > node.limit:
            found.oversized[parts] = len(value)
            return list(value[: node.limit + 1]), found
        found.crowded = found.crowded or len(value) > CROWDED
        items = node.items
        if items is None or not _watched(items):
            return value, found
        pairs = ((index, items, item) for index, item in enumerate(value))
        return _inspect_children(value, pairs, parts, found, list), found
    return value, found
