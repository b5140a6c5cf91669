"""The valid builder: a DescribeAutoMLJobV2 response valid under every rule, errors and
warnings alike (warnings are part of the contract), drawn through the ``Draw`` protocol.

Enums, lengths, ranges and lists come from the schema (``facts()``); what is written by
hand here is only the cross-field logic (which member goes with which) and the shapes of
strings whose pattern says more than a character class (ARNs, S3 URIs, names). Each piece
that keeps responses inside a cross-field rule is tagged ``@keeps(rule id, ...)``, so
``keepers(rule_id)`` finds the code behind a rule, and a new rule without one is caught.
"""
from __future__ import annotations

import copy
import json
import re
import string
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from .draw import (
    ALNUM,
    COLUMN_CHARS,
    DIGITS,
    HEX,
    KEY_CHARS,
    KMS_CHARS,
    LOWER,
    ROLE_CHARS,
    TEXT_CHARS,
    Draw,
    dashed,
    distinct_names,
    drawn_whole,
    maybe,
    members,
    number,
    omitted,
    size,
    subset,
    text,
)
from .facts import FREQUENCY_MAX, Facts, facts

# --- the rules each piece keeps

_KEPT: dict[str, list[Callable]] = {}


def keeps(*rule_ids: str) -> Callable[[Callable], Callable]:
    """Tag a builder piece with the rules it keeps every valid response inside."""
    def tag(piece: Callable) -> Callable:
        for rule_id in rule_ids:
            _KEPT.setdefault(rule_id, []).append(piece)
        return piece

    return tag


def keepers(rule_id: str) -> list[str]:
    """The builder pieces that keep valid responses inside ``rule_id``, as
    "name (path/to/file.py:line)"; [] for a rule no piece is tagged with."""
    top = Path(__file__).resolve().parents[2]
    found = []
    for piece in _KEPT.get(rule_id, ()):
        code = piece.__code__
        file = Path(code.co_filename).resolve()
        shown = file.relative_to(top) if file.is_relative_to(top) else file
        found.append(f"{piece.__qualname__} ({shown.as_posix()}:{code.co_firstlineno})")
    return found


def kept_rules() -> set[str]:
    """Every rule id some builder piece is tagged with."""
    return set(_KEPT)


# --- places, times and names
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


@drawn_whole
def s3_uri(d: Draw, limit: int, scheme: str | None = None) -> str:
    scheme = scheme or d.choice(("s3", "https"))
    bucket = dashed(d, 3, 12, LOWER)
    where = place(d)  # an https URL names the bucket's region, as S3's virtual-hosted style does
    host = bucket if scheme == "s3" else f"{bucket}.s3.{where.region}.{DOMAINS.get(where.partition, 'amazonaws.com')}"
    prefix = f"{scheme}://{host}/"
    return prefix + text(d, KEY_CHARS, 0, limit - len(prefix))


@drawn_whole
def role_arn(d: Draw) -> str:
    f = facts()
    prefix = f"arn:{place(d).partition}:iam::{account(d)}:role/"
    low = max(1, f.role_min - len(prefix))
    return prefix + d.chars(ALNUM, 1) + text(d, ROLE_CHARS, low - 1, f.role_max - len(prefix) - 1)


@drawn_whole
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


@drawn_whole
def column(d: Draw, hi: int = 64) -> str:
    """A column name (most have no pattern; 64 keeps unbounded ones readable)."""
    return d.chars(string.ascii_letters, 1) + text(d, COLUMN_CHARS, 0, hi - 1)


@keeps("timestamp")
def epoch(ms: int) -> float | int:
    """Epoch seconds as the wire form writes them: a whole number or milliseconds."""
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


# --- the response

def problem_types() -> list[str]:
    """The problem types the builder has a configuration for (every one the schema lists,
    unless the schema gained one since: it needs its piece in CONFIGS), in schema order."""
    return [name for name in facts().problem_types if name in CONFIGS]


def _known(problem_type: str | None) -> None:
    if problem_type is not None and problem_type not in CONFIGS:
        raise ValueError(f"problem type {problem_type!r} has no builder: add its configuration to CONFIGS in {__name__}")


