"""The valid builder against the rules it must keep: every cross-field rule is kept by a
tagged piece of it (``@keeps``), a thousand seeded responses in every form break no rule
of either severity, and what the schema lists (statuses, problem types) is read from the
schema, so a value the schema gains is generated or refused by name, never a KeyError."""
from __future__ import annotations

import contextlib
import copy
import importlib
import itertools
import re
import time

import pytest
from hypothesis import Phase, find, settings

from sagemaker_schema import fixtures, generate, pyrules, validate
from sagemaker_schema.catalogue import GENERIC_RULES, rules
from sagemaker_schema.strategies import responses

GENERIC = {rule.id for rule in GENERIC_RULES}
facts_module = importlib.import_module("sagemaker_schema.generate.facts")  # the package's `facts` is the function

# rules no builder piece keeps, each with the reason none needs to
NOT_KEPT = {
    "sdk-unknown-member": "the builder never writes boto3's SDK_UNKNOWN_MEMBER form of a union",
}


# --- keepers: which piece of the builder keeps a response inside which rule

def test_every_python_rule_is_kept_by_a_tagged_builder_piece():
    python = [rule.id for rule in rules().values() if rule.layer == "python" and "describe-auto-ml-job-v2" in rule.operations]
    assert python
    unkept = [rule_id for rule_id in python if not generate.keepers(rule_id) and rule_id not in NOT_KEPT]
    assert unkept == [], "tag the builder piece that keeps each with @keeps(rule id), or list it in NOT_KEPT with a reason"


def test_every_cross_field_rule_of_the_schema_is_kept_by_a_tagged_builder_piece():
    # the response's rules: the builder makes responses (a rule only requests have is not its business)
    schema = [rule.id for rule in rules().values() if rule.layer == "schema" and rule.id not in GENERIC
              and "describe-auto-ml-job-v2" in rule.operations]
    assert len(schema) > 30
    assert [rule_id for rule_id in schema if not generate.keepers(rule_id) and rule_id not in NOT_KEPT] == []


def test_tags_and_reasons_name_rules_that_exist():
    known = set(rules())
    assert generate.kept_rules() - known == set()  # the catalogue holds every operation's rules
    assert set(NOT_KEPT) - known == set()
    assert set(NOT_KEPT) & generate.kept_rules() == set()  # a reason for a rule that is kept is stale


def test_keepers_name_a_function_and_its_line():
    found = generate.keepers("content-column-differs-from-target")
    assert found == [f"_text_classification (sagemaker_schema/generate/builder.py:{_line('_text_classification')})"]
    assert len(generate.keepers("timestamps-in-order")) == 3  # the job's times, a job summary's and the best candidate's
    assert generate.keepers("no-such-rule") == []


def _line(function: str) -> int:
    """The line of the decorator above ``def function`` in builder.py."""
    lines = (facts_module.__file__.replace("facts.py", "builder.py"))
    with open(lines, encoding="utf-8") as source:
        text = source.read().splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith(f"def {function}("))
    while text[at - 1].startswith(("@", "       ")):
        at -= 1
    return at + 1


# --- valid by construction, under every rule

def test_a_thousand_seeded_valid_responses_break_no_rule():
    """Every form, problem type, status and secondary status; errors and warnings alike.
    (A rule added without builder support once left 33 of 1,000 such responses broken.)"""
    start = time.perf_counter()
    kinds = itertools.cycle(itertools.product(generate.problem_types(), generate.statuses()))
    broken, secondaries = [], set()
    for i in range(1000):
        problem_type, status = next(kinds)
        draw = generate.RandomDraw(f"keep:{i}")
        wire = generate.response(draw, problem_type, status, complete=i % 4 == 0)
        secondaries.add(wire["AutoMLJobSecondaryStatus"])
        form = generate.FORMS[i % len(generate.FORMS)]
        found = validate(generate.to_form(wire, form, generate.request_id(draw)))
        if found:
            broken.append((i, form, [(v.rule, v.path) for v in found]))
    assert broken == []
    assert secondaries == set(generate.facts().secondary_statuses)
    assert time.perf_counter() - start < 15


# --- what the schema lists, the generator follows

@contextlib.contextmanager
def schema_with(change):
    """The generator reading a copy of the schema files with ``change`` made to it (the
    validator keeps the real files)."""
    files = copy.deepcopy(facts_module.load_files())
    change(files)
    real = facts_module.load_files
    facts_module.load_files = lambda: files
    facts_module.facts.cache_clear()
    try:
        yield
    finally:
        facts_module.load_files = real
        facts_module.facts.cache_clear()


def _add_status(files):
    files["describe-auto-ml-job-v2-response.json"]["properties"]["AutoMLJobStatus"]["enum"].append("Pausing")


