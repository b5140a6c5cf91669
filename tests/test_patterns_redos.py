"""Every `pattern` in the schema files is safe against catastrophic backtracking.

Other tools run these patterns with backtracking engines (Python's re, ECMA-262 in
ajv), so the files themselves must be safe, whatever engine the package uses. For each
pattern: a shortest matching string is built from its parse tree, then cut at every
position and pumped with each of the pattern's own characters, followed by a character
that makes the match fail at the end. A cheap sweep finds the slowest of those; they are
then run at full length and must finish fast (a hang check, not a benchmark)."""
from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from conftest import EXAMPLES, REPO, load_json
from sagemaker_schema import validate
from sagemaker_schema.schema import nodes

try:
    from re import _constants as C, _parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C
    import sre_parse

# pump lengths: a quadratic pattern takes seconds at 50,000 and minutes at 500,000, a
# linear one milliseconds; so the bound can be a hang guard that no load reaches
SWEEP, FULL = 1_000, 500_000
BOUND = 30.0  # seconds, for all the full-length strings of one pattern
ENDINGS = ("!", "\n", "\r", "\x00")
EXTRA = "-/:. a0A_\n"  # candidates for classes that exclude characters


def _patterns() -> list[str]:
    found = set()

    for path in sorted((REPO / "schemas").glob("*.json")):
        for where, node in nodes(load_json(path)):
            if where and where[-1] == "pattern" and isinstance(node, str):
                found.add(node)
    return sorted(found)


PATTERNS = _patterns()

CATEGORY_CHARS = {C.CATEGORY_DIGIT: "0", C.CATEGORY_SPACE: " \t", C.CATEGORY_WORD: "a_", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_NOT_SPACE: "a", C.CATEGORY_NOT_WORD: "-"}


