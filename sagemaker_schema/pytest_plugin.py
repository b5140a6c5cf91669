"""pytest plugin (entry point ``pytest11``): hold responses and stubs to the contract.

Fixtures:

- ``assert_valid_response(response)``: fails the test with every violation listed
  (path, rule id, message and the documentation statement behind it).
- ``sagemaker_client``: a real boto3 SageMaker client (region us-east-1, dummy
  credentials) for stubbing; it never reaches the network while stubbed.
- ``stub_describe_auto_ml_job_v2(client, response, ...)``: validates the response, then
  stubs ``describe_auto_ml_job_v2`` with botocore's Stubber; a response that breaks the
  contract is refused before anything is stubbed. Stubbers are deactivated and checked
  for unused responses at teardown.
- ``sagemaker_strategies``: the module ``sagemaker_schema.strategies`` (Hypothesis
  strategies), imported when the fixture is used.

Importing this module imports neither the validator, boto3 nor Hypothesis: a project
that installs the package but does not use these fixtures pays nothing at start-up.
The helpers are plain functions too, usable without pytest's fixtures.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from botocore.stub import Stubber

    from .violation import Violation

OPERATION = "describe_auto_ml_job_v2"
STRATEGIES_MODULE = "sagemaker_schema.strategies"
_FROM_RESPONSE = object()  # expected_params default: {"AutoMLJobName": the response's name}


def format_violations(violations: list[Violation]) -> str:
    """One block per violation: where, which rule, what is wrong, what the doc says."""
    lines = [f"{len(violations)} violation(s) of the DescribeAutoMLJobV2 contract:"]
    for v in violations:
        label = v.rule if v.severity == "error" else f"{v.rule} (warning)"
        lines.append(f"  {v.path or '(document)'}: [{label}] {v.message}")
        if v.doc:
            lines.append(f"      documented: {v.doc}")
    return "\n".join(lines)


def check_response(response: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False) -> None:
    """Raise InvalidResponse (an AssertionError) listing every error-severity violation."""
    __tracebackhide__ = True
    from .validator import InvalidResponse, validate

    found = validate(response, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    errors = [v for v in found if v.severity == "error"]
    if errors:
        exc = InvalidResponse(errors)
        exc.args = (format_violations(errors),)
        raise exc


def stub_response(
    client: Any,
    response: Any,
    *,
    expected_params: Any = _FROM_RESPONSE,
    stubber: Stubber | None = None,
    allow_unknown: bool = False,
    allow_unknown_members: bool = False,
) -> Stubber:
    """Queue ``response`` for ``client.describe_auto_ml_job_v2`` with botocore's Stubber,
    after checking it against the contract (InvalidResponse, nothing stubbed, when it
    breaks a rule). ``response`` may be in wire form (epoch timestamps), boto3 form
    (datetimes) or JSON text; the client returns it in boto3 form, as a real one would.
    ``expected_params`` defaults to ``{"AutoMLJobName": <the response's name>}``; pass
    None to accept any parameters. Returns the stubber, activated."""
    __tracebackhide__ = True
    from botocore.stub import Stubber

    from .forms import to_boto3
    from .validator import normalise, parse

    document = parse(response)
    check_response(document, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    wire = {k: v for k, v in normalise(document).items() if k != "ResponseMetadata"}
    boto3_form = to_boto3(wire)  # with ResponseMetadata, as a real client returns it
    if expected_params is _FROM_RESPONSE:
        expected_params = {"AutoMLJobName": wire["AutoMLJobName"]}
    if stubber is None:
        stubber = Stubber(client)
    stubber.add_response(OPERATION, boto3_form, expected_params)
    stubber.activate()
    return stubber


def strategies():
    """The Hypothesis strategies module, imported on first use (Hypothesis is heavy)."""
    return importlib.import_module(STRATEGIES_MODULE)


@pytest.fixture
def assert_valid_response() -> Callable[..., None]:
    """``assert_valid_response(response, allow_unknown=False, allow_unknown_members=False)``"""
    return check_response


@pytest.fixture
def sagemaker_client():
    """A real boto3 SageMaker client with dummy credentials, meant to be stubbed."""
    import boto3

    return boto3.client(
        "sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


@pytest.fixture
def stub_describe_auto_ml_job_v2():
    """``stub_describe_auto_ml_job_v2(client, response, expected_params=..., allow_unknown=False, allow_unknown_members=False)``
    -> the activated Stubber; several calls on one client queue several responses."""
    stubbers: dict[int, Any] = {}

    def stub(client, response, **options):
        __tracebackhide__ = True
        stubber = stub_response(client, response, stubber=stubbers.get(id(client)), **options)
        stubbers[id(client)] = stubber
        return stubber

    yield stub
    for stubber in stubbers.values():
        stubber.deactivate()
    for stubber in stubbers.values():
        stubber.assert_no_pending_responses()


@pytest.fixture
def sagemaker_strategies():
    """``sagemaker_schema.strategies`` (Hypothesis strategies for responses)."""
    return strategies()
