"""A contract watch on a live boto3 SageMaker client: ``watch(client)``.

Registered on the client's own botocore event system (``client.meta.events``):

- ``before-parameter-build.sagemaker.CreateAutoMLJobV2``: the request parameters, after
  every ``provide-client-params`` handler has had its say and before botocore serialises
  them (its ParamValidator runs in the serialiser), so a request that breaks the contract
  is refused before anything is built, signed or sent. Held strictly: what the schema
  does not know in a request is a typo, not something a newer AWS added.
- ``after-call.sagemaker.DescribeAutoMLJobV2`` and ``after-call.sagemaker.ListCandidatesForAutoMLJob``:
  the parsed response (the dict the caller is about to get, every page of a paginator
  too), a successful one only (an AWS error is the caller's ClientError, as ever). By
  default its policy follows where it came from: a response received over HTTP (AWS, a
  moto server or mock_aws) may be newer than the schema, so what it adds is a warning;
  a response the Stubber queued was written by hand, so an unknown value is a typo, an
  error (as the plugin's stub fixture holds it).

The Stubber answers in ``before-call``, without a request: its response object has no
URL (``AWSResponse(None, ...)``), while every response botocore receives, or moto's
``before-send`` answers, carries the request's URL. That is how a stub is told apart.
"""
from __future__ import annotations

import os
import sys
import threading
import warnings
import weakref
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from .errors import ContractViolation, ContractWarning
from .schema import SERVICE_OPERATIONS

if TYPE_CHECKING:  # pragma: no cover
    from .accepting import Accepted

# botocore's operation name -> (this package's operation name, the side checked)
WATCHED = {aws: (operation, "request" if side == "input" else "response")
           for operation, (aws, side) in SERVICE_OPERATIONS.items()}
REQUEST_EVENT = "before-parameter-build.{service}.{operation}"
RESPONSE_EVENT = "after-call.{service}.{operation}"
SEVERITIES = ("error", "warning")
SERVICE = "sagemaker"

OnViolation = str | Callable[[str, list], Any]

_WATCHES: weakref.WeakKeyDictionary[Any, Watch] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_VALIDATORS: dict[tuple[str, bool], Any] = {}
# stubbed responses to hold as received, by id (kept alive until their call)
_RECEIVED: dict[int, Any] = {}
# frames of these packages are skipped when a warning names the caller's line
_INTERNAL = ("botocore", "boto3", "sagemaker_schema")


def watch(client: Any, on_violation: OnViolation = "raise", *, allow_unknown: bool | None = None,
          fail_on: str = "error", accept: Any = None) -> Watch:
    """Check every CreateAutoMLJobV2 request ``client`` sends (before it is sent) and every
    DescribeAutoMLJobV2 and ListCandidatesForAutoMLJob response it receives against the
    contract. Returns a Watch; ``.unwatch()`` (or leaving ``with watch(client):``) ends it.

    ``on_violation``: ``"raise"`` raises ContractViolation (an AssertionError, as
    InvalidResponse) from the call, so a broken request is never sent; ``"warn"`` emits a
    ContractWarning and lets the call go on; a callable is called as
    ``on_violation(operation, violations)`` (operation: ``"create-auto-ml-job-v2"``, ...)
    and the call goes on unless it raises.
    ``allow_unknown``: for responses, what the schema does not know (a member, an enum
    value, a union member a newer AWS added) is a warning (True) or an error (False);
    None (the default) follows where the response came from: a warning in one received
    over HTTP, an error in one botocore's Stubber queued (written by hand: a typo).
    Requests are always held strictly. ``fail_on``: ``"error"`` reports a call with an
    error-severity violation (its errors); ``"warning"`` also one with warnings only (all
    of its violations).
    ``accept``: violations not reported, from a shipped choice (``"moto"``: moto 5.2's
    known deviations) or a file of your own in the form of ``drift --explained``
    (``[{"violation": "RULE PATH", "reason": "..."}]``), or a list of them; a file that
    cannot be used is an ExplainedError (a ValueError) naming it.

    Watching a client again replaces the earlier settings (one watch per client: no
    call is ever checked twice) and returns the same Watch."""
    if not (on_violation in ("raise", "warn") or callable(on_violation)):
        raise ValueError(f"on_violation must be 'raise', 'warn' or a callable, not {on_violation!r}")
    if fail_on not in SEVERITIES:
        raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    events = _events(client)
    from .accepting import accepted

    accepting = accepted(accept)  # read before the lock: a file may be slow or bad
    with _LOCK:  # look-up and registration as one step: two threads never both register
        existing = _WATCHES.get(client)
        if existing is not None and existing.active:
            existing.on_violation, existing.allow_unknown, existing.fail_on = on_violation, allow_unknown, fail_on
            existing.accepted = accepting
            return existing
        handle = Watch(client, events, on_violation, allow_unknown, fail_on, accepting)
        handle._register()
        _WATCHES[client] = handle
    return handle


