"""What the schema files say about a place in a document or in the schema itself:
the rule (innermost `$defs/<rule-id>` subschema) behind a failing keyword, and the documentation of each
member. Built from the files with the package's own resolver, so both validation
engines share it and neither `jsonschema` nor `referencing` is imported for it."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import _doctree, _schemafiles


@lru_cache(maxsize=8192)
def locate(steps: tuple) -> tuple[str | None, Any]:
    """(rule id of the innermost rule subschema, subschema holding the keyword) for a keyword
    location given as steps from the root schema. `$ref` steps may be explicit
    (jsonschema-rs evaluation paths) or left out (python-jsonschema schema paths): a step
    that is not a key of the current subschema goes through its $ref first."""
    file, node = _schemafiles.ROOT_FILE, _schemafiles.root_schema()
    anchor = None
    for step in steps[:-1]:
        if step == "$ref" and isinstance(node, dict) and "$ref" in node:
            file, node = _schemafiles.resolve(file, node["$ref"])
            anchor = _anchor(node, anchor)
            continue
        while isinstance(node, dict) and step not in node and "$ref" in node:
            file, node = _schemafiles.resolve(file, node["$ref"])
            anchor = _anchor(node, anchor)
        anchor = _anchor(node, anchor)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return anchor, None
        anchor = _anchor(node, anchor)
    keyword = steps[-1] if steps else None
    while isinstance(node, dict) and keyword not in node and "$ref" in node:
        file, node = _schemafiles.resolve(file, node["$ref"])
        anchor = _anchor(node, anchor)
    return _anchor(node, anchor), node


def _anchor(node: Any, current: str | None) -> str | None:
    return _schemafiles.rule_of(node) or current


@lru_cache(maxsize=1)
def tree() -> tuple[_doctree.Node, dict[str, set[str]]]:
    """The member tree with documentation, and each rule's member paths."""
    return _doctree.build(_schemafiles.root_schema(), _schemafiles.ROOT_FILE)


def anchored() -> dict[str, dict[str, Any]]:
    """Rule id -> the subschema that carries it (ids are unique across the files)."""
    return {rule: node for rule, (_, node) in sorted(_schemafiles.rule_subschemas().items())}
