"""Hypothesis strategies for DescribeAutoMLJobV2 responses, CreateAutoMLJobV2 requests,
ListCandidatesForAutoMLJob and ListAutoMLJobs pages, StopAutoMLJob requests and the List
operations' parameters (needs ``hypothesis``).

    from hypothesis import given
    from sagemaker_schema.strategies import responses, invalid_responses

    @given(responses(problem_type="Tabular", form="boto3"))
    def test_my_code_reads_any_tabular_job(response): ...

    @given(invalid_responses())
    def test_my_code_rejects_broken_responses(case):
        rule, response = case

    @given(requests(problem_type="TimeSeriesForecasting"))
    def test_my_code_builds_jobs(params):
        client.create_auto_ml_job_v2(**params)

``responses()`` are valid by construction under every rule, of severity error and of
severity warning: ``sagemaker_schema.validate`` returns ``[]`` for each. Optional members
are drawn with a boolean and sizes start small, so a failing example shrinks to a small
document; a string is one choice (a seed), which shrinks in one step to its simplest form,
so that drawing stays well inside Hypothesis's health checks. The builder is shared with
``sagemaker-schema generate`` (see ``sagemaker_schema.generate``); this module only drives
it with Hypothesis.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from . import generate
from ._extras import require
from .generate.draw import SIMPLEST, Draw, RandomDraw
from .schema import operation_named

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

st = require("hypothesis.strategies", what="sagemaker_schema.strategies", extra="hypothesis")

__all__ = ["responses", "invalid_responses", "requests", "invalid_requests", "candidate_lists", "job_lists",
           "stop_requests", "list_jobs_requests", "list_candidates_requests", "invalid_documents", "FORMS"]

FORMS = generate.FORMS
T = TypeVar("T")


class _HypothesisDraw:
    """The builder's primitives as Hypothesis draws (so they shrink)."""

    def __init__(self, draw):
        self._draw = draw

    def boolean(self) -> bool:
        return self._draw(_BOOLEANS)

    def integer(self, lo: int, hi: int) -> int:
        return self._draw(_integers(lo, hi))

    def choice(self, options: Sequence[Any]) -> Any:
        # an index, not sampled_from: options may be unhashable (dicts)
        return options[self._draw(_integers(0, len(options) - 1))]

    def chars(self, alphabet: str, n: int) -> str:
        # one choice per character made a response thousands of choices: slow, and
        # often over Hypothesis's size limit (its health checks failed on both)
        return self.whole(lambda d: d.chars(alphabet, n)) if n else ""

    def whole(self, make: Callable[[Draw], T]) -> T:
        # one choice, a seed: 0 (where shrinking goes first) builds the simplest value
        seed = self._draw(_SEEDS)
        return make(SIMPLEST if seed == 0 else RandomDraw(seed))


def _built(strategy):
    # the strategy a lazy one stands for: Hypothesis otherwise looks it up on every draw,
    # a sixth of the time a response takes (any strategy works here, lazy or not)
    return getattr(strategy, "wrapped_strategy", strategy)


_BOOLEANS = _built(st.booleans())
_SEEDS = _built(st.integers(0, 2**32 - 1))


# strategies are built once per argument set: the builder asks for the same ones often
@cache
def _integers(lo: int, hi: int):
    return _built(st.integers(lo, hi))


def _check(name: str, value: Any, allowed: Sequence[Any]) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name}={value!r} is not one of: {', '.join(map(str, allowed))}")


def responses(problem_type: str | None = None, status: str | None = None, form: str = "wire") -> SearchStrategy[dict]:
    """Valid responses (no violation at all, warnings included).

    problem_type: an AutoMLProblemTypeConfigName (default: any); status: an
    AutoMLJobStatus (default: any; the secondary status goes with it); form: "wire"
    (the JSON body: epoch-second timestamps), "boto3" (what boto3 returns: datetimes
    in UTC and ResponseMetadata, made by botocore's own parser from the wire body) or
    "boto3-json" (the boto3 dict saved with ``json.dumps(default=str)`` and read back:
    a dict with ISO 8601 strings such as ``2024-05-01 12:00:00+00:00``).
    """
    _check("problem_type", problem_type, generate.problem_types())
    _check("status", status, generate.statuses())
    return _in_form(form, generate.DESCRIBE, lambda d: generate.response(d, problem_type, status))


def _in_form(form: str, operation: str, make) -> SearchStrategy[dict]:
    """The wire documents ``make(draw)`` builds, in the form asked for."""
    _check("form", form, FORMS)
    if form != "wire":
        # botocore's model loads now, not inside the first draw, where Hypothesis would
        # time it and fail its "too slow" health check
        from .inputs import output_shape

        output_shape(operation)

    @st.composite
    def build(draw):
        d = _HypothesisDraw(draw)
        wire = make(d)
        return generate.to_form(wire, form, generate.request_id(d), operation) if form != "wire" else wire

    return build()


