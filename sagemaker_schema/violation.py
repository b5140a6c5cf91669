"""A violation is data; how it is shown is the reporters' business."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Violation:
    rule: str  # stable kebab-case rule id
    severity: str  # "error" or "warning"
    path: str  # JSON Pointer into the document ("" is the document itself)
    message: str  # what is wrong with this value
    doc: str  # the documentation statement behind the rule

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def pointer(parts) -> str:
    """JSON Pointer (RFC 6901) for a sequence of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
