"""sagemaker-schema: the contract of a DescribeAutoMLJobV2 response, executable."""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = [
    "InputError", "InvalidResponse", "Validator", "Violation", "assert_valid", "is_valid", "validate",
    "generate_responses", "write_fixtures", "schema_dir", "OPERATIONS",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import InputError, InvalidResponse
    from .fixtures import generate_responses, write_fixtures
    from .records import Violation
    from .validator import OPERATIONS, Validator, assert_valid, is_valid, validate


def schema_dir():
    """The folder of the installed schema files: every ``*.json`` schema (the response's
    root is ``describe-auto-ml-job-v2-response.json``) and the OpenAPI document
    ``openapi.yaml``. A ``pathlib.Path``."""
    from .schema import schema_dir as find

    return find()


def __getattr__(name: str):
    # Imported on first use, so that importing a submodule (the pytest plugin, loaded in
    # every pytest run of a project that installs this package) costs nothing.
    # import_module goes through sys.modules, as `from .validator import X` does, so both
    # agree on one module even where a test harness (pytester) drops and reimports it
    from importlib import import_module

    if name == "Violation":
        return import_module(f"{__name__}.records").Violation
    if name in ("generate_responses", "write_fixtures"):
        return getattr(import_module(f"{__name__}.fixtures"), name)
    if name in __all__:
        return getattr(import_module(f"{__name__}.validator"), name)
    raise AttributeError(f"module 'sagemaker_schema' has no attribute {name!r}")
