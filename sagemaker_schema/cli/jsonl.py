"""`sagemaker-schema validate --jsonl`: one response per line, reported per line as soon as it is checked,
memory flat however long the stream; `--jobs N` spreads batches of lines over one pool of
N processes for the whole run. A dead worker, Ctrl-C or SIGTERM end the run promptly with
one line, never a hang or a traceback."""
from __future__ import annotations

import os
import select
import signal
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, TextIO

from ..errors import InputError, WorkerDied
from ..inputs import MAX_BYTES, label, parse, require_object
from ..records import Violation
from ..report.line import line as violation_line, more
from ..report.safe import display, dumps
from ..schema import fitting_operation
from ..validator import Validator
from .common import EXIT_INPUT, STDIN_TWICE, hint, max_violations, policy, summarise

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

BATCH = 256  # lines a worker takes at a time: large enough to amortise the hand-over
BATCH_BYTES = 1 << 20  # ... or fewer lines when they are long
IN_FLIGHT = 4  # batches in flight per worker: keeps workers busy, and the parent's memory bounded by bytes
CHUNK = 1 << 20  # bytes read at a time
JSON_SPACE = b" \t\r\n"  # RFC 8259's whitespace: a line is blank when it holds only these
IDLE = None  # from the line reader: the input has nothing more ready yet (a slow pipe)
# a line's result: (line number, input error or None, violations as dicts, (violations left out, errors among them),
# the other operation whose document the line holds, or None)
Checked = tuple[int, str | None, list, tuple[int, int], str | None]


def _check(validator: Validator, number: int, line: bytes | None) -> Checked:
    try:
        if line is None:
            raise InputError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB: not a response (the rest is not read)")
        document = parse(line)  # the parser allows JSON's whitespace around it, and nothing else (\x0b, \x0c)
        require_object(document, "line")
        found = validator.validate(document)
        other = fitting_operation(document, validator.operation) if found else None
        return number, None, [v.as_dict() for v in found], (found.omitted, found.omitted_errors), other
    except InputError as exc:
        return number, str(exc), [], (0, 0), None
    except MemoryError:
        return number, "too large to hold in memory", [], (0, 0), None


def _lines(fd: int) -> Iterator[tuple[int, bytes | None] | None]:
    """(line number, line) for each line that is not blank, (number, None) for a line over
    MAX_BYTES (and then nothing more: /dev/zero never ends a line), and IDLE before a
    read that would wait (so what is done can be shown). Read errors raise OSError."""
    number, size = 0, 0
    pieces: list[bytes] = []
    while True:
        if not _ready(fd):
            yield IDLE
        chunk = os.read(fd, CHUNK)
        if not chunk:
            break
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            line = chunk[start:end + 1]
            if pieces:
                line, pieces, size = b"".join(pieces) + line, [], 0
            number += 1
            start = end + 1
            if len(line) > MAX_BYTES:
                yield number, None
                return
            if not _blank(line):
                yield number, line
        if start < len(chunk):
            pieces.append(chunk[start:])
            size += len(chunk) - start
            if size > MAX_BYTES:
                yield number + 1, None
                return
    if pieces:
        line = b"".join(pieces)
        if not _blank(line):
            yield number + 1, line


def _blank(line: bytes) -> bool:
    """Only JSON's whitespace (skipped); a line of \x0b or \x0c is refused, as in a file."""
    return line.isspace() and not line.strip(JSON_SPACE)  # the copy only for a line all of whitespace


def _ready(fd: int) -> bool:
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return True  # let the read itself report the problem


_WORKER: Validator | None = None


def _init_worker(policy: dict, max_violations: int | None) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the parent alone answers it and stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = Validator(**policy, max_violations=max_violations)


def _check_batch(batch: list[tuple[int, bytes | None]]) -> list[Checked]:
    validator = _WORKER
    if validator is None:
        raise RuntimeError("a worker checks lines only after _init_worker")
    return [_check(validator, number, line) for number, line in batch]


class _Pool:
    """One process pool for the whole run, created when first needed."""

    def __init__(self, jobs: int, policy: dict, max_violations: int | None):
        self.jobs, self.args = jobs, (policy, max_violations)
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, batch):
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            self.executor = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_init_worker, initargs=self.args)
        return self.executor.submit(_check_batch, batch)

    def close(self, kill: bool = False) -> None:
        if self.executor is None:
            return
        if kill:  # Ctrl-C, SIGTERM, a dead worker, a closed stdout: do not wait for work in flight
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None


