"""The json format: one JSON document for the run, a record per document and a summary.
Written as documents are checked (the run is never held): the head, each document's
record, then the summary; the bytes are those of one json.dumps(indent=2) of the whole."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from ..records import Result, Violation, summary
from .safe import dumps


def json(results: Iterable[Result], out: TextIO, contract: str = "describe-auto-ml-job-v2") -> None:
    # the operation whose document the files were held to
    out.write('{\n  "contract": ' + dumps(contract) + ',\n  "documents": [')
    counts = Counter(dict.fromkeys(summary([]), 0))
    written = 0
    for r in results:
        counts.update(summary([r]))
        record = {
            "file": r.name,
            "valid": r.valid,
            "error": r.error,
            "violations": [{**v.as_dict(), **_line_column(r, v)} for v in r.violations],
            "omitted": r.omitted,
        }
        out.write(("," if written else "") + "\n" + indented(dumps(record, indent=2), 4))
        written += 1
    out.write(("\n  ]" if written else "]") + ',\n  "summary": ' + indented(dumps(dict(counts), indent=2), 2, first=False) + "\n}\n")


def indented(text: str, width: int, first: bool = True) -> str:
    """json.dumps(indent=2) text as it reads ``width`` columns further in (its line
    breaks are all its own: a string's are escaped)."""
    pad = " " * width
    return (pad if first else "") + text.replace("\n", "\n" + pad)


def _line_column(r: Result, v: Violation) -> dict:
    where = r.positions.get(v.path)
    return {"line": where[0], "column": where[1]} if where else {}
