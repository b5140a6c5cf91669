"""Find and load the package's schema files, offline.

The files live in ``schemas/`` at the top of the source tree and are copied into the
wheel as ``sagemaker_schema/schemas``; both places are looked up, nothing else.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import SchemaError

ROOT_FILE = "describe-auto-ml-job-v2-response.json"
# A rule's subschema is `$defs/<rule-id>` in some file (shapes are PascalCase): the id is
# then in every tool's schema path, and `$ref`s to it are JSON Pointers, which every tool
# resolves ($anchor is refused by ajv's strict mode, and unresolved by Redocly and Prism).
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def schema_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / ROOT_FILE).is_file():
            return candidate
    raise SchemaError(f"schema files not found next to {here}")


@lru_cache(maxsize=1)
def load_files() -> dict[str, Any]:
    """Every schema file by its name (which is also its URI in the registry)."""
    directory = schema_dir()
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


def nodes(value: Any, path: tuple = ()):
    """(path, value) for a JSON value and everything inside it, depth first."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nodes(item, path + (index,))


@lru_cache(maxsize=1)
def rule_subschemas() -> dict[str, tuple[str, dict[str, Any]]]:
    """Rule id -> (file, subschema) for every `$defs/<rule-id>` entry."""
    return {
        key: (name, node)
        for name, body in sorted(load_files().items())
        for key, node in body.get("$defs", {}).items()
        if RULE_ID.match(key)
    }


@lru_cache(maxsize=1)
def _rule_by_node() -> dict[int, str]:
    return {id(node): rule for rule, (_, node) in rule_subschemas().items()}


def rule_of(node: Any) -> str | None:
    """The rule id a subschema stands for (it is `$defs/<rule-id>`), else None."""
    return _rule_by_node().get(id(node))


def resolve(base_file: str, ref: str) -> tuple[str, Any]:
    """(file, subschema) a $ref names, relative to base_file; only the package's files.
    A small resolver of our own keeps `referencing` off the fast path."""
    target, _, fragment = ref.partition("#")
    name = target or base_file
    files = load_files()
    if name not in files:
        raise SchemaError(f"refusing to resolve {ref!r}: only the package's schema files are used")
    node: Any = files[name]
    if fragment and not fragment.startswith("/"):
        raise SchemaError(f"{name}: $ref {ref!r} names an anchor; the schema files use JSON Pointers (#/$defs/...)")
    for token in fragment[1:].split("/") if fragment else ():
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return name, node


def _refuse(uri: str):
    # A $ref to anything but the package's own files is an error, never a download.
    raise SchemaError(f"refusing to resolve {uri!r}: only the package's schema files are used")


@lru_cache(maxsize=1)
def registry():
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resources = [(name, DRAFT202012.create_resource(body)) for name, body in load_files().items()]
    return Registry(retrieve=_refuse).with_resources(resources).crawl()


def root_schema() -> dict[str, Any]:
    return load_files()[ROOT_FILE]
