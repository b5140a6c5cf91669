"""The library never raises anything but InputError, whatever it is given: arbitrary
JSON values, Python values JSON has no word for, and random mutations of valid
responses. Hypothesis runs derandomized and without a database, so CI is repeatable."""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import decimal
import fractions
import json
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import VALID_WIRE, load_json
from sagemaker_schema import InputError, Validator, Violation, validate
from sagemaker_schema.inputs import load

# a few seconds in CI; HOSTILE_EXAMPLES=5000 for a deeper search, HOSTILE_SEED=n for another one
SETTINGS = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "60")), derandomize="HOSTILE_SEED" not in os.environ,
                    database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VALIDATORS = [Validator(), Validator(reference=True), Validator(allow_unknown_members=True), Validator(allow_unknown=True)]
BASES = [load_json(path) for path in VALID_WIRE]


def _names(node, found):
    if isinstance(node, dict):
        found.update(node)
        for value in node.values():
            _names(value, found)
    elif isinstance(node, list):
        for value in node:
            _names(value, found)
    return found


MEMBER_NAMES = sorted(_names(BASES, set()))


def answers(doc) -> None:
    """validate(doc) returns violations or raises InputError, on every engine."""
    for validator in VALIDATORS:
        try:
            found = validator.validate(doc)
        except InputError as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        assert isinstance(found, list) and all(isinstance(v, Violation) for v in found)
        assert all(isinstance(v.message, str) and isinstance(v.path, str) for v in found)


# --- arbitrary JSON values, and the same as text

# (an int past 4300 digits has no repr, so it is built, not listed)
NUMBERS = st.integers() | st.floats() | st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 1e308, 5e-324, -0.0]) | st.just(5000).map(lambda n: 10**n)
JSON_LEAVES = st.none() | st.booleans() | NUMBERS | st.text(max_size=20) | st.sampled_from(MEMBER_NAMES)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10) | st.sampled_from(MEMBER_NAMES), inner, max_size=5),
    max_leaves=40,
)


@SETTINGS
@given(JSON)
def test_any_json_value(value):
    answers(value)


@SETTINGS
@given(st.dictionaries(st.sampled_from(MEMBER_NAMES), JSON, max_size=12))
def test_any_structure_of_real_member_names(doc):
    answers(doc)


@SETTINGS
@given(JSON)
def test_any_json_text(value):
    try:
        text = json.dumps(value)  # NaN and Infinity appear as literals
    except ValueError:  # an int of more than 4300 digits
        return
    answers(text)
    answers(text.encode())


@SETTINGS
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_any_bytes_or_text(data):
    answers(data)


# --- Python values a caller may pass: datetimes, bytes, sets, tuples, Decimal, objects


class Custom:
    pass


class Opaque:
    def __eq__(self, other):  # an object that compares equal to everything
        return True

    __hash__ = object.__hash__


PYTHON_LEAVES = (
    JSON_LEAVES
    | st.datetimes() | st.datetimes(timezones=st.timezones() | st.just(dt.timezone.utc)) | st.dates() | st.times()
    | st.binary(max_size=10) | st.decimals() | st.fractions() | st.complex_numbers()
    | st.builds(Custom) | st.builds(Opaque) | st.just(math.pi) | st.sampled_from([decimal.Decimal("sNaN"), fractions.Fraction(10**400, 3), type, len, Ellipsis])
)
KEYS = st.text(max_size=10) | st.sampled_from(MEMBER_NAMES) | st.integers() | st.none() | st.booleans() | st.tuples(st.integers()) | st.floats(allow_nan=False) | st.binary(max_size=5)
PYTHON = st.recursive(
    PYTHON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5)
        | st.lists(inner, max_size=4).map(tuple) | st.frozensets(st.integers() | st.text(max_size=5), max_size=4) | st.sets(st.integers(), max_size=3)
    ),
    max_leaves=30,
)


@SETTINGS
@given(PYTHON)
def test_any_python_value(value):
    answers(value)


@SETTINGS
@given(st.dictionaries(st.sampled_from(MEMBER_NAMES) | KEYS, PYTHON, max_size=10))
def test_any_python_structure(doc):
    answers(doc)


