"""Optional dependencies: one install hint, the same wherever one is missing."""
from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependency


def hint(what: str, module: str, extra: str) -> str:
    return f"{what} needs {module}: pip install 'sagemaker-schema[{extra}]'"


def require(module: str, *, what: str, extra: str) -> ModuleType:
    """Import ``module``, or raise MissingDependency with the install hint. Only the
    module itself missing is turned into the hint; a broken install shows as it is."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] != module.split(".")[0]:
            raise
        raise MissingDependency(hint(what, module.split(".")[0], extra), name=exc.name) from None
