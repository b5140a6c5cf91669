"""The text format: one line per violation, `FILE[:LINE:COLUMN]: PATH: [RULE] MESSAGE`."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..records import Result
from .line import line, more
from .safe import display


def text(results: Iterable[Result], out: TextIO, contract: str | None = None) -> None:
    # the contract applied is on the summary line (standard error), not here
    for result in results:
        if result.error:
            out.write(f"{result.name}: error: {display(result.error)}\n")
            continue
        for v in result.violations:
            out.write(f"{result.name}{result.at(v)}: {line(v)}\n")
        if result.omitted:
            out.write(f"{result.name}: {more(result.omitted)}\n")
        if result.valid:
            out.write(f"{result.name}: valid\n")
