"""Verdicts never change for speed: the compiled engine and the reference engine give
the same violations, every field of each (rule, path, severity, message, doc), on every
fixture, on random mutations and on generated responses.

Comparing whole violations matters: an earlier version compared rule, path and severity,
plus messages pairwise with zip() over the fixtures only. A map key too long for a
$ref'd key schema (Aggregation's column names, 256) read "is not at most None" on the
compiled engine: no fixture had such a key, the mutations never compared messages, and
zip() would have hidden a missing or extra violation anyway."""
from __future__ import annotations

import datetime
import json

import pytest

from conftest import (
    INVALID,
    REAL,
    VALID_CASES,
    VALID_WIRE,
    base_document,
    boto3_json,
    case_id,
    invalid_case,
    load_json,
    patched,
)
from sagemaker_schema import Validator
from sagemaker_schema.engines import fast_validator
from sagemaker_schema.schema import nodes

FAST, REFERENCE = Validator(), Validator(reference=True)
# the --allow-unknown policy: the same verdicts on both engines too
FAST_RELAXED, REFERENCE_RELAXED = Validator(allow_unknown=True), Validator(allow_unknown=True, reference=True)


def _verdict(validator, doc):
    return [v.as_dict() for v in validator.validate(doc)]


def _documents():
    for path in VALID_WIRE + REAL:
        yield path.name, load_json(path)
    for path in VALID_WIRE:
        yield f"boto3-json/{path.name}", json.loads(boto3_json(path))
    for path in VALID_CASES:
        yield case_id(path), patched(path)
    for path in INVALID:
        yield case_id(path), invalid_case(path)[0]


DOCUMENTS = list(_documents())


def test_the_compiled_engine_is_in_use():
    assert fast_validator() is not None and FAST._fast is not None and REFERENCE._fast is None


