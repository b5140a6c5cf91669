"""Build DescribeAutoMLJobV2 responses that are valid by construction, and break them.

One code path serves two drivers through a tiny ``Draw`` interface (boolean, integer,
choice, chars): ``sagemaker_schema.strategies`` drives it with Hypothesis (so examples
shrink: optional members are drawn with a boolean and vanish, sizes shrink to their
minimum), and ``sagemaker-schema generate`` drives it with a seeded ``random.Random``
(so the same seed gives byte-identical files, and Hypothesis is not needed at run time).

Enums, lengths, ranges and lists come from the schema files; what is written by hand
here is only the cross-field logic (which member goes with which) and the shapes of
strings whose pattern says more than a character class (ARNs, S3 URIs, names).
Valid responses break no rule of either severity: warnings are part of the contract.
"""
from __future__ import annotations

import copy
import json
import random
import string
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Protocol, Sequence

from . import pyrules, schema
from .schema import ROOT_FILE, load_files

FORMS = ("wire", "boto3", "boto3-json")


class Draw(Protocol):
    """The four primitives every generator is written with. Each shrinks (under
    Hypothesis) towards False, ``lo``, ``options[0]`` and ``alphabet[0]``."""

    def boolean(self) -> bool: ...
    def integer(self, lo: int, hi: int) -> int: ...
    def choice(self, options: Sequence[Any]) -> Any: ...
    def chars(self, alphabet: str, n: int) -> str: ...


class RandomDraw:
    """Draw from a seeded random.Random: deterministic for a seed, no Hypothesis."""

    def __init__(self, seed: Any):
        self.rng = random.Random(seed)

    def boolean(self) -> bool:
        return self.rng.random() < 0.5

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence[Any]) -> Any:
        return options[self.rng.randrange(len(options))]

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choices(alphabet, k=n))


# --- facts read from the schema files (one home for each enum, length and list)

def _anchors() -> dict[str, dict]:
    return schema.rule_schemas()


def _defs(file: str, name: str) -> dict:
    return load_files()[file]["$defs"][name]


def _prop(node: dict, *names: str) -> dict:
    for name in names:
        node = node["properties"][name]
    return node


def _first_enum(node: Any) -> list:
    """The first enum found below a subschema (depth first, in file order)."""
    if isinstance(node, dict):
        if "enum" in node:
            return list(node["enum"])
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return []
    for child in children:
        found = _first_enum(child)
        if found:
            return found
    return []


def _named(branch: dict) -> list[str]:
    """The problem type names an `if` of a cross-field rule tests (const or enum)."""
    test = branch["if"]["properties"]["AutoMLProblemTypeConfigName"]
    return [test["const"]] if "const" in test else list(test["enum"])


class Facts:
    """Everything the generator needs to know about the schema, read once."""

    def __init__(self):
        root = load_files()[ROOT_FILE]["properties"]
        anchors = _anchors()
        self.problem_types = list(root["AutoMLProblemTypeConfigName"]["enum"])
        self.statuses = list(root["AutoMLJobStatus"]["enum"])
        self.secondary_statuses = list(root["AutoMLJobSecondaryStatus"]["enum"])
        self.job_name_max = root["AutoMLJobName"]["maxLength"]
        self.arn_max = root["AutoMLJobArn"]["maxLength"]
        self.partial_failures_max = root["PartialFailureReasons"]["maxItems"]
        self.channels_max = root["AutoMLJobInputDataConfig"]["maxItems"]
        self.metrics = list(_defs("common.json", "AutoMLMetricEnum")["enum"])
        self.tabular_problem_types = list(_defs("common.json", "ProblemType")["enum"])
        criteria = _defs("common.json", "AutoMLJobCompletionCriteria")
        self.max_candidates = criteria["properties"]["MaxCandidates"]["maximum"]
        self.s3_uri_max = _defs("common.json", "S3Uri")["maxLength"]
        self.kms_max = _defs("common.json", "KmsKeyId")["maxLength"]
        role = _defs("common.json", "RoleArn")
        self.role_min, self.role_max = role["minLength"], role["maxLength"]
        self.failure_max = _defs("common.json", "AutoMLFailureReason")["maxLength"]
        self.endpoint_max = _defs("common.json", "EndpointName")["maxLength"]
        self.base_model_max = _defs("common.json", "BaseModelName")["maxLength"]
        self.column_max = _defs("common.json", "TransformationAttributeName")["maxLength"]
        self.s3_output_max = pyrules.S3_OUTPUT_PAGE_MAX  # the page's limit, so not even its warning fires
        self.s3_output_error_max = anchors["s3-output-path-max-512"]["maxLength"]

        channel = _defs("input-data.json", "AutoMLJobChannel")
        self.channel_types = list(_prop(channel, "ChannelType")["enum"])
        self.compression_types = list(_prop(channel, "CompressionType")["enum"])
        self.s3_data_types = list(_prop(_defs("input-data.json", "AutoMLS3DataSource"), "S3DataType")["enum"])
        self.content_types = {
            name: _first_enum(branch["then"])
            for branch in anchors["content-type-per-problem-type"]["allOf"]
            for name in _named(branch)
        }

        tabular = _defs("problem-type-config.json", "TabularJobConfig")
        self.modes = list(_prop(tabular, "Mode")["enum"])
        self.sample_weight_max = _prop(tabular, "SampleWeightAttributeName")["maxLength"]
        per_mode = anchors["tabular-algorithms-per-mode"]["allOf"]
        self.algorithms = {  # training mode (None: not set, or AUTO) -> algorithms
            "ENSEMBLING": _first_enum(per_mode[0]["then"]),
            "HYPERPARAMETER_TUNING": _first_enum(per_mode[1]["then"]),
            None: _first_enum(per_mode[2]["then"]),
        }
        self.algorithms_max = _prop(_defs("problem-type-config.json", "AutoMLAlgorithmConfig"), "AutoMLAlgorithms")["maxItems"]
        self.time_series_algorithms = _first_enum(anchors["time-series-algorithms"])
        self.objective_metrics = {  # tabular ProblemType (None: not known) -> objective metrics
            branch["if"]["properties"]["AutoMLProblemTypeConfig"]["properties"]["TabularJobConfig"]["properties"]["ProblemType"]["const"]:
            _first_enum(branch["then"]["properties"]["AutoMLJobObjective"])
            for branch in anchors["objective-metric-per-problem-type"]["allOf"]
            if "AutoMLProblemTypeConfig" in branch["if"]["properties"]
        }
        self.objective_metrics[None] = _first_enum(anchors["objective-metric-per-problem-type"]["allOf"][-1]["then"])
        self.non_tabular_metrics = {  # the other problem types -> objective metrics
            branch["if"]["properties"]["AutoMLProblemTypeConfigName"]["const"]: _first_enum(branch["then"])
            for branch in anchors["objective-metric-non-tabular"]["allOf"]
        }

        text_generation = _defs("problem-type-config.json", "TextGenerationJobConfig")
        self.hyperparameters = list(anchors["text-generation-hyperparameter-names"]["propertyNames"]["enum"])
        self.hyperparameter_value_max = _prop(text_generation, "TextGenerationHyperParameters")["additionalProperties"]["maxLength"]

        forecasting = _defs("time-series-forecasting.json", "TimeSeriesForecastingJobConfig")
        self.horizon_max = anchors["forecast-horizon-max"]["maximum"]
        self.quantiles_max = _prop(forecasting, "ForecastQuantiles")["maxItems"]
        transformations = _defs("time-series-forecasting.json", "TimeSeriesTransformations")
        filling = _prop(transformations, "Filling")
        self.filling_columns_max = filling["maxProperties"]
        self.filling_keys_max = filling["additionalProperties"]["maxProperties"]
        self.filling_methods = {m: list(v["enum"]) for m, v in anchors["filling-method-values"]["properties"].items()}
        self.aggregations = list(_prop(transformations, "Aggregation")["additionalProperties"]["enum"])
        self.grouping_max = _prop(_defs("time-series-forecasting.json", "TimeSeriesConfig"), "GroupingAttributeNames")["maxItems"]

        metric = _defs("candidate.json", "MetricDatum")
        # what a candidate's metrics are named (real output: LogLoss, beyond the objective's enum)
        self.standard_metrics = list(_defs("common.json", "AutoMLMetricExtendedEnum")["enum"])
        self.metric_sets = list(_prop(metric, "Set")["enum"])
        final = _defs("candidate.json", "FinalAutoMLJobObjectiveMetric")
        self.metric_types = list(_prop(final, "Type")["enum"])
        candidate = _defs("candidate.json", "AutoMLCandidate")
        self.objective_statuses = list(_prop(candidate, "ObjectiveStatus")["enum"])
        self.candidate_statuses = list(_prop(candidate, "CandidateStatus")["enum"])
        self.candidate_name_max = _prop(candidate, "CandidateName")["maxLength"]
        self.containers_max = _prop(candidate, "InferenceContainers")["maxItems"]
        self.processing_units = list(_prop(candidate, "InferenceContainerDefinitions")["propertyNames"]["enum"])
        self.candidate_metrics_max = _prop(_defs("candidate.json", "CandidateProperties"), "CandidateMetrics")["maxItems"]
        self.step_types = list(_prop(_defs("candidate.json", "AutoMLCandidateStep"), "CandidateStepType")["enum"])
        self.step_name_max = _prop(_defs("candidate.json", "AutoMLCandidateStep"), "CandidateStepName")["maxLength"]
        container = _defs("candidate.json", "AutoMLContainerDefinition")
        self.image_max = _prop(container, "Image")["maxLength"]
        self.environment_max = _prop(container, "Environment")["maxProperties"]
        vpc = _defs("job-settings.json", "VpcConfig")
        self.security_groups_max = _prop(vpc, "SecurityGroupIds")["maxItems"]
        self.subnets_max = _prop(vpc, "Subnets")["maxItems"]
        self.vpc_id_max = _prop(vpc, "Subnets")["items"]["maxLength"]


