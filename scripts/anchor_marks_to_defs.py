"""Rewrite schema files written the old way into the portable convention that
tests/test_schema_files.py enforces (README "Using the schema files in other tools"):

- a subschema marked with `"$anchor": "<rule-id>"` moves to `$defs/<rule-id>` of its file
  (a `$defs` entry is renamed in place) and is `$ref`'d from where it was, by JSON Pointer;
- every `$ref` to an anchor (`common.json#timestamp`) or into a moved subschema becomes a
  JSON Pointer (`common.json#/$defs/timestamp`);
- a local `#/...` `$ref` beside another `$ref` names its file (Prism's resolver needs it);
- every file but the root gets its file name as `$id`.

Idempotent; files are rewritten as 2-space JSON only when something changed.
Run: python scripts/anchor_marks_to_defs.py [SCHEMA_DIR]   (default: schemas/)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = "describe-auto-ml-job-v2-response.json"


def entry_points(files: dict) -> set[str]:
    """The files no other file references (each operation's document: the root and its
    siblings, the request and the candidate list): they carry no $id."""
    referenced = {
        node["$ref"].partition("#")[0]
        for name, body in files.items()
        for _, node in _walk(body)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str)
    }
    return {ROOT} | {name for name in files if name not in referenced}


def _escape(token) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in list(node.items()):
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


def convert(folder: Path) -> list[str]:
    files = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}
    moved: dict[tuple[str, str], str] = {}  # (file, old fragment) -> new pointer
    for name, body in files.items():
        marked = [(p, n) for p, n in _walk(body) if isinstance(n, dict) and isinstance(n.get("$anchor"), str)]
        for path, node in sorted(marked, key=lambda item: -len(item[0])):  # innermost first
            rule = node.pop("$anchor")
            defs = body.setdefault("$defs", {})
            if len(path) == 2 and path[0] == "$defs":
                body["$defs"] = {(rule if key == path[1] else key): value for key, value in defs.items()}
            else:
                if rule in defs:
                    raise SystemExit(f"{name}: $defs/{rule} exists already")
                defs[rule] = node
                parent = body
                for token in path[:-1]:
                    parent = parent[token]
                site = {"$ref": f"#/$defs/{rule}"}
                if len(path) >= 2 and path[-2] == "properties" and "description" in node:
                    site = {"description": node["description"], **site}  # every property stays described
                parent[path[-1]] = site
            moved[name, rule] = f"/$defs/{rule}"
            moved[name, "/" + "/".join(_escape(p) for p in path)] = f"/$defs/{rule}"
    for name, body in files.items():
        for _, node in _walk(body):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                continue
            target, _, fragment = node["$ref"].partition("#")
            owner = target or name
            new = moved.get((owner, fragment))
            for (file, old), pointer in moved.items():
                if new is None and file == owner and old.startswith("/") and fragment.startswith(old + "/"):
                    new = pointer + fragment[len(old):]
            if new is not None:
                node["$ref"] = f"{target}#{new}"
        for _, node in _walk(body):
            if isinstance(node, dict) and "$ref" in node:
                for _, inner in _walk({k: v for k, v in node.items() if k != "$ref"}):
                    if isinstance(inner, dict) and str(inner.get("$ref", "")).startswith("#"):
                        inner["$ref"] = name + inner["$ref"]
    changed = []
    roots = entry_points(files)
    for name, body in files.items():
        if name not in roots and body.get("$id") != name:
            items = [(k, v) for k, v in body.items() if k != "$id"]
            items.insert(1 if items and items[0][0] == "$schema" else 0, ("$id", name))
            body = dict(items)
        path = folder / name
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas"
    for name in convert(folder):
        print("rewrote", folder / name)
