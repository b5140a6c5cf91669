"""The schema files as one self-contained schema, for tools that refuse a $ref to
another file (hypothesis-jsonschema): every file goes under ``$defs`` by its name and
every $ref, to a file, a JSON Pointer or an ``$anchor``, becomes a local JSON Pointer."""
from __future__ import annotations

from typing import Any

from ._schemafiles import ROOT_FILE, load_files


def _key(file: str) -> str:
    return file.removesuffix(".json")


def _anchor_pointers(files: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(file, anchor) -> the local pointer of the subschema carrying that $anchor."""
    found: dict[tuple[str, str], str] = {}

    def visit(node, file, pointer):
        if isinstance(node, dict):
            if isinstance(node.get("$anchor"), str):
                found[file, node["$anchor"]] = pointer
            for key, value in node.items():
                visit(value, file, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                visit(value, file, f"{pointer}/{index}")

    for file, body in files.items():
        visit(body, file, f"#/$defs/{_key(file)}")
    return found


def bundle() -> dict[str, Any]:
    """One draft 2020-12 schema equivalent to the files (refs rewritten, anchors kept)."""
    files = load_files()
    anchors = _anchor_pointers(files)

    def rewrite(node, file):
        if isinstance(node, dict):
            out = {k: rewrite(v, file) for k, v in node.items() if k != "$schema"}
            if isinstance(node.get("$ref"), str):
                target, _, fragment = node["$ref"].partition("#")
                target = target or file
                if fragment.startswith("/") or not fragment:
                    out["$ref"] = f"#/$defs/{_key(target)}{fragment}"
                else:
                    out["$ref"] = anchors[target, fragment]
            return out
        if isinstance(node, list):
            return [rewrite(v, file) for v in node]
        return node

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {_key(file): rewrite(body, file) for file, body in files.items()},
        "$ref": f"#/$defs/{_key(ROOT_FILE)}",
    }
