"""Index of the schema by member path: the documentation of each member and the
anchored rules that can fire there. Built once by walking the schema through the
same registry the validator uses, so it can never disagree with it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Node:
    doc: str = ""
    members: dict[str, "Node"] = field(default_factory=dict)
    items: "Node | None" = None  # list elements, and map values
    keys: "Node | None" = None  # map keys

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
