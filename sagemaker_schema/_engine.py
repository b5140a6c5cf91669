"""The reference engine: python-jsonschema over the package's files, through a
`referencing` registry that refuses every other URI. Portable and exact; slow."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from . import _schemafiles
from .records import SchemaFault


@lru_cache(maxsize=1)
def reference_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schemafiles.root_schema(), registry=_schemafiles.registry())


def faults(doc: Any) -> Iterator[SchemaFault]:
    for error in reference_validator().iter_errors(doc):
        key = None
        if "propertyNames" in error.schema_path:
            key = error.instance  # the key that failed; the map is at error.path
        yield SchemaFault(
            keyword=error.validator,
            steps=tuple(error.schema_path),
            parts=tuple(error.absolute_path),
            instance=error.instance,
            key=key,
            fallback_message=error.message,
        )
