"""Text that is safe to print whatever the input held: every report is valid UTF-8, one
line stays one line, and nothing in a member name or value can drive the terminal
(escape sequences), reorder what is shown (bidi controls) or break an XML report.
Strings are checked only when they are not plain printable ASCII, so the common case
costs one C-level scan."""
from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

# lone surrogates: Python's JSON parser accepts "\ud800"; no encoder can write one
SURROGATES = "\ud800-\udfff"
# what must not reach a terminal or a one-line report raw: C0 and C1 controls, DEL,
# bidi controls and marks, line and paragraph separators, the two XML non-characters;
# inside JSON text, json.dumps already escapes C0 controls
UNSAFE_IN_JSON = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff"
UNSAFE = "\x00-\x1f" + UNSAFE_IN_JSON + SURROGATES


@cache
def _class(chars: str) -> re.Pattern:
    return re.compile(f"[{chars}]")  # compiled on first use: plain ASCII never needs it


def utf8(text: str) -> str:
    """text with each lone surrogate replaced by U+FFFD, so it encodes as UTF-8."""
    return text if text.isascii() else _class(SURROGATES).sub("\ufffd", text)


def _escape(match: re.Match) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def display(text: str) -> str:
    """text for a one-line report: controls, bidi controls and separators as \\xNN or
    \\uNNNN escapes, lone surrogates as U+FFFD."""
    if text.isascii() and text.isprintable():
        return text
    return _class(UNSAFE).sub(_escape, text)


def _escape_json(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(value: Any, **options) -> str:
    """json.dumps(ensure_ascii=False) whose text holds no raw C1 or bidi control: those
    are written as \\uNNNN escapes, so the parsed value is unchanged. Lone surrogates
    (which no parser should have to take) become U+FFFD."""
    text = json.dumps(value, ensure_ascii=False, **options)
    if text.isascii() and "\x7f" not in text:  # DEL is ASCII, and unsafe
        return text
    return _class(UNSAFE_IN_JSON).sub(_escape_json, utf8(text))
