"""Fixture files without Hypothesis: what `sagemaker-schema generate` writes, from Python.

    from sagemaker_schema.fixtures import generate_responses, write_fixtures

    write_fixtures("tests/fixtures/sagemaker", count=20, seed=1, form="boto3-json")
    for name, response in generate_responses(count=5, problem_type="Tabular"):
        ...

The same arguments give the same documents (and byte-identical files) on every run.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["generate_responses", "write_fixtures", "file_text"]


def generate_responses(
    count: int = 1,
    seed: int = 0,
    *,
    problem_type: str | None = None,
    status: str | None = None,
    form: str = "wire",
    invalid: str | None = None,
    operation: str = "describe-auto-ml-job-v2",
) -> Iterator[tuple[str, Any]]:
    """(file name, document) pairs, valid under every rule; or, with ``invalid`` (a rule
    id, or "" for every error rule in turn), wire-form documents that break exactly that
    rule. operation: "describe-auto-ml-job-v2" (responses, the default),
    "create-auto-ml-job-v2" (CreateAutoMLJobV2 parameters), "list-candidates-for-auto-ml-job"
    (candidate list pages) or another of ``sagemaker_schema.OPERATIONS`` ("stop-auto-ml-job",
    "list-auto-ml-jobs", "list-auto-ml-jobs-request", "list-candidates-for-auto-ml-job-request":
    no ``problem_type``); ``invalid`` for every operation but the candidate list, ``status``
    for the response only, a form other than "wire" for the response and the candidate list.
    A bad argument raises ValueError naming it."""
    from .errors import UsageError
    from .generate.documents import check_arguments, documents
    from .schema import operation_named

    operation = operation_named(operation) or operation  # boto3's and the API's names too, as --operation
    if not isinstance(count, int) or not isinstance(seed, int) or count < 1 or seed < 0:
        raise UsageError(f"count must be at least 1 and seed at least 0, not {count!r} and {seed!r}")
    check_arguments(problem_type, status, form, invalid, names=("problem_type", "status", "form", "invalid", "operation"),
                    operation=operation)
    if form != "wire":
        from .inputs import output_shape

        output_shape(operation)  # botocore, or the install hint (MissingDependency)
    for name, _rule, doc in documents(count, seed, problem_type, status, form, invalid, operation):
        yield name, doc


def file_text(document: Any) -> str:
    """A document as a fixture file holds it: indented JSON, boto3's datetimes as ISO strings."""
    return json.dumps(document, indent=2, default=str) + "\n"


def write_fixtures(directory: str | Path, count: int = 1, seed: int = 0, **options: Any) -> list[Path]:
    """Write ``count`` documents into ``directory`` (created if needed), one file each,
    named as ``generate --out`` names them, and as it writes them (each whole or not at
    all, never through a link: files.write_atomically); returns the paths. Options as
    ``generate_responses``."""
    from .files import write_atomically

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    texts = {out / name: file_text(doc) for name, doc in generate_responses(count, seed, **options)}
    write_atomically(texts)
    return list(texts)