def invalid_responses(rule: str | None = None) -> SearchStrategy[tuple[str, dict]]:
    """(rule id, wire-form response) pairs: the response breaks exactly that rule of
    severity error, and ``validate`` reports that one violation and nothing else.

    rule: an error rule id (``sagemaker-schema rules``); default: any error rule.
    Invalid responses come in the wire form only: botocore's parser would drop or
    reject some of the faults on the way to the boto3 form.
    """
    return _breaking(rule, generate.error_rules(), generate.invalid_response)


def _breaking(rule: str | None, rules: list[str], make) -> SearchStrategy[tuple[str, dict]]:
    """(rule id, document) pairs from a breaker: the rule given, or any of rules."""
    _check("rule", rule, rules)

    @st.composite
    def build(draw):
        rule_id = rule or draw(st.sampled_from(rules))
        return rule_id, make(_HypothesisDraw(draw), rule_id)

    return build()


def requests(problem_type: str | None = None) -> SearchStrategy[dict]:
    """Valid CreateAutoMLJobV2 parameters (``client.create_auto_ml_job_v2(**params)``), of
    the problem type given (default: any): valid under every rule that holds for a
    request, and accepted by botocore's ParamValidator (so by the Stubber too). The
    configuration is drawn by the same pieces as ``responses()``."""
    _check("problem_type", problem_type, generate.problem_types())

    @st.composite
    def build(draw):
        return generate.request(_HypothesisDraw(draw), problem_type)

    return build()


def invalid_requests(rule: str | None = None) -> SearchStrategy[tuple[str, dict]]:
    """(rule id, CreateAutoMLJobV2 parameters) pairs: the parameters break exactly that
    rule of severity error and nothing else. rule: one of the rules a request can break
    alone (``sagemaker_schema.generate.request_error_rules()``); default: any of them."""
    return _breaking(rule, generate.request_error_rules(), generate.invalid_request)


def candidate_lists(problem_type: str | None = None, form: str = "wire") -> SearchStrategy[dict]:
    """Valid ListCandidatesForAutoMLJob responses: the candidates of one job of the
    problem type given (default: any), and a NextToken when a page follows. form: as
    ``responses()`` takes it: "wire" (epoch seconds), "boto3" (what
    ``list_candidates_for_auto_ml_job`` returns: datetimes in UTC and ResponseMetadata,
    made by botocore's own parser) or "boto3-json" (that dict saved as JSON, read back)."""
    _check("problem_type", problem_type, generate.problem_types())
    return _in_form(form, generate.LIST_CANDIDATES, lambda d: generate.candidate_list(d, problem_type))


def job_lists(status: str | None = None) -> SearchStrategy[dict]:
    """Valid ListAutoMLJobs responses (wire form): summaries of jobs of one account (names
    distinct ignoring case), each of the status given (default: any, the secondary status
    going with it), and a NextToken when a page follows."""
    _check("status", status, generate.facts().summary_statuses)

    @st.composite
    def build(draw):
        return generate.job_list(_HypothesisDraw(draw), status)

    return build()


def _plain(make) -> SearchStrategy[dict]:
    @st.composite
    def build(draw):
        return make(_HypothesisDraw(draw))

    return build()


def stop_requests() -> SearchStrategy[dict]:
    """Valid StopAutoMLJob parameters (``client.stop_auto_ml_job(**params)``)."""
    return _plain(generate.stop_request)


def list_jobs_requests() -> SearchStrategy[dict]:
    """Valid ListAutoMLJobs parameters (wire form: the time filters as epoch seconds), every
    member optional; a time filter's After bound is not later than its Before bound."""
    return _plain(generate.list_jobs_request)


def list_candidates_requests() -> SearchStrategy[dict]:
    """Valid ListCandidatesForAutoMLJob parameters: the job's name and the optional
    filters, sort order and page."""
    return _plain(generate.list_candidates_request)


def invalid_documents(operation: str, rule: str | None = None) -> SearchStrategy[tuple[str, dict]]:
    """(rule id, document) pairs of any operation that has breakers (every one but the
    candidate list): the document breaks exactly that rule of severity error and nothing
    else. rule: one of ``sagemaker_schema.generate.error_rules_of(operation)``; default: any."""
    operation = operation_named(operation) or operation  # boto3's and the API's names too, as --operation
    rules = generate.error_rules_of(operation) if operation in generate.OPERATIONS else []
    if not rules:
        raise ValueError(f"operation={operation!r} has no breakers: one of "
                         f"{', '.join(op for op in generate.OPERATIONS if generate.error_rules_of(op))}")
    return _breaking(rule, rules, lambda d, rule_id: generate.invalid_document(d, rule_id, operation))
