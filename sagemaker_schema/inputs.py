"""Input: response documents from files, standard input, text, bytes or Python values,
in each of their forms, up to the one dict the engines judge.

- files and standard input: JSON, or YAML (safe loading, YAML 1.2), within size limits;
- JSON text strictly (no NaN, no duplicate member names, no number a double cannot hold);
- the forms of a response: wire (epoch timestamps), boto3 (datetimes; made by botocore's
  own parser, imported only for it), boto3 saved as JSON (ISO timestamps); `normalise`
  turns a boto3 dict into the JSON form;
- the one "not an object" check, with one wording.

Hostile input ends here as an InputError, one line saying what is wrong (the README
lists each case): nothing else is raised, nothing hangs, no code in the input runs.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import numbers
import re
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import InputError
from .records import Loaded
from .schema import DEFAULT_OPERATION

YAML_SUFFIXES = (".yaml", ".yml")
# A real response is a few hundred KB; the cap bounds memory for /dev/zero or an
# endless pipe, and leaves room for a 50 MB string that gets a plain length violation.
MAX_BYTES = 64 * 1024 * 1024
# YAML aliases share nodes; expanded, a "billion laughs" holds 10**9 values. A
# response holds a few hundred.
MAX_YAML_NODES = 1_000_000
# A document holds a few thousand values at most (every list and map at its limit).
# Past these, parsing alone would cost memory far out of proportion to the input
# (an empty list is 3 bytes of JSON and 56 of Python; a YAML node is ~500 bytes), so
# the input is refused before it is parsed. JSON values are counted only in inputs over
# 1 MiB; YAML is parsed with libyaml when present, still ~1.5 MB/s.
MAX_VALUES = 2_000_000
MAX_YAML_BYTES = 4 * 1024 * 1024
MAX_YAML_VALUES = 100_000
FORMATS = ("json", "yaml")
_FLOAT_MAX = sys.float_info.max
# a file name is printed on one line: controls, DEL, C1 controls, bidi controls and
# line separators become "?"
_CONTROL = {code: "?" for code in [*range(32), *range(127, 160), 0x61C, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A)]}



def label(name: str) -> str:
    """How a file is named in reports: "<stdin>" for "-"; a name that is not UTF-8
    (surrogate escapes) or holds a line break or a control still prints as one line."""
    if name == "-":
        return "<stdin>"
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace").translate(_CONTROL)


def input_format(name: str, data: bytes, forced: str | None = None) -> str:
    """"json" or "yaml": as forced; else by the suffix for a file; on standard input,
    JSON when the text starts as JSON does ({, [ or "), YAML otherwise (the AWS CLI's
    `--output yaml` starts with a member name)."""
    if forced:
        return forced
    if name != "-":
        return "yaml" if name.lower().endswith(YAML_SUFFIXES) else "json"
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if start in (b"{", b"[", b'"') else "yaml"


def load(name: str, forced_format: str | None = None) -> Loaded:
    shown = label(name)
    try:
        data = _read(name)
        if not data.strip():
            raise InputError("empty input")
        is_yaml = input_format(name, data, forced_format) == "yaml"
        document = _yaml(data) if is_yaml else parse_json(data)
        require_object(document)
        return Loaded(shown, document, source=data, yaml=is_yaml)
    except InputError as exc:
        return Loaded(shown, error=str(exc))
    except MemoryError:  # what still does not fit under a memory limit
        return Loaded(shown, error="too large to hold in memory")


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
    if len(text) > 1024 * 1024:
        _count_values(text)
    try:
        if text.startswith("\ufeff"):  # a second one: as json.loads words it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _decoder().decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None


@lru_cache(maxsize=1)
def _decoder() -> json.JSONDecoder:
    """One strict decoder for every document (json.loads with hooks builds a new one, and
    its scanner, at each call)."""
    return json.JSONDecoder(parse_constant=_no_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_object)


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def _count_values(text: str) -> None:
    """Refuse JSON of more than MAX_VALUES values before it is parsed. A value is at most
    one separator or opening bracket; strings are taken out only when the quick count
    (which may count commas inside strings) is over the limit."""
    if _separators(text) <= MAX_VALUES:
        return
    if _separators(_STRINGS.sub('""', text)) > MAX_VALUES:
        raise InputError(f"more than {MAX_VALUES:,} values: not a response (a response holds a few thousand)")


def _separators(text: str) -> int:
    return text.count(",") + text.count("[") + text.count("{")


def _no_constant(name: str):
    raise InputError(f"invalid JSON: {name} is not a JSON value")


def _too_large(literal: str) -> NoReturn:
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
    if len(data) > MAX_YAML_BYTES:
        raise InputError(f"YAML larger than {MAX_YAML_BYTES // (1024 * 1024)} MiB: not a response (a response is a few KB)")
    text = _text(data)
    # every value needs a separator, a line, an indicator or a bracket: an upper bound
    # on the nodes, counted at C speed before the parser builds ~500 bytes per node
    if sum(map(text.count, ",\n-:[{?")) > MAX_YAML_VALUES:
        raise InputError(f"invalid YAML: more than {MAX_YAML_VALUES:,} values: not a response (a response holds a few thousand)")
    import yaml  # only YAML input pays for the import

    # yaml.safe_load's loader, in steps: tags never construct Python objects
    # (!!python/... is refused, never run), and the node graph is checked first
    try:
        loader = _yaml12_loader()(text)  # refuses control characters already
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
        if "maximum nesting depth" in problem:  # libyaml's own depth limit (1000)
            raise InputError("invalid YAML: nested too deeply") from None
        raise InputError(f"invalid YAML: {problem}{at}") from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply") from None
    except InputError:
        raise
    except (ValueError, OverflowError) as exc:  # a timestamp like 2024-13-45, an int of 5000 digits
        raise InputError(f"invalid YAML: {str(exc).split(';')[0]}") from None


_YAML12 = None


def _yaml12_loader():
    """safe_load's loader (libyaml's when installed) with the YAML 1.2 core schema's
    booleans and numbers, as the AWS CLI v2 writes them: `on`, `off`, `yes`, `no`,
    `0b1`, `1_000`, `1:20` are strings; `0777` is 777 and `0o17` 15. Null, timestamps and
    `<<` merge keys resolve as safe_load does."""
    global _YAML12
    if _YAML12 is not None:
        return _YAML12
    import yaml

    if TYPE_CHECKING:  # one static base for the type checker; at run time, libyaml's when installed
        from yaml import SafeLoader as base
    else:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Yaml12Loader(base):
        pass

    replaced = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
    Yaml12Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in replaced]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    core = {
        "tag:yaml.org,2002:bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        "tag:yaml.org,2002:int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        "tag:yaml.org,2002:float": (
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+.0123456789",
        ),
    }
    for tag, (pattern, first) in core.items():
        Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))
    Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", _yaml12_bool)
    Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _yaml12_int)
    Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _yaml12_float)
    _YAML12 = Yaml12Loader
    return _YAML12


def _yaml12_bool(loader, node) -> bool:
    return loader.construct_scalar(node).lower() == "true"


def _yaml12_int(loader, node) -> int:
    value = loader.construct_scalar(node)
    if value[:2] in ("0o", "0x"):
        return int(value[2:], 8 if value[1] == "o" else 16)
    return int(value, 10)  # leading zeros are decimal in YAML 1.2


def _yaml12_float(loader, node) -> float:
    value = loader.construct_scalar(node).lower()
    if value.endswith((".inf", ".nan")):
        return float(value.replace(".", ""))
    return float(value)


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


# --- the one object check -----------------------------------------------------------

_KIND = {list: "a list", str: "a string", type(None): "null", bool: "a boolean", int: "a number", float: "a number"}


def kind(value: Any) -> str:
    """What a value is, in a report's words: a list, a string, null, a boolean, a number;
    any other value by its type's name (a YAML date is a `date`)."""
    return _KIND.get(type(value)) or type(value).__name__


def require_object(value: Any, what: str = "document") -> None:
    """InputError unless value is a structure (a JSON object), in one wording for every
    entry point; what: "document", or "line" for one line of `validate --jsonl`."""
    if not isinstance(value, dict):
        raise InputError(f"the {what} is {kind(value)}, not a structure (a JSON object)")


# --- Python values: parse and normalise --------------------------------------------

def parse(document: Any) -> Any:
    """JSON text or bytes to a value; anything else is returned unchanged."""
    if isinstance(document, (str, bytes, bytearray, memoryview)):
        return parse_json(document)
    return document


def normalise(value: Any) -> Any:
    """boto3 form to JSON form: datetimes become ISO 8601 strings, tuples lists. Copies
    only what changes. Numbers JSON has no word for (NaN, ...) are an InputError."""
    cls = value.__class__
    if (cls is float and value - value == 0) or (cls is int and value.bit_length() <= 14_000):
        return value  # the common numbers first; the rest are judged below
    if isinstance(value, dict):
        out = None
        for key, item in value.items():
            if item.__class__ in _LEAVES:  # most values: no call
                continue
            new = normalise(item)
            if new is not item:
                if out is None:
                    out = dict(value)
                out[key] = new
        return value if out is None else out
    if isinstance(value, list):
        new_items = [item if item.__class__ in _LEAVES else normalise(item) for item in value]
        return value if all(a is b for a, b in zip(new_items, value, strict=True)) else new_items
    if isinstance(value, tuple):  # serialised as a JSON array, so validated as one
        return [normalise(item) for item in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()  # a naive datetime has no offset and fails the timestamp rule
    if value.__class__ is float:
        if value - value == 0:  # false for NaN and the infinities
            return value
    elif value.__class__ is int:
        if value.bit_length() <= 14_000:  # exact at any size, ranges judge it; past ~4300 digits Python cannot print it
            return value
        raise InputError("an integer of more than 4000 digits is not a JSON number")
    elif value.__class__ in _NOT_NUMBERS or not isinstance(value, numbers.Number) or _finite(value):
        return value
    # JSON text refuses them too; NaN would pass every range check (its comparisons are all false)
    raise InputError(f"{repr(value)[:40]} is not a JSON number (JSON numbers are finite and real)")


def datetimes_at(document: dict, places: dict) -> dict:
    """document with the datetimes at the given places (nested member names, None at a
    leaf) as ISO 8601 strings, as normalise writes them; copies only the structures on
    the way, and only where a datetime is found. Nothing else is looked at."""
    out = None
    for name, inner in places.items():
        item = document.get(name)
        if inner is None:
            new = item.isoformat() if isinstance(item, _dt.datetime) else item
        else:
            new = datetimes_at(item, inner) if isinstance(item, dict) else item
        if new is not item:
            if out is None:
                out = dict(document)
            out[name] = new
    return document if out is None else out


_NOT_NUMBERS = (str, bool, type(None))
_LEAVES = frozenset(_NOT_NUMBERS)  # values normalise returns as they are, by exact class


def _finite(number) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an exact number (Fraction) too large for a double
        return True
    except (TypeError, ValueError):  # complex, Decimal('sNaN')
        return False


# --- the forms of a response (wire, boto3, boto3 saved as JSON) -------------------



@lru_cache(maxsize=1)
def _service_model():
    from ._extras import require

    require("botocore", what="the boto3 form", extra="boto3")
    import botocore.parsers  # imported here, so the first conversion is not the slow one)
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


@cache
def output_shape(operation: str = DEFAULT_OPERATION):
    """The output shape of an operation's response (by its AWS CLI name) in botocore's
    service model (loading the model takes about half a second, once)."""
    from .schema import SERVICE_OPERATIONS

    return _service_model().operation_model(SERVICE_OPERATIONS[operation][0]).output_shape


def to_boto3(wire: dict[str, Any], request_id: str = "00000000-0000-0000-0000-000000000000",
             operation: str = DEFAULT_OPERATION) -> dict[str, Any]:
    """The dict boto3 returns for this wire body of the operation's response (the
    DescribeAutoMLJobV2 response by default): datetimes (in UTC) and ResponseMetadata."""
    from botocore.parsers import create_parser

    body = json.dumps(wire).encode("utf-8")
    headers = {"x-amzn-requestid": request_id, "content-type": "application/x-amz-json-1.1", "content-length": str(len(body))}
    parsed = create_parser("json").parse({"body": body, "headers": headers, "status_code": 200}, output_shape(operation))
    return _utc(parsed)


def _utc(value: Any) -> Any:
    # botocore gives datetimes in the machine's zone; UTC keeps output reproducible
    if isinstance(value, dict):
        return {k: _utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_utc(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.astimezone(_dt.timezone.utc)
    return value


def to_boto3_json(document: dict[str, Any]) -> str:
    """A boto3 dict saved as JSON the way most people do it: json.dumps(default=str)."""
    return json.dumps(document, default=str, indent=2) + "\n"
