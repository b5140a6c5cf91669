"""Every exception the package raises, in one place. Imports nothing from the package."""
from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """The input is not a response document at all (not JSON, not an object, ...).
    ``position``: (line, column) in the input where that is known (a JSON or YAML syntax error)."""

    def __init__(self, message: str, position: tuple[int, int] | None = None):
        super().__init__(message)
        self.position = position


class InvalidResponse(AssertionError):
    """Raised by assert_valid; lists every violation. `message` is the report
    (sagemaker_schema.report.line.block) the raiser wrote for them."""

    def __init__(self, violations: list[Any], message: str | None = None):
        self.violations = violations
        super().__init__(message if message is not None else f"{len(violations)} violation(s) of the DescribeAutoMLJobV2 contract")


class ContractViolation(InvalidResponse):
    """Raised by ``watch(client)`` (``on_violation="raise"``): a request that breaks the
    contract, never sent, or a response that breaks it. ``operation`` is the operation's
    name (``create-auto-ml-job-v2``, ...), ``violations`` the violations reported,
    ``call_site`` the caller's ``FILE:LINE`` that made the call (None if unknown)."""

    def __init__(self, operation: str, violations: list[Any], message: str, call_site: str | None = None):
        self.operation = operation
        self.call_site = call_site
        super().__init__(violations, message)


class ContractWarning(UserWarning):
    """Emitted by ``watch(client, on_violation="warn")``. ``operation``, ``violations`` and
    ``call_site`` as on ContractViolation."""

    def __init__(self, operation: str, violations: list[Any], message: str, call_site: str | None = None):
        self.operation = operation
        self.violations = violations
        self.call_site = call_site
        super().__init__(message)


class SchemaError(Exception):
    """The schema files are missing, unreadable, or refer outside themselves."""


class ModelError(Exception):
    """The service model cannot be loaded: botocore missing, the model file unreadable or
    broken, the operation or one of its shapes missing."""


class ExplainedError(ValueError):
    """A user's --explained file cannot be read or does not have the expected shape."""


class LiveError(Exception):
    """No response to validate: bad name, no boto3, no credentials, no endpoint, an AWS error."""


class UnknownRule(LookupError):
    """No rule has that id; the message suggests the closest one."""


class UsageError(ValueError):
    """A bad argument: reported as one line, exit status 2."""


class WorkerDied(Exception):
    """A worker process ended without an answer (killed, out of memory, aborted)."""


class MissingDependency(ModuleNotFoundError):
    """An optional dependency is not installed; the message is the one line to act on."""
