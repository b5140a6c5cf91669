"""`sagemaker-schema validate`: files, standard input and live jobs, in every format."""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator

from ..schema import DEFAULT_OPERATION
from .common import STDIN_TWICE, discard_stdout, hint, max_violations, policy, summarise

POSITIONS_MAX = 1024 * 1024  # line and column for inputs up to 1 MiB (a response is a few KB)


def command(args) -> int:
    if not args.files and not args.job_name:
        args.usage.error("give a FILE or --job-name NAME")  # exit 2
    if (args.region or args.endpoint_url) and not args.job_name:
        args.usage.error("--region and --endpoint-url go with --job-name")
    if args.job_name and args.operation != DEFAULT_OPERATION:
        args.usage.error("--job-name fetches a describe-auto-ml-job-v2 response: --operation goes with FILEs")
    if (args.jobs is not None or args.force_jobs) and not args.jsonl:  # not silently ignored
        args.usage.error("--jobs and --force-jobs go with --jsonl")
    if args.transcript:
        if args.jsonl or args.job_name or args.operation != DEFAULT_OPERATION:
            args.usage.error("--transcript checks each call with its own operation's contract: "
                             "--jsonl, --job-name and --operation do not go with it")
        from .transcript import command as transcript

        return transcript(args)
    if args.jsonl:
        from .jsonl import command

        return command(args)
    from ..records import Result, summary
    from ..report import FORMATS
    from ..validator import Validator

    validator = Validator(**policy(args, live=False), max_violations=max_violations(args))

    def checked(name: str, found, **extra) -> Result:
        return Result(name, found, omitted=found.omitted, omitted_errors=found.omitted_errors, fail_on=args.fail_on, **extra)

    counts = Counter({key: 0 for key in summary([])})  # added up as results pass: they are not kept
    hints: list[str] = []  # a document that fits another operation's contract better: on standard error

    def results() -> Iterator[Result]:
        # one document at a time, reported as it is checked: memory is bounded per document
        for result in _results(args, validator, checked, hints):
            counts.update(summary([result]))
            yield result

    stream = results()
    try:
        FORMATS[args.format](stream, sys.stdout, contract=args.operation)
        sys.stdout.flush()
    except BrokenPipeError:  # stdout closed early (| head): the exit status is still the validation's
        discard_stdout()
        for _ in stream:  # the rest is still checked
            pass
    for line in hints:
        print(line, file=sys.stderr)
    # text: the summary line names the contract; for one document only when it is not the default
    several = counts["documents"] > 1 or args.operation != DEFAULT_OPERATION
    return summarise(counts, to_stderr=args.format == "text" and several, contract=args.operation)


def _results(args, validator, checked, hints: list[str]) -> Iterator:  # Iterator[Result], imported when used
    """Each file's Result, then each live job's, as they are checked."""
    from ..errors import InputError
    from ..inputs import label, load
    from ..records import Result
    from ..schema import fitting_operation
    from ..validator import Validator

    for n, name in enumerate(args.files):
        if name == "-" and "-" in args.files[:n]:
            yield Result(label(name), error=STDIN_TWICE)
            continue
        loaded = load(name, args.input_format)
        if loaded.error:
            yield Result(loaded.name, error=loaded.error, error_at=loaded.error_at)
            continue
        try:
            violations = validator.validate(loaded.document)
        except InputError as exc:
            yield Result(loaded.name, error=str(exc))
            continue
        except MemoryError:  # what still does not fit under a memory limit (ulimit -v): as inputs.load says it
            yield Result(loaded.name, error="too large to hold in memory")
            continue
        positions = {}
        # only then: valid documents stay fast; and only up to POSITIONS_MAX bytes, a pass
        # over the text costing about as much as validating it
        if violations and loaded.source is not None and len(loaded.source) <= POSITIONS_MAX:
            from ..report.positions import locate

            positions = locate(loaded.source.decode("utf-8"), {v.path for v in violations}, yaml=loaded.yaml)
        yield checked(loaded.name, violations, positions=positions)
        other = fitting_operation(loaded.document, args.operation) if violations else None
        if other:
            hints.append(hint(loaded.name, other, args.operation))
    if args.job_name:
        from ..errors import LiveError
        from ..live import describe

        live = Validator(**policy(args, live=True), max_violations=max_violations(args))
        for job in args.job_name:
            shown = f"job:{label(job)}"
            try:
                yield checked(shown, live.validate(describe(job, region=args.region, endpoint_url=args.endpoint_url)))
            except (LiveError, InputError) as exc:
                yield Result(shown, error=str(exc))
