"""pytest plugin (entry point ``pytest11``): hold responses and stubs to the contract.

Fixtures (session-scoped, so that they work inside Hypothesis's ``@given``: a
function-scoped fixture fails its health check):

- ``assert_valid_response(response)``: fails the test with every violation listed
  (path, rule id, message and the documentation statement behind it).
- ``sagemaker_client``: a real boto3 SageMaker client (region us-east-1, dummy
  credentials) for stubbing; it never reaches the network while stubbed.
- ``stub_describe_auto_ml_job_v2(client, response, ...)``: validates the response, then
  stubs ``describe_auto_ml_job_v2`` with botocore's Stubber; a response that breaks the
  contract is refused before anything is stubbed. Used as ``with stub(...):`` (one per
  Hypothesis example) the stubber is deactivated and checked for unused responses when
  the block ends; otherwise at the end of the test that stubbed it.
- ``sagemaker_strategies``: the module ``sagemaker_schema.strategies`` (Hypothesis
  strategies), imported when the fixture is used.

``--sagemaker-contract`` (or ``sagemaker_contract = true`` in the ini file) watches every
SageMaker client created during the run (``sagemaker_schema.watch``, through botocore's
``Session.create_client``, which boto3 uses too): a CreateAutoMLJobV2 request that breaks
the contract is refused before it is sent, a DescribeAutoMLJobV2 or
ListCandidatesForAutoMLJob response that breaks it raises ContractViolation from the call,
and a test that made such a call fails even if it caught the exception.

A fixture whose optional dependency is missing fails with the one-line install hint.
Importing this module imports neither the validator, boto3 nor Hypothesis: a project
that installs the package but does not use these fixtures pays nothing at start-up.
The helpers are plain functions too, usable without pytest's fixtures.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from botocore.stub import Stubber

    from .records import Violation

OPERATION = "describe_auto_ml_job_v2"
STRATEGIES_MODULE = "sagemaker_schema.strategies"
_FROM_RESPONSE = object()  # expected_params default: {"AutoMLJobName": the response's name}


def format_violations(violations: list[Violation]) -> str:
    """One block per violation: where, which rule, what is wrong, what the documentation says."""
    from .report.line import block

    return block(violations)


def check_response(response: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False) -> None:
    """Raise InvalidResponse (an AssertionError) listing every error-severity violation,
    each with the documentation sentence behind it."""
    __tracebackhide__ = True
    from .validator import InvalidResponse, assert_valid

    try:
        assert_valid(response, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    except InvalidResponse as exc:
        exc.args = (format_violations(exc.violations),)
        raise


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
    from .inputs import normalise, parse, to_boto3

    document = parse(response)
    check_response(document, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members)
    wire = {k: v for k, v in normalise(document).items() if k != "ResponseMetadata"}
    boto3_form = to_boto3(wire)  # with ResponseMetadata, as a real client returns it
    if expected_params is _FROM_RESPONSE:
        expected_params = {"AutoMLJobName": wire["AutoMLJobName"]}
    if stubber is None:
        stubber = _checked_stubber()(client)
    stubber.add_response(OPERATION, boto3_form, expected_params)
    stubber.activate()
    return stubber


_CHECKED_STUBBER = None


def _checked_stubber():
    """botocore's Stubber, whose ``with`` block also fails on responses left unused."""
    global _CHECKED_STUBBER
    if _CHECKED_STUBBER is None:
        from ._extras import require

        require("botocore.stub", what="stubbing describe_auto_ml_job_v2", extra="boto3")
        from botocore.stub import Stubber

        class CheckedStubber(Stubber):
            def __exit__(self, exc_type, exc_value, traceback):
                super().__exit__(exc_type, exc_value, traceback)  # deactivates
                if _ACTIVE.get(id(self.client)) is self:
                    del _ACTIVE[id(self.client)]
                if exc_type is None:
                    self.assert_no_pending_responses()

        _CHECKED_STUBBER = CheckedStubber
    return _CHECKED_STUBBER


def strategies():
    """The Hypothesis strategies module, imported on first use (Hypothesis is heavy)."""
    return importlib.import_module(STRATEGIES_MODULE)


def _fixture_needs(load: Callable[[], Any]) -> Any:
    """What ``load`` returns; a missing optional dependency fails the test with its hint."""
    __tracebackhide__ = True
    from ._extras import MissingDependency

    try:
        return load()
    except MissingDependency as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def assert_valid_response() -> Callable[..., None]:
    """``assert_valid_response(response, allow_unknown=False, allow_unknown_members=False)``"""
    return check_response


