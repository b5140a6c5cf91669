"""The generators, held to independent oracles: our validator, plain jsonschema over the
schema files, botocore's parser and Stubber; and hypothesis-jsonschema as an independent
generator whose output our schema layer must accept."""
from __future__ import annotations

import collections
import datetime as dt
import json
import textwrap

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings, strategies as st
from jsonschema import Draft202012Validator

from conftest import run_python
from sagemaker_schema import generate, pyrules, schema, validate
from sagemaker_schema.bundle import response_schema as bundle
from sagemaker_schema.catalogue import rules
from sagemaker_schema.inputs import to_boto3
from sagemaker_schema.schema import RULE_ID, load_files, nodes, registry, root_schema
from sagemaker_schema.strategies import candidate_lists, invalid_responses, responses

# no example database: CI runs from a fresh clone, and the seeds vary per run anyway
PROPERTY = settings(max_examples=300, deadline=None, database=None)
FEW = settings(max_examples=60, deadline=None, database=None)
SAMPLE = 2000  # responses drawn with the seeded driver for the coverage checks


@pytest.fixture(scope="module")
def plain_jsonschema():
    return Draft202012Validator(root_schema(), registry=registry())


@pytest.fixture(scope="module")
def stubbed():
    """A real boto3 client with botocore's Stubber: add_response runs botocore's own
    check of the output shape, and the stubbed call returns what boto3 would."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stubber:
        yield client, stubber


def _through_stubber(stubbed, response):
    client, stubber = stubbed
    stubber.add_response("describe_auto_ml_job_v2", response)
    returned = client.describe_auto_ml_job_v2(AutoMLJobName=response["AutoMLJobName"])
    stubber.assert_no_pending_responses()
    return returned


# --- valid responses: no violation at all, under every oracle

@PROPERTY
@given(response=responses())
def test_wire_response_passes_every_oracle(response, plain_jsonschema, stubbed):
    assert validate(response) == []  # no error and no warning
    assert list(plain_jsonschema.iter_errors(response)) == []
    parsed = to_boto3(response)  # botocore's own JSON response parser
    assert validate(parsed) == []
    returned = _through_stubber(stubbed, parsed)
    assert returned["AutoMLJobName"] == response["AutoMLJobName"]


@FEW
@given(response=responses(form="boto3"))
def test_boto3_form_has_datetimes_and_passes(response, stubbed):
    assert isinstance(response["CreationTime"], dt.datetime) and response["CreationTime"].tzinfo is not None
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert validate(response) == []
    _through_stubber(stubbed, response)


@FEW
@given(response=responses(form="boto3-json"))
def test_boto3_json_form_has_iso_strings_and_passes(response, plain_jsonschema):
    assert isinstance(response["CreationTime"], str) and response["CreationTime"][4] == "-"
    json.dumps(response)  # plain JSON data
    assert validate(response) == []
    assert list(plain_jsonschema.iter_errors(response)) == []


@pytest.mark.parametrize("problem_type", generate.facts().problem_types)
def test_problem_type_is_honoured(problem_type):
    @settings(max_examples=20, deadline=None, database=None)
    @given(responses(problem_type=problem_type, status="Failed"))
    def check(response):
        # both are optional in the contract; when given, they name the problem type asked for
        assert response.get("AutoMLProblemTypeConfigName", problem_type) == problem_type
        assert set(response.get("AutoMLProblemTypeConfig", {f"{problem_type}JobConfig": 0})) == {f"{problem_type}JobConfig"}
        assert response["AutoMLJobStatus"] == "Failed"
        assert response["AutoMLJobSecondaryStatus"] in pyrules.SECONDARY_FOR["Failed"]
        assert validate(response) == []

    check()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="problem_type"):
        responses(problem_type="Tabulr")
    with pytest.raises(ValueError, match="form"):
        responses(form="xml")
    with pytest.raises(ValueError, match="rule"):
        invalid_responses(rule="no-such-rule")


def test_examples_shrink_to_a_small_document():
    # generate and shrink only: later phases call the condition again, and find() returns
    # the last example it accepted (which then depends on the constants Hypothesis
    # collects from the package's source)
    minimal = find(responses(), lambda r: True, settings=settings(database=None, max_examples=200, derandomize=True,
                                                                   phases=[Phase.generate, Phase.shrink]))
    required = set(root_schema()["required"]) | {"AutoMLProblemTypeConfig", "AutoMLProblemTypeConfigName"}
    assert set(minimal) <= required | {"EndTime", "FailureReason"}
    assert len(json.dumps(minimal)) < 800


# --- invalid responses: exactly the named rule, nothing else

@PROPERTY
@given(case=invalid_responses())
def test_invalid_response_breaks_exactly_its_rule(case):
    rule, response = case
    assert [v.rule for v in validate(response)] == [rule]


@pytest.mark.parametrize("rule", generate.error_rules())
def test_every_error_rule_can_be_broken_alone(rule):
    @settings(max_examples=12, deadline=None, database=None)
    @given(invalid_responses(rule))
    def check(case):
        assert case[0] == rule
        found = validate(case[1])
        assert [(v.rule, v.severity) for v in found] == [(rule, "error")]

    check()


def test_breakers_cover_exactly_the_error_rules_of_the_response():
    errors = {r.id for r in rules().values() if r.severity == "error" and "describe-auto-ml-job-v2" in r.operations}
    assert set(generate.BREAKERS) == errors


# --- coverage: every value and member can occur, boundaries occur often

def _walk(value, keys: set, leaves: collections.Counter):
    """Every member name of a response into keys, every scalar into leaves."""
    for path, item in nodes(value):
        if path and isinstance(path[-1], str):
            keys.add(path[-1])
        if not isinstance(item, (dict, list)):
            leaves[item] += 1


@pytest.fixture(scope="module")
def sample():
    return [generate.response(generate.RandomDraw(f"coverage:{i}")) for i in range(SAMPLE)]


def test_every_problem_type_status_and_secondary_status_occurs(sample):
    f = generate.facts()
    pairs = {(r["AutoMLJobStatus"], r["AutoMLJobSecondaryStatus"]) for r in sample}
    assert {s for s, _ in pairs} == set(f.statuses)
    assert pairs == {(s, x) for s, xs in pyrules.SECONDARY_FOR.items() for x in xs}
    assert {x for _, x in pairs} == set(f.secondary_statuses)
    assert {r["AutoMLProblemTypeConfigName"] for r in sample if "AutoMLProblemTypeConfigName" in r} == set(f.problem_types)


# the root files of the documents other than the describe response
OTHER_ROOTS = {schema.root_file(operation) for operation in schema.OPERATIONS if operation != schema.DEFAULT_OPERATION}


def _schema_enums_and_members():
    enums: set = set()
    names: set = set()

    for file, body in load_files().items():
        if file in OTHER_ROOTS:
            continue  # other operations' documents, which the response generators do not make
        for path, node in nodes(body):
            if "SDK_UNKNOWN_MEMBER" in path:  # boto3's form of a member it does not know: a warning, never generated
                continue
            if isinstance(node, dict):
                enums.update(v for v in node.get("enum", ()) if isinstance(v, str))
                if file != "response-metadata.json":  # boto3 adds those, not the service
                    names.update(node.get("properties", {}))
    return enums, names - {"ResponseMetadata", "SDK_UNKNOWN_MEMBER"}


# enum values no valid response can hold, each with the rules that exclude it
UNREACHABLE = {
    "frontfill_value": "filling-method-values gives frontfill only 'none', and filling-value-pair "
                       "allows <method>_value only with <method>: value",
}


def test_every_enum_value_and_every_member_occurs(sample):
    keys: set = set()
    leaves: collections.Counter = collections.Counter()
    for response in sample:
        _walk(response, keys, leaves)
    enums, names = _schema_enums_and_members()
    assert enums - keys - set(leaves) == set(UNREACHABLE)
    assert names - keys == set()


def test_boundary_values_occur(sample):
    seen: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in sample:
        config = next(iter(r.get("AutoMLProblemTypeConfig", {"(absent)": {}}).values()))
        seen["name length"][len(r["AutoMLJobName"])] += 1
        seen["output length"][len(r["OutputDataConfig"]["S3OutputPath"])] += 1
        seen["frequency"][config.get("ForecastFrequency")] += 1
        seen["horizon"][config.get("ForecastHorizon")] += 1
        seen["quantiles"][len(config.get("ForecastQuantiles", ()))] += 1
        seen["max candidates"][config.get("CompletionCriteria", {}).get("MaxCandidates")] += 1
        seen["epochs"][config.get("TextGenerationHyperParameters", {}).get("epochCount")] += 1
        seen["channels"][len(r["AutoMLJobInputDataConfig"])] += 1
        stated = ["ContentType" in channel for channel in r["AutoMLJobInputDataConfig"]]
        seen["content types"][len(stated) == 2 and stated[0] != stated[1]] += 1  # one channel relies on the default
    f = generate.facts()
    for frequency in ("59min", "23H", "6D", "4W", "11M", "1Y", "1min", "1H", "1D"):
        assert seen["frequency"][frequency] >= 2, frequency
    assert seen["max candidates"][f.max_candidates] >= 10
    assert seen["epochs"]["10"] >= 5 and seen["epochs"]["1"] >= 5
    assert seen["horizon"][f.horizon_max] >= 10 and seen["horizon"][1] >= 10
    assert seen["quantiles"][f.quantiles_max] >= 5
    assert seen["name length"][f.job_name_max] >= 50 and seen["name length"][1] >= 50
    assert seen["output length"][f.s3_output_max] >= 50
    assert seen["channels"][1] > 100 and seen["channels"][2] > 100
    assert seen["content types"][True] >= 20


def test_frequency_bounds_match_the_schema_pattern():
    # FREQUENCY_MAX is the one table written by hand: hold it to the rule's pattern
    for unit, most in generate.FREQUENCY_MAX.items():
        doc = next(doc for i in range(100) if "AutoMLProblemTypeConfig" in (doc := generate.response(generate.RandomDraw(f"{unit}{i}"), "TimeSeriesForecasting", "Completed")))
        config = doc["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]
        config["ForecastFrequency"] = f"{most}{unit}"
        assert validate(doc) == []
        config["ForecastFrequency"] = f"{most + 1}{unit}"
        assert [v.rule for v in validate(doc)] == ["forecast-frequency"]


def test_random_driver_is_deterministic():
    first = [generate.response(generate.RandomDraw(f"same:{i}")) for i in range(20)]
    again = [generate.response(generate.RandomDraw(f"same:{i}")) for i in range(20)]
    assert json.dumps(first) == json.dumps(again)
    assert len({json.dumps(r) for r in first}) == 20


# --- hypothesis-jsonschema: an independent generator over the same files

# Its canonicaliser does not finish on the root's ten top-level cross-field rules (the
# allOf next to the root shape; measured: no example in 300 s), so it generates from
# the bundle without them, and our validator must accept its output under every other
# schema-layer rule. The Python layer's rules it cannot know about are left out too.
ROOT_CROSS_FIELD = {
    "problem-type-name-matches-config", "resolved-union-matches-problem-type", "max-candidates-one",
    "objective-metric-per-problem-type", "content-type-per-problem-type",
    "deploy-result-omitted-on-failure", "backtest-results-time-series-only",
    "inference-container-definitions-classification-only", "objective-metric-non-tabular", "emr-serverless-tabular-or-time-series",
    "s3-data-type-per-problem-type", "data-split-not-for-time-series",
}


def shapes_only_bundle() -> dict:
    schema = bundle()
    schema["$defs"]["describe-auto-ml-job-v2-response"].pop("allOf")
    return schema


def test_bundle_is_equivalent_to_the_files(sample, plain_jsonschema):
    single = Draft202012Validator(bundle())
    Draft202012Validator.check_schema(bundle())
    for response in sample[:50]:
        assert single.is_valid(response)
    broken = [generate.invalid_response(generate.RandomDraw(f"bundle:{r}"), r) for r in generate.error_rules()]
    for response in broken:
        assert single.is_valid(response) == plain_jsonschema.is_valid(response)
    assert sum(not single.is_valid(r) for r in broken) >= 35  # the schema-layer rules


def test_root_cross_field_rules_are_those_of_the_root():
    refs = {block["$ref"].split("/")[-1] for block in root_schema()["allOf"]}
    # ResolvedMaxCandidatesOne is no rule of its own: it reuses max-candidates-one
    assert {name for name in refs if RULE_ID.match(name)} | {"max-candidates-one"} == ROOT_CROSS_FIELD


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    phases=[Phase.generate],  # shrinking a schema this size through it takes minutes
    # it builds each document through hundreds of filtered draws (patterns, if/then),
    # which is slow and large by nature: these checks would only measure that
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_hypothesis_jsonschema_output_is_accepted_by_our_schema_layer(data):
    response = data.draw(_hjs_strategy())
    schema_rules = {r.id for r in rules().values() if r.layer == "schema"}
    broken = {v.rule for v in validate(response) if v.rule in schema_rules}
    assert broken <= ROOT_CROSS_FIELD, broken


_STRATEGY = []


def _hjs_strategy():
    # built once: canonicalising the bundle takes about 2 s
    if not _STRATEGY:
        from hypothesis_jsonschema import from_schema

        _STRATEGY.append(from_schema(shapes_only_bundle()))
    return _STRATEGY[0]


def test_filling_maps_stay_within_their_size_even_with_every_method_set_to_value():
    # regression: four methods where the first ones take "value" once made 7 keys (max 6)
    from sagemaker_schema import generate

    limit = generate.facts().filling_keys_max
    sizes = [len(generate.builder._fill_methods(generate.RandomDraw(seed), True)) for seed in range(5000)]
    assert max(sizes) == limit


def test_map_key_breaker_on_a_full_filling_map_breaks_only_map_key():
    # regression: adding the bad column to a Filling map already at its 50 columns made
    # `size` fire too
    from sagemaker_schema import generate, validate

    doc = generate.response(generate.RandomDraw(3), problem_type="TimeSeriesForecasting", complete=True)
    config = doc["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]
    filling = config.setdefault("Transformations", {}).setdefault("Filling", {})
    limit = generate.facts().filling_columns_max
    filling.update({f"col{i}": {"middlefill": "zero"} for i in range(limit - len(filling))})
    assert len(filling) == limit and validate(doc) == []
    generate.BREAKERS["map-key"].apply(generate.RandomDraw(0), doc)
    assert [v.rule for v in validate(doc)] == ["map-key"]


def test_the_first_boto3_draw_in_a_fresh_process_loads_nothing():
    """botocore's service model (about half a second, more on a busy machine) loads when
    the strategy is built, never inside a draw, where Hypothesis's "too slow" health check
    times it. The load is slowed to 1.2 s here: inside a draw it would trip that check."""
    script = textwrap.dedent("""
        import time
        import botocore.loaders

        loads = []
        _load = botocore.loaders.Loader.load_service_model
        def slow(self, *args, **kwargs):
            loads.append(args)
            time.sleep(1.2)
            return _load(self, *args, **kwargs)
        botocore.loaders.Loader.load_service_model = slow

        from hypothesis import given, settings
        from sagemaker_schema.strategies import responses

        strategy = responses(form="boto3")
        built = len(loads)

        @settings(database=None)  # every health check on, as in a user's test
        @given(strategy)
        def test(response):
            assert "ResponseMetadata" in response

        test()
        print("loads", built, len(loads))
        """)
    out = run_python(script, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["loads", "1", "1"]


def test_a_generated_response_shares_no_structure_between_members():
    # regression: the resolved objective was the configured one's dict, which yaml.safe_dump
    # writes as an anchor and an alias (found by the line-and-column test)
    from sagemaker_schema import generate

    for seed in range(200):
        doc = generate.response(generate.RandomDraw(seed))
        seen: set[int] = set()
        stack = [doc]
        while stack:
            node = stack.pop()
            if isinstance(node, (dict, list)):
                assert id(node) not in seen, seed
                seen.add(id(node))
                stack.extend(node.values() if isinstance(node, dict) else node)


def test_responses_and_candidate_lists_together_pass_the_default_health_checks():
    """Issue 19: a property drawing a boto3-form response and a candidate list failed
    "Input generation is slow" (HealthCheck.too_slow: over 1 s of drawing for its first 10
    inputs) instead of reporting its bug. Hypothesis's own defaults here (the suite's CI
    profile turns too_slow off); the checks judge the first 10 inputs, so 10 per seed.
    How much room is left below the limit: scripts/bench_strategies.py."""
    from hypothesis import seed

    pair = (responses(form="boto3"), candidate_lists())
    for number in range(20):
        @seed(number)
        @settings(settings.get_profile("default"), database=None, max_examples=10)
        @given(*pair)
        def combined(response, page):
            assert "ResponseMetadata" in response and "Candidates" in page

        combined()  # a FailedHealthCheck fails the test


def test_an_input_takes_few_hypothesis_choices(monkeypatch):
    """Why the pair above was slow, counted without a clock: Hypothesis spends tens of
    microseconds on each choice it records, and draws, keeps and replays a string choice
    character by character (a response held about 2,000 characters drawn that way, a
    candidate list more, and large ones went over Hypothesis's size limit and were drawn
    again). Counted here: choices, a string as its length; a budget of 300 per input
    (both documents) over the inputs the health checks judge."""
    from hypothesis import seed

    from sagemaker_schema import strategies

    spent = [0]
    init = strategies._HypothesisDraw.__init__

    def counting(self, draw):
        def counted(strategy):
            value = draw(strategy)
            spent[0] += len(value) if isinstance(value, str) else 1
            return value
        init(self, counted)

    monkeypatch.setattr(strategies._HypothesisDraw, "__init__", counting)
    pair = (responses(form="boto3"), candidate_lists())
    for number in range(20):
        spent[0] = 0

        @seed(number)
        @settings(settings.get_profile("default"), database=None, max_examples=10,
                  suppress_health_check=list(HealthCheck))  # the count is the question here
        @given(*pair)
        def combined(response, page):
            pass

        combined()
        assert spent[0] <= 300 * 10, (number, spent[0])
