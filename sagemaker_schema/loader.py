"""Read response documents from files or standard input: JSON, or YAML (safe loading).

Hostile input ends here as an InputError, one line saying what is wrong (the README
lists each case): nothing else is raised, nothing hangs, no code in the input runs.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .validator import InputError

YAML_SUFFIXES = (".yaml", ".yml")
# A real response is a few hundred KB; the cap bounds memory for /dev/zero or an
# endless pipe, and leaves room for a 50 MB string that gets a plain length violation.
MAX_BYTES = 64 * 1024 * 1024
# YAML aliases share nodes; expanded, a "billion laughs" holds 10**9 values. A
# response holds a few hundred.
MAX_YAML_NODES = 1_000_000
_FLOAT_MAX = sys.float_info.max
_CONTROL = {code: "?" for code in [*range(32), 127]}


@dataclass(frozen=True)
class Loaded:
    name: str  # the file name as given, or "<stdin>"
    document: Any = None
    error: str | None = None  # set when the input is not a document
    source: bytes | None = None  # the bytes read, for positions (sagemaker_schema.positions)
    yaml: bool = False  # read as YAML


def load(name: str) -> Loaded:
    # a file name that is not UTF-8 (surrogate escapes) or holds a line break must still print as one line
    label = "<stdin>" if name == "-" else name.encode("utf-8", "surrogateescape").decode("utf-8", "replace").translate(_CONTROL)
    try:
        data = _read(name)
        if not data.strip():
            raise InputError("empty input")
        is_yaml = label.lower().endswith(YAML_SUFFIXES)
        document = _yaml(data) if is_yaml else parse_json(data)
        if not isinstance(document, dict):
            raise InputError(f"the document is {_kind(document)}, not a structure (a JSON object)")
        return Loaded(label, document, source=data, yaml=is_yaml)
    except InputError as exc:
        return Loaded(label, error=str(exc))
    except MemoryError:  # e.g. 64 MiB of "[[],[]...]" under a memory limit
        return Loaded(label, error="too large to hold in memory")


def _read(name: str) -> bytes:
    if "\0" in name:  # possible only in-process: no command line holds a NUL
        raise InputError("not a valid file name")
    try:
        if name == "-":
            if sys.stdin is None:  # started with standard input closed
                raise InputError("standard input is closed")
            return _capped(sys.stdin.buffer)
        path = Path(name)
        if path.is_dir():
            raise InputError("is a directory")
        with path.open("rb") as stream:
            return _capped(stream)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None


def _capped(stream) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB: not a response")
    return data


def _text(data: str | bytes | bytearray | memoryview) -> str:
    if not isinstance(data, str):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text: byte 0x{exc.object[exc.start]:02x} at offset {exc.start}") from None
    # A byte-order mark is an editor's artefact, not content: RFC 8259 lets a parser
    # ignore it, and Windows tools write one. Accepted.
    return data[1:] if data.startswith("\ufeff") else data


def parse_json(data: str | bytes | bytearray | memoryview) -> Any:
    """JSON text or bytes to a value, strictly: no NaN or Infinity, no number a double
    cannot hold, no duplicate member names (AWS never sends them, and most parsers
    silently keep the last, so the validator would check a different document)."""
    text = _text(data)
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None


def _no_constant(name: str):
    raise InputError(f"invalid JSON: {name} is not a JSON value")


def _too_large(literal: str):
    shown = literal if len(literal) <= 40 else literal[:39] + "…"
    raise InputError(f"invalid JSON: the number {shown} is too large for a double")


def _float(literal: str) -> float:
    value = float(literal)
    if value - value != 0:  # 1e400: Python would read it as inf
        _too_large(literal)
    return value


def _int(literal: str) -> int:
    if len(literal) < 300:  # well inside a double
        return int(literal)
    # int() of more than 4300 digits raises; anything past 309 digits is too large anyway
    value = int(literal) if len(literal) <= 400 else None
    if value is None or abs(value) > _FLOAT_MAX:
        _too_large(literal)
    return value


def _object(pairs: list) -> dict:
    obj = dict(pairs)
    if len(obj) < len(pairs):
        _refuse_duplicate([(key, key) for key, _ in pairs])
    return obj


def _refuse_duplicate(keys) -> None:
    """keys: (identity, name) pairs; raise on the first identity seen twice."""
    seen = set()
    for identity, name in keys:
        if identity in seen:
            shown = json.dumps(name, ensure_ascii=False)
            shown = shown if len(shown) <= 80 else shown[:79] + "…"
            raise InputError(f"duplicate member name {shown} (AWS never sends one; most parsers silently keep the last)")
        seen.add(identity)


def _yaml(data: bytes) -> Any:
    import yaml  # only YAML input pays for the import

    text = _text(data)
    # yaml.safe_load's loader, in steps: tags never construct Python objects
    # (!!python/... is refused, never run), and the node graph is checked first
    try:
        loader = yaml.SafeLoader(text)  # refuses control characters already
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_yaml_nodes(node)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1} column {where.column + 1}" if where else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"invalid YAML: {problem}{at}") from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply") from None
    except InputError:
        raise
    except (ValueError, OverflowError) as exc:  # a timestamp like 2024-13-45, an int of 5000 digits
        raise InputError(f"invalid YAML: {str(exc).split(';')[0]}") from None


def _check_yaml_nodes(root) -> None:
    """Before constructing: no duplicate keys, no alias that contains itself, and at most
    MAX_YAML_NODES values once aliases are expanded (each node counted once, memoised)."""
    from yaml import MappingNode, ScalarNode

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise InputError("invalid YAML: an alias refers to a node that contains it")
        open_nodes.add(key)
        total = 1
        if isinstance(node, MappingNode):
            merge = "tag:yaml.org,2002:merge"  # '<<' may override keys: not a duplicate
            _refuse_duplicate(((k.tag, k.value), k.value) for k, _ in node.value if isinstance(k, ScalarNode) and k.tag != merge)
            total += sum(size(k) + size(v) for k, v in node.value)
        elif not isinstance(node, ScalarNode):
            total += sum(size(item) for item in node.value)
        open_nodes.discard(key)
        if total > MAX_YAML_NODES:
            raise InputError(f"invalid YAML: aliases expand the document past {MAX_YAML_NODES:,} values (an alias bomb?)")
        sizes[key] = total
        return total

    size(root)


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", type(None): "null", bool: "a boolean", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