@lru_cache(maxsize=1)
def facts() -> Facts:
    return Facts()


# ForecastFrequency: the largest count of each unit, as the rule's pattern states it
# (the pattern holds the ranges only as a regex; a test checks each bound and bound+1).
FREQUENCY_MAX = {"min": 59, "H": 23, "D": 6, "W": 4, "M": 11, "Y": 1}

ALNUM = string.ascii_letters + string.digits
LOWER = string.ascii_lowercase + string.digits
DIGITS = string.digits
HEX = "0123456789abcdef"
KEY_CHARS = ALNUM + "/_.-"  # S3 key characters that need no escaping
COLUMN_CHARS = ALNUM + "_-"
ROLE_CHARS = ALNUM + "_+=,.@-/"
KMS_CHARS = ALNUM + ":/_-"
TEXT_CHARS = ALNUM + " .,:;_-()'"
# regions by partition: every ARN of one response names the same partition, region and account
REGIONS = {
    "aws": ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"),
    "aws-cn": ("cn-north-1", "cn-northwest-1"),
    "aws-us-gov": ("us-gov-west-1", "us-gov-east-1"),
}
PARTITIONS = tuple(REGIONS)
DOMAINS = {"aws-cn": "amazonaws.com.cn"}  # ECR hosts; amazonaws.com elsewhere
BASE_MODELS = ("Falcon7BInstruct", "Falcon40BInstruct", "Llama2-7BChat", "Mistral7BInstruct", "FlanT5XL", "Dolly3B")
MIN_EPOCH_MS = 1_500_000_000_000  # July 2017, before AutoML jobs V2 existed; shrinks here
# every timestamp lies in the past: a job is created by this date and finishes, with its
# best candidate, within 31 days (fixed, not "now": the same seed gives the same bytes)
LATEST_MS = 1_764_547_200_000  # 2025-12-01
MAX_EPOCH_MS = LATEST_MS - 31 * 86_400_000


# --- sizes and numbers: small first, boundaries often

_SIZE_KINDS = ("small", "small", "small", "small", "small", "min", "max", "any")
_VALUE_KINDS = ("any", "any", "min", "max")


def size(d: Draw, lo: int, hi: int) -> int:
    """A length or count: usually small, often exactly the minimum or the maximum."""
    kind = d.choice(_SIZE_KINDS)
    if kind == "min" or hi <= lo:
        return lo
    if kind == "max":
        return hi
    return d.integer(lo, hi if kind == "any" else min(hi, lo + 4))


def number(d: Draw, lo: int, hi: int) -> int:
    """An integer in a range; half the time one of its bounds."""
    kind = d.choice(_VALUE_KINDS)
    return lo if kind == "min" else hi if kind == "max" else d.integer(lo, hi)


