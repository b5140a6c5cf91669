"""Violations a user accepts: the known deviations of a mock, or of their own, kept in a
file of the form of ``drift --explained`` (one parser, drift.read_explained)::

    [{"violation": "RULE PATH", "reason": "..."}]

RULE is a rule id; PATH the JSON Pointer a violation is reported at (nothing for the
document itself), ``*`` standing for any one segment (a list index, a map key); a path in a
request or a candidate list is prefixed with its operation, as drift prefixes it
(``pattern list-candidates-for-auto-ml-job:/Candidates/*/InferenceContainers/*/ModelDataUrl``).
The package ships choices by name in ``accepted/``: ``moto`` (moto 5.2's responses;
tests/test_moto_server.py asserts they break exactly these).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import ExplainedError

SHIPPED = Path(__file__).with_name("accepted")
ENTRY, FORM = "violation", "RULE PATH"
WILDCARD = "*"

Source = str | os.PathLike


def shipped() -> list[str]:
    """The names of the choices that ship with the package (``moto``)."""
    return sorted(path.stem for path in SHIPPED.glob("*.json"))


def read(source: Source) -> dict[str, str]:
    """{"RULE PATH": reason} from a shipped choice's name or a file's path; a file that
    cannot be read, has another shape, names no rule or no operation is an ExplainedError
    (one line naming the file)."""
    from .catalogue import rules
    from .drift import read_explained

    name = os.fspath(source)
    if name not in shipped() and not Path(name).suffix and not os.path.lexists(name):
        from .inputs import label

        # a name without a suffix is most likely a shipped choice misspelled ("mot")
        raise ExplainedError(f"{label(name)}: no such file, nor a choice shipped with the package ({', '.join(shipped())})")
    found = read_explained(str(SHIPPED / f"{name}.json") if name in shipped() else name, ENTRY, FORM, kinds=None)
    known = rules()
    for key in found:
        rule = key.partition(" ")[0]
        if rule not in known:
            raise ExplainedError(f"{name}: {ENTRY} {key!r}: no rule {rule!r}")
        parse(key, name)
    return found


def parse(key: str, name: str = "") -> tuple[str, str, tuple[str, ...]]:
    """(rule, operation, pointer segments) of an accepted key."""
    from .schema import DEFAULT_OPERATION, OPERATIONS

    rule, _, where = key.partition(" ")
    operation, colon, pointer = where.partition(":")
    if not colon or operation not in OPERATIONS:  # a ':' inside a map key is no operation
        operation, pointer = DEFAULT_OPERATION, where
    if pointer and not pointer.startswith("/"):
        raise ExplainedError(f"{name}: {ENTRY} {key!r}: {pointer!r} is not a JSON Pointer (/Member/0/...)")
    return rule, operation, tuple(pointer.split("/")[1:])


class Accepted:
    """The violations accepted by some sources; ``covers(operation, violation)`` says
    whether one is among them and remembers which entries matched (``unused()``)."""

    def __init__(self, sources: Iterable[Source] = ()):
        self.reasons: dict[str, str] = {}
        self.sources: dict[str, str] = {}  # key -> the source that accepts it
        self._by_rule: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
        self._used: set[str] = set()
        for source in sources:
            self.add(source)

    def add(self, source: Source) -> None:
        name = os.fspath(source)
        for key, reason in read(name).items():
            rule, operation, segments = parse(key, name)
            if key not in self.reasons:
                self._by_rule.setdefault(rule, []).append((operation, segments, key))
            self.reasons[key], self.sources[key] = reason, name

    def __bool__(self) -> bool:
        return bool(self.reasons)

    def covers(self, operation: str, violation: Any) -> bool:
        candidates = self._by_rule.get(violation.rule)
        if not candidates:
            return False
        parts = tuple(violation.path.split("/")[1:])
        for accepted_operation, segments, key in candidates:
            if accepted_operation == operation and len(segments) == len(parts) and all(
                    s in (WILDCARD, p) for s, p in zip(segments, parts, strict=True)):
                self._used.add(key)
                return True
        return False

    def unused(self) -> list[str]:
        """The entries that have matched no violation yet, in their files' order."""
        return [key for key in self.reasons if key not in self._used]


def accepted(accept: Any) -> Accepted | None:
    """watch()'s ``accept``: None, an Accepted, a source, or several sources."""
    if accept is None or isinstance(accept, Accepted):
        return accept
    if isinstance(accept, (str, os.PathLike)):
        accept = [accept]
    return Accepted(accept)
