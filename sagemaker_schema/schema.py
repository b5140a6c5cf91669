"""The schema files: found, loaded, walked, `$ref`-resolved and indexed, in one place.

The files live in ``schemas/`` at the top of the source tree and are copied into the
wheel as ``sagemaker_schema/schemas``; both places are looked up, nothing else, and a
`$ref` to anything but these files is an error, never a download.

One raw walk (`nodes`, every JSON value), one schema walk (`walk`, every subschema that
applies at a member path, through `$ref`s across files), one `$ref` resolver (`resolve`).
The indexes built from them: each rule's subschema (`$defs/<rule-id>`), the rule a
subschema stands for, the member tree with each member's documentation, the member
paths each rule guards, every `$ref` in the files; and `locate`, which maps a failing
keyword back to its rule. The validator, `drift`, `bundle`, the generator and the tests
all read the schema through this module.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .errors import SchemaError

ROOT_FILE = "describe-auto-ml-job-v2-response.json"
# One entry point per kind of document: the operation's name (as the AWS CLI spells it)
# -> its root schema file. The first is the default, the describe response, as before.
# An operation's name stands for the document a user holds of it: the response where the
# response is the interesting side (describe, list), the request where it is (create,
# stop: its response is empty); the name with "-request" added for the other side of
# an operation whose response is already one (the List operations' parameters).
OPERATIONS: dict[str, str] = {
    "describe-auto-ml-job-v2": ROOT_FILE,
    "create-auto-ml-job-v2": "create-auto-ml-job-v2-request.json",
    "list-candidates-for-auto-ml-job": "list-candidates-for-auto-ml-job-response.json",
    "stop-auto-ml-job": "stop-auto-ml-job-request.json",
    "list-auto-ml-jobs": "list-auto-ml-jobs-response.json",
    "list-auto-ml-jobs-request": "list-auto-ml-jobs-request.json",
    "list-candidates-for-auto-ml-job-request": "list-candidates-for-auto-ml-job-request.json",
}
DEFAULT_OPERATION = "describe-auto-ml-job-v2"
# each operation -> the service model's operation and the side of it the document is
# ("output": a response, "input": a request); drift, the watch and the boto3 form read it.
# An operation's "-request" entry comes before the entry of its response: a table keyed
# by the service's operation alone (the watch's) keeps the side the operation is named for.
SERVICE_OPERATIONS: dict[str, tuple[str, str]] = {
    "describe-auto-ml-job-v2": ("DescribeAutoMLJobV2", "output"),
    "create-auto-ml-job-v2": ("CreateAutoMLJobV2", "input"),
    "list-candidates-for-auto-ml-job-request": ("ListCandidatesForAutoMLJob", "input"),
    "list-candidates-for-auto-ml-job": ("ListCandidatesForAutoMLJob", "output"),
    "stop-auto-ml-job": ("StopAutoMLJob", "input"),
    "list-auto-ml-jobs-request": ("ListAutoMLJobs", "input"),
    "list-auto-ml-jobs": ("ListAutoMLJobs", "output"),
}


def api_name(operation: str) -> str:
    """The API's name of an operation's document: the operation (DescribeAutoMLJobV2), or
    its input shape's name where the operation's name is the response's (ListAutoMLJobsRequest)."""
    api, _ = SERVICE_OPERATIONS[operation]
    return api + "Request" if operation.endswith("-request") else api


def operation_named(name: str) -> str | None:
    """The operation a name spells, as the AWS CLI (describe-auto-ml-job-v2), boto3
    (describe_auto_ml_job_v2) or the API (DescribeAutoMLJobV2; ListAutoMLJobsRequest for
    list-auto-ml-jobs-request) writes it; else None."""
    for operation in SERVICE_OPERATIONS:
        if name in (operation, operation.replace("-", "_"), api_name(operation)):
            return operation
    return None


def operation_of(name: Any) -> str:
    """The operation a name spells (operation_named); ValueError naming the choices."""
    found = operation_named(name) if isinstance(name, str) else None
    if found is None:
        raise ValueError(f"unknown operation {name!r}: one of {', '.join(OPERATIONS)}, or boto3's or the API's name of one"
                         + operation_suggested(name))
    return found


