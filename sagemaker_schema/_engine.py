"""The compiled schema: a jsonschema validator over the package's files, the
anchored (named) subschemas, and the member tree with each member's documentation."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import _doctree, _schemafiles


@dataclass(frozen=True)
class Engine:
    validator: Any  # jsonschema Draft202012Validator
    anchored: dict[str, dict[str, Any]]  # rule id -> the subschema that carries it
    anchor_fields: dict[str, set[str]]  # rule id -> member paths it guards
    tree: _doctree.Node
    root: dict[str, Any]
    registry: Any

    def anchor_on_path(self, schema_path: tuple) -> str | None:
        """The innermost $anchor (rule id) on a jsonschema error's schema path.

        jsonschema leaves $ref out of schema paths, so a step that is not a key of the
        current subschema goes through that subschema's $ref first."""
        return _anchor_on_path(schema_path)


def _anchored(files: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def visit(node):
        if isinstance(node, dict):
            if isinstance(node.get("$anchor"), str):
                found[node["$anchor"]] = node
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for body in files.values():
        visit(body)
    return found


@lru_cache(maxsize=4096)
def _anchor_on_path(schema_path: tuple) -> str | None:
    eng = engine()
    resolver = eng.registry.resolver(base_uri=_schemafiles.ROOT_FILE)
    node: Any = eng.root
    anchor = None
    for step in schema_path:
        while isinstance(node, dict) and step not in node and "$ref" in node:
            resolved = resolver.lookup(node["$ref"])
            node, resolver = resolved.contents, resolved.resolver
        if isinstance(node, dict) and isinstance(node.get("$anchor"), str):
            anchor = node["$anchor"]
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return anchor
    while isinstance(node, dict) and "$ref" in node and "$anchor" not in node:
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
    if isinstance(node, dict) and isinstance(node.get("$anchor"), str):
        anchor = node["$anchor"]
    return anchor


@lru_cache(maxsize=1)
def engine() -> Engine:
    from jsonschema import Draft202012Validator

    files = _schemafiles.load_files()
    registry = _schemafiles.registry()
    root = files[_schemafiles.ROOT_FILE]
    tree, anchor_fields = _doctree.build(root, registry, _schemafiles.ROOT_FILE)
    validator = Draft202012Validator(root, registry=registry)
    return Engine(validator, _anchored(files), anchor_fields, tree, root, registry)
