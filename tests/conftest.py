"""Shared paths and fixture helpers. Fixtures follow a convention:
tests/fixtures/valid/<problem-type>-<status>.json (wire form), valid-boto3/ the same
documents as boto3 returns them saved as JSON, invalid/<rule-id>/<case>.json a JSON
Patch on a valid document that breaks exactly that rule at the path it names."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "examples"
REAL = sorted((FIXTURES / "real").glob("*.json"))

VALID_WIRE = sorted((FIXTURES / "valid").glob("*.json")) + sorted(EXAMPLES.glob("*.json"))
VALID_BOTO3 = sorted((FIXTURES / "valid-boto3").glob("*.json"))
INVALID = sorted((FIXTURES / "invalid").glob("*/*.json"))
VALID_CASES = sorted((FIXTURES / "valid-cases").glob("*.json"))  # patches at rule boundaries


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def base_document(name: str) -> dict:
    for folder in (FIXTURES / "valid", EXAMPLES):
        path = folder / f"{name}.json"
        if path.exists():
            return load_json(path)
    raise FileNotFoundError(name)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def apply_patch(doc, ops):
    """RFC 6902 add/remove/replace, enough for the fixtures."""
    doc = copy.deepcopy(doc)
    for op in ops:
        *parents, last = [_unescape(t) for t in op["path"].split("/")[1:]]
        target = doc
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list):
            index = len(target) if last == "-" else int(last)
            if op["op"] == "add":
                target.insert(index, op["value"])
            elif op["op"] == "remove":
                del target[index]
            else:
                target[index] = op["value"]
        elif op["op"] == "remove":
            del target[last]
        else:
            if op["op"] == "replace":
                assert last in target, f"replace of a missing member {op['path']}"
            target[last] = op["value"]
    return doc


def patched(path: Path) -> dict:
    case = load_json(path)
    return apply_patch(base_document(case["base"]), case["patch"])


def invalid_case(path: Path):
    return patched(path), load_json(path)["violation"]


def run_cli(*args, stdin: bytes | None = None, cwd=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "sagemaker_schema", *map(str, args)],
        input=stdin, capture_output=True, cwd=cwd or REPO, timeout=timeout,
    )
