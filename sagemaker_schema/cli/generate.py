"""`sagemaker-schema generate`: fixture files from the same builder as the strategies,
driven by a seeded random.Random, so the same arguments give byte-identical files."""
from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from .. import generate as _generate
from ..errors import UsageError
from ..fixtures import file_text
from .common import EXIT_INPUT


def _shown(text: str, limit: int = 60) -> str:
    """An argument echoed in an error, cut like values (a 5,000-digit seed is not)."""
    shown = repr(text[:limit])
    return shown if len(text) <= limit else shown[:-1] + "…" + shown[-1]


def _int(name: str, text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{name} must be an integer of at most 4300 digits, not {_shown(text)}") from None
    if value < least:
        raise UsageError(f"{name} must be at least {least}, not {_shown(text)}")
    return value


def _one_of(name: str, value: str | None, allowed: list[str]) -> None:
    if value is not None and value not in allowed:
        raise UsageError(f"{name} {_shown(value)} is not one of: {', '.join(allowed)}")


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def documents(count: int, seed: int, problem_type=None, status=None, form="wire", invalid=None):
    """(file name, document) pairs. invalid: None for valid responses, "" for every error
    rule in turn (catalogue order), or one rule id."""
    width = max(4, len(str(count - 1)))
    rules = _generate.error_rules()
    for i in range(count):
        draw = _generate.RandomDraw(f"{seed}:{i}:{'invalid' if invalid is not None else 'valid'}")
        if invalid is None:
            # drawn here, not inside the builder: the file is named for them, and the
            # response may leave AutoMLProblemTypeConfigName out
            kind = problem_type or draw.choice(_generate.problem_types())
            wire = _generate.response(draw, kind, status)
            document = _generate.to_form(wire, form, _generate.request_id(draw))
            name = f"{_kebab(kind)}-{wire['AutoMLJobStatus'].lower()}--{seed}-{i:0{width}d}.json"
            yield name, None, document
        else:
            rule = invalid or rules[i % len(rules)]
            yield f"{rule}--{seed}-{i:0{width}d}.json", rule, _generate.invalid_response(draw, rule)


FLAGS = ("--problem-type", "--status", "--form", "--invalid")


def check_arguments(problem_type, status, form, invalid, names=FLAGS) -> None:
    """UsageError naming the argument (a flag, or a Python parameter name) that is wrong."""
    facts = _generate.facts()
    _one_of(names[0], problem_type, _generate.problem_types())
    _one_of(names[1], status, facts.statuses)
    _one_of(names[2], form, list(_generate.FORMS))
    if invalid is not None:
        if invalid:
            _one_of(names[3], invalid, _generate.error_rules())
        if problem_type or status or form != "wire":
            raise UsageError(f"{names[3]} responses are wire form, of the problem type and status each rule needs: "
                             f"{names[0]}, {names[1]} and {names[2]} apply to valid responses only")


def run(args) -> int:
    count = _int("--count", args.count, 1)
    seed = _int("--seed", args.seed, 0)
    check_arguments(args.problem_type, args.status, args.form, args.invalid)
    if args.form != "wire":
        from ..errors import MissingDependency
        from ..inputs import output_shape

        try:
            output_shape()
        except MissingDependency as exc:
            raise UsageError(str(exc)) from None
    out = Path(args.out) if args.out else None
    if out is not None:
        _prepare(out, args.out)
    made = documents(count, seed, args.problem_type, args.status, args.form, args.invalid)
    if out is None:
        for name, rule, document in made:
            line = document if rule is None else {"rule": rule, "response": document}
            sys.stdout.write(json.dumps(line, default=str) + "\n")
        return 0
    if not args.force and any(out.iterdir()):  # refuse before writing anything: a hand-edited fixture is never lost
        names = [name for name, _, _ in documents(count, seed, args.problem_type, args.status, args.form, args.invalid)]
        existing = [name for name in names if os.path.lexists(out / name)]
        if existing:
            more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
            raise UsageError(f"{_shown(existing[0])}{more} already exist in {_shown(str(out), 200)}: --force overwrites them")
    for name, rule, document in made:
        # json.dumps(default=str): boto3's datetimes as ISO strings, as people save them
        _write_atomically(out / name, file_text(document))
    print(f"wrote {count} files to {out}", file=sys.stderr)
    return 0


def _prepare(out: Path, given: str) -> None:
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {_shown(given)} is not a directory")
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {_shown(given)}: {exc.strerror or exc}") from None


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file in the same directory, then rename it over the name:
    a reader never sees half a file, and a failure leaves no partial one behind."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".generate-", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise UsageError(f"cannot write {_shown(str(path))}: {exc.strerror or exc}") from None


def command(args) -> int:
    try:
        return run(args)
    except UsageError as exc:
        print(f"sagemaker-schema generate: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
