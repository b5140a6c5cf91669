"""Shared paths, fixture helpers and the one subprocess runner.

Test data by convention:
- tests/fixtures/valid/<problem-type>-<status>.json: whole responses in the wire form (their
  boto3 forms are made by botocore's parser when a test needs them, never kept as files);
- tests/rules/<rule-id>/invalid/<case>.json: a JSON Patch on a valid document that breaks
  exactly that rule at the path in its "violation";
- tests/rules/<rule-id>/valid/<case>.json: a JSON Patch at that rule's boundary that must stay
  free of any violation; "also" names the other rules whose boundary it sits on.
So `ls tests/rules/<rule-id>` shows all of a rule's cases."""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypothesis import settings

# Hypothesis profiles: "ci" (the default where the CI variable is set, as .ci/run sets it)
# draws the same examples on every run, so a red build is never luck; "random"
# (HYPOTHESIS_PROFILE=random, a separate job) draws new ones each run to find what the
# fixed draw misses and prints how to reproduce a failure.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("random", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "examples"
RULES = REPO / "tests" / "rules"
REAL = sorted((FIXTURES / "real").glob("*.json"))

VALID_WIRE = sorted((FIXTURES / "valid").glob("*.json")) + sorted(EXAMPLES.glob("*.json"))
# every other operation's valid documents: tests/<folder>/valid/*.json
VALID_FOLDERS = {
    "create-auto-ml-job-v2": "requests",
    "list-candidates-for-auto-ml-job": "list-candidates",
    "stop-auto-ml-job": "stop-requests",
    "list-auto-ml-jobs": "list-jobs",
    "list-auto-ml-jobs-request": "list-jobs-requests",
    "list-candidates-for-auto-ml-job-request": "list-candidates-requests",
}


def valid_files(operation: str) -> list[Path]:
    """An operation's valid documents kept as files (the describe response's: VALID_WIRE)."""
    if operation not in VALID_FOLDERS:
        return list(VALID_WIRE)
    return sorted((REPO / "tests" / VALID_FOLDERS[operation] / "valid").glob("*.json"))
INVALID = sorted(RULES.glob("*/invalid/*.json"))
VALID_CASES = sorted(RULES.glob("*/valid/*.json"))  # patches at rule boundaries


@dataclass(frozen=True)
class Block:
    """A code block of README.md: `language` is the fence's ("" for an indented block),
    `line` the line its text starts on, `section` the heading above it."""
    language: str
    text: str
    line: int
    section: str

    @property
    def session(self) -> list[tuple[str, str]]:
        """(command, the output shown after it) for each shell command it holds. In a
        session (lines starting `$ `) the other lines are output; otherwise every line is a
        command, a line ending in `\\` or followed by an indented one continuing it."""
        lines = self.text.splitlines()
        if not any(line.startswith("$ ") for line in lines):
            joined = re.sub(r"\\\n\s*|\n[ \t]+", lambda m: "" if m[0].startswith("\\") else " ", self.text)
            return [(command, "") for command in joined.splitlines() if command.strip()]
        shown: list[tuple[str, list[str]]] = []
        for line in lines:
            if line.startswith("$ "):
                shown.append((line[2:], []))
            elif shown:
                shown[-1][1].append(line)
        return [(command, "".join(f"{line}\n" for line in output)) for command, output in shown]

    @property
    def commands(self) -> list[str]:
        return [command for command, _ in self.session]


SHELL = ("", "sh", "bash", "shell", "console")  # the blocks that hold commands (indented blocks too)