def _parallel(lines: Iterator, pool: _Pool, ready: Callable[[], bool]) -> Iterator[Checked | None]:
    """Results of each line in order, as their batches complete; IDLE when the caller
    may flush. At most IN_FLIGHT batches per worker, and about as many MiB, are held."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pending: deque = deque()
    batch: list[tuple[int, bytes | None]] = []
    batch_bytes = 0

    def submit():
        nonlocal batch, batch_bytes
        if batch:
            try:
                pending.append((pool.submit(batch), batch[0][0]))
            except BrokenProcessPool:  # a worker died since the last answer
                raise WorkerDied(pending[0][1] if pending else batch[0][0]) from None
            batch, batch_bytes = [], 0

    def head():
        future, first = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            raise WorkerDied(first) from None

    for item in lines:
        if item is IDLE:  # nothing to read yet: show what is done while waiting for input
            submit()
            while pending and not ready():
                wait([pending[0][0]], timeout=0.05, return_when=FIRST_COMPLETED)
                while pending and pending[0][0].done():
                    yield from head()
            yield IDLE
            continue
        batch.append(item)
        batch_bytes += len(item[1] or b"")
        if len(batch) >= BATCH or batch_bytes >= BATCH_BYTES:
            submit()
        while pending and (len(pending) >= pool.jobs * IN_FLIGHT or pending[0][0].done()):
            yield from head()
    submit()
    while pending:
        yield from head()


def command(args) -> int:
    if args.format not in ("text", "json") or args.job_name:
        print("sagemaker-schema: error: --jsonl goes with --format text or json and files only", file=sys.stderr)
        return EXIT_INPUT

    if args.input_format == "yaml":
        print("sagemaker-schema: error: --jsonl reads JSON lines: --input-format yaml does not go with it", file=sys.stderr)
        return EXIT_INPUT
    jobs = 1 if args.jobs is None else args.jobs
    if jobs < 1:
        print("sagemaker-schema: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_INPUT
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs > cores and not args.force_jobs:  # more processes than cores only costs memory
        print(f"sagemaker-schema: note: --jobs {jobs} capped at {cores}, the number of cores (--force-jobs to use {jobs})", file=sys.stderr)
        jobs = cores
    counts = run(args.files, sys.stdout, args.format, policy(args, live=False), jobs, max_violations(args))
    return summarise(counts, to_stderr=True, fail_on=args.fail_on, contract=args.operation)


def run(names: Iterable[str], out: TextIO, fmt: str, policy: dict, jobs: int,
        max_violations: int | None = None) -> Counter:
    counts: Counter = Counter()
    # policy: the Validator's options for what the schema does not know (allow_unknown, allow_unknown_members)
    pool = _Pool(jobs, policy, max_violations) if jobs > 1 else None
    validator = None if pool else Validator(**policy, max_violations=max_violations)
    stdin_read = False
    hinted = False
    previous = signal.signal(signal.SIGTERM, _terminate) if pool else None
    clean = False
    try:
        for name in names:
            shown = label(name)
            if name == "-" and (stdin_read or sys.stdin is None):
                why = "standard input is closed" if sys.stdin is None else STDIN_TWICE
                _unreadable(out, fmt, shown, why, counts)
                continue
            try:
                stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115  closed below
            except OSError as exc:
                _unreadable(out, fmt, shown, exc.strerror or str(exc), counts)
                continue
            stdin_read = stdin_read or name == "-"
            try:
                fd = stream.fileno()
                lines = _lines(fd)
                if pool:
                    results = _parallel(lines, pool, partial(_ready, fd))
                else:
                    assert validator is not None  # made above when there is no pool
                    results = _serial(lines, validator)
                for result in results:
                    if result is IDLE:
                        out.flush()  # a slow pipe: show what is checked before waiting for more
                        continue
                    number, error, violations, left_out, other = result
                    _report(out, fmt, shown, number, error, violations, left_out, counts)
                    if other and not hinted:  # once a run: a stream holds one kind of document
                        hinted = True
                        print(hint(f"{shown}:{number}", other, policy["operation"]), file=sys.stderr)
            except OSError as exc:  # a read error part-way (/proc/self/mem, EIO)
                _unreadable(out, fmt, shown, exc.strerror or str(exc), counts)
            except WorkerDied as exc:
                why = f"a worker process died (killed, or out of memory) before line {exc.args[0]} was reported: it and the rest are not checked"
                _unreadable(out, fmt, shown, why, counts)
                return counts
            finally:
                if name != "-":
                    stream.close()
        clean = True
    finally:
        if pool:
            pool.close(kill=not clean)
            signal.signal(signal.SIGTERM, previous)
    return counts


def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # through the finally blocks: workers stopped, no traceback


def _serial(lines: Iterator, validator: Validator) -> Iterator[Checked | None]:
    for item in lines:
        yield IDLE if item is IDLE else _check(validator, *item)


def _unreadable(out: TextIO, fmt: str, shown: str, why: str, counts: Counter) -> None:
    counts["documents"] += 1
    counts["unreadable"] += 1
    if fmt == "json":
        out.write(dumps({"file": shown, "line": None, "valid": False, "error": why, "violations": [], "omitted": 0}) + "\n")
    else:
        out.write(f"{shown}: error: {display(why)}\n")


def _report(out: TextIO, fmt: str, shown: str, number: int, error, violations, left_out: tuple, counts: Counter) -> None:
    counts["documents"] += 1
    omitted, omitted_errors = left_out
    errors = sum(v["severity"] == "error" for v in violations) + omitted_errors
    counts["errors"] += errors
    counts["warnings"] += len(violations) + omitted - errors
    kind = "unreadable" if error else ("invalid" if errors else "valid")
    counts[kind] += 1
    if fmt == "json":
        record = {"file": shown, "line": number, "valid": kind == "valid", "error": error, "violations": violations, "omitted": omitted}
        out.write(dumps(record) + "\n")
        return
    where = f"{shown}:{number}"
    if error:
        out.write(f"{where}: error: {display(error)}\n")
    for v in violations:
        out.write(f"{where}: {violation_line(Violation(**v))}\n")
    if omitted:
        out.write(f"{where}: {more(omitted)}\n")
