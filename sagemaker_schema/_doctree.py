"""Index of the schema by member path: the documentation of each member and the
anchored rules that can fire there. Built once by walking the schema through the
same registry the validator uses, so it can never disagree with it."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any


@dataclass
class Node:
    doc: str = ""
    members: dict[str, "Node"] = field(default_factory=dict)
    items: "Node | None" = None  # list elements, and map values
    keys: "Node | None" = None  # map keys
    limit: int | None = None  # the largest maxItems/maxProperties any subschema sets here

    def child(self, segment: str | int) -> "Node | None":
        if isinstance(segment, str) and segment in self.members:
            return self.members[segment]
        return self.items


def build(root: dict[str, Any], root_file: str) -> tuple[Node, dict[str, set[str]]]:
    """The member tree, and for each rule subschema the member paths ('A/B/*') it guards."""
    anchors: dict[str, set[str]] = {}
    top = Node(doc=root.get("description", ""))
    _walk(root, root_file, top, (), anchors, depth=0)
    return top, anchors


def _walk(schema, file: str, node: Node, path: tuple, anchors, depth: int) -> None:
    # `file` is the schema file the subschema sits in: its $refs resolve against it
    if not isinstance(schema, dict) or depth > 40:
        return
    from ._schemafiles import resolve, rule_of

    if rule_of(schema):
        anchors.setdefault(rule_of(schema), set()).add("/".join(path) or "(document)")
    if not node.doc and "description" in schema:
        node.doc = schema["description"]
    for key in ("maxItems", "maxProperties"):
        if isinstance(schema.get(key), int):
            node.limit = max(node.limit or 0, schema[key])
    if "$ref" in schema:
        target_file, target = resolve(file, schema["$ref"])
        _walk(target, target_file, node, path, anchors, depth + 1)
    for name, sub in schema.get("properties", {}).items():
        child = node.members.setdefault(name, Node())
        _walk(sub, file, child, path + (name,), anchors, depth + 1)
    for key in ("items", "additionalProperties"):
        sub = schema.get(key)
        if isinstance(sub, dict):
            node.items = node.items or Node()
            _walk(sub, file, node.items, path + ("*",), anchors, depth + 1)
    if isinstance(schema.get("propertyNames"), dict):
        node.keys = node.keys or Node()
        _walk(schema["propertyNames"], file, node.keys, path + ("<key>",), anchors, depth + 1)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, ()):
            _walk(sub, file, node, path, anchors, depth + 1)
    for key in ("if", "then", "else", "not"):
        if isinstance(schema.get(key), dict):
            _walk(schema[key], file, node, path, anchors, depth + 1)


CROWDED = 20_000  # items in a list or map without a limit past which jsonschema-rs's error path turns quadratic


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
        if node.members:  # a structure: only its known members
            pairs = ((name, child, value.get(name)) for name, child in _watched_members(node))
            return _inspect_children(value, pairs, parts, found, dict), found
        if "" in value:
            found.empty_key = True
        if node.limit is not None and len(value) > node.limit:
            found.oversized[parts] = len(value)
            return dict(islice(value.items(), node.limit + 1)), found
        found.crowded = found.crowded or len(value) > CROWDED
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


def doc_for(top: Node, parts) -> str:
    """The documentation of the member at parts, or of its nearest documented owner
    (map values and list items carry their map's or list's documentation)."""
    node: Node | None = top
    doc = top.doc
    for part in parts:
        node = node.child(part) if node else None
        if node is None:
            break
        doc = node.doc or doc
    return doc
