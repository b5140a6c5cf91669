"""Reporters only format results; one function per output format."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TextIO

from .violation import Violation


@dataclass
class Result:
    name: str
    violations: list[Violation] = field(default_factory=list)
    error: str | None = None  # input error: the document could not be read

    @property
    def valid(self) -> bool:
        return self.error is None and not any(v.severity == "error" for v in self.violations)


def text(results: list[Result], out: TextIO) -> None:
    for result in results:
        if result.error:
            out.write(f"{result.name}: error: {result.error}\n")
            continue
        for v in result.violations:
            label = v.rule if v.severity == "error" else f"{v.rule} (warning)"
            out.write(f"{result.name}: {v.path or '(document)'}: [{label}] {v.message}\n")
        if result.valid:
            out.write(f"{result.name}: valid\n")


def json_(results: list[Result], out: TextIO) -> None:
    body = {
        "documents": [
            {
                "file": r.name,
                "valid": r.valid,
                "error": r.error,
                "violations": [v.as_dict() for v in r.violations],
            }
            for r in results
        ],
        "summary": summary(results),
    }
    json.dump(body, out, indent=2, ensure_ascii=False)
    out.write("\n")


def summary(results: list[Result]) -> dict[str, int]:
    return {
        "documents": len(results),
        "valid": sum(r.valid for r in results),
        "invalid": sum(r.error is None and not r.valid for r in results),
        "unreadable": sum(r.error is not None for r in results),
        "errors": sum(v.severity == "error" for r in results for v in r.violations),
        "warnings": sum(v.severity == "warning" for r in results for v in r.violations),
    }


FORMATS = {"text": text, "json": json_}