def watched(client: Any) -> Watch | None:
    """The client's active Watch, or None."""
    handle = _WATCHES.get(client)
    return handle if handle is not None and handle.active else None


def _events(client: Any):
    meta = getattr(client, "meta", None)
    events = getattr(meta, "events", None)
    model = getattr(meta, "service_model", None)
    if events is None or model is None:
        raise TypeError(f"watch() takes a boto3/botocore client, not {type(client).__name__}")
    if model.service_name != SERVICE:
        raise ValueError(f"watch() takes a SageMaker client, not a {model.service_name!r} client")
    return events


class Watch:
    """One client's contract watch. ``unwatch()`` ends it; also a context manager."""

    def __init__(self, client: Any, events: Any, on_violation: OnViolation, allow_unknown: bool | None, fail_on: str,
                 accepted: Accepted | None = None):
        self._client = weakref.ref(client)
        self._events = events
        self.on_violation = on_violation
        self.allow_unknown = allow_unknown
        self.fail_on = fail_on
        self.accepted = accepted
        self.active = False
        self._id = f"sagemaker-schema-watch-{id(self)}"
        self._registered: list[tuple[str, str]] = []

    @property
    def client(self) -> Any:
        return self._client()

    def _register(self) -> None:
        service = SERVICE  # client.meta.service_model.service_id.hyphenize() is "sagemaker"
        for name, (operation, side) in WATCHED.items():
            if side == "request":
                event = REQUEST_EVENT.format(service=service, operation=name)
                handler = self._request_handler(operation)
            else:
                event = RESPONSE_EVENT.format(service=service, operation=name)
                handler = self._response_handler(operation)
            unique_id = f"{self._id}-{name}"
            self._events.register(event, handler, unique_id=unique_id)
            self._registered.append((event, unique_id))
        self.active = True

    def unwatch(self) -> None:
        """Stop checking this client's calls (a second call does nothing)."""
        with _LOCK:
            if not self.active:
                return
            self.active = False
            for event, unique_id in self._registered:
                self._events.unregister(event, unique_id=unique_id)
            self._registered.clear()
            client = self.client
            if client is not None and _WATCHES.get(client) is self:
                del _WATCHES[client]

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc_info) -> None:
        self.unwatch()

    def __repr__(self) -> str:
        state = "active" if self.active else "ended"
        return f"<Watch {state} on_violation={self.on_violation!r} allow_unknown={self.allow_unknown} fail_on={self.fail_on!r}>"

    # the handlers: botocore calls them with keyword arguments only

    def _request_handler(self, operation: str):
        def check_request(params=None, **_):
            __tracebackhide__ = True
            if params is not None:
                self.check(operation, params, allow_unknown=False)
        return check_request

    def _response_handler(self, operation: str):
        def check_response(http_response=None, parsed=None, **_):
            __tracebackhide__ = True
            status = getattr(http_response, "status_code", 200)
            if parsed is not None and status < 300:  # an AWS error is the caller's ClientError
                allow_unknown = self.allow_unknown
                if allow_unknown is None:  # a stub was written by hand; a received one may be newer
                    allow_unknown = not stubbed(http_response) or _RECEIVED.pop(id(parsed), None) is parsed
                self.check(operation, parsed, allow_unknown=allow_unknown)
        return check_response

    def check(self, operation: str, document: Any, *, allow_unknown: bool) -> list:
        """Validate ``document`` as ``operation``'s and act on what is reported; returns it."""
        __tracebackhide__ = True
        # the validator takes boto3's form as it is (datetimes at the timestamp places)
        found = _validator(operation, allow_unknown).validate(document)
        if self.accepted:
            found = [v for v in found if not self.accepted.covers(operation, v)]
        reported = [v for v in found if v.severity == "error"] if self.fail_on == "error" else list(found)
        if reported:
            self._report(operation, reported)
        return reported

    def _report(self, operation: str, violations: list) -> None:
        __tracebackhide__ = True
        action = self.on_violation
        if callable(action):
            action(operation, violations)
            return
        frame, level = _caller()
        site = _site(frame)
        if action == "warn":  # the call goes on: a request is sent
            message = describe(operation, violations, sent=True, call_site=site)
            warnings.warn(ContractWarning(operation, violations, message, site), stacklevel=level)
            return
        raise ContractViolation(operation, violations, describe(operation, violations, call_site=site), site)