def response(d: Draw, problem_type: str | None = None, status: str | None = None, *, complete: bool = False,
             request: dict | None = None, region: str | None = None) -> dict:
    """A wire-form response valid under every rule, errors and warnings alike. complete:
    always give the optional members the breakers reach into (AutoMLProblemTypeConfig,
    its name, each channel's DataSource).

    request: a CreateAutoMLJobV2 request (``request()``) to describe: the response echoes
    its configuration members (a copy of each, as AWS does) and draws only what a response
    adds (ARN, status, times, candidates, resolved attributes...); its partition and
    account are the role's; region: the region its ARNs name (else the one its https S3 URLs
    name, else drawn), as a local endpoint answers for the region a client calls."""
    f = facts()
    if request is not None:
        problem_type = request_problem_type(request)
    _known(problem_type)
    problem_type = problem_type or d.choice(problem_types())
    status = status or d.choice(f.statuses)
    where = place(d) if request is None else _place_of(d, request, region)
    token = _PLACE.set(where)
    try:
        return _response(d, f, problem_type, status, where, complete, copy.deepcopy(request))
    finally:
        _PLACE.reset(token)


def request_problem_type(request: dict) -> str:
    """The problem type a request sets: the one member of its AutoMLProblemTypeConfig."""
    return next(iter(request["AutoMLProblemTypeConfig"])).removesuffix("JobConfig")


def _place_of(d: Draw, request: dict, region: str | None = None) -> Place:
    """The request's partition and account (from its role ARN), and the region given, else
    the one its https S3 URLs name, else one of that partition's."""
    _, partition, _, _, account_id, _ = request["RoleArn"].split(":", 5)
    if region is not None:
        return Place(partition, region, account_id)
    named = re.search(r"\.s3\.([a-z0-9-]+)\.amazonaws\.com", json.dumps(request))
    return Place(partition, named.group(1) if named else d.choice(REGIONS.get(partition, REGIONS["aws"])), account_id)


def request(d: Draw, problem_type: str | None = None) -> dict:
    """CreateAutoMLJobV2 parameters (the JSON body; boto3's keyword arguments are the same
    dict), valid under every rule that holds for a request: the configuration pieces of
    the response builder, plus what only a request has (Tags)."""
    _known(problem_type)
    problem_type = problem_type or d.choice(problem_types())
    token = _PLACE.set(place(d))
    try:
        return _request(d, facts(), problem_type)
    finally:
        _PLACE.reset(token)


@keeps("data-split-not-for-time-series", "s3-data-type-per-problem-type", "tag-keys-unique",
       "problem-type-and-objective-together", "emr-serverless-tabular-or-time-series")
def _request(d: Draw, f: Facts, problem_type: str) -> dict:
    config, tabular_type = _problem_config(d, problem_type)
    return members(
        AutoMLJobName=dashed(d, 1, f.job_name_max),
        # S3DataType: the ones the documentation gives for the problem type
        AutoMLJobInputDataConfig=_channels(d, problem_type, True),
        OutputDataConfig=members(
            S3OutputPath=s3_uri(d, f.s3_output_max),
            KmsKeyId=maybe(d, lambda: kms_key(d)),
        ),
        AutoMLProblemTypeConfig={_config_member(problem_type): config},
        RoleArn=role_arn(d),
        Tags=maybe(d, lambda: d.whole(_tags)),  # up to 50 tags: one choice
        SecurityConfig=maybe(d, lambda: _security(d)),
        AutoMLJobObjective=_objective(d, problem_type, tabular_type),
        ModelDeployConfig=maybe(d, lambda: _deploy_config(d)),
        # not for time-series forecasting: Autopilot splits its data itself
        DataSplitConfig=None if problem_type in f.no_data_split_problem_types else maybe(d, lambda: _data_split(d)),
        AutoMLComputeConfig=maybe(d, lambda: members(
            EmrServerlessComputeConfig=None if omitted(d) or problem_type not in f.emr_problem_types else members(ExecutionRoleARN=role_arn(d)),
        )),
    )


TAG_CHARS = ALNUM + " _.:/=+-@"  # the ASCII the model's tag pattern allows


