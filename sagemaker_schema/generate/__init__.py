"""Build DescribeAutoMLJobV2 responses, CreateAutoMLJobV2 requests,
ListCandidatesForAutoMLJob and ListAutoMLJobs pages, StopAutoMLJob requests and the List
operations' parameters that are valid by construction, and break them.

One builder, two views of a job's configuration: ``request()`` draws CreateAutoMLJobV2
parameters from the same pieces ``response()`` uses, and ``response(request=...)``
describes that request (its configuration echoed, the response-only members drawn), so
what a user sends and what AWS describes are drawn from one place.

Four modules, one job each:

- ``draw``: the ``Draw`` protocol (boolean, integer, choice, chars, whole) that every piece is
  written with, ``RandomDraw`` (a seeded ``random.Random``) and the helpers on top (sizes,
  numbers, optional members, names). ``sagemaker_schema.strategies`` drives the same
  pieces with Hypothesis, ``sagemaker-schema generate`` and ``fixtures`` with RandomDraw.
- ``facts``: what the schema says (enums, lengths, lists, the problem types each
  cross-field rule names), read once; the generator's only door to the rest of the package.
- ``builder``: the valid response, each piece tagged ``@keeps(rule id, ...)`` with the
  cross-field rules it keeps (``keepers(rule_id)`` lists them).
- ``breakers``: one registered breaker per rule of severity error (``BREAKERS``).

Valid responses break no rule of either severity: warnings are part of the contract.

A new rule's generator support, at most three edit sites (tests/test_builder.py and
tests/test_strategies.py name whichever is missing):

1. ``builder.py``: the piece that builds the members the rule is about keeps valid
   responses inside it, and says so with ``@keeps("rule-id")``;
2. ``breakers.py``: an error rule gets a breaker, ``@breaks("rule-id", problem types,
   statuses)``;
3. ``facts.py``: any list the rule holds (an enum, the problem types it names) is read
   from the schema here, never copied by hand.

A value the schema gains needs no edit: statuses, secondary statuses, tabular problem
types and every enum are read from it. A status the rules layer does not name as
finished is built as a running one; a problem type needs its configuration in
``builder.CONFIGS`` before it is drawn (asking for it first is a ValueError).
"""
from __future__ import annotations

import json

from .breakers import BREAKERS, BREAKERS_OF, Breaker, breaks, invalid_document, invalid_request, invalid_response
from .builder import (
    CONFIGS,
    LATEST_MS,
    MAX_EPOCH_MS,
    candidate,
    candidate_list,
    job_list,
    keepers,
    keeps,
    kept_rules,
    list_candidates_request,
    list_jobs_request,
    problem_types,
    request,
    request_problem_type,
    response,
    stop_request,
)
from .draw import HEX, Draw, RandomDraw, drawn_whole
from .facts import (
    CREATE,
    DESCRIBE,
    FREQUENCY_MAX,
    LIST_CANDIDATES,
    LIST_CANDIDATES_REQUEST,
    LIST_JOBS,
    LIST_JOBS_REQUEST,
    OPERATIONS,
    STOP,
    Facts,
    boto3_forms,
    error_rules,
    facts,
)

__all__ = [
    "FORMS", "response", "invalid_response", "to_form", "request_id", "problem_types", "statuses",
    "Draw", "RandomDraw", "Facts", "facts", "error_rules", "BREAKERS", "Breaker", "breaks",
    "keeps", "keepers", "kept_rules", "CONFIGS", "FREQUENCY_MAX", "LATEST_MS", "MAX_EPOCH_MS",
    "request", "invalid_request", "request_problem_type", "candidate", "candidate_list", "request_error_rules", "BREAKERS_OF",
    "OPERATIONS", "DESCRIBE", "CREATE", "LIST_CANDIDATES", "FORM_OPERATIONS",
    "job_list", "stop_request", "list_jobs_request", "list_candidates_request", "invalid_document", "error_rules_of",
    "STOP", "LIST_JOBS", "LIST_JOBS_REQUEST", "LIST_CANDIDATES_REQUEST",
]

FORMS = ("wire", "boto3", "boto3-json")


def statuses() -> list[str]:
    """Every AutoMLJobStatus the schema lists (a status the rules layer does not know is
    built as a running one: see ``builder._response``)."""
    return list(facts().statuses)


# the operations whose documents come in every form: responses (a request has no other form)
FORM_OPERATIONS = (DESCRIBE, LIST_CANDIDATES)


def to_form(wire: dict, form: str, request_id: str = "00000000-0000-0000-0000-000000000000", operation: str = DESCRIBE) -> dict:
    """The wire response (of the operation: DescribeAutoMLJobV2 by default, or a
    ListCandidatesForAutoMLJob page) in another form: boto3 through botocore's own parser
    (datetimes in UTC, ResponseMetadata), boto3-json that dict saved as JSON and read back."""
    if form == "wire":
        return wire
    to_boto3, to_boto3_json = boto3_forms()
    parsed = to_boto3(wire, request_id, operation)
    return parsed if form == "boto3" else json.loads(to_boto3_json(parsed))


def request_error_rules() -> list[str]:
    """The error rules a CreateAutoMLJobV2 request can break alone (each has a request
    breaker), sorted."""
    return sorted(BREAKERS_OF[CREATE])


def error_rules_of(operation: str) -> list[str]:
    """The error rules a document of ``operation`` can break alone (each has a breaker):
    the describe response's in catalogue order, another operation's sorted; [] for the
    candidate list, whose rules the describe response's breakers break."""
    return error_rules() if operation == DESCRIBE else sorted(BREAKERS_OF[operation])


@drawn_whole
def request_id(d: Draw) -> str:
    return "-".join(d.chars(HEX, n) for n in (8, 4, 4, 4, 12))
