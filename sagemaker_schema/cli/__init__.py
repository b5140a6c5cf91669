"""The sagemaker-schema command.

Exit status: 0 every document valid (warnings allowed); 1 a document breaks a rule of
severity error; 2 a usage or input error (unreadable file, not JSON/YAML, not an object),
or the report cannot be written (a full disk, a closed standard output).
drift: 0 no unexplained difference from the service model, 1 one or more, 2 no loadable model.
bundle: 0 written, 2 the output folder cannot be written.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from .common import EXIT_INPUT, EXIT_INVALID, EXIT_VALID, discard_stdout

__all__ = ["EXIT_INPUT", "EXIT_INVALID", "EXIT_VALID", "main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sagemaker-schema",
        description="Check DescribeAutoMLJobV2 responses against their documented contract.",
        epilog="Exit status: 0 valid, 1 a rule of severity error is broken, 2 usage or input error.",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="validate response files (JSON or YAML; - for stdin)")
    validate.add_argument("files", nargs="*", metavar="FILE", help="a response document; - reads standard input")
    validate.add_argument(
        "--format", choices=("text", "json", "junit", "github", "sarif"), default="text",
        help="output format (default: text); junit, github (workflow annotations) and sarif are for CI",
    )
    from ..schema import DEFAULT_OPERATION, OPERATIONS

    validate.add_argument(
        "--operation", choices=tuple(OPERATIONS), default=DEFAULT_OPERATION, metavar="OPERATION",
        help="the contract to apply: describe-auto-ml-job-v2 (the response, default), create-auto-ml-job-v2 "
             "(the request parameters) or list-candidates-for-auto-ml-job (the response)",
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
    generate.add_argument("--operation", default="describe-auto-ml-job-v2", metavar="OP",
                          help="whose documents: describe-auto-ml-job-v2 (responses, default), create-auto-ml-job-v2 (request "
                               "parameters) or list-candidates-for-auto-ml-job (candidate list pages)")
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


def _utf8_stdio() -> None:
    """Whatever the locale (LANG=C, PYTHONIOENCODING=latin-1), reports are UTF-8; the
    reporters never hand over a string UTF-8 cannot encode (lone surrogates)."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)


# one module of this package per subcommand, named for it, each with command(args) ->
# exit status; imported when its command runs
COMMANDS = ("validate", "rules", "drift", "generate", "bundle")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    args = _parser().parse_args(argv)
    if sys.stdout is None and not (args.command in ("generate", "bundle") and args.out):
        # started with standard output closed (>&-): nowhere to write the report
        print("sagemaker-schema: error: standard output is closed: nowhere to write the report", file=sys.stderr)
        return EXIT_INPUT
    try:
        status = import_module(f"{__name__}.{args.command}").command(args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a failing stdout shows here, not as "Exception ignored" at exit
        return status
    except BrokenPipeError:
        # stdout closed early (| head): not an error of the input
        discard_stdout()
        return EXIT_VALID
    except OSError as exc:  # writing the report failed: a full disk (/dev/full), an I/O error
        discard_stdout()
        print(f"sagemaker-schema: error: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except MemoryError:  # the one boundary: whatever a memory limit stopped, one line
        discard_stdout()
        print("sagemaker-schema: error: out of memory (a memory limit such as ulimit -v was reached)", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