@keeps("tag-keys-unique")
def _tags(d: Draw) -> list[dict]:
    f = facts()
    def key() -> str:
        made = d.chars(ALNUM, 1) + text(d, TAG_CHARS, 0, f.tag_key_max - 1)
        return "x" + made[1:] if made.lower().startswith("aws:") else made  # aws: keys are AWS's own
    # tag keys are unique per resource
    return [{"Key": k, "Value": text(d, TAG_CHARS, 0, f.tag_value_max)}
            for k in distinct_names(d, size(d, 0, f.tags_max), key)]


def candidate_list(d: Draw, problem_type: str | None = None) -> dict:
    """A ListCandidatesForAutoMLJob response: the candidates of one job (each as the
    builder makes BestCandidate), and a NextToken when more pages follow."""
    _known(problem_type)
    problem_type = problem_type or d.choice(problem_types())
    token = _PLACE.set(place(d))
    try:
        _, tabular_type = _problem_config(d, problem_type)  # the objective goes with the configuration
        objective = _objective(d, problem_type, tabular_type)
        created = d.integer(MIN_EPOCH_MS, MAX_EPOCH_MS)
        ended = created + number(d, 0, 30 * 86_400_000)
        return members(
            Candidates=[_candidate(d, problem_type, objective, created, ended) for _ in range(size(d, 0, 5))],
            NextToken=maybe(d, lambda: _token(d)),
        )
    finally:
        _PLACE.reset(token)


def candidate(d: Draw, problem_type: str, objective: dict | None, created_ms: int, ended_ms: int | None,
              job_arn: str | None = None) -> dict:
    """One candidate of a job, as BestCandidate and the candidate pages show it, within the
    job's lifetime (created_ms to ended_ms); job_arn: its resources are in that ARN's
    partition, region and account (else drawn)."""
    _known(problem_type)
    if job_arn:
        _, partition, _, region, account_id = job_arn.split(":")[:5]
        where = Place(partition, region, account_id)
    else:
        where = place(d)
    token = _PLACE.set(where)
    try:
        return _candidate(d, problem_type, objective, created_ms, ended_ms)
    finally:
        _PLACE.reset(token)


def job_list(d: Draw, status: str | None = None) -> dict:
    """A ListAutoMLJobs response: summaries of jobs of one account and region (names
    distinct as AWS compares them, without case), and a NextToken when more pages follow.
    status: every summary's (default: each drawn)."""
    f = facts()
    token = _PLACE.set(place(d))
    try:
        names = _job_names(d, size(d, 0, 5))
        return members(
            AutoMLJobSummaries=[_summary(d, f, status or d.choice(f.summary_statuses), name) for name in names],
            NextToken=maybe(d, lambda: _token(d)),
        )
    finally:
        _PLACE.reset(token)


def _job_names(d: Draw, n: int) -> list[str]:
    """n job names, no two alike ignoring case ("unique to your account and is case insensitive")."""
    limit = facts().job_name_max
    names: list[str] = []
    for _ in range(n):
        name = drawn = dashed(d, 1, limit)
        count = 0
        while name.lower() in {taken.lower() for taken in names}:
            count += 1
            suffix = f"-{count}"
            name = drawn[:limit - len(suffix)] + suffix
        names.append(name)
    return names


@keeps("secondary-status-matches-status", "end-time-when-finished", "failure-reason-when-failed",
       "timestamps-in-order", "timestamps-plausible", "arn-names-the-job")
def _summary(d: Draw, f: Facts, status: str, name: str) -> dict:
    """One AutoMLJobSummary: the job's statuses, times and failure as a describe response
    of the job holds them (the rules layer says which go together)."""
    secondary = d.choice(f.secondary_choices(status))
    where = place(d)
    arn_name = name.lower() if d.boolean() else name  # real ARNs lower-case the name
    created = d.integer(MIN_EPOCH_MS, MAX_EPOCH_MS)
    ended = created + number(d, 0, 30 * 86_400_000) if f.finished(status) else None
    modified = (ended if ended is not None else created) + number(d, 0, 86_400_000)
    return members(
        AutoMLJobName=name,
        AutoMLJobArn=f"arn:{where.partition}:sagemaker:{where.region}:{where.account}:automl-job/{arn_name}",
        AutoMLJobStatus=status,
        AutoMLJobSecondaryStatus=secondary,
        CreationTime=epoch(created),
        EndTime=epoch(ended) if ended is not None else None,
        LastModifiedTime=epoch(modified),
        FailureReason=text(d, TEXT_CHARS, 0, f.failure_max) if status == "Failed" else None,
        PartialFailureReasons=_partial_failures(d, f),
    )


