"""`sagemaker-schema validate --transcript FILE`: a transcript of calls (`serve --transcript`,
`generate --lifecycle`), each request and each answered document held to its operation's
contract, reported as `FILE:LINE OPERATION request|response`."""
from __future__ import annotations

import sys
from collections import Counter

from ..errors import InputError
from ..records import Result, summary
from ..schema import SERVICE_OPERATIONS
from .common import STDIN_TWICE, discard_stdout, max_violations, policy, summarise


def contracts(target: str) -> list[tuple[str, str]]:
    """(this package's operation, "request" or "response") for each contract the call's
    `X-Amz-Target` has here: CreateAutoMLJobV2's request, DescribeAutoMLJobV2's response..."""
    api = target.removeprefix("SageMaker.")
    return [(operation, "request" if side == "input" else "response")
            for operation, (name, side) in SERVICE_OPERATIONS.items() if name == api]


def check(name: str, data: bytes, validators, fail_on: str) -> tuple[list[Result], Counter]:
    """The results of one transcript's lines, and the calls left unchecked, by target (no
    contract here for that side of the call, or an error answered)."""
    from ..inputs import label, parse, require_object

    results: list[Result] = []
    unchecked: Counter = Counter()
    for number, text in enumerate(data.splitlines(), 1):
        if not text.strip():
            continue
        at = f"{label(name)}:{number}"
        try:
            line = parse(text)
            require_object(line, "line")
            target, status = line.get("target"), line.get("status")
            if not isinstance(target, str) or not isinstance(status, int) or "request" not in line or "response" not in line:
                raise InputError("not a transcript line: it needs target, request, status and response "
                                 "(as `serve --transcript` writes them)")
        except InputError as exc:
            results.append(Result(at, error=str(exc)))
            continue
        sides = {side: operation for operation, side in contracts(target)}
        api = target.removeprefix("SageMaker.")
        for side in ("request", "response"):
            if side == "response" and status != 200:  # an error answered: AWS's shape, not a contract's
                unchecked[f"{api} response (HTTP {status})"] += 1
                continue
            if side not in sides:
                unchecked[f"{api} {side}"] += 1
                continue
            shown = f"{at} {api} {side}"
            try:
                require_object(line[side])
                found = validators[sides[side]].validate(line[side])
            except InputError as exc:
                results.append(Result(shown, error=str(exc)))
                continue
            results.append(Result(shown, found, omitted=found.omitted, omitted_errors=found.omitted_errors, fail_on=fail_on))
    return results, unchecked


def command(args) -> int:
    from ..inputs import label, read_bytes
    from ..report import FORMATS
    from ..report.line import TRANSCRIPT
    from ..validator import Validator

    options = {**policy(args, live=False), "max_violations": max_violations(args)}
    validators = {operation: Validator(**{**options, "operation": operation}) for operation in SERVICE_OPERATIONS}
    results: list[Result] = []
    unchecked: Counter = Counter()
    for n, name in enumerate(args.files):
        if name == "-" and "-" in args.files[:n]:
            results.append(Result(label(name), error=STDIN_TWICE))
            continue
        try:
            data = read_bytes(name)
        except InputError as exc:
            results.append(Result(label(name), error=str(exc)))
            continue
        found, left = check(name, data, validators, args.fail_on)
        results += found
        unchecked += left
    counts = summary(results)
    try:
        FORMATS[args.format](results, sys.stdout, contract=TRANSCRIPT)
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
    if unchecked and args.format == "text":
        print("not checked (no contract in this package, or an error answered): "
              + ", ".join(f"{what} x{count}" for what, count in sorted(unchecked.items())), file=sys.stderr)
    return summarise(counts, to_stderr=args.format == "text", contract="each call's operation")
