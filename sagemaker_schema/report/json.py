"""The json format: one JSON document for the run, a record per document and a summary."""
from __future__ import annotations

from typing import TextIO

from ..records import Result, Violation, summary
from .safe import dumps


def json(results: list[Result], out: TextIO, contract: str = "describe-auto-ml-job-v2") -> None:
    body = {
        "contract": contract,  # the operation whose document the files were held to
        "documents": [
            {
                "file": r.name,
                "valid": r.valid,
                "error": r.error,
                "violations": [{**v.as_dict(), **_line_column(r, v)} for v in r.violations],
                "omitted": r.omitted,
            }
            for r in results
        ],
        "summary": summary(results),
    }
    out.write(dumps(body, indent=2) + "\n")


def _line_column(r: Result, v: Violation) -> dict:
    where = r.positions.get(v.path)
    return {"line": where[0], "column": where[1]} if where else {}