def maybe(d: Draw, make: Callable[[], Any]) -> Any:
    """An optional member: drawn with a boolean so that shrinking removes it."""
    return make() if d.boolean() else None


def omitted(d: Draw) -> bool:
    """For an optional member that real responses nearly always carry: absent one time
    in four, and shrinking keeps it (it shrinks to False)."""
    return d.integer(0, 3) == 3


def members(**values: Any) -> dict:
    """A structure without the optional members that were not drawn (None)."""
    return {k: v for k, v in values.items() if v is not None}


def subset(d: Draw, options: Sequence[Any], lo: int = 0, hi: int | None = None) -> list:
    """Distinct options in their listed order (e.g. algorithms, quantiles)."""
    hi = len(options) if hi is None else min(hi, len(options))
    n = size(d, lo, hi)
    pool = list(options)
    picked = [pool.pop(d.integer(0, len(pool) - 1)) for _ in range(n)]
    return picked


def text(d: Draw, alphabet: str, lo: int, hi: int) -> str:
    return d.chars(alphabet, size(d, lo, hi))


def dashed(d: Draw, lo: int, hi: int, alphabet: str = ALNUM) -> str:
    """[a-zA-Z0-9](-*[a-zA-Z0-9])*: alphanumeric at both ends, dashes inside."""
    n = size(d, max(lo, 1), hi)
    if n == 1:
        return d.chars(alphabet, 1)
    return d.chars(alphabet, 1) + d.chars(alphabet + "-", n - 2) + d.chars(alphabet, 1)


def distinct_names(d: Draw, n: int, make: Callable[[], str], taken: set[str] = frozenset()) -> list[str]:
    """n names unlike each other and unlike ``taken`` (suffixes make clashes distinct)."""
    names: list[str] = []
    for i in range(n):
        name = make()
        while name in names or name in taken:
            name = (name[:-2] if len(name) > 250 else name) + f"{i}x"
        names.append(name)
    return names


# --- strings with a shape

@dataclass(frozen=True)
class Place:
    partition: str
    region: str
    account: str


# the partition, region and account of the response being built (response() sets it)
_PLACE: ContextVar[Place | None] = ContextVar("place", default=None)


def place(d: Draw) -> Place:
    """Where the response's resources live; drawn afresh outside response() (breakers)."""
    current = _PLACE.get()
    if current is not None:
        return current
    partition = d.choice(PARTITIONS)
    return Place(partition, d.choice(REGIONS[partition]), d.chars(DIGITS, 12))


def account(d: Draw) -> str:
    return place(d).account


def s3_uri(d: Draw, limit: int, scheme: str | None = None) -> str:
    scheme = scheme or d.choice(("s3", "https"))
    bucket = dashed(d, 3, 12, LOWER)
    where = place(d)  # an https URL names the bucket's region, as S3's virtual-hosted style does
    host = bucket if scheme == "s3" else f"{bucket}.s3.{where.region}.{DOMAINS.get(where.partition, 'amazonaws.com')}"
    prefix = f"{scheme}://{host}/"
    return prefix + text(d, KEY_CHARS, 0, limit - len(prefix))


def role_arn(d: Draw) -> str:
    f = facts()
    prefix = f"arn:{place(d).partition}:iam::{account(d)}:role/"
    low = max(1, f.role_min - len(prefix))
    return prefix + d.chars(ALNUM, 1) + text(d, ROLE_CHARS, low - 1, f.role_max - len(prefix) - 1)


def kms_key(d: Draw) -> str:
    kind = d.choice(("key-arn", "key-id", "alias", "empty", "longest"))
    key_id = "-".join(d.chars(HEX, n) for n in (8, 4, 4, 4, 12))
    if kind == "key-arn":
        where = place(d)
        return f"arn:{where.partition}:kms:{where.region}:{where.account}:key/{key_id}"
    if kind == "alias":
        return "alias/" + dashed(d, 1, 32)
    if kind == "empty":
        return ""  # the model sets no minimum length
    if kind == "longest":
        return d.chars(KMS_CHARS, facts().kms_max)
    return key_id


def column(d: Draw, hi: int = 64) -> str:
    """A column name (most have no pattern; 64 keeps unbounded ones readable)."""
    return d.chars(string.ascii_letters, 1) + text(d, COLUMN_CHARS, 0, hi - 1)


def epoch(ms: int) -> float | int:
    """Epoch seconds as the wire form writes them: a whole number or milliseconds."""
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


# --- the response

def _secondary_choices(status: str) -> list[str]:
    return sorted(pyrules.SECONDARY_FOR[status])  # sorted: set order varies by process


def response(d: Draw, problem_type: str | None = None, status: str | None = None, *, complete: bool = False) -> dict:
    """A wire-form response valid under every rule, errors and warnings alike. complete:
    always give the optional members the breakers reach into (AutoMLProblemTypeConfig,
    its name, each channel's DataSource)."""
    f = facts()
    problem_type = problem_type or d.choice(f.problem_types)
    status = status or d.choice(f.statuses)
    where = place(d)
    token = _PLACE.set(where)
    try:
        return _response(d, f, problem_type, status, where, complete)
    finally:
        _PLACE.reset(token)


