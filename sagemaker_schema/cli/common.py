"""What every subcommand shares: the exit statuses, the summary line, the validation
policy a flag set asks for, and a standard output that went away."""
from __future__ import annotations

import os
import sys

from ..schema import DEFAULT_OPERATION

EXIT_VALID, EXIT_INVALID, EXIT_INPUT = 0, 1, 2
# `validate - -`: the first `-` reads standard input to its end; the second would find it empty
STDIN_TWICE = "standard input is given twice (it can be read once)"


def max_violations(args) -> int | None:
    if args.max_violations < 0:
        args.usage.error("--max-violations must be 0 (no limit) or more")
    return args.max_violations or None


def summarise(counts, to_stderr: bool, fail_on: str = "error", contract: str | None = None) -> int:
    """The summary line on standard error (naming the contract applied, when given), and
    the exit status the counts call for."""
    if to_stderr:
        print(
            f"{counts['documents']} documents: {counts['valid']} valid, {counts['invalid']} invalid, "
            f"{counts['unreadable']} unreadable ({counts['errors']} errors, {counts['warnings']} warnings)"
            + (f"; contract: {contract}" if contract else ""),
            file=sys.stderr,
        )
    if counts["unreadable"]:
        return EXIT_INPUT
    return EXIT_INVALID if counts["invalid"] or (fail_on == "warning" and counts["warnings"]) else EXIT_VALID


def hint(shown: str, other: str, operation: str) -> str:
    """The line for a document that holds another operation's members (schema.fitting_operation)."""
    from ..report.line import document
    from ..report.safe import display

    return (f"sagemaker-schema: hint: {display(shown)} holds the members of a {document(other)}, "
            f"not of a {document(operation)}: validate it with --operation {other}")


def policy(args, live: bool) -> dict:
    """The Validator's options: files are strict unless told; a live response comes from
    an AWS that may be newer than the schema, so --allow-unknown unless --strict."""
    return {"allow_unknown": args.allow_unknown or (live and not args.strict), "allow_unknown_members": args.allow_unknown_members,
            "operation": getattr(args, "operation", DEFAULT_OPERATION)}


def discard_stdout() -> None:
    # later writes and the flush at exit go nowhere instead of raising again
    if sys.stdout is None:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  standard output from now on, never closed
