"""Named documents for files: what `sagemaker-schema generate` writes and
`sagemaker_schema.fixtures` returns, and their arguments checked."""
from __future__ import annotations

import re

from ..errors import UsageError
from . import (
    FORMS,
    RandomDraw,
    error_rules,
    facts,
    invalid_response,
    problem_types,
    request_id,
    response,
    to_form,
)


def shown(text: str, limit: int = 60) -> str:
    """An argument echoed in an error, cut like values (a 5,000-digit seed is not)."""
    shown = repr(text[:limit])
    return shown if len(text) <= limit else shown[:-1] + "…" + shown[-1]


def _one_of(name: str, value: str | None, allowed: list[str]) -> None:
    if value is not None and value not in allowed:
        raise UsageError(f"{name} {shown(value)} is not one of: {', '.join(allowed)}")


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def documents(count: int, seed: int, problem_type=None, status=None, form="wire", invalid=None):
    """(file name, document) pairs. invalid: None for valid responses, "" for every error
    rule in turn (catalogue order), or one rule id."""
    width = max(4, len(str(count - 1)))
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


FLAGS = ("--problem-type", "--status", "--form", "--invalid")


def check_arguments(problem_type, status, form, invalid, names=FLAGS) -> None:
    """UsageError naming the argument (a flag, or a Python parameter name) that is wrong."""
    known = facts()
    _one_of(names[0], problem_type, problem_types())
    _one_of(names[1], status, known.statuses)
    _one_of(names[2], form, list(FORMS))
    if invalid is not None:
        if invalid:
            _one_of(names[3], invalid, error_rules())
        if problem_type or status or form != "wire":
            raise UsageError(f"{names[3]} responses are wire form, of the problem type and status each rule needs: "
                             f"{names[0]}, {names[1]} and {names[2]} apply to valid responses only")



