"""Named documents for files: what `sagemaker-schema generate` writes and
`sagemaker_schema.fixtures` returns, and their arguments checked."""
from __future__ import annotations

import re

from ..errors import UsageError
from . import (
    CREATE,
    DESCRIBE,
    FORM_OPERATIONS,
    FORMS,
    LIST_CANDIDATES,
    LIST_CANDIDATES_REQUEST,
    LIST_JOBS,
    LIST_JOBS_REQUEST,
    OPERATIONS,
    STOP,
    RandomDraw,
    candidate_list,
    error_rules,
    error_rules_of,
    facts,
    invalid_document,
    invalid_response,
    job_list,
    list_candidates_request,
    list_jobs_request,
    problem_types,
    request,
    request_error_rules,
    request_id,
    response,
    stop_request,
    to_form,
)

# what each operation's document is called in a file name and a --invalid line
KINDS = {DESCRIBE: "response", CREATE: "request", LIST_CANDIDATES: "candidates", STOP: "stop-request",
         LIST_JOBS: "jobs", LIST_JOBS_REQUEST: "jobs-request", LIST_CANDIDATES_REQUEST: "candidates-request"}
# the documents of no one job's configuration: drawn without a problem type
UNTYPED = {STOP: stop_request, LIST_JOBS: job_list, LIST_JOBS_REQUEST: list_jobs_request,
           LIST_CANDIDATES_REQUEST: list_candidates_request}


def shown(text: str, limit: int = 60) -> str:
    """An argument echoed in an error, cut like values (a 5,000-digit seed is not)."""
    shown = repr(text[:limit])
    return shown if len(text) <= limit else shown[:-1] + "…" + shown[-1]


def _one_of(name: str, value: str | None, allowed: list[str]) -> None:
    if value is not None and value not in allowed:
        raise UsageError(f"{name} {shown(value)} is not one of: {', '.join(allowed)}")


def _other_operation(names, invalid: str, rules: list[str], other: str, others: list[str]) -> None:
    """A rule the other operation's documents break, named with the --operation that takes it."""
    if invalid not in rules and invalid in others:
        how = f"{names[4]} {other}" if names[4].startswith("-") else f"{names[4]}={other!r}"  # a flag, or a parameter
        raise UsageError(f"{names[3]} {shown(invalid)} is a rule of {other} documents: add {how}")
    _one_of(names[3], invalid, rules)


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def documents(count: int, seed: int, problem_type=None, status=None, form="wire", invalid=None, operation=DESCRIBE):
    """(file name, rule id or None, document) triples. invalid: None for valid documents,
    "" for every error rule in turn (catalogue order; a request's: sorted), or one rule id.
    operation: whose document, the DescribeAutoMLJobV2 response (default), the
    CreateAutoMLJobV2 request, a ListCandidatesForAutoMLJob page (in the form given), or
    another operation's document (schema.OPERATIONS; wire form)."""
    width = max(4, len(str(count - 1)))
    if operation != DESCRIBE:
        yield from _others(count, seed, problem_type, invalid, operation, width, form)
        return
    rules = error_rules()
    for i in range(count):
        draw = RandomDraw(f"{seed}:{i}:{'invalid' if invalid is not None else 'valid'}")
        if invalid is None:
            # drawn here, not inside the builder: the file is named for them, and the
            # response may leave AutoMLProblemTypeConfigName out
            kind = problem_type or draw.choice(problem_types())
            wire = response(draw, kind, status)
            document = to_form(wire, form, request_id(draw))
            name = f"{_kebab(kind)}-{wire['AutoMLJobStatus'].lower()}--{seed}-{i:0{width}d}.json"
            yield name, None, document
        else:
            rule = invalid or rules[i % len(rules)]
            yield f"{rule}--{seed}-{i:0{width}d}.json", rule, invalid_response(draw, rule)


def _others(count: int, seed: int, problem_type, invalid, operation: str, width: int, form: str = "wire"):
    """The other operations' documents (seeded apart from the response's)."""
    kind = KINDS[operation]
    rules = error_rules_of(operation)
    for i in range(count):
        draw = RandomDraw(f"{seed}:{i}:{operation}:{'invalid' if invalid is not None else 'valid'}")
        if invalid is not None:
            rule = invalid or rules[i % len(rules)]
            yield f"{rule}-{kind}--{seed}-{i:0{width}d}.json", rule, invalid_document(draw, rule, operation)
            continue
        if operation in UNTYPED:
            yield f"{kind}--{seed}-{i:0{width}d}.json", None, UNTYPED[operation](draw)
            continue
        chosen = problem_type or draw.choice(problem_types())
        made = request(draw, chosen) if operation == CREATE else candidate_list(draw, chosen)
        if form != "wire":  # a candidate list (a request has one form): its request id drawn after it
            made = to_form(made, form, request_id(draw), operation)
        yield f"{_kebab(chosen)}-{kind}--{seed}-{i:0{width}d}.json", None, made


FLAGS = ("--problem-type", "--status", "--form", "--invalid", "--operation")


def check_arguments(problem_type, status, form, invalid, names=FLAGS, operation=DESCRIBE) -> None:
    """UsageError naming the argument (a flag, or a Python parameter name) that is wrong."""
    known = facts()
    if operation not in OPERATIONS:
        from ..schema import operation_suggested

        raise UsageError(f"{names[4]} {shown(operation) if isinstance(operation, str) else repr(operation)} is not one of: {', '.join(OPERATIONS)}, "
                         f"or boto3's or the API's name of one{operation_suggested(operation)}")
    _one_of(names[0], problem_type, problem_types())
    _one_of(names[1], status, known.statuses)
    _one_of(names[2], form, list(FORMS))
    if operation != DESCRIBE:
        if status is not None:
            raise UsageError(f"{names[1]} applies to {DESCRIBE} only: {operation} documents have no status")
        if form != "wire" and operation not in FORM_OPERATIONS:
            raise UsageError(f"{names[2]} applies to {' and '.join(FORM_OPERATIONS)}: {operation} documents "
                             f"come in the wire form only")
        if invalid is not None and not error_rules_of(operation):
            broken = [op for op in OPERATIONS if op not in (DESCRIBE, CREATE) and error_rules_of(op)]
            raise UsageError(f"{names[3]} applies to {DESCRIBE} and {CREATE}, and to {', '.join(broken)}; "
                             f"{operation}'s rules are a candidate's: break them in a {DESCRIBE} response's BestCandidate")
        if problem_type is not None and operation in UNTYPED:
            raise UsageError(f"{names[0]} applies to the documents of one job's configuration ({DESCRIBE}, {CREATE}, "
                             f"{LIST_CANDIDATES}): {operation} documents have no problem type")
        if invalid:
            _other_operation(names, invalid, error_rules_of(operation), DESCRIBE, error_rules())
        if invalid is not None and problem_type:
            raise UsageError(f"{names[3]} requests are of the problem type each rule needs: {names[0]} applies to valid requests only")
        return
    if invalid is not None:
        if invalid:
            _other_operation(names, invalid, error_rules(), CREATE, request_error_rules())
        if problem_type or status or form != "wire":
            raise UsageError(f"{names[3]} responses are wire form, of the problem type and status each rule needs: "
                             f"{names[0]}, {names[1]} and {names[2]} apply to valid responses only")



