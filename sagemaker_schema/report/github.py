"""The github format: GitHub Actions workflow commands, an annotation per violation."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..records import Result
from ..schema import DEFAULT_OPERATION
from .line import contract as contract_name, more, place
from .safe import display


def _gh_data(text: str) -> str:
    # GitHub's own escapes for line breaks first, then nothing else that could drive a terminal
    return display(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: Iterable[Result], out: TextIO, contract: str | None = None) -> None:
    """GitHub Actions workflow commands: an ::error or ::warning annotation per
    violation, an ::error per unreadable document; nothing for a valid document."""
    # another operation's contract is named in each title, as the describe response's is implied
    named = "" if contract in (None, DEFAULT_OPERATION) else f" ({contract_name(contract)})"
    for r in results:
        where = f"file={_gh_property(r.name)}"
        if r.error:
            at = f",line={r.error_at[0]},col={r.error_at[1]}" if r.error_at else ""
            out.write(f"::error {where}{at},title=input error::{_gh_data(r.error)}\n")
            continue
        for v in r.violations:
            title = _gh_property(f"sagemaker-schema {v.rule}{named}")
            text_ = _gh_data(f"{place(v)}: {v.message}")
            line = r.positions.get(v.path)
            at = f",line={line[0]},col={line[1]}" if line else ""
            out.write(f"::{v.severity} {where}{at},title={title}::{text_}\n")
        if r.omitted:
            out.write(f"::warning {where},title=sagemaker-schema::{_gh_data(more(r.omitted))}\n")
