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
``--sagemaker-contract-accept=moto|FILE`` (ini ``sagemaker_contract_accept``) leaves out
accepted violations (sagemaker_schema.accepting); ``--sagemaker-contract-allow-unknown``
is watch()'s ``allow_unknown`` (auto: a stub strictly, a received response not).
Whether or not the option is given, a ContractViolation's traceback ends at the line that
called the client (``cut_at_caller``).

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


def format_violations(violations: list[Violation], operation: str = "describe-auto-ml-job-v2") -> str:
    """One block per violation: where, which rule, what is wrong, what the documentation says."""
    from .report.line import block, contract
    from .schema import operation_of

    return block(violations, contract(operation_of(operation)))


def check_response(response: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False,
                   operation: str = "describe-auto-ml-job-v2") -> None:
    """Raise InvalidResponse (an AssertionError) listing every error-severity violation,
    each with the documentation sentence behind it. ``operation``: the document's contract,
    as ``validate`` takes it (a request's parameters, a candidate list page, ...)."""
    __tracebackhide__ = True
    from .validator import InvalidResponse, assert_valid

    try:
        assert_valid(response, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members, operation=operation)
    except InvalidResponse as exc:
        exc.args = (format_violations(exc.violations, operation),)
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
    if allow_unknown:  # a watch (--sagemaker-contract) holds it as this check did, not as a hand-written stub
        from .watching import as_received

        as_received(boto3_form)
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
    """``assert_valid_response(response, allow_unknown=False, allow_unknown_members=False, operation="describe-auto-ml-job-v2")``"""
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
ACCEPT_OPTION = "--sagemaker-contract-accept"
ACCEPT_INI = "sagemaker_contract_accept"
UNKNOWN_OPTION = "--sagemaker-contract-allow-unknown"
UNKNOWN_INI = "sagemaker_contract_allow_unknown"
# watch()'s allow_unknown: auto follows where a response came from (a stub is strict)
UNKNOWN_CHOICES = {"auto": None, "always": True, "never": False}


def pytest_addoption(parser):
    group = parser.getgroup("sagemaker-schema")
    group.addoption(
        CONTRACT_OPTION, action="store_true", default=False, dest="sagemaker_contract",
        help="check every SageMaker client's CreateAutoMLJobV2 requests (before they are sent) and "
             "DescribeAutoMLJobV2/ListCandidatesForAutoMLJob responses against the contract; a violation fails the test",
    )
    parser.addini(CONTRACT_INI, type="bool", default=False, help=f"as {CONTRACT_OPTION}")
    group.addoption(
        UNKNOWN_OPTION, choices=sorted(UNKNOWN_CHOICES), default=None, dest="sagemaker_contract_allow_unknown",
        help="what the schema does not know in a response (a member or enum value a newer AWS added) is: "
             "auto (default) an error in a response botocore's Stubber queued (written by hand: a typo), a warning "
             "in one received over HTTP (AWS, moto); always a warning; never an error",
    )
    parser.addini(UNKNOWN_INI, default="auto", help=f"as {UNKNOWN_OPTION}")
    group.addoption(
        ACCEPT_OPTION, action="append", default=[], metavar="moto|FILE", dest="sagemaker_contract_accept",
        help="violations not reported (may be repeated): moto (moto 5.2's known deviations, shipped with the package) "
             "or a JSON file [{\"violation\": \"RULE PATH\", \"reason\": \"...\"}] (the form of drift --explained)",
    )
    parser.addini(ACCEPT_INI, type="args", default=[], help=f"as {ACCEPT_OPTION} (files relative to the ini file)")


def pytest_configure(config):
    config.addinivalue_line("markers", "sagemaker_endpoint(**settings): the sagemaker_endpoint fixture's Server settings "
                            "(seed, scenario, advance, breaks, newer, transcript)")
    contract_on = config.getoption("sagemaker_contract", False) or config.getini(CONTRACT_INI)
    for option, dest in ((ACCEPT_OPTION, "sagemaker_contract_accept"), (UNKNOWN_OPTION, "sagemaker_contract_allow_unknown")):
        if config.getoption(dest, None) and not contract_on:  # it would check nothing: say so
            raise pytest.UsageError(f"{option} needs {CONTRACT_OPTION} (or {CONTRACT_INI} = true)")
    if contract_on:
        unknown = config.getoption("sagemaker_contract_allow_unknown", None) or config.getini(UNKNOWN_INI)
        if unknown not in UNKNOWN_CHOICES:
            raise pytest.UsageError(f"{UNKNOWN_INI} = {unknown!r}: expected one of {', '.join(UNKNOWN_CHOICES)}")
        contract = ContractWatch(allow_unknown=UNKNOWN_CHOICES[unknown], accepted=_accepted(config))
        contract.start()
        config.pluginmanager.register(contract, CONTRACT_PLUGIN)


