"""Compare the schema files with the DescribeAutoMLJobV2 output shape of botocore's
service model, member by member. The tests use it to prove agreement; the `drift`
command reports what a newer (or user-supplied) model changed.

Only the schema's own constraints are compared: rule subschemas (`$defs/<rule-id>`) are
documented rules stacked on top of the model, and are left out on purpose.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from . import schema as schema_files
from .errors import ExplainedError, ModelError
from .records import Difference

EXPLAINED_FILE = Path(__file__).with_name("drift_explained.json")


# every kind of difference (README lists them; bounds are *-changed with min..max)
KINDS = ("member-added", "member-removed", "required-changed", "enum-value-added", "enum-value-removed",
         "length-changed", "pattern-changed", "range-changed", "size-changed", "type-changed")


def portable_pattern(model_pattern: str) -> str:
    """The schema's form of a model pattern: whole-string, ASCII, the same in Python,
    ECMA-262 and Rust. botocore's patterns match whole strings; JSON Schema's search."""
    p = model_pattern
    while p.startswith("(") and p.endswith(")") and _balanced(p[1:-1]):
        p = p[1:-1]
    if p.startswith("^") and p.endswith("$"):
        p = p[1:-1]
    p = p.replace("\\d", "[0-9]")
    p = p.replace("[\\S\\s]*", "[\\s\\S]*").replace("[\\S]+", "[^\\t\\n\\v\\f\\r ]+")
    # needless escapes inside classes are refused by ECMA's unicode mode: '-' goes last
    p = re.sub(r"\[([^\]]*)\]", _tidy_class, p)
    p = re.sub(r"(?<![\\\[])\.(?=[*+?])", r"[^\\r\\n]", p)  # '.' means any but a line break
    # ambiguous forms that backtrack quadratically on a long near-miss (a ReDoS),
    # rewritten to forms that match the same strings in linear time
    p = p.replace("[^\\r\\n]*/[^\\r\\n]*", "[^\\r\\n/]*/[^\\r\\n]*")
    p = p.replace("([^/]+)/?([^\\r\\n]*)", "([^/]+)(/[^\\r\\n]*)?")
    return "^(?:" + p + ")$(?!\\n)"


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _tidy_class(match: re.Match) -> str:
    body = match.group(1)
    if "\\-" not in body and "\\_" not in body:
        return match.group(0)
    return "[" + body.replace("\\_", "_").replace("\\-", "") + "-]"


# each operation of the package -> the service model's operation and the shape its document is
SHAPES = schema_files.SERVICE_OPERATIONS
OPERATION = SHAPES[schema_files.DEFAULT_OPERATION][0]


def load_model(data_path: str | None = None, operation: str = schema_files.DEFAULT_OPERATION):
    """(the operation's shape, model file) from botocore's loader, which honours AWS_DATA_PATH."""
    shapes, model_file = load_models(data_path, (operation,))
    return shapes[operation], model_file


def load_models(data_path: str | None = None, operations=tuple(schema_files.OPERATIONS)):
    """({operation: its shape}, model file) from botocore's loader, which honours
    AWS_DATA_PATH. Every shape is resolved here, so a broken model is a ModelError, never
    a crash later."""
    try:
        import botocore
        import botocore.session
    except ImportError as exc:
        from ._extras import hint

        raise ModelError(hint("drift", "botocore", "drift")) from exc
    model_file = None
    name = OPERATION
    try:
        session = botocore.session.get_session()
        if data_path:
            session.set_config_variable("data_path", data_path)
        model_file = _model_file(session.get_component("data_loader"))
        service = session.get_service_model("sagemaker")
        shapes = {}
        for operation in operations:
            name, side = SHAPES[operation]
            shape = getattr(service.operation_model(name), f"{side}_shape")
            if shape is None:
                raise ModelError(f"{name} has no {side} shape")
            _resolve_all(shape, set())
            shapes[operation] = shape
    except Exception as exc:
        where = f"{model_file or 'the sagemaker service model'} (botocore {botocore.__version__})"
        if isinstance(exc, ModelError):
            detail = str(exc)
        elif type(exc).__name__ == "OperationNotFoundError":  # its message is the bare name
            detail = f"no operation {name}"
        else:
            detail = f"{type(exc).__name__}: {exc}"
        raise ModelError(" ".join(f"cannot load {where}: {detail}".split())) from exc
    return shapes, model_file


def load_model_shape(data_path: str | None = None, operation: str = schema_files.DEFAULT_OPERATION):
    """The operation's shape from botocore's loader (which honours AWS_DATA_PATH)."""
    return load_model(data_path, operation)[0]


def _model_file(loader) -> str | None:
    # the file botocore's loader reads: the first search path (AWS_DATA_PATH first) that has it
    version = loader.determine_latest_version("sagemaker", "service-2")
    for root in loader.search_paths:
        for ext in (".json", ".json.gz"):
            path = os.path.join(root, "sagemaker", version, "service-2" + ext)
            if os.path.isfile(path):
                return path
    return None


def _resolve_all(shape, seen: set) -> None:
    if shape.name in seen:
        return
    seen.add(shape.name)
    children = {"structure": lambda: shape.members.values(), "list": lambda: [shape.member],
                "map": lambda: [shape.key, shape.value]}.get(shape.type_name, lambda: [])()
    for child in children:
        _resolve_all(child, seen)


def explained() -> dict[str, str]:
    """Deliberate differences: 'kind path' -> reason."""
    return {item["difference"]: item["reason"] for item in json.loads(EXPLAINED_FILE.read_text(encoding="utf-8"))}


def read_explained(path: str, entry: str = "difference", form: str = "KIND PATH", kinds=KINDS) -> dict[str, str]:
    """A user's accepted differences (``drift --explained FILE``), in the form of the
    package's own drift_explained.json: [{"difference": "KIND PATH", "reason": "..."}].
    The watch's accepted violations use the same form, ``entry`` "violation" and ``form``
    "RULE PATH" (``kinds`` None: the first word is checked by the caller)."""
    from .errors import InputError
    from .inputs import label, read_json

    shown = label(path)
    try:
        items = read_json(path)  # validate's input rules: a size cap, strict JSON, nesting
    except InputError as exc:
        raise ExplainedError(f"{shown}: {exc}") from None
    except MemoryError:
        raise ExplainedError(f"{shown}: too large to hold in memory") from None
    found: dict[str, str] = {}
    shape = f'{{"{entry}": "{form}", "reason": "..."}}'
    if not isinstance(items, list):
        raise ExplainedError(f"{shown}: expected a JSON list of {shape}")
    for n, item in enumerate(items):
        if not (isinstance(item, dict) and isinstance(item.get(entry), str) and isinstance(item.get("reason"), str)
                and (kinds is None or item[entry].split(" ")[0] in kinds)):
            raise ExplainedError(f"{shown}: entry {n} is not {shape}")
        found[item[entry]] = item["reason"]
    return found


def compare(shape=None, operation: str = schema_files.DEFAULT_OPERATION) -> list[Difference]:
    """The differences between an operation's schema and its shape in the model. Paths of
    the describe response as they always were; of another operation, prefixed with its
    name and a colon (`create-auto-ml-job-v2:Tags/*/Key`)."""
    shape = shape if shape is not None else load_model_shape(operation=operation)
    found = _compare(shape, schema_files.root_schema(operation), schema_files.root_file(operation), "")
    if operation == schema_files.DEFAULT_OPERATION:
        return list(found)
    return [replace(d, path=f"{operation}:{d.path}") for d in found]


def compare_all(shapes: dict | None = None) -> list[Difference]:
    """The differences of every operation (load_models' shapes), the describe response first."""
    shapes = shapes if shapes is not None else load_models()[0]
    return [d for operation, shape in shapes.items() for d in compare(shape, operation)]


def _resolve(schema, file: str):
    """schema with each $ref replaced by its target (the target's members first), and
    the file the result's own $refs resolve against."""
    while isinstance(schema, dict) and "$ref" in schema:
        file, target = schema_files.resolve(file, schema["$ref"])
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref" and k not in target}}
    return schema, file


_TYPES = {"structure": "object", "list": "array", "map": "object", "string": "string", "integer": "integer",
          "long": "integer", "float": "number", "double": "number", "boolean": "boolean", "timestamp": "timestamp"}


def _compare(shape, schema, file: str, path: str) -> Iterator[Difference]:
    is_timestamp = isinstance(schema, dict) and str(schema.get("$ref", "")).endswith("#/$defs/timestamp")
    schema, file = _resolve(schema, file)
    wanted = _TYPES.get(shape.type_name, shape.type_name)
    found = "timestamp" if is_timestamp else schema.get("type")
    if wanted != found:
        yield Difference("type-changed", path, wanted, found)
        return
    md = shape.metadata
    if shape.type_name == "structure":
        model_members, schema_members = set(shape.members), set(schema.get("properties", {}))
        for name in sorted(model_members - schema_members):
            yield Difference("member-added", _join(path, name), shape.members[name].type_name, None)
        for name in sorted(schema_members - model_members):
            yield Difference("member-removed", _join(path, name), None, "defined")
        if set(shape.required_members) != set(schema.get("required", [])):
            yield Difference("required-changed", path, sorted(shape.required_members), sorted(schema.get("required", [])))
        for name in sorted(model_members & schema_members):
            yield from _compare(shape.members[name], schema["properties"][name], file, _join(path, name))
    elif shape.type_name == "list":
        yield from _bounds(path, "size-changed", md, schema, "minItems", "maxItems")
        yield from _compare(shape.member, schema.get("items", {}), file, _join(path, "*"))
    elif shape.type_name == "map":
        yield from _bounds(path, "size-changed", md, schema, "minProperties", "maxProperties")
        yield from _compare(shape.key, schema.get("propertyNames", {}), file, _join(path, "<key>"))
        yield from _compare(shape.value, schema.get("additionalProperties", {}), file, _join(path, "*"))
    elif shape.type_name == "string":
        model_enum, schema_enum = set(getattr(shape, "enum", None) or ()), set(schema.get("enum", ()))
        for branch in schema.get("anyOf", ()):  # a value with several forms (final-metric-name): its enum part
            schema_enum |= set(_resolve(branch, file)[0].get("enum", ()))
        for value in sorted(model_enum - schema_enum):
            yield Difference("enum-value-added", path, value, None)
        for value in sorted(schema_enum - model_enum):
            yield Difference("enum-value-removed", path, None, value)
        yield from _bounds(path, "length-changed", md, schema, "minLength", "maxLength")
        model_pattern = portable_pattern(md["pattern"]) if "pattern" in md else None
        if model_pattern != schema.get("pattern"):
            yield Difference("pattern-changed", path, md.get("pattern"), schema.get("pattern"))
    elif shape.type_name in ("integer", "long", "float", "double"):
        yield from _bounds(path, "range-changed", md, schema, "minimum", "maximum")


def _bounds(path, kind, md, schema, low_key, high_key) -> Iterator[Difference]:
    model_low = md.get("min") or None  # a model min of 0 adds nothing for lengths and sizes
    if low_key == "minimum":
        model_low = md.get("min")
    model = (model_low, md.get("max"))
    ours = (schema.get(low_key), schema.get(high_key))
    if model != ours:
        yield Difference(kind, path, list(model), list(ours))


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def unexplained(differences: list[Difference]) -> list[Difference]:
    known = explained()
    return [d for d in differences if d.key() not in known]


def report(differences: list[Difference], extra: dict[str, str] | None = None) -> list[dict]:
    """Each difference as a dict, marked explained (with its reason) or not. extra: a
    user's own explanations (``--explained FILE``), beside the package's."""
    known = {**explained(), **(extra or {})}
    return [{**d.as_dict(), "explained": d.key() in known, "reason": known.get(d.key())} for d in differences]


_BOUNDS = {"length-changed", "size-changed", "range-changed"}


def describe(item: dict) -> str:
    """One line: 'kind path: model X, schema Y' (bounds as min..max), then the reason of an
    explained one. 'kind path' is also the key of an entry in drift_explained.json."""
    key = Difference(item["kind"], item["path"], item["model"], item["schema"]).key()
    line = f"{key}: model {_show(item['kind'], item['model'])}, schema {_show(item['kind'], item['schema'])}"
    return line + (f" [explained: {item['reason']}]" if item["explained"] else "")


def _show(kind: str, value) -> str:
    if value is None:
        return "absent"
    if kind in _BOUNDS:
        low, high = ("" if v is None else v for v in value)
        return f"{low}..{high}" if (low, high) != ("", "") else "unbounded"
    return json.dumps(value, ensure_ascii=False)