def _client():
    from ._extras import require

    boto3 = require("boto3", what="the sagemaker_client fixture", extra="boto3")
    return boto3.client(
        "sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


@pytest.fixture(scope="session")
def sagemaker_client():
    """A real boto3 SageMaker client with dummy credentials, meant to be stubbed."""
    return _fixture_needs(_client)


# stubbers activated by the stub fixture and not yet checked, by client
_ACTIVE: dict[int, Any] = {}


@pytest.fixture(scope="session")
def stub_describe_auto_ml_job_v2():
    """``stub_describe_auto_ml_job_v2(client, response, expected_params=..., allow_unknown=False, allow_unknown_members=False)``
    -> the activated Stubber; several calls on one client queue several responses.
    ``with stub_describe_auto_ml_job_v2(client, response):`` checks it at the block's end."""
    _fixture_needs(_checked_stubber)

    def stub(client, response, **options):
        __tracebackhide__ = True
        stubber = stub_response(client, response, stubber=_ACTIVE.get(id(client)), **options)
        _ACTIVE[id(client)] = stubber
        return stubber

    return stub


@pytest.fixture(autouse=True)
def _sagemaker_stubs_checked():
    """Each test ends with its stubbers deactivated and checked for unused responses
    (autouse, so the stub fixture can be session-scoped; it does nothing otherwise)."""
    yield
    if _ACTIVE:
        stubbers = list(_ACTIVE.values())
        _ACTIVE.clear()
        for stubber in stubbers:
            stubber.deactivate()
        for stubber in stubbers:
            stubber.assert_no_pending_responses()


CONTRACT_OPTION = "--sagemaker-contract"
CONTRACT_INI = "sagemaker_contract"
CONTRACT_PLUGIN = "sagemaker-schema-contract"


def pytest_addoption(parser):
    group = parser.getgroup("sagemaker-schema")
    group.addoption(
        CONTRACT_OPTION, action="store_true", default=False, dest="sagemaker_contract",
        help="check every SageMaker client's CreateAutoMLJobV2 requests (before they are sent) and "
             "DescribeAutoMLJobV2/ListCandidatesForAutoMLJob responses against the contract; a violation fails the test",
    )
    parser.addini(CONTRACT_INI, type="bool", default=False, help=f"as {CONTRACT_OPTION}")


def pytest_configure(config):
    if config.getoption("sagemaker_contract", False) or config.getini(CONTRACT_INI):
        contract = ContractWatch()
        contract.start()
        config.pluginmanager.register(contract, CONTRACT_PLUGIN)


class ContractWatch:
    """--sagemaker-contract: every SageMaker client made through botocore's
    ``Session.create_client`` (so every boto3 client) is watched while the run lasts."""

    def __init__(self):
        self.found: list[Any] = []  # ContractViolations raised during the current test's call
        self._original = None

    def start(self) -> None:
        from ._extras import MissingDependency, require

        try:
            session = require("botocore.session", what=CONTRACT_OPTION, extra="boto3")
        except MissingDependency as exc:
            raise pytest.UsageError(str(exc)) from None
        original = session.Session.create_client
        contract = self

        def create_client(self, service_name, *args, **kwargs):
            client = original(self, service_name, *args, **kwargs)
            contract.watch(client)
            return client

        create_client.__wrapped__ = original  # type: ignore[attr-defined]
        create_client.__doc__ = original.__doc__
        session.Session.create_client = create_client
        self._original = (session.Session, original)

    def watch(self, client: Any) -> None:
        from .watching import SERVICE, watch

        if client.meta.service_model.service_name == SERVICE:
            watch(client, on_violation=self.violated)

    def violated(self, operation: str, violations: list) -> None:
        __tracebackhide__ = True
        from .errors import ContractViolation
        from .watching import describe

        exc = ContractViolation(operation, violations, describe(operation, violations))
        self.found.append(exc)
        raise exc

    def pytest_unconfigure(self, config):
        if self._original is not None:
            owner, original = self._original
            owner.create_client = original
            self._original = None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        self.found.clear()
        result = yield
        # the test passed: it caught the ContractViolation its call raised, so fail it here
        if self.found:
            found, self.found = self.found, []
            from .errors import ContractViolation

            message = "\n".join(str(exc) for exc in found)
            raise ContractViolation(found[0].operation, [v for exc in found for v in exc.violations],
                                    f"{CONTRACT_OPTION}: a call in this test broke the contract (the test caught the exception):\n{message}")
        return result


@pytest.fixture(scope="session")
def sagemaker_strategies():
    """``sagemaker_schema.strategies`` (Hypothesis strategies for responses)."""
    return _fixture_needs(strategies)


# --- a local AutoML endpoint (sagemaker_schema.serve), imported when a test asks for it

@pytest.fixture
def sagemaker_endpoint():
    """A fresh ``sagemaker_schema.serve.Server`` per test (seed 0, 127.0.0.1, a free port),
    stopped when the test ends: ``.endpoint_url``, ``.advance(name, to=...)``, ``.client()``."""
    from .serve import Server

    with Server() as server:
        yield server


@pytest.fixture
def sagemaker_endpoint_client(sagemaker_endpoint):
    """A boto3 SageMaker client pointed at ``sagemaker_endpoint`` (dummy credentials)."""
    return _fixture_needs(sagemaker_endpoint.client)
