"""sagemaker-schema: the contract of a DescribeAutoMLJobV2 response, executable."""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["InputError", "InvalidResponse", "Validator", "Violation", "assert_valid", "is_valid", "validate"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .validator import InputError, InvalidResponse, Validator, assert_valid, is_valid, validate
    from .violation import Violation


def __getattr__(name: str):
    # Imported on first use, so that importing a submodule (the pytest plugin, loaded in
    # every pytest run of a project that installs this package) costs nothing.
    if name == "Violation":
        from .violation import Violation

        return Violation
    if name in __all__:
        from . import validator

        return getattr(validator, name)
    raise AttributeError(f"module 'sagemaker_schema' has no attribute {name!r}")
