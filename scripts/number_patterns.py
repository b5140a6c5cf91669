"""Write the hyperparameter range patterns of schemas/problem-type-config.json.

TextGenerationHyperParameters values are "a string containing an integer (or a
floating-point) value within the range of lo to hi". A string is accepted exactly when
it is a decimal numeral (optional sign, digits with an optional point, optional
exponent: "10e-2", "1e0", ".5", "5.", "007", "-0") of the documented kind whose value
lies in the range. int() and float() decide that (the range on the numeral's exact value:
"-1e-400" is below 0, though float() rounds it to -0.0); a regular expression can say it
because the service model caps the value at 16 characters (the exponent of a longer
numeral is not bounded, and no pattern can compare it with the digits before it).
Python-only spellings (underscores, "inf", "nan", spaces) are not numerals here.

    python scripts/number_patterns.py          # print the patterns
    python scripts/number_patterns.py --write  # put them in the schema file

tests/test_number_patterns.py checks the schema holds these patterns and proves each
against int()/float() over generated numerals.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "problem-type-config.json"
MAX_LENGTH = 16  # the service model's maxLength for a hyperparameter value
INTEGERS = {"epochCount": (1, 10), "batchSize": (1, 64), "learningRateWarmupSteps": (0, 250)}
FLOATS = {"learningRate": (0, 1)}


def whole(body: str) -> str:
    return f"^(?:{body})$(?!\\n)"  # the project's whole-string form (Python's $ also matches before a final \n)


def _digit(a: str, b: str) -> str:
    return a if a == b else ("[0-9]" if (a, b) == ("0", "9") else f"[{a}-{b}]")


def _same_width(lo: str, hi: str) -> list[str]:
    """Alternatives for the numbers lo..hi written with the same number of digits."""
    if len(lo) == 1:
        return [_digit(lo, hi)]
    rest = len(lo) - 1
    if lo[0] == hi[0]:
        return [lo[0] + tail for tail in _same_width(lo[1:], hi[1:])]
    if lo[1:] == "0" * rest and hi[1:] == "9" * rest:
        return [_digit(lo[0], hi[0]) + f"[0-9]{{{rest}}}".replace("{1}", "")]
    out = [lo[0] + tail for tail in _same_width(lo[1:], "9" * rest)]
    if int(hi[0]) - int(lo[0]) > 1:
        out.append(_digit(str(int(lo[0]) + 1), str(int(hi[0]) - 1)) + f"[0-9]{{{rest}}}".replace("{1}", ""))
    out += [hi[0] + tail for tail in _same_width("0" * rest, hi[1:])]
    return out


def _digits_between(lo: int, hi: int) -> str:
    """Decimal numbers lo..hi without leading zeros, 0 <= lo <= hi."""
    out = []
    for width in range(len(str(lo)), len(str(hi)) + 1):
        a, b = max(lo, 10 ** (width - 1) if width > 1 else 0), min(hi, 10 ** width - 1)
        if a <= b:
            out += _same_width(str(a), str(b))
    return "|".join(out)


def integer_pattern(lo: int, hi: int) -> str:
    positive = _digits_between(max(lo, 1), hi)
    body = f"\\+?0*(?:{positive})"
    if lo <= 0:
        body = f"[-+]?0+|{body}"  # zero, signed or not, with any leading zeros
    return whole(body)


def _at_least(n: int) -> str:
    """A decimal integer >= n >= 1, leading zeros allowed."""
    width = len(str(n))
    return f"0*(?:[1-9][0-9]{{{width},}}|{_digits_between(n, 10 ** width - 1)})"


def _exponent_equal(v: int) -> str:
    if v == 0:
        return "(?:[eE][-+]?0+)?"  # no exponent, or a zero one
    return f"[eE]\\+?0*{v}" if v > 0 else f"[eE]-0*{-v}"


def _exponent_below(t: int) -> str:
    if t <= 0:
        return f"[eE]-{_at_least(1 - t)}"
    positive = f"|\\+?0*(?:{_digits_between(1, t - 1)})" if t > 1 else ""
    return f"(?:[eE](?:-[0-9]+|[-+]?0+{positive}))?"


def unit_interval_pattern(max_length: int = MAX_LENGTH) -> str:
    """Decimal numerals of value 0 to 1, up to max_length characters."""
    zero = "[-+]?(?:0+(?:\\.0*)?|\\.0+)(?:[eE][-+]?[0-9]+)?"  # no 0+\\.?0*: quadratic on a long run of zeros
    branches = []
    # a nonzero mantissa of magnitude 10^q (its first significant digit q places from
    # the point) times 10^k is at most 1 when q + k < 0, or q + k == 0 and it is 10^q
    for q in range(-(max_length - 1), max_length):
        if q >= 0:
            mantissa, power = f"0*[1-9][0-9]{{{q}}}(?:\\.[0-9]*)?", f"0*10{{{q}}}(?:\\.0*)?"
        else:
            mantissa, power = f"0*\\.0{{{-q - 1}}}[1-9][0-9]*", f"0*\\.0{{{-q - 1}}}10*"
        branches.append(f"{mantissa}{_exponent_below(-q)}|{power}{_exponent_equal(-q)}")
    return whole(f"{zero}|\\+?(?:{'|'.join(branches)})")


def patterns() -> dict[str, str]:
    found = {name: integer_pattern(lo, hi) for name, (lo, hi) in INTEGERS.items()}
    found.update({name: unit_interval_pattern() for name, (lo, hi) in FLOATS.items() if (lo, hi) == (0, 1)})
    return found


def held(schema: dict) -> dict[str, dict]:
    """The rule subschemas' properties that hold a hyperparameter's pattern, wherever the
    rules sit in the file (inline or under $defs)."""
    found: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if (name in INTEGERS or name in FLOATS) and isinstance(prop, dict) and "pattern" in prop:
                    found[name] = prop
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def write() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    wanted = patterns()
    for name, prop in held(schema).items():
        prop["pattern"] = wanted[name]
    SCHEMA.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    else:
        for name, pattern in patterns().items():
            print(f"{name}: {pattern}")