def _partial_failures(d: Draw, f: Facts) -> list[dict] | None:
    """A job's PartialFailureReasons, as a describe response and a job summary hold them."""
    return maybe(d, lambda: [
        members(PartialFailureMessage=maybe(d, lambda: text(d, TEXT_CHARS, 0, f.failure_max)))
        for _ in range(size(d, 1, f.partial_failures_max))
    ])


def _token(d: Draw) -> str:
    """A pagination token as the service mints them (opaque, base64-like)."""
    return text(d, ALNUM + "+/=", 1, 64)


def stop_request(d: Draw) -> dict:
    """StopAutoMLJob parameters: the name of the job to stop."""
    return {"AutoMLJobName": dashed(d, 1, facts().job_name_max)}


def _window(d: Draw) -> tuple[float | int | None, float | int | None]:
    """A time filter's (after, before) bounds, each optional; in order when both are set
    (the other way round a filter matches no job)."""
    after = d.integer(MIN_EPOCH_MS, MAX_EPOCH_MS)
    before = after + number(d, 0, 30 * 86_400_000)
    return maybe(d, lambda: epoch(after)), maybe(d, lambda: epoch(before))


def list_jobs_request(d: Draw) -> dict:
    """ListAutoMLJobs parameters (wire form: epoch seconds), every one optional."""
    f = facts()
    created_after, created_before = _window(d)
    modified_after, modified_before = _window(d)
    return members(
        CreationTimeAfter=created_after,
        CreationTimeBefore=created_before,
        LastModifiedTimeAfter=modified_after,
        LastModifiedTimeBefore=modified_before,
        NameContains=maybe(d, lambda: text(d, ALNUM + "-", 1, f.name_contains_max)),
        StatusEquals=maybe(d, lambda: d.choice(f.job_status_filters)),
        SortOrder=maybe(d, lambda: d.choice(f.sort_orders)),
        SortBy=maybe(d, lambda: d.choice(f.job_sort_keys)),
        MaxResults=maybe(d, lambda: number(d, 1, f.jobs_max_results)),
        NextToken=maybe(d, lambda: _token(d)),
    )


def list_candidates_request(d: Draw) -> dict:
    """ListCandidatesForAutoMLJob parameters: the job's name, and the optional filters,
    order and page."""
    f = facts()
    return members(
        AutoMLJobName=dashed(d, 1, f.job_name_max),
        StatusEquals=maybe(d, lambda: d.choice(f.candidate_status_filters)),
        CandidateNameEquals=maybe(d, lambda: dashed(d, 1, f.candidate_name_filter_max)),
        SortOrder=maybe(d, lambda: d.choice(f.sort_orders)),
        SortBy=maybe(d, lambda: d.choice(f.candidate_sort_keys)),
        MaxResults=maybe(d, lambda: number(d, 1, f.candidates_max_results)),
        NextToken=maybe(d, lambda: _token(d)),
    )


@keeps("secondary-status-matches-status", "end-time-when-finished", "failure-reason-when-failed", "best-candidate-when-allowed",
       "candidate-definitions-only-untrained", "final-metric-is-the-objective", "endpoint-deployed-as-configured",
       "deploy-result-omitted-on-failure", "timestamps-in-order", "timestamps-plausible", "arn-names-the-job",
       "s3-output-path-max-512", "problem-type-name-matches-config", "union-one-member",
       "emr-serverless-tabular-or-time-series", "data-split-not-for-time-series", "s3-data-type-per-problem-type")
