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
    `--output yaml` starts with a member name). However much whitespace comes first."""
    if forced:
        return forced
    if name != "-":
        return "yaml" if name.lower().endswith(YAML_SUFFIXES) else "json"
    first = _NOT_SPACE.search(data, 3 if data.startswith(b"\xef\xbb\xbf") else 0)  # after a byte-order mark
    return "json" if first and first[0] in (b"{", b"[", b'"') else "yaml"


_NOT_SPACE = re.compile(rb"[^ \t\r\n]")  # JSON's whitespace


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
        return Loaded(shown, error=str(exc), error_at=exc.position)
    except MemoryError:  # what still does not fit under a memory limit
        return Loaded(shown, error="too large to hold in memory")


def read_bytes(name: str) -> bytes:
    """A file's bytes ("-": standard input) under the input rules (the size cap, a name
    that is a file); an InputError otherwise. For inputs that are not one document
    (`validate --transcript`)."""
    return _read(name)


def read_json(name: str) -> Any:
    """A JSON file that is not a document (drift --explained) under the same input rules:
    size cap, strict UTF-8 and JSON, nesting; an InputError otherwise."""
    data = _read(name)
    if not data.strip():
        raise InputError("empty input")
    return parse_json(data)


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
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", (exc.lineno, exc.colno)) from None
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


def _too_large(literal: str, syntax: str = "JSON", at: str = "") -> NoReturn:
    shown = literal if len(literal) <= 40 else literal[:39] + "…"
    raise InputError(f"invalid {syntax}: the number {shown} is too large for a double{at}")


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

    text, back = _hide_breaks(text)
    # yaml.safe_load's loader, in steps: tags never construct Python objects
    # (!!python/... is refused, never run), and the node graph is checked first
    try:
        loader = _yaml12_loader()(text)  # refuses control characters already
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _check_yaml_nodes(node, back)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1} column {where.column + 1}" if where else ""
        problem = (getattr(exc, "problem", None) or str(exc).splitlines()[0]).translate(back or {})
        if "maximum nesting depth" in problem:  # libyaml's own depth limit (1000)
            raise InputError("invalid YAML: nested too deeply") from None
        raise InputError(f"invalid YAML: {problem}{at}", (where.line + 1, where.column + 1) if where else None) from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply") from None
    except InputError:
        raise
    except (ValueError, OverflowError) as exc:  # a timestamp like 2024-13-45, an int of 5000 digits
        raise InputError(f"invalid YAML: {str(exc).split(';')[0]}") from None


_YAML12 = None
_TAG = "tag:yaml.org,2002:"
# the YAML 1.2 core schema's scalars (JSON's values), whole-string: what an implicit
# scalar resolves by, and what an explicitly tagged one (`!!int nope`) must look like
_CORE = {
    "bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    "int": re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    "float": re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
    "null": re.compile(r"~|null|Null|NULL|"),
}
_WHAT = {"bool": "a boolean", "int": "an integer", "float": "a number", "null": "null", "timestamp": "a timestamp",
         "seq": "a list", "map": "a structure"}
_NO_JSON_FORM = ("binary", "set", "omap", "pairs")  # safe_load makes bytes, a set, lists of pairs
# line breaks in YAML 1.1 (PyYAML, libyaml), ordinary characters in YAML 1.2 and JSON
_NOT_BREAKS = "\x85\u2028\u2029"
_SPARE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))  # private use


def _hide_breaks(text: str) -> tuple[str, dict | None]:
    """text with NEL, LS and PS swapped for private-use characters it does not hold, so
    that the YAML 1.1 parser keeps them as content, as YAML 1.2 does (NEL folded to a
    space inside a quoted scalar); and the table that puts them back (None: none held)."""
    if not any(char in text for char in _NOT_BREAKS):
        return text, None
    held = set(text)
    spare = (code for codes in _SPARE for code in codes if chr(code) not in held)
    try:
        back = {next(spare): char for char in _NOT_BREAKS}
    except StopIteration:
        raise InputError("invalid YAML: holds NEL, LS or PS and every private-use character: not a response") from None
    return text.translate({ord(char): code for code, char in back.items()}), back


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
    for name, first in (("bool", "tTfF"), ("int", "-+0123456789"), ("float", "-+.0123456789")):
        Yaml12Loader.add_implicit_resolver(_TAG + name, re.compile(f"^(?:{_CORE[name].pattern})$"), list(first))
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
    return float(loader.construct_scalar(node))  # .nan and .inf were refused by _check_scalar


def _check_yaml_nodes(root, back: dict | None = None) -> None:
    """Before constructing: JSON's value rules (member names are strings, no two alike;
    numbers finite and within a double; a tagged scalar reads as its tag says; no value
    JSON has no form for), no alias that contains itself, and at most MAX_YAML_NODES
    values once aliases are expanded (each node counted once, memoised). back: the
    characters _hide_breaks swapped out, put back into every scalar."""
    from yaml import MappingNode, ScalarNode

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    merge = _TAG + "merge"  # '<<' may override keys: not a duplicate, not a name

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise InputError("invalid YAML: an alias refers to a node that contains it")
        open_nodes.add(key)
        total = 1
        if node.tag.startswith(_TAG) and node.tag[len(_TAG):] in _NO_JSON_FORM:
            raise InputError(f"invalid YAML: a !!{node.tag[len(_TAG):]} value has no JSON form{_at(node)}")
        if isinstance(node, ScalarNode):
            if back:
                node.value = node.value.translate(back)
            _check_scalar(node)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
            names = [k for k, _ in node.value if k.tag != merge]
            for name in names:
                if name.tag.startswith(_TAG) and name.tag[len(_TAG):] in _WHAT:  # other tags: no constructor
                    raise InputError(_not_a_name(name))
            _refuse_duplicate(((k.tag, k.value), k.value) for k in names if isinstance(k, ScalarNode))
        else:
            total += sum(size(item) for item in node.value)
        open_nodes.discard(key)
        if total > MAX_YAML_NODES:
            raise InputError(f"invalid YAML: aliases expand the document past {MAX_YAML_NODES:,} values (an alias bomb?)")
        sizes[key] = total
        return total

    size(root)


def _at(node) -> str:
    return f" at line {node.start_mark.line + 1} column {node.start_mark.column + 1}"


def _not_a_name(node) -> str:
    """A member name that is not a string: JSON has none, and read as one it would be
    renamed (`007` is 7) or merged (`1` and `true` are one Python key)."""
    what = _WHAT[node.tag[len(_TAG):]]
    if not isinstance(node.value, str):
        return f"invalid YAML: a member name is {what}, not a string{_at(node)}"
    shown = node.value if len(node.value) <= 40 else node.value[:39] + "…"
    return f"invalid YAML: the member name {shown or '(empty)'} is {what}, not a string (quote it: {json.dumps(shown)}){_at(node)}"


def _check_scalar(node) -> None:
    """A scalar reads as its tag says (`!!timestamp nope`, `!!bool yes` are refused), and a
    number is one JSON text could hold: finite, within a double."""
    name = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else None
    value = node.value
    form = _timestamp() if name == "timestamp" else _CORE.get(name or "")
    if form is not None and not form.fullmatch(value):
        shown = json.dumps(value[:40], ensure_ascii=False)
        raise InputError(f"invalid YAML: {shown} is not {_WHAT[name or '']} (!!{name}){_at(node)}")
    if name == "float":
        if value.lower().endswith((".nan", ".inf")):
            raise InputError(f"invalid YAML: {value} is not a JSON value (JSON numbers are finite){_at(node)}")
        if math.isinf(float(value)):
            _too_large(value, "YAML", _at(node))
    elif name == "int":
        body = value.lstrip("+-")
        base = {"0o": 8, "0x": 16}.get(body[:2], 10)
        digits = (body[2:] if base != 10 else body).lstrip("0")
        if len(digits) > 400 or (digits and int(digits, base) > _FLOAT_MAX):
            _too_large(value, "YAML", _at(node))


@lru_cache(maxsize=1)
def _timestamp() -> re.Pattern:
    from yaml import SafeLoader

    return SafeLoader.timestamp_regexp


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