def operation_suggested(name: Any) -> str:
    """" (did you mean 'X'?)" for a name close to one spelling of an operation (the older
    DescribeAutoMLJob for DescribeAutoMLJobV2, list-candidates), in that spelling; else ""."""
    from difflib import get_close_matches

    spellings = [spelling for operation in SERVICE_OPERATIONS
                 for spelling in (operation, operation.replace("-", "_"), api_name(operation))]
    close = get_close_matches(name, spellings, n=1) if isinstance(name, str) and len(name) <= 100 else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def fitting_operation(document: Any, operation: str) -> str | None:
    """The one other operation whose document this one looks like (every required top-level
    member there, none unknown) when it does not look like the operation's own: a request
    validated as a response, and the like. None when it fits its own or no other alone, and
    for an empty document (it holds the members of none, though ListAutoMLJobs' parameters
    are all optional)."""

    def fits(op: str) -> bool:
        root = root_schema(op)
        return set(root.get("required", ())) <= document.keys() <= set(root["properties"])

    if not isinstance(document, dict) or not document or fits(operation):
        return None
    others = [op for op in OPERATIONS if op != operation and fits(op)]
    return others[0] if len(others) == 1 else None


# A rule's subschema is `$defs/<rule-id>` in some file (shapes are PascalCase): the id is
# then in every tool's schema path, and `$ref`s to it are JSON Pointers, which every tool
# resolves ($anchor is refused by ajv's strict mode, and unresolved by Redocly and Prism).
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MAX_DEPTH = 40  # the schema walk's bound: the response's shape is far shallower


def schema_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / ROOT_FILE).is_file():
            return candidate
    raise SchemaError(f"schema files not found next to {here}")


@lru_cache(maxsize=1)
def load_files() -> dict[str, Any]:
    """Every schema file by its name (which is also its URI in the registries)."""
    directory = schema_dir()
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


def root_file(operation: str = DEFAULT_OPERATION) -> str:
    """The root schema file of an operation's document; ValueError naming the choices."""
    try:
        return OPERATIONS[operation]
    except (KeyError, TypeError):
        raise ValueError(f"unknown operation {operation!r}: one of {', '.join(OPERATIONS)}") from None


def root_schema(operation: str = DEFAULT_OPERATION) -> dict[str, Any]:
    return load_files()[root_file(operation)]


# --- the raw walk -------------------------------------------------------------------

def nodes(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, value) for a JSON value and everything inside it, depth first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nodes(item, path + (index,))


# --- the resolver -------------------------------------------------------------------

def refuse(uri: str):
    """Every registry's retriever: a $ref to anything but the package's files is an error."""
    raise SchemaError(f"refusing to resolve {uri!r}: only the package's schema files are used")


def ref_target(base_file: str, ref: str) -> tuple[str, str]:
    """(file, JSON Pointer fragment) a $ref names, relative to base_file: `X.json#/...`,
    `./X.json` or `#/...`. The file may be one the package does not have."""
    target, _, fragment = ref.partition("#")
    return target.removeprefix("./") or base_file, fragment


def resolve(base_file: str, ref: str) -> tuple[str, Any]:
    """(file, subschema) a $ref names, relative to base_file; only the package's files.
    A small resolver of our own keeps `referencing` off the fast path."""
    name, fragment = ref_target(base_file, ref)
    files = load_files()
    if name not in files:
        refuse(ref)
    node: Any = files[name]
    if fragment and not fragment.startswith("/"):
        raise SchemaError(f"{name}: $ref {ref!r} names an anchor; the schema files use JSON Pointers (#/$defs/...)")
    for token in fragment[1:].split("/") if fragment else ():
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return name, node


