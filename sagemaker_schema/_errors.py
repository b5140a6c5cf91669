"""One record of a failing keyword, whichever engine found it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SchemaFault:
    keyword: str  # the JSON Schema keyword that failed
    steps: tuple  # keyword location from the root schema ($ref steps may be left out)
    parts: tuple  # instance location (keys and indexes)
    instance: Any  # the failing value (for propertyNames: the key)
    key: Any = None  # for propertyNames: the key that failed
    fallback_message: str = ""