def _class_members(items) -> tuple[bool, set[str]]:
    """(negated, some characters the class names)."""
    negated, chars = False, set()
    for op, av in items:
        if op is C.NEGATE:
            negated = True
        elif op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE:
            lo, hi = av
            chars.update({chr(lo), chr(hi), chr((lo + hi) // 2)})
        elif op is C.CATEGORY:
            chars.update(CATEGORY_CHARS.get(av, "a"))
    return negated, chars


def _in_class(ch: str, items) -> bool:
    negated, inside = False, False
    for op, av in items:
        if op is C.NEGATE:
            negated = True
        elif op is C.LITERAL:
            inside |= ord(ch) == av
        elif op is C.RANGE:
            inside |= av[0] <= ord(ch) <= av[1]
        elif op is C.CATEGORY:
            inside |= ch in CATEGORY_CHARS.get(av, "")  # approximate: enough to pick a character
    return inside != negated


def _class_char(items) -> str:
    negated, chars = _class_members(items)
    for ch in ([] if negated else sorted(chars)) + list(EXTRA):
        if _in_class(ch, items):
            return ch
    raise AssertionError(f"no character found for class {items}")


def _shortest(parsed) -> str:
    """A shortest string the parsed pattern matches (lookarounds and anchors skipped)."""
    out = []
    for op, av in parsed:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.IN:
            out.append(_class_char(av))
        elif op is C.NOT_LITERAL:  # what a one-character class like [^/] becomes
            out.append(next(ch for ch in EXTRA if ord(ch) != av))
        elif op is C.ANY:
            out.append("a")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, _, sub = av
            out.append(_shortest(sub) * low)
        elif op is C.SUBPATTERN:
            out.append(_shortest(av[-1]))
        elif op is C.BRANCH:
            out.append(min((_shortest(branch) for branch in av[1]), key=len))
    return "".join(out)


def _alphabet(parsed, found: set[str]) -> set[str]:
    for op, av in parsed:
        if op is C.LITERAL:
            found.add(chr(av))
        elif op is C.NOT_LITERAL:
            found.update(ch for ch in EXTRA if ord(ch) != av)
        elif op is C.IN:
            found.update(_class_members(av)[1])
            if _class_members(av)[0]:
                found.update(ch for ch in EXTRA if _in_class(ch, av))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            _alphabet(av[2], found)
        elif op is C.SUBPATTERN:
            _alphabet(av[-1], found)
        elif op is C.BRANCH:
            for branch in av[1]:
                _alphabet(branch, found)
    return found


def _adversarial(pattern: str, length: int):
    """(cut, pumped character, ending) -> string."""
    parsed = sre_parse.parse(pattern)
    example = _shortest(parsed)
    assert re.search(pattern, example), f"the shortest-string builder is wrong for {pattern}: {example!r}"
    alphabet = sorted(_alphabet(parsed, set()))
    endings = ENDINGS + tuple(ch + end for ch in alphabet for end in ENDINGS)  # "s3://aaa…" needs "/\n"
    for cut, ch, ending in itertools.product(range(len(example) + 1), alphabet, endings):
        yield (cut, ch, ending), example[:cut] + ch * length + ending


def _seconds(compiled, text: str, repeat: int = 3) -> float:
    # the fastest of a few runs: a busy machine only ever adds time, so the minimum keeps
    # the choice of the worst string and the ratio below from following the load
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        compiled.search(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_every_pattern_is_found():
    assert len(PATTERNS) >= 20 and all(p.startswith("^(?:") for p in PATTERNS)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_does_not_backtrack_catastrophically(pattern):
    compiled = re.compile(pattern)
    sweep = sorted(((_seconds(compiled, text), key) for key, text in _adversarial(pattern, SWEEP)), reverse=True)
    worst = [key for _, key in sweep[:4]]
    example = _shortest(sre_parse.parse(pattern))
    total = sum(_seconds(compiled, example[:cut] + ch * FULL + ending, repeat=1) for cut, ch, ending in worst)
    assert total < BOUND, f"{pattern}: {total:.2f} s on {worst} pumped to {FULL:,}"


REWRITTEN = [  # (as the model's pattern translated literally, as the schema has it)
    ("^(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[^\\r\\n]*/[^\\r\\n]*)$(?!\\n)",
     "^(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[^\\r\\n/]*/[^\\r\\n]*)$(?!\\n)"),
    ("^(?:(https|s3)://([^/]+)/?([^\\r\\n]*))$(?!\\n)", "^(?:(https|s3)://([^/]+)(/[^\\r\\n]*)?)$(?!\\n)"),
]


@pytest.mark.parametrize("old, new", REWRITTEN, ids=["CandidateStepArn", "S3Uri"])
def test_the_sweep_finds_the_quadratic_patterns_as_they_were(old, new):
    # the check is not vacuous: its worst string takes the old form far longer
    compiled, fixed = re.compile(old), re.compile(new)
    (_, (cut, ch, ending)) = max((_seconds(compiled, text), key) for key, text in _adversarial(old, SWEEP))
    text = _shortest(sre_parse.parse(old))[:cut] + ch * 8_000 + ending
    assert _seconds(compiled, text) > 20 * _seconds(fixed, text)


@pytest.mark.parametrize("old, new", REWRITTEN, ids=["CandidateStepArn", "S3Uri"])
def test_rewritten_patterns_match_the_same_strings(old, new):
    # every string up to 7 characters over the alphabet that matters, after each prefix
    a, b = re.compile(old), re.compile(new)
    assert new in PATTERNS
    prefix = "s3://" if old.startswith("^(?:(https") else "arn:aws:sagemaker::000000000000:"
    for size in range(8):
        for tail in itertools.product("a/\n\r", repeat=size):
            text = prefix + "".join(tail)
            assert bool(a.search(text)) == bool(b.search(text)), repr(text)


@pytest.mark.parametrize("value", ["-" * 200_000, "a" + "-" * 200_000, "a" + "-" * 200_000 + "!", "a-" * 100_000 + "-\n"],
                         ids=["hyphens", "a-hyphens", "a-hyphens-bang", "a-dash-pairs-newline"])
def test_a_job_name_of_200000_hyphens(value):
    doc = load_json(EXAMPLES / "tabular-completed.json")
    doc["AutoMLJobName"] = value
    for form in (doc, json.dumps(doc)):
        start = time.perf_counter()
        found = validate(form)
        assert time.perf_counter() - start < BOUND
        assert [(v.rule, v.path) for v in found] == [("length", "/AutoMLJobName")]
