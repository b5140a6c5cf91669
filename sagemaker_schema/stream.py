"""`validate --jsonl`: one response per line, reported per line, memory flat however
long the stream; `--jobs N` spreads batches of lines over N processes."""
from __future__ import annotations

import json
import sys
from collections import Counter
from itertools import islice
from typing import BinaryIO, Iterable, Iterator, TextIO

from .loader import MAX_BYTES
from .validator import InputError, Validator, parse

BATCH = 256  # lines a worker takes at a time: large enough to amortise the hand-over


def _check(validator: Validator, number: int, line: bytes | None) -> tuple[int, str | None, list]:
    """(line number, input error or None, violations as dicts)."""
    try:
        if line is None:
            raise InputError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB: not a response (the rest is not read)")
        document = parse(line.strip())
        if not isinstance(document, dict):
            raise InputError("the line is not a structure (a JSON object)")
        return number, None, [v.as_dict() for v in validator.validate(document)]
    except InputError as exc:
        return number, str(exc), []


def _numbered(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    number = 0
    while line := stream.readline(MAX_BYTES + 1):  # a line from /dev/zero never ends: cap it
        number += 1
        if len(line) > MAX_BYTES:
            yield number, None  # reported, and the rest of the stream is not read
            return
        if line.strip():
            yield number, line


_WORKER: Validator | None = None


def _init_worker(policy: dict) -> None:
    global _WORKER
    _WORKER = Validator(**policy)


def _check_batch(batch: list[tuple[int, bytes]]) -> list[tuple[int, str | None, list]]:
    return [_check(_WORKER, number, line) for number, line in batch]


def _results(stream: BinaryIO, policy: dict, jobs: int) -> Iterator[tuple[int, str | None, list]]:
    lines = _numbered(stream)
    if jobs <= 1:
        validator = Validator(**policy)
        for number, line in lines:
            yield _check(validator, number, line)
        return
    import multiprocessing

    batches = iter(lambda: list(islice(lines, BATCH)), [])
    with multiprocessing.Pool(jobs, _init_worker, (policy,)) as pool:
        while True:
            # a bounded window of batches in flight keeps memory flat
            window = list(islice(batches, jobs * 4))
            if not window:
                break
            for checked in pool.imap(_check_batch, window):
                yield from checked


def run(names: Iterable[str], out: TextIO, fmt: str, policy: dict, jobs: int) -> Counter:
    """policy: the Validator's keyword arguments (allow_unknown, allow_unknown_members)."""
    counts: Counter = Counter()
    for name in names:
        label = "<stdin>" if name == "-" else name
        try:
            stream = sys.stdin.buffer if name == "-" else open(name, "rb")
        except OSError as exc:
            out.write(f"{label}: error: {exc.strerror or exc}\n")
            counts["unreadable"] += 1
            continue
        with stream:
            for number, error, violations in _results(stream, policy, jobs):
                _report(out, fmt, f"{label}:{number}", label, number, error, violations, counts)
    return counts


def _report(out: TextIO, fmt: str, where: str, label: str, number: int, error, violations, counts: Counter) -> None:
    counts["documents"] += 1
    errors = sum(v["severity"] == "error" for v in violations)
    counts["errors"] += errors
    counts["warnings"] += len(violations) - errors
    kind = "unreadable" if error else ("invalid" if errors else "valid")
    counts[kind] += 1
    if fmt == "json":
        out.write(json.dumps({"file": label, "line": number, "valid": kind == "valid", "error": error, "violations": violations}, ensure_ascii=False) + "\n")
        return
    if error:
        out.write(f"{where}: error: {error}\n")
    for v in violations:
        label_ = v["rule"] if v["severity"] == "error" else f"{v['rule']} (warning)"
        out.write(f"{where}: {v['path'] or '(document)'}: [{label_}] {v['message']}\n")
