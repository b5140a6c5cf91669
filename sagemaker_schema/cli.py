"""The sagemaker-schema command.

Exit status: 0 every document valid (warnings allowed); 1 a document breaks a rule of
severity error; 2 a usage or input error (unreadable file, not JSON/YAML, not an object),
or the report cannot be written (a full disk, a closed standard output).
drift: 0 no unexplained difference from the service model, 1 one or more, 2 no loadable model.
bundle: 0 written, 2 the output folder cannot be written.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

EXIT_VALID, EXIT_INVALID, EXIT_INPUT = 0, 1, 2
POSITIONS_MAX = 1024 * 1024  # line and column for inputs up to 1 MiB (a response is a few KB)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sagemaker-schema",
        description="Check DescribeAutoMLJobV2 responses against their documented contract.",
        epilog="Exit status: 0 valid, 1 a rule of severity error is broken, 2 usage or input error.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="validate response files (JSON or YAML; - for stdin)")
    validate.add_argument("files", nargs="*", metavar="FILE", help="a response document; - reads standard input")
    validate.add_argument(
        "--format", choices=("text", "json", "junit", "github", "sarif"), default="text",
        help="output format (default: text); junit, github (workflow annotations) and sarif are for CI",
    )
    validate.add_argument(
        "--allow-unknown-members",
        action="store_true",
        help="report members the schema does not know as warnings, not errors",
    )
    unknown = validate.add_mutually_exclusive_group()
    unknown.add_argument(
        "--allow-unknown",
        action="store_true",
        help="report what a newer AWS adds (unknown members, enum values, union members) as warnings, not errors: "
             "for responses recorded from AWS (the default for --job-name)",
    )
    unknown.add_argument(
        "--strict", action="store_true",
        help="report what the schema does not know as errors, --job-name responses included",
    )

    validate.add_argument(
        "--fail-on", choices=("error", "warning"), default="error",
        help="the least severity that fails a document (exit status 1); default: error, warnings are reported only",
    )
    validate.add_argument("--input-format", choices=("json", "yaml"),
                          help="read every FILE as this (default: by the suffix, .yaml/.yml for YAML; on standard input, JSON when it starts with {, [ or \", else YAML)")
    validate.add_argument("--max-violations", type=int, default=1000, metavar="N",
                          help="list at most N violations per document, then one line counting the rest (default 1000; 0 lists all)")
    validate.add_argument("--jsonl", action="store_true", help="each FILE holds one response per line (JSON lines); report per line")
    validate.add_argument("--jobs", type=int, default=1, metavar="N", help="with --jsonl: validate on N processes (default 1; at most the number of cores)")
    validate.add_argument("--force-jobs", action="store_true", help="with --jobs: use N processes even past the number of cores")
    live = validate.add_argument_group("live check (needs boto3: pip install 'sagemaker-schema[live]')")
    live.add_argument("--job-name", action="append", default=[], metavar="NAME", help="call describe_auto_ml_job_v2 for this job and validate the response (repeatable)")
    live.add_argument("--region", help="AWS region for --job-name (default: boto3's configuration)")
    validate.set_defaults(usage=validate)
    live.add_argument("--endpoint-url", metavar="URL", help="endpoint for --job-name (a local mock such as moto, or a VPC endpoint)")

    rules = commands.add_parser("rules", help="list every rule: id, severity, statement; or show one rule in full")
    rules.add_argument("rule", nargs="?", metavar="RULE", help="show this rule: statement, documentation, where it is enforced, a response that breaks it")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    drift = commands.add_parser(
        "drift",
        help="compare the schema with botocore's service model (honours AWS_DATA_PATH)",
        epilog="Exit status: 0 no unexplained difference, 1 an unexplained difference, 2 the model cannot be loaded.",
    )
    drift.add_argument("--format", choices=("text", "json"), default="text")
    drift.add_argument(
        "--explained", action="append", default=[], metavar="FILE",
        help="your own accepted differences, as a JSON list of {\"difference\": \"KIND PATH\", \"reason\": ...} (repeatable)",
    )

    generate = commands.add_parser("generate", help="write valid responses (or broken ones with --invalid); the same arguments give the same bytes")
    generate.add_argument("--count", default="1", metavar="N", help="how many documents (default: 1)")
    generate.add_argument("--seed", default="0", metavar="S", help="seed: the same seed gives the same documents (default: 0)")
    generate.add_argument("--out", metavar="DIR", help="write one file per document here (default: JSON lines on stdout)")
    generate.add_argument("--force", action="store_true", help="with --out: overwrite files that already exist (default: refuse, writing nothing)")
    generate.add_argument("--problem-type", metavar="T", help="AutoMLProblemTypeConfigName (default: any)")
    generate.add_argument("--status", metavar="S", help="AutoMLJobStatus (default: any)")
    generate.add_argument("--form", default="wire", metavar="F", help="wire (default), boto3 or boto3-json (files hold ISO timestamps)")
    generate.add_argument("--invalid", nargs="?", const="", metavar="RULE",
                          help="responses that break exactly one error rule: RULE, or every rule in turn; file names start with RULE--")

    bundle = commands.add_parser(
        "bundle",
        help="write the single-file forms: the response schema, the OpenAPI document and its mock variant",
        description="Write the bundled forms of the schema files (the same files ship in the package, "
        "in sagemaker_schema/schemas/bundled/): describe-auto-ml-job-v2-response.json, openapi.yaml, "
        "and openapi-mock.yaml (application/json in place of application/x-amz-json-1.1, for Prism).",
    )
    where = bundle.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="DIR", help="write the three files here (made if missing)")
    where.add_argument("--form", choices=("schema", "openapi", "openapi-mock"),
                       help="print this one form on standard output instead (default: schema)")
    return parser


def _bundle(args) -> int:
    from . import bundle

    texts = bundle.texts()
    if not args.out:
        names = {"schema": bundle.SCHEMA_FILE, "openapi": bundle.OPENAPI_FILE, "openapi-mock": bundle.MOCK_FILE}
        sys.stdout.write(texts[names[args.form or "schema"]])
        return EXIT_VALID
    try:
        for path in bundle.write(args.out, texts):
            print(path)
    except OSError as exc:
        problem = "exists and is not a folder" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror or str(exc)
        print(f"sagemaker-schema bundle: error: {args.out}: {problem}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_VALID


def _validate_jsonl(args) -> int:
    from .stream import run

    if args.format not in ("text", "json") or args.job_name:
        print("sagemaker-schema: error: --jsonl goes with --format text or json and files only", file=sys.stderr)
        return EXIT_INPUT

    if args.input_format == "yaml":
        print("sagemaker-schema: error: --jsonl reads JSON lines: --input-format yaml does not go with it", file=sys.stderr)
        return EXIT_INPUT
    if args.jobs < 1:
        print("sagemaker-schema: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_INPUT
    jobs = args.jobs
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs > cores and not args.force_jobs:  # more processes than cores only costs memory
        print(f"sagemaker-schema: note: --jobs {jobs} capped at {cores}, the number of cores (--force-jobs to use {jobs})", file=sys.stderr)
        jobs = cores
    counts = run(args.files, sys.stdout, args.format, _policy(args, live=False), jobs, _max_violations(args))
    return _summarise(counts, to_stderr=True, fail_on=args.fail_on)


def _max_violations(args) -> int | None:
    if args.max_violations < 0:
        args.usage.error("--max-violations must be 0 (no limit) or more")
    return args.max_violations or None


def _summarise(counts, to_stderr: bool, fail_on: str = "error") -> int:
    """The summary line on standard error, and the exit status the counts call for."""
    if to_stderr:
        print(
            f"{counts['documents']} documents: {counts['valid']} valid, {counts['invalid']} invalid, "
            f"{counts['unreadable']} unreadable ({counts['errors']} errors, {counts['warnings']} warnings)",
            file=sys.stderr,
        )
    if counts["unreadable"]:
        return EXIT_INPUT
    return EXIT_INVALID if counts["invalid"] or (fail_on == "warning" and counts["warnings"]) else EXIT_VALID


def _policy(args, live: bool) -> dict:
    """The Validator's options: files are strict unless told; a live response comes from
    an AWS that may be newer than the schema, so --allow-unknown unless --strict."""
    return {"allow_unknown": args.allow_unknown or (live and not args.strict), "allow_unknown_members": args.allow_unknown_members}


def _validate(args) -> int:
    if not args.files and not args.job_name:
        args.usage.error("give a FILE or --job-name NAME")  # exit 2
    if (args.region or args.endpoint_url) and not args.job_name:
        args.usage.error("--region and --endpoint-url go with --job-name")
    if args.jsonl:
        return _validate_jsonl(args)
    from .loader import load
    from .reporters import FORMATS, Result, summary
    from .loader import label
    from .validator import InputError, Validator

    validator = Validator(**_policy(args, live=False), max_violations=_max_violations(args))

    def checked(name: str, found, **extra) -> Result:
        return Result(name, found, omitted=found.omitted, omitted_errors=found.omitted_errors, fail_on=args.fail_on, **extra)

    results = []
    for name in args.files:
        loaded = load(name, args.input_format)
        if loaded.error:
            results.append(Result(loaded.name, error=loaded.error))
            continue
        try:
            violations = validator.validate(loaded.document)
        except InputError as exc:
            results.append(Result(loaded.name, error=str(exc)))
            continue
        positions = {}
        # only then: valid documents stay fast; and only up to POSITIONS_MAX bytes, since the
        # position map holds every value (a 2 MB list of numbers: 1.5 s and 230 MB)
        if violations and loaded.source is not None and len(loaded.source) <= POSITIONS_MAX:
            from .positions import locate

            positions = locate(loaded.source.decode("utf-8"), {v.path for v in violations}, yaml=loaded.yaml)
        results.append(checked(loaded.name, violations, positions=positions))
    if args.job_name:
        from .live import LiveError, describe

        validator = Validator(**_policy(args, live=True), max_violations=_max_violations(args))
        for job in args.job_name:
            shown = f"job:{label(job)}"
            try:
                results.append(checked(shown, validator.validate(describe(job, region=args.region, endpoint_url=args.endpoint_url))))
            except (LiveError, InputError) as exc:
                results.append(Result(shown, error=str(exc)))
    counts = summary(results)
    try:
        FORMATS[args.format](results, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # stdout closed early (| head): the exit status is still the validation's
        _discard_stdout()
    return _summarise(counts, to_stderr=args.format == "text" and len(results) > 1)


def _rules(args) -> int:
    import json

    from .catalogue import markdown, rules

    if args.rule is not None:
        from .rule_detail import UnknownRule, detail, text

        if args.format == "markdown":
            print("sagemaker-schema rules: error: --format markdown lists every rule; for one rule: text or json", file=sys.stderr)
            return EXIT_INPUT
        try:
            item = detail(args.rule)
        except UnknownRule as exc:
            print(f"sagemaker-schema rules: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        if args.format == "json":
            json.dump(item, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(text(item))
        return EXIT_VALID
    listed = list(rules().values())
    if args.format == "markdown":
        sys.stdout.write(markdown())
    elif args.format == "json":
        json.dump([r.as_dict() for r in listed], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        width = max(len(r.id) for r in listed)
        for r in listed:
            print(f"{r.id:<{width}}  {r.severity:<7}  {r.source:<8}  {r.statement}")
    return EXIT_VALID


def _drift(args) -> int:
    import json

    from . import drift  # botocore is imported only here, and only when installed

    try:
        extra = {}
        for path in args.explained:
            extra.update(drift.read_explained(path))
        shape, model_file = drift.load_model()
    except (drift.ModelError, drift.ExplainedError) as exc:
        print(f"sagemaker-schema drift: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    import botocore

    items = drift.report(drift.compare(shape), extra)
    unexplained = sum(not item["explained"] for item in items)
    # a user's entry that matches nothing is stale: said, but not a failure
    unused = sorted(set(extra) - {drift.Difference(item["kind"], item["path"], None, None).key() for item in items})
    summary = {"differences": len(items), "unexplained": unexplained, "explained": len(items) - unexplained,
               "model": model_file, "botocore": botocore.__version__, "unused_explanations": unused}
    if args.format == "json":
        json.dump({"differences": items, "summary": summary}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for item in items:
            print(drift.describe(item))
        print(f"{unexplained} unexplained, {summary['explained']} explained difference(s); model: {model_file} (botocore {botocore.__version__})")
        for key in unused:
            print(f"sagemaker-schema drift: note: --explained entry {key!r} matches no difference (stale?)", file=sys.stderr)
    return EXIT_INVALID if unexplained else EXIT_VALID


def _discard_stdout() -> None:
    # later writes and the flush at exit go nowhere instead of raising again
    if sys.stdout is None:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = open(os.devnull, "w")


def _generate(args) -> int:
    from ._generate_cmd import UsageError, run  # lazily: only this command needs it

    try:
        return run(args)
    except UsageError as exc:
        print(f"sagemaker-schema generate: error: {exc}", file=sys.stderr)
        return EXIT_INPUT


def _utf8_stdio() -> None:
    """Whatever the locale (LANG=C, PYTHONIOENCODING=latin-1), reports are UTF-8; the
    reporters never hand over a string UTF-8 cannot encode (lone surrogates)."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    args = _parser().parse_args(argv)
    if sys.stdout is None and not (args.command in ("generate", "bundle") and args.out):
        # started with standard output closed (>&-): nowhere to write the report
        print("sagemaker-schema: error: standard output is closed: nowhere to write the report", file=sys.stderr)
        return EXIT_INPUT
    try:
        commands = {"validate": _validate, "rules": _rules, "drift": _drift, "generate": _generate, "bundle": _bundle}
        status = commands[args.command](args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a failing stdout shows here, not as "Exception ignored" at exit
        return status
    except BrokenPipeError:
        # stdout closed early (| head): not an error of the input
        _discard_stdout()
        return EXIT_VALID
    except OSError as exc:  # writing the report failed: a full disk (/dev/full), an I/O error
        _discard_stdout()
        print(f"sagemaker-schema: error: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