def _response(d: Draw, f: Facts, problem_type: str, status: str, where: Place, complete: bool) -> dict:
    secondary = d.choice(_secondary_choices(status))
    finished = status in pyrules.FINISHED

    name = dashed(d, 1, f.job_name_max)
    arn_name = name.lower() if d.boolean() else name  # real ARNs lower-case the name
    arn = f"arn:{where.partition}:sagemaker:{where.region}:{where.account}:automl-job/{arn_name}"

    config, tabular_type = _problem_config(d, problem_type)
    objective = _objective(d, problem_type, tabular_type)

    created = d.integer(MIN_EPOCH_MS, MAX_EPOCH_MS)
    ended = created + number(d, 0, 30 * 86_400_000) if finished else None
    modified = (ended if ended is not None else created) + number(d, 0, 86_400_000)

    early = secondary in pyrules.EARLY_STAGES
    # a job that only generates candidate definitions trains no candidate (a warning otherwise)
    untrained = early or config.get("GenerateCandidateDefinitionsOnly") is True
    deploy_config = maybe(d, lambda: _deploy_config(d))
    resolved = maybe(d, lambda: _resolved(d, problem_type, config, tabular_type, objective))
    # the best candidate's final metric is the objective, configured or else resolved (a warning otherwise)
    final_objective = objective or (resolved or {}).get("AutoMLJobObjective")
    doc = members(
        AutoMLJobName=name,
        AutoMLJobArn=arn,
        AutoMLJobInputDataConfig=_channels(d, problem_type, complete),
        OutputDataConfig=members(
            S3OutputPath=s3_uri(d, f.s3_output_max),
            KmsKeyId=maybe(d, lambda: kms_key(d)),
        ),
        RoleArn=role_arn(d),
        AutoMLJobObjective=objective,
        # optional, both, though real responses carry them
        AutoMLProblemTypeConfig=None if not complete and omitted(d) else {_config_member(problem_type): config},
        AutoMLProblemTypeConfigName=None if not complete and omitted(d) else problem_type,
        CreationTime=epoch(created),
        EndTime=epoch(ended) if ended is not None else None,
        LastModifiedTime=epoch(modified),
        FailureReason=text(d, TEXT_CHARS, 0, f.failure_max) if status == "Failed" else None,
        PartialFailureReasons=maybe(d, lambda: [
            members(PartialFailureMessage=maybe(d, lambda: text(d, TEXT_CHARS, 0, f.failure_max)))
            for _ in range(size(d, 1, f.partial_failures_max))
        ]),
        BestCandidate=None if untrained else maybe(d, lambda: _candidate(d, problem_type, final_objective, created, ended)),
        AutoMLJobStatus=status,
        AutoMLJobSecondaryStatus=secondary,
        AutoMLJobArtifacts=maybe(d, lambda: members(
            CandidateDefinitionNotebookLocation=maybe(d, lambda: s3_uri(d, 256, "s3")),
            DataExplorationNotebookLocation=maybe(d, lambda: s3_uri(d, 256, "s3")),
        )),
        ResolvedAttributes=resolved,
        ModelDeployConfig=deploy_config,
        ModelDeployResult=maybe(d, lambda: members(
            # the endpoint is omitted when deployment failed, and has the configured name (a warning otherwise)
            EndpointName=None if secondary == "ModelDeploymentError" else maybe(
                d, lambda: (deploy_config or {}).get("EndpointName") or dashed(d, 1, f.endpoint_max)),
        )),
        DataSplitConfig=maybe(d, lambda: members(
            # above 0 and below the recommended 0.5, in thousandths
            ValidationFraction=maybe(d, lambda: number(d, 1, 499) / 1000),
        )),
        SecurityConfig=maybe(d, lambda: _security(d)),
        # EMR Serverless is available for the tabular and time series problem types
        AutoMLComputeConfig=maybe(d, lambda: members(
            EmrServerlessComputeConfig=None if omitted(d) or problem_type not in EMR_PROBLEM_TYPES else members(ExecutionRoleARN=role_arn(d)),
        )),
    )
    return doc


EMR_PROBLEM_TYPES = ("Tabular", "TimeSeriesForecasting")


def _config_member(problem_type: str) -> str:
    return f"{problem_type}JobConfig"


def _criteria(d: Draw, max_candidates: int) -> dict:
    return members(
        MaxCandidates=maybe(d, lambda: number(d, 1, max_candidates)),
        MaxRuntimePerTrainingJobInSeconds=maybe(d, lambda: number(d, 1, 259_200)),
        MaxAutoMLJobRuntimeInSeconds=maybe(d, lambda: number(d, 1, 2_592_000)),
    )


def _problem_config(d: Draw, problem_type: str) -> tuple[dict, str | None]:
    """The union member's config, and the tabular ProblemType when it sets one."""
    f = facts()
    criteria = lambda: _criteria(d, f.max_candidates if problem_type == "Tabular" else 1)  # noqa: E731
    if problem_type == "ImageClassification":
        return members(CompletionCriteria=maybe(d, criteria)), None
    if problem_type == "TextClassification":
        content, target = distinct_names(d, 2, lambda: column(d, f.column_max))
        return members(CompletionCriteria=maybe(d, criteria), ContentColumn=content, TargetLabelColumn=target), None
    if problem_type == "TextGeneration":
        return members(
            CompletionCriteria=maybe(d, criteria),
            BaseModelName=maybe(d, lambda: _base_model(d)),
            TextGenerationHyperParameters=maybe(d, lambda: _hyperparameters(d)),
            ModelAccessConfig=maybe(d, lambda: {"AcceptEula": d.boolean()}),
        ), None
    if problem_type == "TimeSeriesForecasting":
        return _forecasting(d, criteria), None
    mode = maybe(d, lambda: d.choice(f.modes))
    tabular_type = maybe(d, lambda: d.choice(f.tabular_problem_types))
    config = members(
        # AlgorithmsConfig is not set in AUTO mode (a warning otherwise)
        CandidateGenerationConfig=maybe(d, lambda: members(
            AlgorithmsConfig=None if mode == "AUTO" else maybe(d, lambda: [
                {"AutoMLAlgorithms": subset(d, f.algorithms[mode], 0, f.algorithms_max)}
            ]),
        )),
        CompletionCriteria=maybe(d, criteria),
        FeatureSpecificationS3Uri=maybe(d, lambda: s3_uri(d, f.s3_uri_max)),
        Mode=mode,
        GenerateCandidateDefinitionsOnly=maybe(d, d.boolean),
        ProblemType=tabular_type,
        TargetAttributeName=column(d),
        # sample weights are supported in ensembling (and AUTO) mode only
        SampleWeightAttributeName=None if mode == "HYPERPARAMETER_TUNING" else maybe(
            d, lambda: d.chars(ALNUM, 1) + text(d, COLUMN_CHARS, 0, f.sample_weight_max - 1)),
    )
    return config, tabular_type


def _base_model(d: Draw) -> str:
    return d.choice(BASE_MODELS) if d.boolean() else dashed(d, 1, facts().base_model_max)


def _hyperparameters(d: Draw) -> dict:
    values = {
        "epochCount": lambda: str(number(d, 1, 10)),
        "batchSize": lambda: str(number(d, 1, 64)),
        # any decimal numeral of value 0 to 1 (within the model's 16 characters and its alphabet: no "+")
        "learningRate": lambda: d.choice(("0", "1", "1.0", "0.5", "0.00001", "1e-5", "5E-3", ".25", "0.", "10e-2", "1e0",
                                          "-0", "1000e-3", "0.00000000001e11")),
        "learningRateWarmupSteps": lambda: str(number(d, 0, 250)),
    }
    return {name: values[name]() for name in subset(d, facts().hyperparameters)}


