"""The breakers: for each rule of severity error, how to break it alone, per operation.

A breaker starts from a valid document of a problem type (and status) it can work from,
``builder.response(complete=True)`` for DescribeAutoMLJobV2, ``builder.request()`` for
CreateAutoMLJobV2, and changes it so that validation reports exactly its rule. Every one
is registered here under its rule id with ``@breaks(rule id, ..., operations=...)``; one
function serves both documents when the change means the same in each (the configuration
members are the same shapes). A test holds ``BREAKERS`` (the response's) to the catalogue's
error rules and ``BREAKERS_OF[CREATE]`` to the request's. The documents of no one job's
configuration (the StopAutoMLJob request, the ListAutoMLJobs page, the List operations'
parameters) start from their builder piece (``PLAIN``), and their breakers from below.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .builder import (
    _config_member,
    job_list,
    list_candidates_request,
    list_jobs_request,
    problem_types,
    request,
    request_problem_type,
    response,
    role_arn,
    stop_request,
)
from .draw import Draw, number
from .facts import (
    CREATE,
    DESCRIBE,
    FREQUENCY_MAX,
    LIST_CANDIDATES_REQUEST,
    LIST_JOBS,
    LIST_JOBS_REQUEST,
    OPERATIONS,
    STOP,
    Facts,
    facts,
)

# which problem types (or statuses) a breaker starts from: a list, or what the schema
# says, read when first needed (a function of the facts); None: every one
Among = Sequence[str] | Callable[[Facts], Sequence[str]] | None


@dataclass(frozen=True)
class Breaker:
    """How to break one error rule: the problem types and statuses of a valid
    response it can start from, and the change that breaks only that rule."""

    among_problem_types: Among
    among_statuses: Among
    apply: Callable[[Draw, dict], None]

    @property
    def problem_types(self) -> tuple[str, ...]:
        return _among(self.among_problem_types, problem_types)

    @property
    def statuses(self) -> tuple[str, ...]:
        return _among(self.among_statuses, lambda: facts().statuses)


def _among(among: Among, every: Callable[[], Sequence[str]]) -> tuple[str, ...]:
    if among is None:
        return tuple(every())
    return tuple(among(facts()) if callable(among) else among)


# operation -> rule id -> its breaker (none for the candidate list: its rules are the
# candidate's, which the describe response's breakers break)
BREAKERS_OF: dict[str, dict[str, Breaker]] = {operation: {} for operation in OPERATIONS}
BREAKERS = BREAKERS_OF[DESCRIBE]  # the response's
BOTH = (DESCRIBE, CREATE)


def breaks(rule_id: str, problem_types: Among = None, statuses: Among = None, operations: Sequence[str] = (DESCRIBE,)):
    """Register the decorated function as the breaker of ``rule_id`` in each operation's
    document (statuses: a response's only)."""
    def register(apply: Callable[[Draw, dict], None]):
        for operation in operations:
            BREAKERS_OF[operation][rule_id] = Breaker(problem_types, statuses, apply)
        return apply

    return register


def invalid_response(d: Draw, rule_id: str) -> dict:
    """A wire-form response that breaks exactly ``rule_id`` and nothing else."""
    breaker = BREAKERS[rule_id]
    # the breakers reach into optional members
    doc = response(d, d.choice(breaker.problem_types), d.choice(breaker.statuses), complete=True)
    breaker.apply(d, doc)
    return doc


def invalid_request(d: Draw, rule_id: str) -> dict:
    """CreateAutoMLJobV2 parameters that break exactly ``rule_id`` and nothing else."""
    breaker = BREAKERS_OF[CREATE][rule_id]
    doc = request(d, d.choice(breaker.problem_types))
    breaker.apply(d, doc)
    return doc


# the documents of no one job's configuration -> the builder piece their breakers start from
PLAIN: dict[str, Callable[[Draw], dict]] = {STOP: stop_request, LIST_JOBS: job_list, LIST_JOBS_REQUEST: list_jobs_request,
                                            LIST_CANDIDATES_REQUEST: list_candidates_request}


def invalid_document(d: Draw, rule_id: str, operation: str) -> dict:
    """A document of ``operation`` that breaks exactly ``rule_id`` and nothing else."""
    if operation == DESCRIBE:
        return invalid_response(d, rule_id)
    if operation == CREATE:
        return invalid_request(d, rule_id)
    breaker = BREAKERS_OF[operation][rule_id]
    doc = PLAIN[operation](d)
    breaker.apply(d, doc)
    return doc


def _problem_type(doc: dict) -> str:
    """The problem type of a response (its name) or of a request (its config's member)."""
    return doc.get("AutoMLProblemTypeConfigName") or request_problem_type(doc)


# --- what several breakers do


def _config(doc: dict) -> dict:
    return doc["AutoMLProblemTypeConfig"][_config_member(_problem_type(doc))]


def _ensure_candidate(doc: dict) -> dict:
    """A BestCandidate (minimal, within the job's lifetime) to break rules inside it."""
    config = _config(doc)
    if config.get("GenerateCandidateDefinitionsOnly") is True:
        config["GenerateCandidateDefinitionsOnly"] = False  # a trained candidate: not a definitions-only job
    if "BestCandidate" not in doc:
        doc["BestCandidate"] = {
            "CandidateName": "candidate-1", "ObjectiveStatus": "Succeeded", "CandidateSteps": [],
            "CandidateStatus": "Completed", "CreationTime": doc["CreationTime"], "LastModifiedTime": doc["LastModifiedTime"],
        }
    return doc["BestCandidate"]


def _objective_changed(doc: dict) -> None:
    """After a breaker sets another objective: drop what repeats the old one (the resolved
    objective, the best candidate's final metric), or their warnings fire too."""
    doc.get("ResolvedAttributes", {}).pop("AutoMLJobObjective", None)
    doc.get("BestCandidate", {}).pop("FinalAutoMLJobObjectiveMetric", None)


def _hyperparameter(value: Callable[[Draw], tuple[str, str]]):
    def apply(d: Draw, doc: dict) -> None:
        name, bad = value(d)
        _config(doc).setdefault("TextGenerationHyperParameters", {})[name] = bad
    return apply


def _filling_of(doc: dict) -> tuple[dict, str]:
    config = _config(doc)
    return config.setdefault("Transformations", {}), config["TimeSeriesConfig"]["TargetAttributeName"]


def _other_column(target: str) -> str:
    return "x" if target != "x" else "y"


@breaks("type")
def _(d, doc):
    where, value = d.choice((("RoleArn", 5), ("OutputDataConfig", None), ("AutoMLJobStatus", 3), ("AutoMLJobName", 42)))
    doc[where] = value


@breaks("required", operations=BOTH)
def _(d, doc):
    where = d.choice(("AutoMLJobName", "RoleArn", "AutoMLJobInputDataConfig", "S3OutputPath"))
    if where == "S3OutputPath":
        del doc["OutputDataConfig"]["S3OutputPath"]
    else:
        del doc[where]


@breaks("unknown-member", operations=BOTH)
def _(d, doc):
    owner = d.choice(("document", "output"))
    target = doc if owner == "document" else doc["OutputDataConfig"]
    target[d.choice(("EndTme", "JobTags", "SDK_UNKNOWN_MEMBER"))] = "x"


@breaks("enum")
def _(d, doc):
    if d.boolean():
        doc["AutoMLJobStatus"] = d.choice(("Done", "Running", "completed"))
    else:
        doc["AutoMLJobInputDataConfig"][0]["CompressionType"] = d.choice(("Zip", "gzip", "NONE"))


@breaks("final-metric-name", statuses=("Completed",))
def _(d, doc):
    candidate = _ensure_candidate(doc)
    candidate["FinalAutoMLJobObjectiveMetric"] = {
        "MetricName": d.choice(("Logloss", "f1", "validation:F1", "validation-f1", "validation:")), "Value": 0.5}


@breaks("emr-serverless-tabular-or-time-series", lambda f: f.no_emr_problem_types, operations=BOTH)
def _(d, doc):
    doc["AutoMLComputeConfig"] = {"EmrServerlessComputeConfig": {"ExecutionRoleARN": role_arn(d)}}


@breaks("objective-metric-non-tabular", lambda f: list(f.non_tabular_metrics), operations=BOTH)
def _(d, doc):
    allowed = facts().non_tabular_metrics[_problem_type(doc)]
    doc["AutoMLJobObjective"] = {"MetricName": d.choice([m for m in facts().metrics if m not in allowed])}
    _objective_changed(doc)


@breaks("pattern", operations=BOTH)
def _(d, doc):
    if d.boolean():
        doc["AutoMLJobName"] = d.choice(("job_1", "-job", "job-", "HousePrices\n"))
    else:
        doc["RoleArn"] = "arn:aws:iam::12345:role/service-role/AmazonSageMaker"


@breaks("length")
def _(d, doc):
    if d.boolean():
        doc["AutoMLJobName"] = "a" * (facts().job_name_max + 1)
    else:
        doc["FailureReason"] = "x" * (facts().failure_max + 1)


@breaks("range")
def _(d, doc):
    if d.boolean() and _problem_type(doc) not in facts().no_data_split_problem_types:
        doc["DataSplitConfig"] = {"ValidationFraction": d.choice((1.5, -0.1, 2))}
    else:
        _config(doc)["CompletionCriteria"] = {"MaxRuntimePerTrainingJobInSeconds": d.choice((0, -1))}
        doc.get("ResolvedAttributes", {}).pop("CompletionCriteria", None)


@breaks("size")
def _(d, doc):
    if d.boolean():
        doc["PartialFailureReasons"] = []
    else:
        doc["PartialFailureReasons"] = [{}] * (facts().partial_failures_max + 1)


@breaks("map-key", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    filling, target = _filling_of(doc)
    columns = filling.setdefault("Filling", {})
    if len(columns) >= facts().filling_columns_max:  # full: make room, or `size` fires too
        del columns[next(c for c in columns if c != target)]
    columns["c" * (facts().column_max + 1)] = {"middlefill": "zero"}


@breaks("timestamp")
def _(d, doc):
    doc[d.choice(("CreationTime", "LastModifiedTime"))] = d.choice(("yesterday", "2024-13-01T00:00:00Z", "2024-04-12T17:39:40", True, -1))


@breaks("union-one-member")
def _(d, doc):
    # a second member; only these two are valid when empty
    own = doc["AutoMLProblemTypeConfigName"]
    other = d.choice([t for t in ("ImageClassification", "TextGeneration") if t != own])
    doc["AutoMLProblemTypeConfig"][_config_member(other)] = {}


@breaks("problem-type-name-matches-config", ("ImageClassification", "TextClassification"))
def _(d, doc):
    # image and text classification share every other rule but the content and S3 data types
    swapped = "TextClassification" if doc["AutoMLProblemTypeConfigName"] == "ImageClassification" else "ImageClassification"
    doc["AutoMLProblemTypeConfigName"] = swapped
    content_type = facts().content_types[swapped][0]
    for channel in doc["AutoMLJobInputDataConfig"]:
        channel["ContentType"] = content_type
        channel["DataSource"]["S3DataSource"].update(S3DataType="S3Prefix", S3Uri="s3://bucket/prefix/")


@breaks("resolved-union-matches-problem-type", lambda f: f.no_resolved_union_problem_types)
def _(d, doc):
    doc.setdefault("ResolvedAttributes", {})["AutoMLProblemTypeResolvedAttributes"] = {"TabularResolvedAttributes": {}}


@breaks("max-candidates-one", lambda f: f.single_candidate_problem_types, operations=BOTH)
def _(d, doc):
    _config(doc).setdefault("CompletionCriteria", {})["MaxCandidates"] = number(d, 2, facts().max_candidates)
    doc.get("ResolvedAttributes", {}).get("CompletionCriteria", {}).pop("MaxCandidates", None)


@breaks("problem-type-and-objective-together", ("Tabular",), operations=(CREATE,))
def _(d, doc):
    if "AutoMLJobObjective" in doc:
        del doc["AutoMLJobObjective"]
    else:
        doc["AutoMLJobObjective"] = {"MetricName": d.choice(facts().objective_metrics[None])}
        _objective_changed(doc)


@breaks("objective-metric-per-problem-type", ("Tabular",), operations=BOTH)
def _(d, doc):
    f = facts()
    problem_type = d.choice([t for t in f.tabular_problem_types if t in f.objective_metrics])  # those the rule lists metrics for
    _config(doc)["ProblemType"] = problem_type
    # a metric of another tabular problem type: listed for Tabular, not for this one
    doc["AutoMLJobObjective"] = {"MetricName": d.choice([m for m in f.objective_metrics[None] if m not in f.objective_metrics[problem_type]])}
    _objective_changed(doc)
    resolved = doc.get("ResolvedAttributes", {})
    union = resolved.get("AutoMLProblemTypeResolvedAttributes", {}).get("TabularResolvedAttributes")
    if union is not None:
        union["ProblemType"] = problem_type


@breaks("content-type-per-problem-type", operations=BOTH)
def _(d, doc):
    channel = doc["AutoMLJobInputDataConfig"][0]
    doc["AutoMLJobInputDataConfig"] = [channel]
    channel.pop("ChannelType", None)
    images = _problem_type(doc) == "ImageClassification"
    channel["ContentType"] = d.choice(("text/csv;header=present", "text/csv") if images else ("image/png", "application/json", "text/csv"))


@breaks("channel-types", operations=BOTH)
def _(d, doc):
    channel = doc["AutoMLJobInputDataConfig"][0]
    if d.boolean():
        channel["ChannelType"] = "validation"  # no training channel left
        doc["AutoMLJobInputDataConfig"] = [channel]
    else:
        channel.pop("ChannelType", None)  # two training channels
        doc["AutoMLJobInputDataConfig"] = [channel, {**copy.deepcopy(channel), "ChannelType": "training"}]


@breaks("channels-share-content-type", operations=BOTH)
def _(d, doc):
    types = facts().content_types[_problem_type(doc)]
    first, second = d.choice([(a, b) for a in types for b in types if a != b])
    training = {**doc["AutoMLJobInputDataConfig"][0], "ChannelType": "training", "ContentType": first}
    validation = {**copy.deepcopy(training), "ChannelType": "validation", "ContentType": second}
    doc["AutoMLJobInputDataConfig"] = [training, validation]
    for channel in (training, validation):
        if channel["ContentType"] == facts().default_content_type(_problem_type(doc)) and d.boolean():
            del channel["ContentType"]  # the default it relies on: still the other type


@breaks("algorithms-config-one-entry", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    _config(doc)["CandidateGenerationConfig"] = {"AlgorithmsConfig": []}


@breaks("tabular-algorithms-per-mode", ("Tabular",), operations=BOTH)
def _(d, doc):
    f = facts()
    config = _config(doc)
    mode = d.choice(("ENSEMBLING", "HYPERPARAMETER_TUNING", None))
    config.pop("Mode", None)
    if mode:
        config["Mode"] = mode
    if mode == "HYPERPARAMETER_TUNING":
        config.pop("SampleWeightAttributeName", None)
    foreign = [a for a in f.algorithms[None] + f.time_series_algorithms if a not in f.algorithms[mode]]
    config["CandidateGenerationConfig"] = {"AlgorithmsConfig": [{"AutoMLAlgorithms": [d.choice(foreign)]}]}


@breaks("time-series-algorithms", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    _config(doc)["CandidateGenerationConfig"] = {"AlgorithmsConfig": [{"AutoMLAlgorithms": [d.choice(facts().algorithms[None])]}]}


@breaks("sample-weight-not-in-hpo", ("Tabular",), operations=BOTH)
def _(d, doc):
    config = _config(doc)
    config.pop("CandidateGenerationConfig", None)  # keep the algorithms out of it
    config.update(Mode="HYPERPARAMETER_TUNING", SampleWeightAttributeName="weight")


breaks("text-generation-hyperparameter-names", ("TextGeneration",), operations=BOTH)(_hyperparameter(lambda d: (d.choice(("epochs", "batch_size", "LearningRate")), "5")))
breaks("epoch-count-range", ("TextGeneration",), operations=BOTH)(_hyperparameter(lambda d: ("epochCount", d.choice(("0", "11", "1.5", "10.0", "1e1", "011")))))
breaks("batch-size-range", ("TextGeneration",), operations=BOTH)(_hyperparameter(lambda d: ("batchSize", d.choice(("0", "65", "8.5", "065", "-1")))))
breaks("learning-rate-range", ("TextGeneration",), operations=BOTH)(_hyperparameter(lambda d: ("learningRate", d.choice(("1.5", "2", "1e5", "-0.1", "9e-0", "1001e-3", "1.00000000000001")))))
breaks("warmup-steps-range", ("TextGeneration",), operations=BOTH)(_hyperparameter(lambda d: ("learningRateWarmupSteps", d.choice(("251", "-1", "1000", "2.5")))))


@breaks("filling-method-values", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    transformations, target = _filling_of(doc)
    transformations.setdefault("Filling", {})[target] = d.choice(({"frontfill": "zero"}, {"middlefill": "none"}, {"backfill": "forward"}))


@breaks("filling-value-pair", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    transformations, target = _filling_of(doc)
    transformations.setdefault("Filling", {})[target] = d.choice(({"backfill": "value"}, {"futurefill": "mean", "futurefill_value": "2"}))


@breaks("frontfill-target-only", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    transformations, target = _filling_of(doc)
    filling = transformations.setdefault("Filling", {})
    filling.clear()
    filling[_other_column(target)] = {"frontfill": "none"}


@breaks("aggregation-target-only", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    transformations, target = _filling_of(doc)
    transformations["Aggregation"] = {_other_column(target): d.choice(facts().aggregations)}


@breaks("forecast-frequency", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    unit = d.choice(list(FREQUENCY_MAX))
    _config(doc)["ForecastFrequency"] = d.choice((f"{FREQUENCY_MAX[unit] + 1}{unit}", f"0{unit}", f"01{unit}", "1d"))


@breaks("forecast-horizon-max", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    _config(doc)["ForecastHorizon"] = number(d, facts().horizon_max + 1, 100_000)


@breaks("forecast-quantiles-distinct", ("TimeSeriesForecasting",), operations=BOTH)
def _(d, doc):
    quantile = f"p{d.integer(1, 99)}"
    _config(doc)["ForecastQuantiles"] = [quantile, quantile]


@breaks("s3-output-path-max-512", operations=BOTH)
def _(d, doc):
    prefix = "s3://bucket/"
    doc["OutputDataConfig"]["S3OutputPath"] = prefix + "k" * (number(d, facts().s3_output_max + 1, facts().s3_uri_max) - len(prefix))


@breaks("security-group-id-form", operations=BOTH)
def _(d, doc):
    doc.setdefault("SecurityConfig", {})["VpcConfig"] = {"SecurityGroupIds": [d.choice(("0123456789abcdef0", "sgabc", "group-1"))], "Subnets": ["subnet-1"]}


@breaks("endpoint-name-iff-not-auto-generated", operations=(CREATE,))
def _(d, doc):
    doc["ModelDeployConfig"] = d.choice(({}, {"AutoGenerateEndpointName": False}, {"AutoGenerateEndpointName": True, "EndpointName": "endpoint"}))


@breaks("deploy-result-omitted-on-failure", statuses=lambda f: [s for s in f.statuses if "ModelDeploymentError" in f.secondary_choices(s)])
def _(d, doc):
    doc["AutoMLJobSecondaryStatus"] = "ModelDeploymentError"
    doc["ModelDeployResult"] = {"EndpointName": "endpoint"}


@breaks("backtest-results-time-series-only", lambda f: f.no_backtest_problem_types, ("Completed",))
def _(d, doc):
    locations = _ensure_candidate(doc).setdefault("CandidateProperties", {}).setdefault("CandidateArtifactLocations", {"Explainability": "s3://bucket/x"})
    locations["BacktestResults"] = "s3://bucket/backtest"


@breaks("inference-container-definitions-classification-only", lambda f: f.no_container_definitions_problem_types, ("Completed",))
def _(d, doc):
    _ensure_candidate(doc)["InferenceContainerDefinitions"] = {"CPU": []}


@breaks("timestamps-in-order", statuses=lambda f: [s for s in f.statuses if not f.finished(s)])
def _(d, doc):
    # a running job has no EndTime: only LastModifiedTime can come before CreationTime
    doc["LastModifiedTime"] = doc["CreationTime"] - d.choice((0.001, 1, 3600))


# --- the request's own: rules only a request has, and a response breaker's change where
# it would reach a member a request has not (or break a request-only rule as well)


@breaks("type", operations=(CREATE,))
def _(d, doc):
    where, value = d.choice((("RoleArn", 5), ("OutputDataConfig", None), ("Tags", {}), ("AutoMLJobName", 42)))
    doc[where] = value


@breaks("enum", ("Tabular", "TimeSeriesForecasting"), operations=(CREATE,))
def _(d, doc):
    # not CompressionType: a request's other values break gzip-only-s3prefix-tabular-data too
    config = _config(doc)
    if _problem_type(doc) == "Tabular":
        config.pop("CandidateGenerationConfig", None)
        config["Mode"] = d.choice(("FAST", "auto", "ENSEMBLE"))
    else:
        target = config["TimeSeriesConfig"]["TargetAttributeName"]
        config.setdefault("Transformations", {})["Aggregation"] = {target: d.choice(("average", "Sum", "median"))}


@breaks("length", operations=(CREATE,))
def _(d, doc):
    # not AutoMLJobName: its pattern holds its length too
    if d.boolean():
        doc["Tags"] = [{"Key": "k" * (facts().tag_key_max + 1), "Value": "v"}]
    else:
        doc["Tags"] = [{"Key": "k", "Value": "v" * (facts().tag_value_max + 1)}]


@breaks("range", operations=(CREATE,))
def _(d, doc):
    _config(doc)["CompletionCriteria"] = {"MaxRuntimePerTrainingJobInSeconds": d.choice((0, -1))}


@breaks("size", operations=(CREATE,))
def _(d, doc):
    doc["Tags"] = [{"Key": f"k{i}", "Value": ""} for i in range(facts().tags_max + 1)]


@breaks("union-one-member", ("ImageClassification", "TextClassification", "TextGeneration", "TimeSeriesForecasting"), operations=(CREATE,))
def _(d, doc):
    # a second member, empty (only these two are valid so); a request's problem type is the
    # member it sets, so the rules of both apply: drop what either would refuse
    own = _problem_type(doc)
    other = d.choice([t for t in ("ImageClassification", "TextGeneration") if t != own])
    doc["AutoMLProblemTypeConfig"][_config_member(other)] = {}
    for channel in doc["AutoMLJobInputDataConfig"]:
        channel.pop("ContentType", None)
        channel.pop("CompressionType", None)
        source = channel["DataSource"]["S3DataSource"]
        source["S3DataType"] = "S3Prefix"  # what every problem type takes
        if not source["S3Uri"].startswith("s3://"):
            source["S3Uri"] = "s3://bucket/prefix/"
    for member in ("AutoMLJobObjective", "AutoMLComputeConfig"):
        doc.pop(member, None)


@breaks("gzip-only-s3prefix-tabular-data", ("Tabular", "ImageClassification"), operations=(CREATE,))
def _(d, doc):
    source = doc["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]
    doc["AutoMLJobInputDataConfig"][0]["CompressionType"] = "Gzip"
    if _problem_type(doc) == "Tabular":
        source["S3DataType"] = "ManifestFile"  # a tabular job takes no AugmentedManifestFile
    else:
        source.update(S3DataType="S3Prefix", S3Uri="s3://bucket/images/")


@breaks("validation-fraction-range", lambda f: [t for t in problem_types() if t not in f.no_data_split_problem_types], operations=BOTH)
def _(d, doc):
    doc["DataSplitConfig"] = {"ValidationFraction": d.choice((0, 0.0, 1, 1.0))}


@breaks("data-split-not-for-time-series", lambda f: f.no_data_split_problem_types, operations=BOTH)
def _(d, doc):
    doc["DataSplitConfig"] = d.choice(({}, {"ValidationFraction": number(d, 1, 499) / 1000}))


@breaks("s3-data-type-per-problem-type", lambda f: [t for t in problem_types() if f.s3_data_types_of[t] != f.s3_data_types],
        operations=BOTH)
def _(d, doc):
    allowed = facts().s3_data_types_of[_problem_type(doc)]
    channel = d.choice(doc["AutoMLJobInputDataConfig"])
    source = channel["DataSource"]["S3DataSource"]
    source["S3DataType"] = d.choice([t for t in facts().s3_data_types if t not in allowed])
    if source["S3Uri"].startswith("https://"):
        source["S3Uri"] = "s3://bucket/manifest.json"  # an s3:// URI, whichever type
    channel.pop("CompressionType", None)  # Gzip is for S3Prefix inputs only


@breaks("tag-keys-unique", operations=(CREATE,))
def _(d, doc):
    key = d.choice(("team", "cost-center", "Project"))
    doc["Tags"] = [{"Key": key, "Value": "a"}, {"Key": "other", "Value": ""}, {"Key": key, "Value": d.choice(("a", "b"))}]


# --- the StopAutoMLJob request, the ListAutoMLJobs page and the List operations' parameters

NAMED = (STOP, LIST_CANDIDATES_REQUEST)  # the requests that name one job


@breaks("type", operations=NAMED)
def _(d, doc):
    doc["AutoMLJobName"] = d.choice((42, ["my-job"], {"Name": "my-job"}))


@breaks("required", operations=NAMED)
def _(d, doc):
    del doc["AutoMLJobName"]


@breaks("unknown-member", operations=NAMED)
def _(d, doc):
    doc[d.choice(("Force", "AutoMLJobArn", "NameContains"))] = "x"


@breaks("pattern", operations=NAMED)
def _(d, doc):
    doc["AutoMLJobName"] = d.choice(("job_1", "-job", "job-", "HousePrices\n"))


@breaks("length", operations=NAMED)
def _(d, doc):
    doc["AutoMLJobName"] = "a" * (facts().job_name_max + 1)


@breaks("type", operations=(LIST_JOBS_REQUEST,))
def _(d, doc):
    where, value = d.choice((("MaxResults", "10"), ("NameContains", 7), ("SortOrder", True)))
    doc[where] = value


@breaks("unknown-member", operations=(LIST_JOBS_REQUEST,))
def _(d, doc):
    doc[d.choice(("NameEquals", "MaxItems", "AutoMLJobName"))] = "x"


@breaks("enum", operations=(LIST_JOBS_REQUEST, LIST_CANDIDATES_REQUEST))
def _(d, doc):
    where = d.choice(("StatusEquals", "SortOrder", "SortBy"))
    doc[where] = {"StatusEquals": "Running", "SortOrder": "ascending", "SortBy": "FinalObjectiveMetricValue" if "AutoMLJobName" not in doc else "Name"}[where]


@breaks("pattern", operations=(LIST_JOBS_REQUEST,))
def _(d, doc):
    if d.boolean():
        doc["NameContains"] = d.choice(("", "my_job", "job name"))
    else:
        doc["NextToken"] = "page\n2"


@breaks("length", operations=(LIST_JOBS_REQUEST,))
def _(d, doc):
    doc["NameContains"] = "a" * (facts().name_contains_max + 1)


@breaks("range", operations=(LIST_JOBS_REQUEST, LIST_CANDIDATES_REQUEST))
def _(d, doc):
    most = facts().jobs_max_results if "AutoMLJobName" not in doc else facts().candidates_max_results
    doc["MaxResults"] = d.choice((0, most + 1))


@breaks("timestamp", operations=(LIST_JOBS_REQUEST,))
def _(d, doc):
    where = d.choice(("CreationTimeAfter", "CreationTimeBefore", "LastModifiedTimeAfter", "LastModifiedTimeBefore"))
    doc[where] = d.choice(("yesterday", "2024-13-01T00:00:00Z", "2024-04-01", -1))


@breaks("type", operations=(LIST_CANDIDATES_REQUEST,))
def _(d, doc):
    doc["MaxResults"] = d.choice(("10", 2.5))


# the ListAutoMLJobs page: a change to one summary (one made when the page has none)

def _a_summary(d: Draw, doc: dict) -> dict:
    summaries = doc["AutoMLJobSummaries"]
    if not summaries:
        summaries.append({"AutoMLJobName": "job-1", "AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/job-1",
                          "AutoMLJobStatus": "InProgress", "AutoMLJobSecondaryStatus": "Starting",
                          "CreationTime": 1_700_000_000, "LastModifiedTime": 1_700_000_000})
    return d.choice(summaries)


@breaks("type", operations=(LIST_JOBS,))
def _(d, doc):
    where, value = d.choice((("AutoMLJobName", 42), ("AutoMLJobStatus", 3), ("PartialFailureReasons", {})))
    _a_summary(d, doc)[where] = value


@breaks("required", operations=(LIST_JOBS,))
def _(d, doc):
    if d.boolean():
        del doc["AutoMLJobSummaries"]
    else:
        del _a_summary(d, doc)[d.choice(("AutoMLJobArn", "AutoMLJobSecondaryStatus", "CreationTime", "LastModifiedTime"))]


@breaks("unknown-member", operations=(LIST_JOBS,))
def _(d, doc):
    (_a_summary(d, doc) if d.boolean() else doc)[d.choice(("AutoMLJobType", "ProblemType", "Summaries"))] = "x"


@breaks("enum", operations=(LIST_JOBS,))
def _(d, doc):
    where, value = d.choice((("AutoMLJobStatus", "Paused"), ("AutoMLJobSecondaryStatus", "Queued")))
    _a_summary(d, doc)[where] = value


@breaks("pattern", operations=(LIST_JOBS,))
def _(d, doc):
    if d.boolean():
        _a_summary(d, doc)["AutoMLJobName"] = d.choice(("job_1", "-job", "job-"))
    else:
        doc["NextToken"] = "page\n2"


@breaks("length", operations=(LIST_JOBS,))
def _(d, doc):
    _a_summary(d, doc)["AutoMLJobName"] = "a" * (facts().job_name_max + 1)


@breaks("size", operations=(LIST_JOBS,))
def _(d, doc):
    _a_summary(d, doc)["PartialFailureReasons"] = [] if d.boolean() else [{}] * (facts().partial_failures_max + 1)


@breaks("timestamp", operations=(LIST_JOBS,))
def _(d, doc):
    _a_summary(d, doc)["CreationTime"] = d.choice(("yesterday", "2024-13-01T00:00:00Z", -1))


@breaks("timestamps-in-order", operations=(LIST_JOBS,))
def _(d, doc):
    # a running job: no EndTime, so only LastModifiedTime can come before CreationTime
    summary = _a_summary(d, doc)
    summary.update(AutoMLJobStatus="InProgress", AutoMLJobSecondaryStatus="Starting")
    summary.pop("EndTime", None)
    summary["LastModifiedTime"] = summary["CreationTime"] - d.choice((0.001, 1, 3600))