def _response(d: Draw, f: Facts, problem_type: str, status: str, where: Place, complete: bool, given: dict | None = None) -> dict:
    # Statuses: the schema lists them, the rules layer says what each means (facts.py).
    # A status the rules layer does not name as finished, one the schema added since
    # included, is built as a running one: no EndTime, no FailureReason, a running stage
    # as its secondary status.
    secondary = d.choice(f.secondary_choices(status))
    finished = f.finished(status)

    # given: a request whose configuration the response echoes (drawn otherwise, in this order)
    name = given["AutoMLJobName"] if given else dashed(d, 1, f.job_name_max)
    arn_name = name.lower() if d.boolean() else name  # real ARNs lower-case the name
    arn = f"arn:{where.partition}:sagemaker:{where.region}:{where.account}:automl-job/{arn_name}"

    if given:
        config = given["AutoMLProblemTypeConfig"][_config_member(problem_type)]
        tabular_type, objective = config.get("ProblemType"), given.get("AutoMLJobObjective")
    else:
        config, tabular_type = _problem_config(d, problem_type)
        objective = _objective(d, problem_type, tabular_type)

    created = d.integer(MIN_EPOCH_MS, MAX_EPOCH_MS)
    ended = created + number(d, 0, 30 * 86_400_000) if finished else None
    modified = (ended if ended is not None else created) + number(d, 0, 86_400_000)

    early = f.early(secondary)
    # a job that only generates candidate definitions trains no candidate (a warning otherwise)
    untrained = early or config.get("GenerateCandidateDefinitionsOnly") is True
    deploy_config = given.get("ModelDeployConfig") if given else maybe(d, lambda: _deploy_config(d))
    if not given and deploy_config and deploy_config.get("AutoGenerateEndpointName") is True and d.boolean():
        # a response names the endpoint it generated (the request may not name one)
        deploy_config = {**deploy_config, "EndpointName": dashed(d, 1, f.endpoint_max)}
    resolved = maybe(d, lambda: _resolved(d, problem_type, config, tabular_type, objective))
    # the best candidate's final metric is the objective, configured or else resolved (a warning otherwise)
    final_objective = objective or (resolved or {}).get("AutoMLJobObjective")
    doc = members(
        AutoMLJobName=name,
        AutoMLJobArn=arn,
        AutoMLJobInputDataConfig=given["AutoMLJobInputDataConfig"] if given else _channels(d, problem_type, complete),
        OutputDataConfig=given["OutputDataConfig"] if given else members(
            S3OutputPath=s3_uri(d, f.s3_output_max),
            KmsKeyId=maybe(d, lambda: kms_key(d)),
        ),
        RoleArn=given["RoleArn"] if given else role_arn(d),
        AutoMLJobObjective=objective,
        # optional, both, though real responses carry them (a described request: always)
        AutoMLProblemTypeConfig=None if not (complete or given) and omitted(d) else {_config_member(problem_type): config},
        AutoMLProblemTypeConfigName=None if not (complete or given) and omitted(d) else problem_type,
        CreationTime=epoch(created),
        EndTime=epoch(ended) if ended is not None else None,
        LastModifiedTime=epoch(modified),
        FailureReason=text(d, TEXT_CHARS, 0, f.failure_max) if status == "Failed" else None,
        PartialFailureReasons=_partial_failures(d, f),
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
        # not for time-series forecasting: Autopilot splits its data itself
        DataSplitConfig=given.get("DataSplitConfig") if given else None if problem_type in f.no_data_split_problem_types else maybe(d, lambda: _data_split(d)),
        SecurityConfig=given.get("SecurityConfig") if given else maybe(d, lambda: _security(d)),
        # EMR Serverless is available for the tabular and time series problem types
        AutoMLComputeConfig=given.get("AutoMLComputeConfig") if given else maybe(d, lambda: members(
            EmrServerlessComputeConfig=None if omitted(d) or problem_type not in f.emr_problem_types else members(ExecutionRoleARN=role_arn(d)),
        )),
    )
    return doc


@keeps("validation-fraction-range", "validation-fraction-below-half")
def _data_split(d: Draw) -> dict:
    return members(
        # above 0 and below the recommended 0.5, in thousandths
        ValidationFraction=maybe(d, lambda: number(d, 1, 499) / 1000),
    )


def _config_member(problem_type: str) -> str:
    return f"{problem_type}JobConfig"


@keeps("max-candidates-one")
def _criteria(d: Draw, max_candidates: int) -> dict:
    return members(
        MaxCandidates=maybe(d, lambda: number(d, 1, max_candidates)),
        MaxRuntimePerTrainingJobInSeconds=maybe(d, lambda: number(d, 1, 259_200)),
        MaxAutoMLJobRuntimeInSeconds=maybe(d, lambda: number(d, 1, 2_592_000)),
    )