def _frequency(d: Draw) -> str:
    unit = d.choice(list(FREQUENCY_MAX))
    return f"{number(d, 1, FREQUENCY_MAX[unit])}{unit}"


def _forecasting(d: Draw, criteria: Callable[[], dict]) -> dict:
    f = facts()
    n_groups = maybe(d, lambda: size(d, 1, f.grouping_max)) or 0
    target, timestamp, item, *groups = distinct_names(d, 3 + n_groups, lambda: column(d, f.column_max))
    series = members(
        TargetAttributeName=target,
        TimestampAttributeName=timestamp,
        ItemIdentifierAttributeName=item,
        GroupingAttributeNames=groups or None,
    )
    return members(
        FeatureSpecificationS3Uri=maybe(d, lambda: s3_uri(d, f.s3_uri_max)),
        CompletionCriteria=maybe(d, criteria),
        ForecastFrequency=_frequency(d),
        ForecastHorizon=number(d, 1, f.horizon_max),
        ForecastQuantiles=maybe(d, lambda: [f"p{q}" for q in subset(d, range(1, 100), 1, f.quantiles_max)]),
        Transformations=maybe(d, lambda: members(
            Filling=maybe(d, lambda: _filling(d, target)),
            Aggregation=maybe(d, lambda: {target: d.choice(f.aggregations)}),  # target column only
        )),
        TimeSeriesConfig=series,
        HolidayConfig=maybe(d, lambda: [members(CountryCode=maybe(d, lambda: d.chars(string.ascii_uppercase, 2)))]),
        CandidateGenerationConfig=maybe(d, lambda: members(
            AlgorithmsConfig=maybe(d, lambda: [{"AutoMLAlgorithms": subset(d, f.time_series_algorithms)}]),
        )),
    )


def _filling(d: Draw, target: str) -> dict:
    f = facts()
    others = distinct_names(d, size(d, 1, f.filling_columns_max) - 1, lambda: column(d, f.column_max), {target})
    return {name: _fill_methods(d, name == target) for name in [target, *others]}


def _fill_methods(d: Draw, is_target: bool) -> dict:
    f = facts()
    methods = [m for m in f.filling_methods if is_target or m != "frontfill"]  # frontfill: target only
    chosen = subset(d, methods, 1)
    out: dict[str, str] = {}
    for index, method in enumerate(chosen):
        value = d.choice(f.filling_methods[method])
        later = len(chosen) - index - 1  # each method still to come takes a key too
        if value == "value" and len(out) + 2 + later > f.filling_keys_max:
            value = f.filling_methods[method][0]  # no room for the <method>_value companion
        out[method] = value
        if value == "value":
            out[f"{method}_value"] = d.chars(ALNUM, 1) + text(d, COLUMN_CHARS, 0, 15)
    return out


def _objective(d: Draw, problem_type: str, tabular_type: str | None) -> dict | None:
    f = facts()
    if problem_type == "Tabular":
        # ProblemType and AutoMLJobObjective come together or not at all
        return {"MetricName": d.choice(f.objective_metrics[tabular_type])} if tabular_type else None
    if problem_type == "TextGeneration":
        return None  # fine-tuning has no objective to set
    return maybe(d, lambda: {"MetricName": d.choice(f.non_tabular_metrics[problem_type])})


def _resolved(d: Draw, problem_type: str, config: dict, tabular_type: str | None, configured_objective: dict | None) -> dict:
    f = facts()
    configured = config.get("CompletionCriteria", {})
    limit = f.max_candidates if problem_type == "Tabular" else 1
    # the resolved values repeat the configured ones (a warning otherwise)
    criteria = lambda: members(  # noqa: E731
        MaxCandidates=configured.get("MaxCandidates") or maybe(d, lambda: number(d, 1, limit)),
        MaxRuntimePerTrainingJobInSeconds=configured.get("MaxRuntimePerTrainingJobInSeconds") or maybe(d, lambda: number(d, 1, 259_200)),
        MaxAutoMLJobRuntimeInSeconds=configured.get("MaxAutoMLJobRuntimeInSeconds") or maybe(d, lambda: number(d, 1, 2_592_000)),
    )
    union, objective = None, None
    if problem_type == "Tabular":
        # the resolved ProblemType repeats the configured one (a warning otherwise)
        union = maybe(d, lambda: {"TabularResolvedAttributes": members(
            ProblemType=maybe(d, lambda: tabular_type or d.choice(f.tabular_problem_types)))})
        known = tabular_type or (union or {}).get("TabularResolvedAttributes", {}).get("ProblemType")
        objective = maybe(d, lambda: {"MetricName": d.choice(f.objective_metrics[known])})
    elif problem_type == "TextGeneration":
        model = config.get("BaseModelName")
        union = maybe(d, lambda: {"TextGenerationResolvedAttributes": members(
            BaseModelName=maybe(d, lambda: model or _base_model(d)))})
    else:
        objective = maybe(d, lambda: {"MetricName": d.choice(f.non_tabular_metrics[problem_type])})
    return members(
        # a copy: one dict in two places would be saved as a YAML alias
        AutoMLJobObjective=dict(configured_objective) if configured_objective and objective else objective,
        CompletionCriteria=maybe(d, criteria),
        AutoMLProblemTypeResolvedAttributes=union,
    )


def _channels(d: Draw, problem_type: str, complete: bool) -> list[dict]:
    f = facts()
    content_type = maybe(d, lambda: d.choice(f.content_types[problem_type]))  # shared by both channels
    training = _channel(d, problem_type, d.choice((None, "training")), content_type, complete)
    if not d.boolean():
        return [training]
    validation = _channel(d, problem_type, "validation", content_type, complete)
    return [validation, training] if d.boolean() else [training, validation]


def _channel(d: Draw, problem_type: str, channel_type: str | None, content_type: str | None, complete: bool) -> dict:
    f = facts()
    data_type = d.choice(f.s3_data_types)
    # Gzip only for S3Prefix inputs of tabular data
    gzip_allowed = problem_type == "Tabular" and data_type == "S3Prefix"
    # optional in the model, but the page marks it "(Required)": always there
    source = {"S3DataSource": {
        "S3DataType": data_type,
        # an S3Prefix is an s3:// URI (a warning otherwise)
        "S3Uri": s3_uri(d, f.s3_uri_max, "s3" if data_type == "S3Prefix" else None),
    }}
    compression = maybe(d, lambda: d.choice(f.compression_types if gzip_allowed else ["None"]))
    return members(
        ChannelType=channel_type,
        ContentType=content_type,
        CompressionType=compression,
        DataSource=source,
    )


