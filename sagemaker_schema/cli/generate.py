"""`sagemaker-schema generate`: fixture files from the same builder as the strategies,
driven by a seeded random.Random, so the same arguments give byte-identical files."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..errors import UsageError
from ..files import write_atomically
from ..fixtures import file_text
from ..generate.documents import KINDS, check_arguments, documents, shown
from ..schema import operation_named
from .common import EXIT_INPUT


def _int(name: str, text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{name} must be an integer of at most 4300 digits, not {shown(text)}") from None
    if value < least:
        raise UsageError(f"{name} must be at least {least}, not {shown(text)}")
    return value


def run(args) -> int:
    count = _int("--count", args.count, 1)
    seed = _int("--seed", args.seed, 0)
    if args.lifecycle:
        return _lifecycle(args, seed)
    if args.outcome is not None:
        raise UsageError("--outcome goes with --lifecycle")
    args.operation = operation_named(args.operation) or args.operation  # boto3's and the API's names too
    check_arguments(args.problem_type, args.status, args.form, args.invalid, operation=args.operation)
    if args.form != "wire":
        from ..errors import MissingDependency
        from ..inputs import output_shape

        try:
            output_shape(args.operation)
        except MissingDependency as exc:
            raise UsageError(str(exc)) from None
    out = Path(args.out) if args.out else None
    if out is not None:
        _prepare(out, args.out)
    made = documents(count, seed, args.problem_type, args.status, args.form, args.invalid, args.operation)
    if out is None:
        kind = KINDS[args.operation]
        for _, rule, document in made:
            line = document if rule is None else {"rule": rule, kind: document}
            sys.stdout.write(json.dumps(line, default=str) + "\n")
        return 0
    if not args.force and any(out.iterdir()):  # refuse before writing anything: a hand-edited fixture is never lost
        names = [name for name, _, _ in documents(count, seed, args.problem_type, args.status, args.form, args.invalid, args.operation)]
        existing = [name for name in names if os.path.lexists(out / name)]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            raise UsageError(f"{shown(existing[0])}{more} already exist in {shown(str(out), 200)}: --force overwrites them")
    for name, _, document in made:
        # json.dumps(default=str): boto3's datetimes as ISO strings, as people save them
        _write_atomically(out / name, file_text(document))
    print(f"wrote {count} files to {out}", file=sys.stderr)
    return 0


# --lifecycle: the files of one job, named by operation so that `validate --operation OP` takes each
LIFECYCLE_FILES = ("create-auto-ml-job-v2-request.json", "describe-auto-ml-job-v2-{:02}.json", "list-candidates-for-auto-ml-job.json")


def _lifecycle(args, seed: int) -> int:
    """One job's calls as `serve` answers them (serve.recorded_job): JSON lines on standard
    output as `serve --transcript` writes them, or with --out a file per document."""
    from ..generate.documents import problem_types
    from ..serve import lifecycle, recorded_job

    if args.count != "1" or args.status or args.form != "wire" or args.invalid is not None \
            or operation_named(args.operation) != "describe-auto-ml-job-v2":
        raise UsageError("--lifecycle writes one job's calls in the wire form: --count, --status, --form, --invalid "
                         "and --operation do not go with it")
    for flag, value, choices in (("--problem-type", args.problem_type, problem_types()),
                                 ("--outcome", args.outcome, list(lifecycle.OUTCOMES))):
        if value is not None and value not in choices:
            raise UsageError(f"{flag} must be one of {', '.join(choices)}, not {shown(value)}")
    job = recorded_job(seed=seed, problem_type=args.problem_type, outcome=args.outcome or "Completed")
    if not args.out:
        for line in job["transcript"]:
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        return 0
    out = Path(args.out)
    _prepare(out, args.out)
    create, describe, candidates = LIFECYCLE_FILES
    files = {out / create: job["request"], out / candidates: job["candidates"],
             **{out / describe.format(n): document for n, document in enumerate(job["describes"], 1)}}
    existing = sorted(path.name for path in files if os.path.lexists(path))
    if existing and not args.force:  # refuse before writing anything, as for documents
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise UsageError(f"{shown(existing[0])}{more} already exist in {shown(str(out), 200)}: --force overwrites them")
    try:
        write_atomically({path: file_text(document) for path, document in files.items()})
    except OSError as exc:
        raise UsageError(f"cannot write to {shown(str(out), 200)}: {exc.strerror or exc}") from None
    print(f"wrote {len(files)} files to {out} ({len(job['describes'])} describes, "
          f"{job['describes'][-1]['AutoMLJobStatus']})", file=sys.stderr)
    return 0


def _prepare(out: Path, given: str) -> None:
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {shown(given)} is not a directory")
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {shown(given)}: {exc.strerror or exc}") from None


def _write_atomically(path: Path, text: str) -> None:
    try:
        write_atomically({path: text})
    except OSError as exc:
        raise UsageError(f"cannot write {shown(str(path))}: {exc.strerror or exc}") from None


def command(args) -> int:
    try:
        return run(args)
    except UsageError as exc:
        print(f"sagemaker-schema generate: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