def _accepted(config):
    """The Accepted of the option's sources (relative to the working directory) and the ini
    file's (relative to it); a source that cannot be used is a usage error, one line."""
    from .accepting import Accepted, shipped
    from .errors import ExplainedError

    sources = list(config.getoption("sagemaker_contract_accept", None) or [])
    here = config.inipath.parent if config.inipath else config.rootpath
    sources += [name if name in shipped() else str(here / name) for name in config.getini(ACCEPT_INI)]
    try:
        return Accepted(sources) if sources else None
    except ExplainedError as exc:
        raise pytest.UsageError(f"{ACCEPT_OPTION}: {exc}") from None


class ContractWatch:
    """--sagemaker-contract: every SageMaker client made through botocore's
    ``Session.create_client`` (so every boto3 client) is watched while the run lasts."""

    def __init__(self, allow_unknown: bool | None = None, accepted: Any = None):
        self.found: list[Any] = []  # ContractViolations raised during the current test's call
        self.allow_unknown = allow_unknown
        self.accepted = accepted  # one Accepted for every client: which entries matched, run-wide
        self._original: tuple[Any, Any] | None = None

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
            watch(client, on_violation=self.violated, allow_unknown=self.allow_unknown, accept=self.accepted)

    def violated(self, operation: str, violations: list) -> None:
        __tracebackhide__ = True
        from .errors import ContractViolation
        from .watching import caller, describe

        site = caller()
        exc = ContractViolation(operation, violations, describe(operation, violations, call_site=site), site)
        self.found.append(exc)
        raise exc

    def pytest_terminal_summary(self, terminalreporter):
        # an entry of the user's own file that matched nothing may be stale (said, not failed)
        from .accepting import shipped

        if self.accepted:
            for key in self.accepted.unused():
                source = self.accepted.sources[key]
                if source not in shipped():
                    terminalreporter.write_line(
                        f"sagemaker-schema: note: {ACCEPT_OPTION} entry {key!r} ({source}) matched no violation in this run (stale?)")

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


def _trimmed():
    try:
        return (yield)
    except AssertionError as exc:
        from .errors import ContractViolation

        if isinstance(exc, ContractViolation):
            cut_at_caller(exc)
        raise


def cut_at_caller(exc: BaseException) -> None:
    """End a ContractViolation's traceback at the caller's line that called the client:
    what lies below it is botocore's and this package's (some 30 frames)."""
    from .watching import is_internal

    last, tb = None, exc.__traceback__
    while tb is not None:
        if not is_internal(tb.tb_frame):
            last = tb
        tb = tb.tb_next
    if last is not None:
        last.tb_next = None


# every ContractViolation from watch(client) or --sagemaker-contract, in a test or a fixture
@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _trimmed())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _trimmed())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    return (yield from _trimmed())


@pytest.fixture(scope="session")
def sagemaker_strategies():
    """``sagemaker_schema.strategies`` (Hypothesis strategies for responses)."""
    return _fixture_needs(strategies)


# --- a local AutoML endpoint (sagemaker_schema.serve), imported when a test asks for it

ENDPOINT_SETTINGS = ("advance", "breaks", "newer", "scenario", "seed", "transcript")  # Server's, by the marker


@pytest.fixture
def sagemaker_endpoint(request):
    """A fresh ``sagemaker_schema.serve.Server`` per test (seed 0, 127.0.0.1, a free port),
    stopped when the test ends: ``.endpoint_url``, ``.advance(name, to=...)``, ``.client()``.
    ``@pytest.mark.sagemaker_endpoint(seed=..., scenario=..., advance=...)`` on the test (or
    its class or module) gives the server those settings (``Server``'s keyword arguments)."""
    from .serve import Server

    marker = request.node.get_closest_marker("sagemaker_endpoint")
    settings = dict(marker.kwargs) if marker else {}
    unknown = sorted(set(settings) - set(ENDPOINT_SETTINGS)) + [repr(arg) for arg in (marker.args if marker else ())]
    if unknown:
        pytest.fail(f"@pytest.mark.sagemaker_endpoint: unknown setting(s) {', '.join(unknown)}; "
                    f"known: {', '.join(ENDPOINT_SETTINGS)}", pytrace=False)
    try:
        server = Server(**settings)
    except ValueError as exc:  # a scenario, fault or file, named in the message
        pytest.fail(f"@pytest.mark.sagemaker_endpoint: {exc}", pytrace=False)
    with server:
        yield server


@pytest.fixture
def sagemaker_endpoint_client(sagemaker_endpoint):
    """A boto3 SageMaker client pointed at ``sagemaker_endpoint`` (dummy credentials)."""
    return _fixture_needs(sagemaker_endpoint.client)