def readme_blocks() -> list[Block]:
    """Every code block of README.md, fenced (```lang) or indented (4 spaces after a blank line)."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    blocks, section, i = [], "", 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        if line.startswith("```"):
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            blocks.append(Block(line[3:].strip(), "\n".join(lines[i + 1:end]) + "\n", i + 2, section))
            i = end + 1
            continue
        if line.startswith("    ") and (i == 0 or not lines[i - 1].strip()):
            end = i
            while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
                end += 1
            while not lines[end - 1].strip():
                end -= 1
            blocks.append(Block("", "\n".join(text[4:] for text in lines[i:end]) + "\n", i + 1, section))
            i = end
            continue
        i += 1
    return blocks


def readme_section_blocks(section: str, language: str) -> list[Block]:
    return [block for block in readme_blocks() if block.section == section and block.language == language]


def rule_of(case: Path) -> str:
    """The rule a case under tests/rules/<rule-id>/{invalid,valid}/ belongs to."""
    return case.parent.parent.name


def case_id(case: Path) -> str:
    return f"{rule_of(case)}/{case.parent.name}/{case.stem}"


@cache
def boto3_json(path: Path) -> str:
    """A wire response as boto3 returns it (botocore's own parser) saved as JSON the way
    most people do (json.dumps(default=str)): the form users keep as files."""
    from sagemaker_schema.inputs import to_boto3, to_boto3_json

    return to_boto3_json(to_boto3(load_json(path)))


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def base_document(name: str) -> dict:
    for folder in (FIXTURES / "valid", EXAMPLES):
        path = folder / f"{name}.json"
        if path.exists():
            return load_json(path)
    raise FileNotFoundError(name)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def apply_patch(doc, ops):
    """RFC 6902 add/remove/replace, enough for the fixtures."""
    doc = copy.deepcopy(doc)
    for op in ops:
        *parents, last = [_unescape(t) for t in op["path"].split("/")[1:]]
        target = doc
        for token in parents:
            target = target[int(token)] if isinstance(target, list) else target[token]
        if isinstance(target, list):
            index = len(target) if last == "-" else int(last)
            if op["op"] == "add":
                target.insert(index, op["value"])
            elif op["op"] == "remove":
                del target[index]
            else:
                target[index] = op["value"]
        elif op["op"] == "remove":
            del target[last]
        else:
            if op["op"] == "replace":
                assert last in target, f"replace of a missing member {op['path']}"
            target[last] = op["value"]
    return doc


def patched(path: Path) -> dict:
    case = load_json(path)
    return apply_patch(base_document(case["base"]), case["patch"])


def invalid_case(path: Path):
    return patched(path), load_json(path)["violation"]


GUARD = 120  # seconds: a subprocess that runs longer has hung; never a speed check


def run(cmd, *, stdin=None, env=None, inherit_env: bool = True, cwd=None, timeout: float = GUARD, text: bool = False,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=None, check: bool = False) -> subprocess.CompletedProcess:
    """Every subprocess the tests start. ``stdin``: bytes or text to send, or a file
    (descriptor) to read from; ``env``: changes to this process's environment (a value of
    None removes the variable), or with ``inherit_env=False`` the whole environment;
    ``cwd``: the checkout unless given; ``timeout``: a hang guard only, at least 30 s."""
    assert timeout >= 30, "the timeout guards against a hang; speed is measured in scripts/bench_*.py"
    environment = dict(os.environ) if inherit_env else {}
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    feed = {"input": stdin} if stdin is None or isinstance(stdin, (bytes, str)) else {"stdin": stdin}
    return subprocess.run(
        [str(part) for part in cmd], **feed, stdout=stdout, stderr=stderr, cwd=cwd or REPO, env=environment,
        timeout=timeout, text=text, preexec_fn=preexec_fn, check=check,
    )


MEMORY = 1 << 30  # the address space a hostile-input test gives the command (README: "under a 1 GiB memory cap")


def cap_memory(limit: int = MEMORY) -> None:
    """A preexec_fn for ``run``: the child's address space capped at ``limit`` bytes."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_cli(*args, **options) -> subprocess.CompletedProcess:
    """``python -m sagemaker_schema ARGS`` through ``run``."""
    return run([sys.executable, "-m", "sagemaker_schema", *args], **options)


def run_python(code: str, **options) -> subprocess.CompletedProcess:
    """``python -c CODE`` through ``run``: a fresh interpreter (imports, start-up)."""
    return run([sys.executable, "-c", code], **options)