def test_a_status_the_schema_gains_is_generated_as_a_running_one():
    with schema_with(_add_status):
        assert "Pausing" in generate.statuses()
        made = [generate.response(generate.RandomDraw(f"pausing:{i}")) for i in range(300)]
        pausing = [doc for doc in made if doc["AutoMLJobStatus"] == "Pausing"]
        assert len(pausing) > 20
        for doc in pausing:
            # a status the rules layer does not name as finished is a running one
            assert "EndTime" not in doc and "FailureReason" not in doc
            assert doc["AutoMLJobSecondaryStatus"] in pyrules.RUNNING_STAGES
            # the real schema does not know it: that is the one violation
            assert [(v.rule, v.path) for v in validate(doc)] == [("enum", "/AutoMLJobStatus")]
        # asked for by name, through every driver
        assert {doc["AutoMLJobStatus"] for _, doc in fixtures.generate_responses(count=5, status="Pausing")} == {"Pausing"}
        example = find(responses(status="Pausing"), lambda r: True,
                       settings=settings(database=None, derandomize=True, phases=[Phase.generate]))
        assert example["AutoMLJobStatus"] == "Pausing"
        # every breaker still finds a status to start from, the new one included
        for rule_id in generate.error_rules():
            for seed in range(3):
                broken = generate.invalid_response(generate.RandomDraw(f"pausing:{rule_id}:{seed}"), rule_id)
                assert rule_id in {v.rule for v in validate(broken)}


def _add_tabular_problem_type(files):
    files["common.json"]["$defs"]["ProblemType"]["enum"].append("Ranking")


def test_a_tabular_problem_type_the_schema_gains_is_generated():
    with schema_with(_add_tabular_problem_type):
        made = [generate.response(generate.RandomDraw(f"ranking:{i}"), "Tabular") for i in range(300)]
        ranking = [doc for doc in made if doc.get("AutoMLProblemTypeConfig", {}).get("TabularJobConfig", {}).get("ProblemType") == "Ranking"]
        assert len(ranking) > 10
        for doc in ranking:
            # the rule lists no metrics for it: it takes those of any Tabular job
            assert doc["AutoMLJobObjective"]["MetricName"] in generate.facts().objective_metrics[None]
            # the real schema does not know the value: that is the only violation
            assert {v.rule for v in validate(doc)} == {"enum"}
        for seed in range(20):
            generate.invalid_response(generate.RandomDraw(f"ranking:{seed}"), "objective-metric-per-problem-type")


def _add_problem_type(files):
    files["describe-auto-ml-job-v2-response.json"]["properties"]["AutoMLProblemTypeConfigName"]["enum"].append("VideoClassification")


def test_a_problem_type_the_schema_gains_is_refused_by_name_until_it_has_a_builder():
    with schema_with(_add_problem_type):
        assert "VideoClassification" in generate.facts().problem_types
        assert "VideoClassification" not in generate.problem_types()
        made = {generate.response(generate.RandomDraw(f"video:{i}")).get("AutoMLProblemTypeConfigName") for i in range(200)}
        assert "VideoClassification" not in made
        with pytest.raises(ValueError, match=re.escape("'VideoClassification' has no builder: add its configuration to CONFIGS")):
            generate.response(generate.RandomDraw(0), "VideoClassification")
        with pytest.raises(ValueError, match="problem_type='VideoClassification' is not one of"):
            responses(problem_type="VideoClassification")
        with pytest.raises(ValueError, match="problem_type 'VideoClassification' is not one of"):
            list(fixtures.generate_responses(problem_type="VideoClassification"))


def test_the_rules_layer_reads_the_statuses_and_unions_from_the_schema():
    f = generate.facts()
    assert list(pyrules.STATUSES) == f.statuses
    assert set(pyrules.FINISHED) <= set(f.statuses)
    assert set(pyrules.SECONDARY_FOR) == set(f.statuses)  # every status the schema lists is paired
    assert set().union(*pyrules.SECONDARY_FOR.values()) | set(pyrules.EARLY_STAGES) | pyrules.RUNNING_STAGES <= set(f.secondary_statuses)
    assert pyrules.unions()[("AutoMLProblemTypeConfig",)] == tuple(f"{name}JobConfig" for name in f.problem_types)


def test_the_simplest_documents_are_valid_and_breakable():
    """Under Hypothesis a value drawn ``whole`` shrinks to what it builds from SIMPLEST
    (every primitive at its minimum): those documents, which shrunk examples are made of,
    keep every rule, and each breaker still breaks exactly its rule in them."""
    from sagemaker_schema.generate.draw import SIMPLEST

    for problem_type, status in itertools.product(generate.problem_types(), generate.statuses()):
        for complete in (False, True):
            assert validate(generate.response(SIMPLEST, problem_type, status, complete=complete)) == [], (problem_type, status)
    for problem_type in generate.problem_types():
        assert validate(generate.candidate_list(SIMPLEST, problem_type), operation=generate.LIST_CANDIDATES) == []
        assert validate(generate.request(SIMPLEST, problem_type), operation=generate.CREATE) == []
    for rule in generate.error_rules():
        assert [v.rule for v in validate(generate.invalid_response(SIMPLEST, rule))] == [rule]
    for rule in generate.request_error_rules():
        assert [v.rule for v in validate(generate.invalid_request(SIMPLEST, rule), operation=generate.CREATE)] == [rule]