def _deploy_config(d: Draw) -> dict:
    auto = maybe(d, d.boolean)
    # EndpointName if and only if AutoGenerateEndpointName is not true
    return members(AutoGenerateEndpointName=auto, EndpointName=None if auto else dashed(d, 1, facts().endpoint_max))


def _security(d: Draw) -> dict:
    f = facts()
    vpc_id = lambda prefix: prefix + text(d, LOWER, 1, f.vpc_id_max - len(prefix))  # noqa: E731
    return members(
        VolumeKmsKeyId=maybe(d, lambda: kms_key(d)),
        EnableInterContainerTrafficEncryption=maybe(d, d.boolean),
        VpcConfig=maybe(d, lambda: {
            "SecurityGroupIds": [vpc_id("sg-") for _ in range(size(d, 1, f.security_groups_max))],
            "Subnets": [vpc_id("subnet-") for _ in range(size(d, 1, f.subnets_max))],
        }),
    )


def _candidate(d: Draw, problem_type: str, objective: dict | None, job_created: int, job_ended: int | None) -> dict:
    """BestCandidate within the job's lifetime: created after the job, ended before it."""
    f = facts()
    latest = job_ended if job_ended is not None else job_created + 30 * 86_400_000
    created = job_created + number(d, 0, latest - job_created)
    ended = maybe(d, lambda: created + number(d, 0, latest - created))
    modified = (ended if ended is not None else created) + number(d, 0, 3_600_000)
    metric = (objective or {}).get("MetricName") or d.choice(f.metrics)
    # older jobs report the final metric as validation:<name>, without a standard name
    reported = f"validation:{metric.lower()}" if d.integer(0, 7) == 0 else metric
    classification = problem_type in ("ImageClassification", "TextClassification")
    return members(
        CandidateName=dashed(d, 1, f.candidate_name_max),
        FinalAutoMLJobObjectiveMetric=maybe(d, lambda: members(
            Type=maybe(d, lambda: d.choice(f.metric_types)),
            MetricName=reported,
            Value=_metric_value(d),
            StandardMetricName=maybe(d, lambda: metric) if reported == metric else None,  # agrees with MetricName
        )),
        ObjectiveStatus=d.choice(f.objective_statuses),
        CandidateSteps=[_step(d) for _ in range(size(d, 0, 6))],
        CandidateStatus=d.choice(f.candidate_statuses),
        InferenceContainers=maybe(d, lambda: [_container(d) for _ in range(size(d, 0, f.containers_max))]),
        CreationTime=epoch(created),
        EndTime=epoch(ended) if ended is not None else None,
        LastModifiedTime=epoch(modified),
        FailureReason=maybe(d, lambda: text(d, TEXT_CHARS, 0, f.failure_max)),
        CandidateProperties=maybe(d, lambda: members(
            CandidateArtifactLocations=maybe(d, lambda: members(
                Explainability=s3_uri(d, 256, "s3"),
                ModelInsights=maybe(d, lambda: s3_uri(d, 256, "s3")),
                # backtest results exist for time-series forecasting only
                BacktestResults=maybe(d, lambda: s3_uri(d, 256, "s3")) if problem_type == "TimeSeriesForecasting" else None,
            )),
            CandidateMetrics=maybe(d, lambda: [_metric(d) for _ in range(size(d, 0, f.candidate_metrics_max))]),
        )),
        # inference container definitions for image or text classification only
        InferenceContainerDefinitions=maybe(d, lambda: {
            unit: [_container(d) for _ in range(size(d, 0, f.containers_max))]
            for unit in subset(d, f.processing_units)
        }) if classification else None,
    )


def _metric_value(d: Draw) -> float | int:
    return number(d, -1_000_000, 1_000_000) / d.choice((1, 10_000))


def _metric(d: Draw) -> dict:
    f = facts()
    name = maybe(d, lambda: d.choice(f.standard_metrics))
    # StandardMetricName agrees with MetricName when both are given
    standard = maybe(d, lambda: name if name else d.choice(f.standard_metrics))
    return members(
        MetricName=name,
        StandardMetricName=standard,
        Value=maybe(d, lambda: _metric_value(d)),
        Set=maybe(d, lambda: d.choice(f.metric_sets)),
    )


def _step(d: Draw) -> dict:
    f = facts()
    kind = d.choice(f.step_types)
    resource = kind.split("::")[-1].replace("Job", "-job").lower()
    step_name = dashed(d, 1, f.step_name_max)
    return {
        "CandidateStepType": kind,
        "CandidateStepArn": f"arn:{place(d).partition}:sagemaker:{place(d).region}:{account(d)}:{resource}/{step_name}",
        "CandidateStepName": step_name,
    }


def _container(d: Draw) -> dict:
    f = facts()
    # an image of the job's region, from an account of AWS's own
    region = place(d).region
    repository = f"{d.chars(DIGITS, 12)}.dkr.ecr.{region}.{DOMAINS.get(place(d).partition, 'amazonaws.com')}/"
    env_names = distinct_names(d, size(d, 0, f.environment_max), lambda: d.chars(string.ascii_uppercase + "_", 1) + text(d, string.ascii_uppercase + DIGITS + "_", 0, 24))
    return members(
        Image=repository + text(d, KEY_CHARS + ":", 1, f.image_max - len(repository)),
        ModelDataUrl=s3_uri(d, f.s3_uri_max),
        Environment=maybe(d, lambda: {name: text(d, TEXT_CHARS + "\n/=", 0, 40) for name in env_names}),
    )


# --- forms

def to_form(wire: dict, form: str, request_id: str = "00000000-0000-0000-0000-000000000000") -> dict:
    """The wire response in another form: boto3 through botocore's own parser
    (datetimes in UTC, ResponseMetadata), boto3-json that dict saved as JSON and read back."""
    if form == "wire":
        return wire
    from .inputs import to_boto3, to_boto3_json

    parsed = to_boto3(wire, request_id)
    return parsed if form == "boto3" else json.loads(to_boto3_json(parsed))


def request_id(d: Draw) -> str:
    return "-".join(d.chars(HEX, n) for n in (8, 4, 4, 4, 12))


# --- breaking exactly one rule

