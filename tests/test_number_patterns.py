"""The hyperparameter ranges are "a string containing an integer (a floating-point)
value within the range of lo to hi": the schema accepts a value exactly when int() (or
float()) reads it as a decimal numeral and its value lies in the range (float()'s
underflow aside: -1e-400 is below 0, though float() rounds it to -0.0). Proved over
generated numerals (exponents, signs, leading zeros, ".5", "5.") on both engines."""
from __future__ import annotations

import re
import runpy
from decimal import Decimal

import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import FIXTURES, REPO, load_json
from sagemaker_schema import Validator

SCRIPT = runpy.run_path(str(REPO / "scripts" / "number_patterns.py"))
RANGES = {**SCRIPT["INTEGERS"], **SCRIPT["FLOATS"]}
INTEGER = re.compile(r"[-+]?[0-9]+")
DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
MODEL_VALUE = re.compile(r"[a-zA-Z0-9._-]+")  # the service model's pattern for every value
ENGINES = (Validator(), Validator(reference=True))
BASE = load_json(FIXTURES / "valid" / "text-generation-completed.json")


def expected(name: str, text: str) -> bool:
    """The documentation's rule, by Python's own number parsing, plus the model's limits."""
    if len(text) > 16 or not MODEL_VALUE.fullmatch(text):
        return False  # the service model refuses it whatever it holds
    lo, hi = RANGES[name]
    if name in SCRIPT["INTEGERS"]:
        return bool(INTEGER.fullmatch(text)) and lo <= int(text) <= hi
    if not DECIMAL.fullmatch(text):
        return False
    float(text)  # the documented kind: a numeral float() reads
    # the range on its exact value: float() rounds -1e-400 to -0.0, which is not below 0
    # (within 16 characters that underflow is the only place the two differ)
    return lo <= Decimal(text) <= hi


def accepted(validator: Validator, name: str, text: str) -> bool:
    doc = {**BASE, "AutoMLProblemTypeConfig": {"TextGenerationJobConfig": {
        **BASE["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"], "TextGenerationHyperParameters": {name: text}}}}
    return validator.validate(doc) == []


digits = st.text("0123456789", max_size=4)
numerals = st.builds(
    lambda sign, zeros, whole, point, fraction, exponent: sign + zeros + whole + point + fraction + exponent,
    st.sampled_from(["", "", "-", "+"]),
    st.sampled_from(["", "", "0", "00", "000000"]),
    digits,
    st.sampled_from(["", ".", "."]),
    digits,
    st.one_of(st.just(""), st.builds(lambda e, s, z, d: e + s + z + d, st.sampled_from("eE"), st.sampled_from(["", "-", "+"]),
                                     st.sampled_from(["", "0", "00"]), st.text("0123456789", min_size=1, max_size=3))),
)
texts = st.one_of(numerals, numerals, st.text("0123456789.eE-+_ xn", max_size=8))


def test_the_schema_holds_the_generated_patterns():
    schema = load_json(REPO / "schemas" / "problem-type-config.json")
    held = {name: prop["pattern"] for name, prop in SCRIPT["held"](schema).items()}
    assert held == SCRIPT["patterns"]()


@pytest.mark.parametrize("name", sorted(RANGES))
@settings(max_examples=300, deadline=None)
@given(text=texts)
@example(text="10e-2")
@example(text="1e0")
@example(text="9e-0")
@example(text=".5")
@example(text="5.")
@example(text="-0")
@example(text="0010")
@example(text="1.00000000000001")
@example(text="1000e-3")
@example(text="1001e-3")
@example(text="0.0000000000001e13")
@example(text="1e-400")
@example(text="1e400")
@example(text="64.0")
@example(text="1_0")
@example(text="-1e-400")
def test_verdict_is_int_or_float_within_the_range(name, text):
    want = expected(name, text)
    for validator in ENGINES:
        assert accepted(validator, name, text) is want, (name, text, want)


@pytest.mark.parametrize("name, text, ok", [
    ("learningRate", "10e-2", True), ("learningRate", "1e0", True), ("learningRate", "9e-0", False),
    ("learningRate", "1000000000e-9", True), ("learningRate", "1000000001e-9", False), ("learningRate", "-0.0", True),
    ("learningRate", "-0.1", False), ("learningRate", "0.00000000001e11", True), ("learningRate", "0.000000000001e12", False), ("learningRate", "nan", False),
    ("epochCount", "010", True), ("epochCount", "1e1", False), ("epochCount", "5.", False), ("epochCount", "11", False),
    ("batchSize", "064", True), ("batchSize", "65", False), ("learningRateWarmupSteps", "-0", True),
    ("learningRateWarmupSteps", "0250", True), ("learningRateWarmupSteps", "251", False),
])
def test_documented_examples(name, text, ok):
    assert expected(name, text) is ok
    assert all(accepted(v, name, text) is ok for v in ENGINES)