@lru_cache(maxsize=1)
def registry():
    """The package's files as a `referencing` registry, for python-jsonschema."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = [(name, DRAFT202012.create_resource(body)) for name, body in load_files().items()]
    # referencing's own wrapper of attrs hides the field's alias `retrieve` (its documented
    # argument) from mypy's attrs plugin
    return Registry(retrieve=refuse).with_resources(resources).crawl()  # type: ignore[call-arg]


@lru_cache(maxsize=1)
def references() -> tuple[tuple[str, tuple, str, Any], ...]:
    """Every $ref in the files: (file, path of the subschema holding it, target file, target)."""
    return tuple(
        (name, path, *resolve(name, node["$ref"]))
        for name, body in load_files().items()
        for path, node in nodes(body)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str)
    )


# --- the schema walk ----------------------------------------------------------------

STRUCTURE = ("properties",)
SHAPE_CHILDREN = ("items", "additionalProperties")  # list items and map values: member path '*'
BRANCHES = ("allOf", "anyOf", "oneOf")
CONDITIONS = ("if", "then", "else", "not")

Visit = Callable[[dict, str, tuple], None]


def walk(visit: Visit, schema: Any = None, file: str = ROOT_FILE, path: tuple = (), *, shape_only: bool = False) -> None:
    """visit(subschema, file, member path) for every subschema that applies at a member
    path, following $refs across files. Member paths: property names, '*' for list items
    and map values, '<key>' for map keys. shape_only: not into allOf/anyOf/oneOf/if/then/
    else/not, where the rules sit (their members are no members of the shape). Without a
    schema: from `file`'s root (the describe response's by default)."""
    _walk(visit, load_files()[file] if schema is None else schema, file, path, shape_only, 0)


def _walk(visit: Visit, schema: Any, file: str, path: tuple, shape_only: bool, depth: int) -> None:
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return
    visit(schema, file, path)
    if "$ref" in schema:
        target_file, target = resolve(file, schema["$ref"])
        _walk(visit, target, target_file, path, shape_only, depth + 1)
    for name, sub in schema.get("properties", {}).items():
        _walk(visit, sub, file, path + (name,), shape_only, depth + 1)
    for key in SHAPE_CHILDREN:
        if isinstance(schema.get(key), dict):
            _walk(visit, schema[key], file, path + ("*",), shape_only, depth + 1)
    if shape_only:
        return
    if isinstance(schema.get("propertyNames"), dict):
        _walk(visit, schema["propertyNames"], file, path + ("<key>",), shape_only, depth + 1)
    for key in BRANCHES:
        for sub in schema.get(key, ()):
            _walk(visit, sub, file, path, shape_only, depth + 1)
    for key in CONDITIONS:
        if isinstance(schema.get(key), dict):
            _walk(visit, schema[key], file, path, shape_only, depth + 1)


@cache
def timestamp_places(operation: str = DEFAULT_OPERATION) -> dict[str, Any]:
    """Where the operation's shape holds a timestamp (common.json's `$defs/timestamp`), as
    nested member names: {"CreationTime": None, "BestCandidate": {"CreationTime": None, ...}}.
    Places under lists or maps are left out."""
    file = root_file(operation)
    timestamp = load_files()["common.json"]["$defs"]["timestamp"]
    places: dict[str, Any] = {}

    def visit(schema: dict, file: str, path: tuple) -> None:
        if schema is timestamp and path and "*" not in path and "<key>" not in path:
            inner = places
            for name in path[:-1]:
                inner = inner.setdefault(name, {})
            inner[path[-1]] = None

    walk(visit, file=file, shape_only=True)
    return places


# --- the rule index -----------------------------------------------------------------

@lru_cache(maxsize=1)
def rule_subschemas() -> dict[str, tuple[str, dict[str, Any]]]:
    """Rule id -> (file, subschema) for every `$defs/<rule-id>` entry at the top of a file
    (ids are unique across the files), in id order."""
    return dict(sorted(
        (key, (name, node))
        for name, body in sorted(load_files().items())
        for key, node in body.get("$defs", {}).items()
        if RULE_ID.match(key)
    ))


@lru_cache(maxsize=1)
def grouped_rule_subschemas() -> tuple[tuple[str, str, str, dict[str, Any]], ...]:
    """(rule id, file, group, subschema) for every rule one level down, `$defs/<Group>/
    $defs/<rule-id>` (the request's RequestRules: request forms of response rules, with
    the response rule's id, and rules of requests only)."""
    return tuple(
        (key, name, group, node)
        for name, body in sorted(load_files().items())
        for group, holder in body.get("$defs", {}).items()
        if not RULE_ID.match(group) and isinstance(holder, dict)
        for key, node in holder.get("$defs", {}).items()
        if RULE_ID.match(key)
    )


def rule_schemas() -> dict[str, dict[str, Any]]:
    """Rule id -> its subschema (the generator reads its facts from them)."""
    return {rule: node for rule, (_, node) in rule_subschemas().items()}


@lru_cache(maxsize=1)
def _rule_by_node() -> dict[int, str]:
    found = {id(node): rule for rule, (_, node) in rule_subschemas().items()}
    found.update((id(node), rule) for rule, _, _, node in grouped_rule_subschemas())
    return found


def rule_of(node: Any) -> str | None:
    """The rule id a subschema stands for (it is `$defs/<rule-id>`), else None."""
    return _rule_by_node().get(id(node))


@lru_cache(maxsize=8192)
def locate(steps: tuple, operation: str = DEFAULT_OPERATION) -> tuple[str | None, Any]:
    """(id of the innermost rule subschema, subschema holding the keyword) for a keyword
    location given as steps from the operation's root schema. `$ref` steps may be explicit
    (jsonschema-rs evaluation paths) or left out (python-jsonschema schema paths): a step
    that is not a key of the current subschema goes through its $ref first."""
    file = root_file(operation)
    node = load_files()[file]
    rule = None
    for step in steps[:-1]:
        if step == "$ref" and isinstance(node, dict) and "$ref" in node:
            file, node = resolve(file, node["$ref"])
            rule = rule_of(node) or rule
            continue
        while isinstance(node, dict) and step not in node and "$ref" in node:
            file, node = resolve(file, node["$ref"])
            rule = rule_of(node) or rule
        rule = rule_of(node) or rule
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return rule, None
        rule = rule_of(node) or rule
    keyword = steps[-1] if steps else None
    while isinstance(node, dict) and keyword not in node and "$ref" in node:
        file, node = resolve(file, node["$ref"])
        rule = rule_of(node) or rule
    return rule_of(node) or rule, node


# --- the member tree ----------------------------------------------------------------

@dataclass
class Node:
    """A member of the response: its documentation, its members, its items (list
    elements and map values), its keys (map keys), its largest size limit."""

    documentation: str = ""
    members: dict[str, Node] = field(default_factory=dict)
    items: Node | None = None  # list elements, and map values
    keys: Node | None = None  # map keys
    limit: int | None = None  # the largest maxItems/maxProperties any subschema sets here

    def child(self, segment: str | int) -> Node | None:
        if isinstance(segment, str) and segment in self.members:
            return self.members[segment]
        return self.items


def _node_at(top: Node, path: tuple) -> Node:
    node = top
    for step in path:
        if step == "*":
            node.items = node.items or Node()
            node = node.items
        elif step == "<key>":
            node.keys = node.keys or Node()
            node = node.keys
        else:
            node = node.members.setdefault(step, Node())
    return node


@cache
def tree(operation: str = DEFAULT_OPERATION) -> tuple[Node, dict[str, set[str]]]:
    """The member tree of an operation's document with documentation, and for each rule
    the member paths ('A/B/*') where its subschema applies (a rule is absent when its
    subschema is not reachable from the operation's root)."""
    file = root_file(operation)
    root = load_files()[file]
    top = Node(documentation=root.get("description", ""))
    places: dict[str, set[str]] = {}

    def visit(schema: dict, file: str, path: tuple) -> None:
        rule = rule_of(schema)
        if rule:
            places.setdefault(rule, set()).add("/".join(path) or "(document)")
        node = _node_at(top, path)
        if not node.documentation and "description" in schema:
            node.documentation = schema["description"]
        for key in ("maxItems", "maxProperties"):
            if isinstance(schema.get(key), int):
                node.limit = max(node.limit or 0, schema[key])

    walk(visit, root, file)
    return top, places


def documentation_at(parts, operation: str = DEFAULT_OPERATION) -> str:
    """The documentation of the member at parts, or of its nearest documented owner
    (map values and list items carry their map's or list's documentation)."""
    top = tree(operation)[0]
    node: Node | None = top
    documentation = top.documentation
    for part in parts:
        node = node.child(part) if node else None
        if node is None:
            break
        documentation = node.documentation or documentation
    return documentation
