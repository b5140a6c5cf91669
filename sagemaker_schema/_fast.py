"""The fast engine: jsonschema-rs compiled from the same schema files (about 80 times
faster than python-jsonschema here). It answers only for plain JSON values; anything
else (datetimes, sets, ...) raises and the caller takes the reference path."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

from . import _schemafiles
from .records import SchemaFault

BASE = "file:///sagemaker-schema/"  # never read: the registry holds the files, the retriever refuses the rest


def _refuse(uri: str):
    raise _schemafiles.SchemaError(f"refusing to resolve {uri!r}: only the package's schema files are used")


@lru_cache(maxsize=1)
def fast_validator() -> Any | None:
    """The compiled validator, or None when jsonschema-rs is not installed."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    files = _schemafiles.load_files()
    registry = jsonschema_rs.Registry([(BASE + name, body) for name, body in files.items()], retriever=_refuse)
    return jsonschema_rs.validator_for(
        files[_schemafiles.ROOT_FILE], registry=registry, base_uri=BASE + _schemafiles.ROOT_FILE, retriever=_refuse
    )


def faults(validator: Any, doc: Any) -> Iterator[SchemaFault]:
    for error in validator.iter_errors(doc):
        steps = tuple(error.evaluation_path)
        keyword, instance, key = steps[-1], error.instance, None
        if error.kind.name == "propertyNames":
            inner = error.kind.as_dict()["error"]
            key = inner.instance
            # the inner error's path: the outer one skips the map's propertyNames when they
            # are a $ref (it reads ".../Transformations/$ref/$defs/...", so no schema was found)
            steps = tuple(inner.evaluation_path)
            keyword, instance = steps[-1], inner.instance
        yield SchemaFault(
            keyword=keyword,
            steps=steps,
            parts=tuple(error.instance_path),
            instance=instance,
            key=key,
            fallback_message=error.message,
        )