def _problem_config(d: Draw, problem_type: str) -> tuple[dict, str | None]:
    """The union member's config, and the tabular ProblemType when it sets one."""
    f = facts()
    limit = 1 if problem_type in f.single_candidate_problem_types else f.max_candidates
    return CONFIGS[problem_type](d, lambda: _criteria(d, limit))


def _image_classification(d: Draw, criteria: Callable[[], dict]) -> tuple[dict, str | None]:
    return members(CompletionCriteria=maybe(d, criteria)), None


@keeps("content-column-differs-from-target")
def _text_classification(d: Draw, criteria: Callable[[], dict]) -> tuple[dict, str | None]:
    content, target = distinct_names(d, 2, lambda: column(d, facts().column_max))
    return members(CompletionCriteria=maybe(d, criteria), ContentColumn=content, TargetLabelColumn=target), None


def _text_generation(d: Draw, criteria: Callable[[], dict]) -> tuple[dict, str | None]:
    return members(
        CompletionCriteria=maybe(d, criteria),
        BaseModelName=maybe(d, lambda: _base_model(d)),
        TextGenerationHyperParameters=maybe(d, lambda: _hyperparameters(d)),
        ModelAccessConfig=maybe(d, lambda: {"AcceptEula": d.boolean()}),
    ), None


def _time_series_forecasting(d: Draw, criteria: Callable[[], dict]) -> tuple[dict, str | None]:
    return _forecasting(d, criteria), None


@keeps("tabular-algorithms-per-mode", "algorithms-config-not-in-auto", "algorithms-config-one-entry", "sample-weight-not-in-hpo")
def _tabular(d: Draw, criteria: Callable[[], dict]) -> tuple[dict, str | None]:
    f = facts()
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


# problem type -> its AutoMLProblemTypeConfig member: (config, tabular ProblemType or None).
# A problem type the schema gains needs its piece here; until then it is never drawn,
# and asking for it is a ValueError naming this table.
CONFIGS: dict[str, Callable[[Draw, Callable[[], dict]], tuple[dict, str | None]]] = {
    "ImageClassification": _image_classification,
    "TextClassification": _text_classification,
    "TextGeneration": _text_generation,
    "TimeSeriesForecasting": _time_series_forecasting,
    "Tabular": _tabular,
}


def _base_model(d: Draw) -> str:
    return d.choice(BASE_MODELS) if d.boolean() else dashed(d, 1, facts().base_model_max)


@keeps("text-generation-hyperparameter-names", "epoch-count-range", "batch-size-range", "learning-rate-range", "warmup-steps-range")
def _hyperparameters(d: Draw) -> dict:
    values = {
        "epochCount": lambda: str(number(d, 1, 10)),
        "batchSize": lambda: str(number(d, 1, 64)),
        # any decimal numeral of value 0 to 1 (within the model's 16 characters and its alphabet: no "+")
        "learningRate": lambda: d.choice(("0", "1", "1.0", "0.5", "0.00001", "1e-5", "5E-3", ".25", "0.", "10e-2", "1e0",
                                          "-0", "1000e-3", "0.00000000001e11")),
        "learningRateWarmupSteps": lambda: str(number(d, 0, 250)),
    }
    # a name the schema gains is left out until it has a value here
    return {name: values[name]() for name in subset(d, [n for n in facts().hyperparameters if n in values])}


@keeps("forecast-frequency", "forecast-frequency-bare-unit")
def _frequency(d: Draw) -> str:
    unit = d.choice(list(FREQUENCY_MAX))
    return f"{number(d, 1, FREQUENCY_MAX[unit])}{unit}"


@keeps("time-series-columns-distinct", "aggregation-target-only", "forecast-horizon-max", "forecast-quantiles-distinct",
       "time-series-algorithms", "algorithms-config-one-entry")
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
            Filling=maybe(d, lambda: d.whole(lambda w: _filling(w, target))),  # up to 50 columns: one choice
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


@keeps("frontfill-target-only", "filling-method-values", "filling-value-pair")
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


@keeps("problem-type-and-objective-together", "v2-problem-type-and-objective-together", "objective-metric-per-problem-type",
       "objective-metric-non-tabular")