@pytest.mark.parametrize("name, doc", DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_same_verdict_on_both_engines(name, doc):
    assert _verdict(FAST, doc) == _verdict(REFERENCE, doc)


def test_every_message_agrees_over_the_invalid_fixtures():
    differing = [
        (name, FAST.validate(doc), REFERENCE.validate(doc))
        for name, doc in DOCUMENTS
        if FAST.validate(doc) != REFERENCE.validate(doc)
    ]
    assert differing == []
    assert any(v.rule == "map-key" and "at most 256" in v.message for _, doc in DOCUMENTS for v in FAST.validate(doc))


def test_a_map_key_too_long_names_its_bound_on_both_engines():
    doc = base_document("time-series-forecasting-completed")
    doc["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]["Transformations"]["Aggregation"] = {"c" * 257: "sum"}
    (fast,) = FAST.validate(doc)
    assert fast.rule == "map-key" and fast.message.startswith("key: length 257 is not at most 256")
    assert REFERENCE.validate(doc) == [fast]


def _mutations(seed: int, count: int):
    """Seeded random mutations of valid fixtures: members deleted, retyped, renamed,
    values swapped between places. Deterministic, so a failure reproduces."""
    import copy
    import random

    rng = random.Random(seed)
    bases = [load_json(p) for p in VALID_WIRE]
    oddities = [None, True, 0, -1, 1.5, 10**20, "", "x" * 300, {"k" * 300: "sum"}, "p0", "60min", [], {}, ["a"], {"k": "v"}, "2024-13-01T00:00:00Z"]

    def places(node):
        return (path for path, _ in nodes(node))

    for _ in range(count):
        doc = copy.deepcopy(rng.choice(bases))
        for _ in range(rng.randint(1, 3)):
            spots = [p for p in places(doc) if p]
            path = rng.choice(spots)
            parent = doc
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            action = rng.randrange(4)
            if action == 0 and isinstance(parent, dict):
                del parent[last]
            elif action == 1:
                parent[last] = rng.choice(oddities)
            elif action == 2 and isinstance(parent, dict):
                renamed = rng.choice([last + "X", last * 30]) if isinstance(last, str) else last
                parent[renamed] = parent.pop(last)
            else:
                other = rng.choice(spots)
                source = doc
                try:
                    for step in other:
                        source = source[step]
                except (KeyError, IndexError, TypeError):
                    continue
                parent[last] = copy.deepcopy(source)
        yield doc


@pytest.mark.parametrize("seed", range(4))
def test_same_verdict_on_random_mutations(seed):
    for doc in _mutations(seed, 150):
        assert _verdict(FAST, doc) == _verdict(REFERENCE, doc), doc


@pytest.mark.parametrize("seed", range(2))
def test_same_verdict_and_messages_with_allow_unknown(seed):
    relaxed = 0
    fixtures = [doc for _, doc in DOCUMENTS]
    for doc in fixtures + list(_mutations(seed, 150)):
        fast, reference = FAST_RELAXED.validate(doc), REFERENCE_RELAXED.validate(doc)
        assert _verdict(FAST_RELAXED, doc) == _verdict(REFERENCE_RELAXED, doc), doc
        if doc in fixtures:  # messages quote the value, which the engines copy in their own key order
            assert [v.message for v in fast] == [v.message for v in reference], doc
        relaxed += sum("newer AWS?" in v.message for v in fast)
    assert relaxed > 10  # the policy was exercised, not vacuous


@pytest.mark.parametrize("seed", range(3))
def test_same_verdict_on_generated_responses(seed):
    # valid responses of every shape, and one broken response per error rule, each
    # through both engines (the same builder as `sagemaker-schema generate`)
    from sagemaker_schema import generate

    draw = generate.RandomDraw(seed)
    documents = [generate.response(draw) for _ in range(60)]
    documents += [generate.invalid_response(draw, rule) for rule in generate.error_rules()]
    for doc in documents:
        assert _verdict(FAST, doc) == _verdict(REFERENCE, doc), doc


TIMESTAMPS = ("CreationTime", "EndTime", "LastModifiedTime")


def _python_values(value, top: bool = True):
    """The same document as a caller may build it: every list a tuple, and each epoch
    timestamp of the job and its best candidate a datetime (as boto3 gives it)."""
    if isinstance(value, list):
        return tuple(_python_values(item, False) for item in value)
    if not isinstance(value, dict):
        return value
    out = {key: _python_values(item, False) for key, item in value.items()}
    for owner in (out, out.get("BestCandidate")) if top else ():
        for key in TIMESTAMPS if isinstance(owner, dict) else ():
            if type(owner.get(key)) in (int, float) and 0 <= owner[key] < 4e9:
                owner[key] = datetime.datetime.fromtimestamp(owner[key], datetime.timezone.utc)
    return out


def test_same_verdict_on_tuples_and_datetimes():
    # the compiled engine takes a tuple as a list, and boto3's datetimes are turned into
    # ISO strings where the schema has timestamps: the rules layer must see them alike
    converted = 0
    for name, doc in DOCUMENTS:
        python = _python_values(doc)
        converted += any(isinstance(python.get(key), datetime.datetime) for key in TIMESTAMPS)
        assert _verdict(FAST, python) == _verdict(REFERENCE, python), name
    assert converted > 20


# --- map keys the compiled engine reads as numbers, and empty keys ----------------------

# jsonschema-rs writes a key that reads as an unsigned integer as that integer in its paths
# ("007" as 7) and leaves an empty key out: every path must still name the document's key
ODD_KEYS = ["1", "007", "7", "0", "+1", "-1", "01", " 1", "1 ", "1.0", "", "18446744073709551615", "0" * 30 + "1", "٣"]
ODD_VALUES = ["v", [5], 5]


def _map_places():
    """(operation, document, path of a map) once per map of each operation's schema, each
    in the first fixture that holds it; the union (AutoMLProblemTypeConfig) too."""
    from conftest import valid_files
    from sagemaker_schema.schema import OPERATIONS, tree

    documents = {operation: [load_json(p) for p in valid_files(operation)] for operation in OPERATIONS}
    for operation in OPERATIONS:
        seen = set()

        def walk(value, node, parts):
            if node is None:
                return
            if isinstance(value, dict):
                if node.keys is not None:
                    yield parts
                for key, item in value.items():
                    yield from walk(item, node.child(key) if node.keys is not None or key in node.members else None, parts + (key,))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from walk(item, node.items, parts + (index,))

        for doc in documents[operation]:
            for parts in walk(doc, tree(operation)[0], ()):
                place = tuple("*" if isinstance(p, int) else p for p in parts)
                if place not in seen:
                    seen.add(place)
                    yield operation, doc, parts


MAP_PLACES = list(_map_places())


def _with_key(doc, parts, key, value):
    import copy

    doc = copy.deepcopy(doc)
    target = doc
    for part in parts:
        target = target[part]
    target[key] = value
    return doc


def test_every_map_of_every_operation_is_tried_with_odd_keys():
    places = {(operation, "/".join(p for p in parts if isinstance(p, str))) for operation, _, parts in MAP_PLACES}
    assert len(MAP_PLACES) >= 10 and ("create-auto-ml-job-v2", "AutoMLProblemTypeConfig/TextGenerationJobConfig/TextGenerationHyperParameters") in places
    assert {operation for operation, _ in places} == {"describe-auto-ml-job-v2", "create-auto-ml-job-v2", "list-candidates-for-auto-ml-job"}


@pytest.mark.parametrize("key", ODD_KEYS, ids=repr)
def test_same_verdict_with_odd_map_keys(key):
    from sagemaker_schema.records import pointer

    named = 0
    for operation, doc, parts in MAP_PLACES:
        fast, reference = Validator(operation=operation), Validator(operation=operation, reference=True)
        for value in ODD_VALUES:
            odd = _with_key(doc, parts, key, value)
            found = fast.validate(odd)
            assert found == reference.validate(odd), (operation, parts, key, value)
            named += any(v.path.startswith(pointer(parts + (key,))) for v in found)
            assert all(v.path.startswith("/") for v in found)
    assert named >= len(MAP_PLACES)  # the key itself was reported, in every map


def test_two_keys_that_read_as_one_number_keep_their_own_paths():
    doc = base_document("tabular-completed")
    doc["BestCandidate"]["InferenceContainers"][0]["Environment"] = {"7": [5], "007": 1, "+7": "v"}
    paths = [v.path for v in FAST.validate(doc)]
    assert paths == [v.path for v in REFERENCE.validate(doc)]
    assert {"/BestCandidate/InferenceContainers/0/Environment/7", "/BestCandidate/InferenceContainers/0/Environment/007"} <= set(paths)


def test_a_digit_key_is_answered_by_the_compiled_engine_with_its_own_spelling():
    from sagemaker_schema.engines import faults

    doc = base_document("tabular-completed")
    doc["BestCandidate"]["InferenceContainers"][0]["Environment"] = {"007": [5]}
    found = faults(fast_validator(), doc)
    assert found is not None and [f.parts for f in found if f.keyword == "type"] == [("BestCandidate", "InferenceContainers", 0, "Environment", "007")]
    (violation,) = FAST.validate(doc)
    assert (violation.path, violation.message) == ("/BestCandidate/InferenceContainers/0/Environment/007", "expected string, found a list [5]")


def test_a_digit_key_of_a_map_of_lists_is_a_violation_not_an_input_error():
    doc = {"BestCandidate": {"InferenceContainerDefinitions": {"1": [{"Image": "x", "ModelDataUrl": "s3://b/k", "Bogus": 1}]}}}
    found = {(v.path, v.rule) for v in FAST.validate(doc)}
    assert {("/BestCandidate/InferenceContainerDefinitions/1", "map-key"), ("/BestCandidate/InferenceContainerDefinitions/1/0/Bogus", "unknown-member")} <= found
    assert FAST.validate(doc) == REFERENCE.validate(doc)


def _text_generation_request():
    from conftest import REPO

    return load_json(REPO / "tests" / "requests" / "valid" / "text-generation.json")


def test_an_empty_key_in_a_map_that_names_members_goes_to_the_reference_engine():
    # TextGenerationHyperParameters names epochCount, ... and takes other keys too: a map,
    # where jsonschema-rs drops an empty key from its paths
    from sagemaker_schema.engines import inspect
    from sagemaker_schema.schema import tree

    operation = "create-auto-ml-job-v2"
    doc = _text_generation_request()
    doc["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]["TextGenerationHyperParameters"] = {"": 5, "epochCount": "3"}
    assert inspect(doc, tree(operation)[0])[1].empty_key
    found = [(v.path, v.rule) for v in Validator(operation=operation).validate(doc)]
    assert found == [("/AutoMLProblemTypeConfig/TextGenerationJobConfig/TextGenerationHyperParameters/", "type")]


def test_a_map_that_names_members_past_its_limit_is_reported_once():
    operation = "create-auto-ml-job-v2"
    doc = _text_generation_request()
    doc["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]["TextGenerationHyperParameters"] = {f"k{i}": 1 for i in range(5000)}
    found = Validator(operation=operation).validate(doc)
    assert [(v.path, v.rule) for v in found] == [("/AutoMLProblemTypeConfig/TextGenerationJobConfig/TextGenerationHyperParameters", "size")]
    assert found == Validator(operation=operation, reference=True).validate(doc)
