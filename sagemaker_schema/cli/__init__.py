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


class _Parser(argparse.ArgumentParser):
    def _print_message(self, message, file=None):
        # argparse swallows a failed write: --version > /dev/full would exit 0 having printed nothing
        if message and file is not None and file is sys.stdout:
            file.write(message)
            file.flush()
        else:
            super()._print_message(message, file)


def _operation(name: str) -> str:
    """--operation's value: an operation as the AWS CLI, boto3 or the API names it."""
    from ..schema import OPERATIONS, operation_named, operation_suggested

    found = operation_named(name)
    if found is None:
        from ..generate.documents import shown

        raise argparse.ArgumentTypeError(f"invalid choice: {shown(name)} (choose from {', '.join(OPERATIONS)}, or boto3's or the API's name of one){operation_suggested(name)}")
    return found


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sagemaker-schema",
        description="Check SageMaker AutoML documents against their documented contracts: DescribeAutoMLJobV2 "
                    "responses (the default), CreateAutoMLJobV2 and StopAutoMLJob requests, ListCandidatesForAutoMLJob "
                    "and ListAutoMLJobs pages and their request parameters.",
        epilog="Exit status: 0 valid, 1 a rule of severity error is broken, 2 usage or input error.",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="validate documents: responses, or requests and list pages with --operation "
                                                    "(JSON or YAML; - for stdin)")
    validate.add_argument("files", nargs="*", metavar="FILE", help="a document of the --operation; - reads standard input")
    validate.add_argument(
        "--format", choices=("text", "json", "junit", "github", "sarif"), default="text",
        help="output format (default: text); junit, github (workflow annotations) and sarif are for CI",
    )
    from ..schema import DEFAULT_OPERATION

    validate.add_argument(
        "--operation", type=_operation, default=DEFAULT_OPERATION, metavar="OPERATION",
        help="the contract to apply: describe-auto-ml-job-v2 (the response, default), create-auto-ml-job-v2 and "
             "stop-auto-ml-job (the request parameters), list-candidates-for-auto-ml-job and list-auto-ml-jobs (the "
             "response pages), list-candidates-for-auto-ml-job-request and list-auto-ml-jobs-request (the List "
             "operations' parameters); boto3's and the API's names (create_auto_ml_job_v2, CreateAutoMLJobV2, "
             "ListAutoMLJobsRequest) too",
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
    validate.add_argument("--transcript", action="store_true",
                          help="each FILE is a transcript of calls (serve --transcript, generate --lifecycle): every request "
                               "and answered document is held to its operation's contract, reported as FILE:LINE")
    validate.add_argument("--jobs", type=int, metavar="N", help="with --jsonl: validate on N processes (default 1; at most the number of cores)")
    validate.add_argument("--force-jobs", action="store_true", help="with --jobs: use N processes even past the number of cores")
    live = validate.add_argument_group("live check (needs boto3: pip install 'sagemaker-schema[live]')")
    live.add_argument("--job-name", action="append", default=[], metavar="NAME", help="call describe_auto_ml_job_v2 for this job and validate the response (repeatable)")
    live.add_argument("--region", help="AWS region for --job-name (default: boto3's configuration)")
    validate.set_defaults(usage=validate)
    live.add_argument("--endpoint-url", metavar="URL", help="endpoint for --job-name (a local mock such as moto, or a VPC endpoint)")

    rules = commands.add_parser("rules", help="list every rule: id, severity, statement; or show one rule in full")
    rules.add_argument("rule", nargs="?", metavar="RULE", help="show this rule: statement, documentation, where it is enforced, a document that breaks it")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    drift = commands.add_parser(
        "drift",
        help="compare the schema files of every operation's document with botocore's service model (honours AWS_DATA_PATH)",
        epilog="Exit status: 0 no unexplained difference, 1 an unexplained difference, 2 the model cannot be loaded.",
    )
    drift.add_argument("--format", choices=("text", "json"), default="text")
    drift.add_argument("--verbose", action="store_true",
                       help="text: list the explained differences too (default: the unexplained ones and a summary)")
    drift.add_argument(
        "--explained", action="append", default=[], metavar="FILE",
        help="your own accepted differences, as a JSON list of {\"difference\": \"KIND PATH\", \"reason\": ...} (repeatable)",
    )

    generate = commands.add_parser("generate", help="write valid documents of an --operation: responses (default), requests or list "
                                                    "pages (or broken ones with --invalid); the same arguments give the same bytes")
    generate.add_argument("--operation", default="describe-auto-ml-job-v2", metavar="OP",
                          help="whose documents: describe-auto-ml-job-v2 (responses, default), create-auto-ml-job-v2 and "
                               "stop-auto-ml-job (request parameters), list-candidates-for-auto-ml-job and list-auto-ml-jobs "
                               "(list pages), list-candidates-for-auto-ml-job-request and list-auto-ml-jobs-request (the List "
                               "operations' parameters); boto3's and the API's names too")
    generate.add_argument("--count", default="1", metavar="N", help="how many documents (default: 1)")
    generate.add_argument("--seed", default="0", metavar="S", help="seed: the same seed gives the same documents (default: 0)")
    generate.add_argument("--out", metavar="DIR", help="write one file per document here (default: JSON lines on stdout)")
    generate.add_argument("--force", action="store_true", help="with --out: overwrite files that already exist (default: refuse, writing nothing)")
    generate.add_argument("--problem-type", metavar="T", help="AutoMLProblemTypeConfigName (default: any)")
    generate.add_argument("--status", metavar="S", help="AutoMLJobStatus (default: any)")
    generate.add_argument("--form", default="wire", metavar="F", help="wire (default), boto3 or boto3-json (files hold ISO timestamps)")
    generate.add_argument("--invalid", nargs="?", const="", metavar="RULE",
                          help="documents that break exactly one error rule: RULE, or every rule in turn; file names start with RULE--")
    generate.add_argument("--lifecycle", action="store_true",
                          help="one job's calls as `serve` answers them: its request, every describe from first status to last, "
                               "its candidate page (JSON lines as `serve --transcript` writes them; with --out a file each)")
    generate.add_argument("--outcome", metavar="O", help="with --lifecycle: how the job ends: Completed (default), Failed, Stopped, "
                                                         "MaxCandidatesReached or MaxAutoMLJobRuntimeReached")

    bundle = commands.add_parser(
        "bundle",
        help="write the single-file forms: each operation's schema, the OpenAPI document and its mock variant",
        description="Write the bundled forms of the schema files (the same files ship in the package, "
        "in sagemaker_schema/schemas/bundled/): one schema per operation, named as its root file "
        "(describe-auto-ml-job-v2-response.json, create-auto-ml-job-v2-request.json, "
        "list-candidates-for-auto-ml-job-response.json), openapi.yaml, and openapi-mock.yaml "
        "(application/json in place of application/x-amz-json-1.1, for Prism).",
    )
    where = bundle.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="DIR", help="write the five files here (made if missing; each replaced whole, never through a link)")
    where.add_argument("--form", choices=("schema", "openapi", "openapi-mock"),
                       help="print this one form on standard output instead (default: schema)")
    bundle.add_argument("--operation", type=_operation, metavar="OP",
                        help="with --form schema (the default form): whose schema (default: describe-auto-ml-job-v2; boto3's and the API's names too)")
    bundle.set_defaults(usage=bundle)
    serve = commands.add_parser(
        "serve", help="a local AutoML endpoint (AWS JSON 1.1) that moves jobs through their lifecycle and keeps the contract",
        epilog="Prints the endpoint URL as the first line, then serves until SIGINT or SIGTERM (exit status 0); "
               "2 when the scenario or transcript file is not usable or the address cannot be bound.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, default=0, help="port (default: 0, a free one; the URL printed names it)")
    serve.add_argument("--seed", default="0", metavar="S", help="seed: the same seed, scenario and calls give the same responses (default: 0)")
    serve.add_argument("--scenario", metavar="FILE", help="JSON or YAML: outcomes per job name pattern, step_seconds, faults (docs/serve-scenario.yaml)")
    serve.add_argument("--transcript", metavar="FILE", help="write each request and response as a JSON line")
    serve.add_argument("--advance", choices=("describe", "clock", "manual"), default="describe",
                       help="how jobs move: one step per describe (default), one step per step_seconds of the wall clock "
                            "(the scenario's, 300 by default), or only when told (POST /_sagemaker_schema/advance)")
    serve.add_argument("--break", dest="breaks", action="append", default=[], metavar="RULE",
                       help="every DescribeAutoMLJobV2 response breaks RULE (where its breaker applies; repeatable): a fault on purpose")
    serve.add_argument("--newer", action="append", default=[], metavar="KIND",
                       help="every DescribeAutoMLJobV2 response holds what a newer AWS may add: member, enum-value or union-member "
                            "(repeatable; the validator's --allow-unknown reports it as a warning)")
    return parser


def _utf8_stdio() -> None:
    """Whatever the locale (LANG=C, PYTHONIOENCODING=latin-1), reports are UTF-8; the
    reporters never hand over a string UTF-8 cannot encode (lone surrogates)."""
    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors=errors)


# one module of this package per subcommand, named for it, each with command(args) ->
# exit status; imported when its command runs
COMMANDS = ("validate", "rules", "drift", "generate", "bundle", "serve")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    try:
        args = _parser().parse_args(argv)
    except BrokenPipeError:  # --help | head -0
        discard_stdout()
        return EXIT_VALID
    except OSError as exc:  # --version > /dev/full
        discard_stdout()
        print(f"sagemaker-schema: error: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
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
