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


class Violations(list):
    """The violations of one document, in path order; `omitted` counts those left out
    past a caller's max_violations (0 when all are here), `omitted_errors` the errors
    among them."""

    omitted: int = 0
    omitted_errors: int = 0


SEGMENT = 1024  # longest member name or map key shown in full: AWS allows keys of 256


def pointer(parts) -> str:
    """JSON Pointer (RFC 6901) for a sequence of keys and indexes. A segment longer than
    SEGMENT characters is cut (a 10 MB member name is not echoed): the path then names it
    without resolving to it."""
    return "".join("/" + _segment(str(p)).replace("~", "~0").replace("/", "~1") for p in parts)


def _segment(text: str) -> str:
    return text if len(text) <= SEGMENT else text[: SEGMENT - 1] + "…"