def describe(operation: str, violations: list, *, sent: bool = False, call_site: str | None = None) -> str:
    """The message of a ContractViolation or ContractWarning: what was checked (a request
    "not sent", or "sent anyway" when the call went on) and the caller's line, then one
    line per violation (sagemaker_schema.report.line)."""
    from .report.line import assertion, contract

    name = contract(operation)
    if SERVICE_OPERATIONS[operation][1] == "input":
        name += " (sent anyway)" if sent else " (not sent)"
    return assertion(violations, name, f" in the call at {call_site}" if call_site else "")


def as_received(response: Any) -> Any:
    """Mark a response about to be stubbed (the very dict given to Stubber.add_response)
    as one recorded from AWS: a watch with the default ``allow_unknown`` then holds it as
    received (what a newer AWS added is a warning). The stub fixture's
    ``allow_unknown=True`` does this. Returns the response."""
    _RECEIVED[id(response)] = response
    return response


def stubbed(http_response: Any) -> bool:
    """Whether a response was answered without a request (botocore's Stubber: no URL)."""
    return getattr(http_response, "url", "") is None


def _validator(operation: str, allow_unknown: bool):
    key = (operation, allow_unknown)
    found = _VALIDATORS.get(key)
    if found is None:
        from .validator import Validator

        found = _VALIDATORS[key] = Validator(operation=operation, allow_unknown=allow_unknown)
    return found


def is_internal(frame: FrameType) -> bool:
    """A frame of botocore, boto3 or this package: below the caller's call of the client."""
    return frame.f_globals.get("__name__", "").split(".")[0] in _INTERNAL


def _caller() -> tuple[FrameType | None, int]:
    """The first frame outside botocore, boto3 and this package (the caller's line that
    made the call) and its stacklevel for warnings.warn, counted from our caller."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None:
        if not is_internal(frame):
            return frame, level
        frame = frame.f_back
        level += 1
    return None, 1


def caller() -> str | None:
    """``FILE:LINE`` of the code that called the client (None when none is outside
    botocore, boto3 and this package); FILE relative to the working directory when under it."""
    return _site(_caller()[0])


def _site(frame: FrameType | None) -> str | None:
    if frame is None:
        return None
    path = frame.f_code.co_filename
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = path
    return f"{path if relative.startswith(os.pardir) else relative}:{frame.f_lineno}"