def test_self_referencing_and_very_deep_values():
    loop: dict = {"AutoMLJobName": "a"}
    loop["BestCandidate"] = loop
    listed: list = []
    listed.append(listed)
    deep: dict = {}
    node = deep
    for _ in range(100_000):
        node["AutoMLJobName"] = {}
        node = node["AutoMLJobName"]
    deep_list: list = []
    node = deep_list
    for _ in range(100_000):
        node.append([])
        node = node[0]
    for doc in (loop, {"AutoMLJobInputDataConfig": listed}, deep, {**BASES[0], "AutoMLJobInputDataConfig": deep_list}):
        with pytest.raises(InputError, match="nested too deeply"):
            validate(doc)
        answers(doc)


@pytest.mark.parametrize("value, message", [
    (float("nan"), "nan is not a JSON number"),
    (float("-inf"), "-inf is not a JSON number"),
    (decimal.Decimal("NaN"), "Decimal('NaN') is not a JSON number"),
    (1j, "1j is not a JSON number"),
    (10**5000, "an integer of more than 4000 digits"),
], ids=["nan", "-inf", "decimal-nan", "complex", "int-5000-digits"])
def test_numbers_json_has_no_word_for_are_input_errors(value, message):
    doc = copy.deepcopy(BASES[0])
    doc["DataSplitConfig"] = {"ValidationFraction": value}
    for validator in VALIDATORS:
        with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
            validator.validate(doc)


def test_exact_python_numbers_are_judged_by_the_ranges():
    doc = copy.deepcopy(BASES[0])
    doc["DataSplitConfig"] = {"ValidationFraction": decimal.Decimal("0.25")}
    assert validate(doc) == []
    doc["DataSplitConfig"] = {"ValidationFraction": 10**400}
    assert [(v.rule, v.path) for v in validate(doc)] == [("range", "/DataSplitConfig/ValidationFraction")]


# --- random mutations of valid responses


def _places(node, path=()):
    """Every (container, key) in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _places(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _places(value, path + (index,))


@st.composite
def mutated(draw):
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        places = list(_places(doc))
        if not places:
            break
        parent, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["delete", "insert", "rename", "retype", "swap"]))
        if action == "delete":
            del parent[key]
        elif action == "insert":
            if isinstance(parent, dict):
                parent[draw(st.sampled_from(MEMBER_NAMES) | st.text(max_size=8))] = draw(JSON)
            else:
                parent.insert(draw(st.integers(0, len(parent))), draw(JSON))
        elif action == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from(MEMBER_NAMES) | st.text(max_size=8) | st.builds(lambda k: k.lower(), st.just(key)))
            parent[new] = parent.pop(key)
        elif action == "retype":
            parent[key] = draw(PYTHON if draw(st.booleans()) else JSON)
        else:
            other, other_key = draw(st.sampled_from(places))
            with contextlib.suppress(KeyError, IndexError):  # the other place went away with this one
                parent[key], other[other_key] = copy.deepcopy(other[other_key]), copy.deepcopy(parent[key])
    return doc


@SETTINGS
@given(mutated())
def test_random_mutations_of_valid_responses(doc):
    answers(doc)
    try:
        text = json.dumps(doc, default=str)
    except (TypeError, ValueError):  # keys JSON cannot have, an int of more than 4300 digits
        return
    answers(text)


# --- the loader, in-process, on arbitrary bytes as JSON and YAML files

YAMLISH = st.text(alphabet=" \n-:[]{},&*!|>'\"#%@?.0123456789aeEnNxyz_<+~TZ\t", max_size=120)


@SETTINGS
@given(st.binary(max_size=300) | YAMLISH.map(str.encode), st.sampled_from(["doc.json", "doc.yaml"]))
def test_loader_reads_anything(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    loaded = load(str(path))
    assert (loaded.error is None) != (loaded.document is None), loaded  # a document or an error, never both
    if loaded.error is None:
        assert isinstance(loaded.document, dict)
        answers(loaded.document)
    else:
        assert "\n" not in loaded.error