@dataclass(frozen=True)
class Breaker:
    """How to break one error rule: the problem types and statuses of a valid
    response it can start from, and the change that breaks only that rule."""

    problem_types: tuple[str, ...]
    statuses: tuple[str, ...]
    apply: Callable[[Draw, dict], None]


ALL = ("ImageClassification", "TextClassification", "TimeSeriesForecasting", "Tabular", "TextGeneration")
ANY_STATUS = ("Completed", "InProgress", "Failed", "Stopped", "Stopping")
BREAKERS: dict[str, Breaker] = {}


def breaks(rule_id: str, problem_types: tuple[str, ...] = ALL, statuses: tuple[str, ...] = ANY_STATUS):
    def register(apply: Callable[[Draw, dict], None]):
        BREAKERS[rule_id] = Breaker(problem_types, statuses, apply)
        return apply

    return register


def _config(doc: dict) -> dict:
    return doc["AutoMLProblemTypeConfig"][_config_member(doc["AutoMLProblemTypeConfigName"])]


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


@breaks("required")
def _(d, doc):
    where = d.choice(("AutoMLJobName", "RoleArn", "AutoMLJobInputDataConfig", "S3OutputPath"))
    if where == "S3OutputPath":
        del doc["OutputDataConfig"]["S3OutputPath"]
    else:
        del doc[where]


@breaks("unknown-member")
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


@breaks("emr-serverless-tabular-or-time-series", tuple(p for p in ALL if p not in EMR_PROBLEM_TYPES))
def _(d, doc):
    doc["AutoMLComputeConfig"] = {"EmrServerlessComputeConfig": {"ExecutionRoleARN": role_arn(d)}}


@breaks("objective-metric-non-tabular", ("ImageClassification", "TextClassification", "TimeSeriesForecasting"))
def _(d, doc):
    allowed = facts().non_tabular_metrics[doc["AutoMLProblemTypeConfigName"]]
    doc["AutoMLJobObjective"] = {"MetricName": d.choice([m for m in facts().metrics if m not in allowed])}
    _objective_changed(doc)


@breaks("pattern")
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
    if d.boolean():
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


@breaks("map-key", ("TimeSeriesForecasting",))
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
    # image and text classification share every other rule but the content types
    swapped = "TextClassification" if doc["AutoMLProblemTypeConfigName"] == "ImageClassification" else "ImageClassification"
    doc["AutoMLProblemTypeConfigName"] = swapped
    content_type = facts().content_types[swapped][0]
    for channel in doc["AutoMLJobInputDataConfig"]:
        channel["ContentType"] = content_type


@breaks("resolved-union-matches-problem-type", ("ImageClassification", "TextClassification", "TimeSeriesForecasting"))
def _(d, doc):
    doc.setdefault("ResolvedAttributes", {})["AutoMLProblemTypeResolvedAttributes"] = {"TabularResolvedAttributes": {}}


@breaks("max-candidates-one", ("ImageClassification", "TextClassification", "TimeSeriesForecasting", "TextGeneration"))
def _(d, doc):
    _config(doc).setdefault("CompletionCriteria", {})["MaxCandidates"] = number(d, 2, facts().max_candidates)
    doc.get("ResolvedAttributes", {}).get("CompletionCriteria", {}).pop("MaxCandidates", None)


@breaks("problem-type-and-objective-together", ("Tabular",))
def _(d, doc):
    if "AutoMLJobObjective" in doc:
        del doc["AutoMLJobObjective"]
    else:
        doc["AutoMLJobObjective"] = {"MetricName": d.choice(facts().objective_metrics[None])}
        _objective_changed(doc)


@breaks("objective-metric-per-problem-type", ("Tabular",))
def _(d, doc):
    f = facts()
    problem_type = d.choice(f.tabular_problem_types)
    _config(doc)["ProblemType"] = problem_type
    # a metric of another tabular problem type: listed for Tabular, not for this one
    doc["AutoMLJobObjective"] = {"MetricName": d.choice([m for m in f.objective_metrics[None] if m not in f.objective_metrics[problem_type]])}
    _objective_changed(doc)
    resolved = doc.get("ResolvedAttributes", {})
    union = resolved.get("AutoMLProblemTypeResolvedAttributes", {}).get("TabularResolvedAttributes")
    if union is not None:
        union["ProblemType"] = problem_type


@breaks("content-type-per-problem-type")
def _(d, doc):
    channel = doc["AutoMLJobInputDataConfig"][0]
    doc["AutoMLJobInputDataConfig"] = [channel]
    channel.pop("ChannelType", None)
    images = doc["AutoMLProblemTypeConfigName"] == "ImageClassification"
    channel["ContentType"] = d.choice(("text/csv;header=present", "text/csv") if images else ("image/png", "application/json", "text/csv"))