def _objective(d: Draw, problem_type: str, tabular_type: str | None) -> dict | None:
    f = facts()
    if problem_type == "Tabular":
        # ProblemType and AutoMLJobObjective come together or not at all
        return {"MetricName": d.choice(f.objective_metrics_of(tabular_type))} if tabular_type else None
    if problem_type == "TextGeneration":
        return None  # fine-tuning has no objective to set
    return maybe(d, lambda: {"MetricName": d.choice(f.non_tabular_metrics[problem_type])})


@keeps("resolved-values-match-config", "resolved-union-matches-problem-type", "max-candidates-one",
       "objective-metric-per-problem-type", "objective-metric-non-tabular")
def _resolved(d: Draw, problem_type: str, config: dict, tabular_type: str | None, configured_objective: dict | None) -> dict:
    f = facts()
    configured = config.get("CompletionCriteria", {})
    limit = 1 if problem_type in f.single_candidate_problem_types else f.max_candidates
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
        objective = maybe(d, lambda: {"MetricName": d.choice(f.objective_metrics_of(known))})
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


@keeps("channel-types", "channels-share-content-type", "content-type-per-problem-type")
def _channels(d: Draw, problem_type: str, complete: bool) -> list[dict]:
    f = facts()
    content_type = maybe(d, lambda: d.choice(f.content_types[problem_type]))  # shared by both channels
    training = _channel(d, problem_type, d.choice((None, "training")), content_type, complete)
    if not d.boolean():
        return [training]
    validation = _channel(d, problem_type, "validation", content_type, complete)
    if content_type == f.default_content_type(problem_type) and d.boolean():
        del d.choice((training, validation))["ContentType"]  # one relies on the default: the same type
    return [validation, training] if d.boolean() else [training, validation]


@keeps("gzip-only-s3prefix-tabular-data", "v2-gzip-only-s3prefix-tabular-data", "s3-prefix-uri-scheme", "s3-data-type-per-problem-type")
def _channel(d: Draw, problem_type: str, channel_type: str | None, content_type: str | None, complete: bool) -> dict:
    f = facts()
    data_type = d.choice(f.s3_data_types_of[problem_type])  # those the documentation gives the problem type
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


@keeps("endpoint-name-iff-not-auto-generated")
def _deploy_config(d: Draw) -> dict:
    auto = maybe(d, d.boolean)
    # EndpointName if and only if AutoGenerateEndpointName is not true
    return members(AutoGenerateEndpointName=auto, EndpointName=None if auto else dashed(d, 1, facts().endpoint_max))


@keeps("security-group-id-form")
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


@keeps("timestamps-in-order", "timestamps-plausible", "final-metric-name", "final-metric-is-the-objective",
       "metric-name-matches-standard-name", "backtest-results-time-series-only", "inference-container-definitions-classification-only")
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
                BacktestResults=maybe(d, lambda: s3_uri(d, 256, "s3")) if problem_type in f.backtest_problem_types else None,
            )),
            CandidateMetrics=maybe(d, lambda: [d.whole(_metric) for _ in range(size(d, 0, f.candidate_metrics_max))]),
        )),
        # inference container definitions for image or text classification only
        InferenceContainerDefinitions=maybe(d, lambda: {
            unit: [_container(d) for _ in range(size(d, 0, f.containers_max))]
            for unit in subset(d, f.processing_units)
        }) if problem_type in f.container_definitions_problem_types else None,
    )


def _metric_value(d: Draw) -> float | int:
    return number(d, -1_000_000, 1_000_000) / d.choice((1, 10_000))


@keeps("metric-name-matches-standard-name")
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
    # the names and the values each drawn whole: up to 100 variables, a few choices under Hypothesis
    env_names = d.whole(lambda w: distinct_names(w, size(w, 0, f.environment_max), lambda: w.chars(string.ascii_uppercase + "_", 1) + text(w, string.ascii_uppercase + DIGITS + "_", 0, 24)))
    return members(
        Image=repository + text(d, KEY_CHARS + ":", 1, f.image_max - len(repository)),
        ModelDataUrl=s3_uri(d, f.s3_uri_max),
        Environment=maybe(d, lambda: d.whole(lambda w: {name: text(w, TEXT_CHARS + "\n/=", 0, 40) for name in env_names})),
    )
