"""Read response documents from files or standard input: JSON, or YAML (safe loading)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .validator import InputError, parse

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Loaded:
    name: str  # the file name as given, or "<stdin>"
    document: Any = None
    error: str | None = None  # set when the input is not a document


def load(name: str) -> Loaded:
    label = "<stdin>" if name == "-" else name
    try:
        data = _read(name)
        if not data.strip():
            raise InputError("empty input")
        if label.lower().endswith(YAML_SUFFIXES):
            document = _yaml(data)
        else:
            document = parse(data)
        if not isinstance(document, dict):
            raise InputError(f"the document is {_kind(document)}, not a structure (a JSON object)")
        return Loaded(label, document)
    except InputError as exc:
        return Loaded(label, error=str(exc))


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError("is a directory")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def _yaml(data: bytes) -> Any:
    import yaml  # only YAML input pays for the import

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: byte 0x{exc.object[exc.start]:02x} at offset {exc.start}") from None
    try:
        return yaml.safe_load(text)  # safe_load never constructs Python objects
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1} column {where.column + 1}" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"invalid YAML: {problem}{at}") from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply") from None


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", type(None): "null", bool: "a boolean", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