@breaks("gzip-only-s3prefix-tabular-data", ("Tabular", "ImageClassification"))
def _(d, doc):
    source = doc["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]
    doc["AutoMLJobInputDataConfig"][0]["CompressionType"] = "Gzip"
    if doc["AutoMLProblemTypeConfigName"] == "Tabular":
        source["S3DataType"] = d.choice(("ManifestFile", "AugmentedManifestFile"))
    else:
        source.update(S3DataType="S3Prefix", S3Uri="s3://bucket/images/")


@breaks("channel-types")
def _(d, doc):
    channel = doc["AutoMLJobInputDataConfig"][0]
    if d.boolean():
        channel["ChannelType"] = "validation"  # no training channel left
        doc["AutoMLJobInputDataConfig"] = [channel]
    else:
        channel.pop("ChannelType", None)  # two training channels
        doc["AutoMLJobInputDataConfig"] = [channel, {**copy.deepcopy(channel), "ChannelType": "training"}]


@breaks("channels-share-content-type")
def _(d, doc):
    types = facts().content_types[doc["AutoMLProblemTypeConfigName"]]
    first, second = d.choice([(a, b) for a in types for b in types if a != b])
    training = {**doc["AutoMLJobInputDataConfig"][0], "ChannelType": "training", "ContentType": first}
    doc["AutoMLJobInputDataConfig"] = [training, {**copy.deepcopy(training), "ChannelType": "validation", "ContentType": second}]


@breaks("algorithms-config-one-entry", ("TimeSeriesForecasting",))
def _(d, doc):
    _config(doc)["CandidateGenerationConfig"] = {"AlgorithmsConfig": []}


@breaks("tabular-algorithms-per-mode", ("Tabular",))
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


@breaks("time-series-algorithms", ("TimeSeriesForecasting",))
def _(d, doc):
    _config(doc)["CandidateGenerationConfig"] = {"AlgorithmsConfig": [{"AutoMLAlgorithms": [d.choice(facts().algorithms[None])]}]}


@breaks("sample-weight-not-in-hpo", ("Tabular",))
def _(d, doc):
    config = _config(doc)
    config.pop("CandidateGenerationConfig", None)  # keep the algorithms out of it
    config.update(Mode="HYPERPARAMETER_TUNING", SampleWeightAttributeName="weight")


breaks("text-generation-hyperparameter-names", ("TextGeneration",))(_hyperparameter(lambda d: (d.choice(("epochs", "batch_size", "LearningRate")), "5")))
breaks("epoch-count-range", ("TextGeneration",))(_hyperparameter(lambda d: ("epochCount", d.choice(("0", "11", "1.5", "10.0", "1e1", "011")))))
breaks("batch-size-range", ("TextGeneration",))(_hyperparameter(lambda d: ("batchSize", d.choice(("0", "65", "8.5", "065", "-1")))))
breaks("learning-rate-range", ("TextGeneration",))(_hyperparameter(lambda d: ("learningRate", d.choice(("1.5", "2", "1e5", "-0.1", "9e-0", "1001e-3", "1.00000000000001")))))
breaks("warmup-steps-range", ("TextGeneration",))(_hyperparameter(lambda d: ("learningRateWarmupSteps", d.choice(("251", "-1", "1000", "2.5")))))


@breaks("filling-method-values", ("TimeSeriesForecasting",))
def _(d, doc):
    transformations, target = _filling_of(doc)
    transformations.setdefault("Filling", {})[target] = d.choice(({"frontfill": "zero"}, {"middlefill": "none"}, {"backfill": "forward"}))


@breaks("filling-value-pair", ("TimeSeriesForecasting",))
def _(d, doc):
    transformations, target = _filling_of(doc)
    transformations.setdefault("Filling", {})[target] = d.choice(({"backfill": "value"}, {"futurefill": "mean", "futurefill_value": "2"}))


@breaks("frontfill-target-only", ("TimeSeriesForecasting",))
def _(d, doc):
    transformations, target = _filling_of(doc)
    filling = transformations.setdefault("Filling", {})
    filling.clear()
    filling[_other_column(target)] = {"frontfill": "none"}


@breaks("aggregation-target-only", ("TimeSeriesForecasting",))
def _(d, doc):
    transformations, target = _filling_of(doc)
    transformations["Aggregation"] = {_other_column(target): d.choice(facts().aggregations)}


@breaks("forecast-frequency", ("TimeSeriesForecasting",))
def _(d, doc):
    unit = d.choice(list(FREQUENCY_MAX))
    _config(doc)["ForecastFrequency"] = d.choice((f"{FREQUENCY_MAX[unit] + 1}{unit}", f"0{unit}", f"01{unit}", "1d"))


@breaks("forecast-horizon-max", ("TimeSeriesForecasting",))
def _(d, doc):
    _config(doc)["ForecastHorizon"] = number(d, facts().horizon_max + 1, 100_000)


@breaks("forecast-quantiles-distinct", ("TimeSeriesForecasting",))
def _(d, doc):
    quantile = f"p{d.integer(1, 99)}"
    _config(doc)["ForecastQuantiles"] = [quantile, quantile]


@breaks("s3-output-path-max-512")
def _(d, doc):
    prefix = "s3://bucket/"
    doc["OutputDataConfig"]["S3OutputPath"] = prefix + "k" * (number(d, facts().s3_output_error_max + 1, facts().s3_uri_max) - len(prefix))


@breaks("security-group-id-form")
def _(d, doc):
    doc.setdefault("SecurityConfig", {})["VpcConfig"] = {"SecurityGroupIds": [d.choice(("0123456789abcdef0", "sgabc", "group-1"))], "Subnets": ["subnet-1"]}


@breaks("validation-fraction-range")
def _(d, doc):
    doc["DataSplitConfig"] = {"ValidationFraction": d.choice((0, 0.0, 1, 1.0))}


@breaks("endpoint-name-iff-not-auto-generated")
def _(d, doc):
    doc["ModelDeployConfig"] = d.choice(({}, {"AutoGenerateEndpointName": False}, {"AutoGenerateEndpointName": True, "EndpointName": "endpoint"}))


@breaks("deploy-result-omitted-on-failure", statuses=("Completed", "Failed"))
def _(d, doc):
    doc["AutoMLJobSecondaryStatus"] = "ModelDeploymentError"
    doc["ModelDeployResult"] = {"EndpointName": "endpoint"}


@breaks("backtest-results-time-series-only", ("ImageClassification", "TextClassification", "Tabular", "TextGeneration"), ("Completed",))
def _(d, doc):
    locations = _ensure_candidate(doc).setdefault("CandidateProperties", {}).setdefault("CandidateArtifactLocations", {"Explainability": "s3://bucket/x"})
    locations["BacktestResults"] = "s3://bucket/backtest"


@breaks("inference-container-definitions-classification-only", ("TimeSeriesForecasting", "Tabular", "TextGeneration"), ("Completed",))
def _(d, doc):
    _ensure_candidate(doc)["InferenceContainerDefinitions"] = {"CPU": []}


@breaks("content-column-differs-from-target", ("TextClassification",))
def _(d, doc):
    config = _config(doc)
    config["TargetLabelColumn"] = config["ContentColumn"]


@breaks("timestamps-in-order", statuses=("InProgress", "Stopping"))
def _(d, doc):
    # a running job has no EndTime: only LastModifiedTime can come before CreationTime
    doc["LastModifiedTime"] = doc["CreationTime"] - d.choice((0.001, 1, 3600))


def error_rules() -> list[str]:
    """Every rule of severity error, in catalogue order."""
    from .catalogue import rules

    return [r.id for r in rules().values() if r.severity == "error"]


def invalid_response(d: Draw, rule_id: str) -> dict:
    """A wire-form response that breaks exactly ``rule_id`` and nothing else."""
    breaker = BREAKERS[rule_id]
    # the breakers reach into optional members
    doc = response(d, d.choice(breaker.problem_types), d.choice(breaker.statuses), complete=True)
    breaker.apply(d, doc)
    return doc
