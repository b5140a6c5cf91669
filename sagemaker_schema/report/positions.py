"""Where a JSON Pointer's value sits in the source text of a JSON or YAML document:
(line, column), both from 1, the column counted in characters (code points).

Computed only for documents with violations, so valid documents never pay for it. A
member's position is where its name starts (that is where an editor should go, and an
unknown member has only its name); a list item's is where the item starts. A pointer to
something absent (a required member) gets its nearest present owner's position.

One definition of a line for both formats, the one editors and the Language Server
Protocol use: a line ends at LF, CR LF or a bare CR, and nowhere else (U+2028, U+0085
and the like are characters of the line). A segment is made as the report makes it
(records.pointer: cut past 1,024 characters, lone surrogates as U+FFFD), so every
reported path resolves. Only the members and items on the way to a reported pointer
get a pointer of their own: the cost is one pass over the text whatever its names hold.
"""
from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable

from ..records import pointer as _pointer
from .safe import utf8

Position = tuple[int, int]

_SPACE = re.compile(r"[ \t\n\r]*")
# the unrolled form: 0.1 s over a 50 MB string, where "(?:[^"\\]|\\.)*" takes 15 s
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"[^\s,\]}]+")
_LINE_END = re.compile(r"\r\n?|\n")


def locate(text: str, pointers: Iterable[str], yaml: bool = False) -> dict[str, Position]:
    """Each pointer's (line, column) in ``text``; pointers that resolve nowhere (not even
    their owner's) are left out. ``text`` must be a document that parsed."""
    if text.startswith("\ufeff"):
        text = text[1:]  # the loader ignores a byte-order mark, and so do editors
    pointers = list(pointers)
    wanted = {""}  # every reported pointer and each of its owners
    for ptr in pointers:
        wanted.update(ptr[:i] for i in range(len(ptr)) if ptr[i] == "/")
        wanted.add(ptr)
    try:
        offsets = _yaml_offsets(text, wanted) if yaml else _json_offsets(text, wanted)
    except Exception:  # any: a position is a help, never a reason to fail
        return {}
    where = _where(text)
    located = {}
    for ptr in pointers:
        here = ptr
        while here not in offsets and here:
            here = here[: here.rfind("/")]
        if here in offsets:
            located[ptr] = where(offsets[here])
    return located


def _where(text: str) -> Callable[[int], Position]:
    starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def where(offset: int) -> Position:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    return where


def _token(part) -> str:
    """A segment as the report writes it."""
    return utf8(_pointer((part,)))


def _json_offsets(text: str, wanted: set[str]) -> dict[str, int]:
    """The offset of each wanted pointer's member name or item."""
    found: dict[str, int] = {}
    # an explicit stack, not recursion: nesting is limited only by the loader
    stack: list[list] = []  # [pointer or None when nothing under it is wanted, kind "{" or "[", next index]
    i = _end(_SPACE, text, 0)
    found[""] = i
    owners = {ptr[: ptr.rfind("/") + 1] for ptr in wanted if ptr}  # "OWNER/" of each wanted pointer
    pointer: str | None = ""
    while True:
        char = text[i]
        if char in "{[":
            i = _end(_SPACE, text, i + 1)
            if text[i] in "}]":  # empty
                i += 1
            else:
                # a container none of whose members or items is wanted: walked, nothing built
                stack.append([pointer if pointer is not None and pointer + "/" in owners else None, char, 0])
                pointer, i = _enter(text, i, stack[-1], found, wanted)
                continue
        else:  # a scalar
            i = _end(_STRING if char == '"' else _SCALAR, text, i)
        # after a value: a comma for the next member or item, or the end of its owner
        while True:
            i = _end(_SPACE, text, i)
            if not stack:
                return found
            if text[i] == ",":
                i = _end(_SPACE, text, i + 1)
                pointer, i = _enter(text, i, stack[-1], found, wanted)
                break
            stack.pop()  # '}' or ']'
            i += 1


def _end(pattern: re.Pattern[str], text: str, i: int) -> int:
    """Where the pattern's match at ``i`` ends: the text parsed, so it always matches."""
    match = pattern.match(text, i)
    if match is None:
        raise ValueError(f"no {pattern.pattern!r} at offset {i}")
    return match.end()


def _enter(text: str, i: int, frame: list, found: dict, wanted: set[str]) -> tuple[str | None, int]:
    """Position the next member or item of the frame's object or list; returns its
    pointer (None when no reported pointer is at or under it) and where its value starts."""
    owner, kind, index = frame
    pointer = None
    if kind == "[":
        frame[2] += 1
        if owner is not None and owner + "/" + str(index) in wanted:
            pointer = owner + "/" + str(index)
            found.setdefault(pointer, i)
        return pointer, i
    key = _STRING.match(text, i)
    if key is None:
        raise ValueError(f"no member name at offset {i}")
    if owner is not None:
        raw = key.group()
        name = json.loads(raw) if "\\" in raw else raw[1:-1]
        here = owner + _token(name)
        if here in wanted:
            pointer = here
            found.setdefault(pointer, i)
    i = _end(_SPACE, text, key.end()) + 1  # past ':'
    return pointer, _end(_SPACE, text, i)


def _yaml_offsets(text: str, wanted: set[str]) -> dict[str, int]:
    """The offset of each wanted pointer's key or item, through aliases (at the text
    their anchor holds) and `<<` merge keys (at the merged member's own key)."""
    import yaml

    from ..inputs import _yaml12_loader

    loader = _yaml12_loader()(text)  # the loader that read the document: its keys resolve the same
    try:
        root = loader.get_single_node()
        found: dict[str, int] = {}
        if root is None:
            return found
        todo = [("", root, root.start_mark.index)]
        while todo:
            pointer, node, offset = todo.pop()
            found.setdefault(pointer, offset)
            if isinstance(node, yaml.MappingNode):
                loader.flatten_mapping(node)  # merged members first, as the loader takes them
                members = {}  # a later key wins, as in the loaded dict
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        members[pointer + _token(loader.construct_object(key))] = (value, key.start_mark.index)
                todo.extend((here, value, at) for here, (value, at) in members.items() if here in wanted)
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    here = pointer + "/" + str(index)
                    if here in wanted:
                        todo.append((here, item, item.start_mark.index))
        return found
    finally:
        loader.dispose()
