"""sagemaker-schema: the contract of a DescribeAutoMLJobV2 response, executable."""
from .validator import InputError, InvalidResponse, Validator, assert_valid, is_valid, validate
from .violation import Violation

__all__ = ["InputError", "InvalidResponse", "Validator", "Violation", "assert_valid", "is_valid", "validate"]
__version__ = "0.1.0"
