"""The one place a violation becomes text: every format, `--jsonl`, the pytest plugin
and `assert_valid` write a violation's line with `line`, its place with `place`, and the
count of violations left out with `more`."""
from __future__ import annotations

from ..records import Violation
from .safe import display

HEADER = "{count} violation(s) of the {contract} contract"
CONTRACT = "DescribeAutoMLJobV2"  # the describe response's contract, so named since the first release
TRANSCRIPT = "transcript"  # validate --transcript: each document is held to its own call's contract


def place(v: Violation) -> str:
    """Where a violation is: its JSON Pointer, or "(document)" for the document itself."""
    return v.path or "(document)"


def label(v: Violation) -> str:
    """The rule id, marked "(warning)" for a warning."""
    return v.rule if v.severity == "error" else f"{v.rule} (warning)"


def line(v: Violation) -> str:
    """One violation on one line, safe for a terminal and for XML:
    `PATH: [RULE] MESSAGE` (RULE marked "(warning)" for a warning)."""
    return f"{display(v.path) or '(document)'}: [{label(v)}] {display(v.message)}"


def more(omitted: int) -> str:
    return f"… and {omitted:,} more violations (--max-violations N shows more)"


def document(operation: str) -> str:
    """An operation's document in words: CreateAutoMLJobV2 request, DescribeAutoMLJobV2
    response (from schema.SERVICE_OPERATIONS)."""
    from ..schema import SERVICE_OPERATIONS

    name, side = SERVICE_OPERATIONS[operation]
    return f"{name} {'request' if side == 'input' else 'response'}"


def contract(operation: str) -> str:
    """The contract's name in messages: DescribeAutoMLJobV2, CreateAutoMLJobV2 request,
    ListCandidatesForAutoMLJob response; "recorded call's" for a transcript (the document's
    name says which)."""
    from ..schema import DEFAULT_OPERATION

    if operation == TRANSCRIPT:
        return "recorded call's"

    return CONTRACT if operation == DEFAULT_OPERATION else document(operation)


def header(count: int, contract: str = CONTRACT) -> str:
    return HEADER.format(count=count, contract=contract)


def assertion(violations: list[Violation], contract: str = CONTRACT, where: str = "") -> str:
    """assert_valid's message: a header (then ``where``: the watch's " in the call at FILE:LINE"),
    then one line per violation."""
    return "\n".join([header(len(violations), contract) + where + ":", *map(line, violations)])


def block(violations: list[Violation], contract: str = CONTRACT) -> str:
    """The pytest plugin's message: a header, then one line per violation, indented, with
    the documentation sentence behind it."""
    lines = [header(len(violations), contract) + ":"]
    for v in violations:
        lines.append(f"  {line(v)}")
        if v.doc:
            lines.append(f"      documented: {v.doc}")
    return "\n".join(lines)
