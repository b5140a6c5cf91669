"""The rules layer: the few rules JSON Schema cannot express (comparing two fields).

Each rule is a small function registered with its id; it receives the document's Facts
(the normalised document, timestamps as numbers or ISO strings, and what several rules
read from it, worked out once per document) and yields (path parts, message).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from .policy import severity_of
from .records import Rule
from .schema import DEFAULT_OPERATION, root_schema

Finding = tuple[tuple, str]
Check = Callable[["Facts"], Iterable[Finding]]

RULES: dict[str, Rule] = {}
CHECKS: dict[str, Check] = {}
RUNS_ON: dict[str, tuple[str, ...]] = {}  # rule id -> the operations whose documents it checks

CREATE, LIST_CANDIDATES, LIST_JOBS = "create-auto-ml-job-v2", "list-candidates-for-auto-ml-job", "list-auto-ml-jobs"
DESCRIBE = (DEFAULT_OPERATION,)
# rules about configured values: a CreateAutoMLJobV2 request holds the same members at the same paths
CONFIGURED = (DEFAULT_OPERATION, CREATE)
# rules about BestCandidate: ListCandidatesForAutoMLJob runs them over each Candidates[i]
CANDIDATE = (DEFAULT_OPERATION, LIST_CANDIDATES)
# rules about the job's status, times and ARN: ListAutoMLJobs runs them over each
# AutoMLJobSummaries[i], which holds those members under the same names
JOB = (DEFAULT_OPERATION, LIST_JOBS)
# a list operation -> (the member holding its items, where the rules read an item from:
# BestCandidate for a candidate, the document itself for a job summary)
EACH: dict[str, tuple[str, str | None]] = {LIST_CANDIDATES: ("Candidates", "BestCandidate"), LIST_JOBS: ("AutoMLJobSummaries", None)}


def rule(id: str, basis: str, statement: str, field: str, documentation: str, source: str = "page",
         operations: tuple[str, ...] = DESCRIBE) -> Callable[[Check], Check]:
    """Register a check; basis: the clause of the severity policy (sagemaker_schema.policy)
    that decides its severity."""
    def register(check: Check) -> Check:
        RULES[id] = Rule(id, severity_of(basis), statement, field, "python", documentation, source, severity_basis=basis)
        CHECKS[id] = check
        RUNS_ON[id] = operations
        return check

    return register


def run(document: dict, operation: str = DEFAULT_OPERATION) -> Iterable[tuple[Rule, tuple, str]]:
    """(rule, path parts, message) for each finding of the rules that apply to the
    operation's document, in rule order. A candidate list: the candidate rules (those a
    describe response runs on its BestCandidate) over each of its Candidates; a job list:
    the job rules over each of its AutoMLJobSummaries; item by item as they are read (a page
    may hold a great many)."""
    if operation in EACH:
        return _each_item(document, operation)
    facts = Facts(document)
    return [(RULES[rule_id], parts, message) for rule_id, check in CHECKS.items() if operation in RUNS_ON[rule_id]
            for parts, message in check(facts)]


def _each_item(document: dict, operation: str) -> Iterator[tuple[Rule, tuple, str]]:
    member, place = EACH[operation]
    items = document.get(member)
    checks = [(rule_id, check) for rule_id, check in CHECKS.items() if operation in RUNS_ON[rule_id]]
    for index, item in enumerate(items if isinstance(items, LISTS) else ()):
        if not isinstance(item, dict):
            continue
        facts = Facts({place: item} if place else item)  # the place these rules read an item from
        for rule_id, check in checks:
            for parts, message in check(facts):
                yield RULES[rule_id], (member, index) + (parts[1:] if place else parts), message


# --- helpers: the document may be wrong anywhere; the schema reports that, so a
# check looks only at values of the expected type and yields nothing otherwise.

LISTS = (list, tuple)  # a caller's tuple is a JSON array, as the engines and normalise take it
_EMPTY: dict = {}  # what _dict gives for a missing or mistyped structure; never written to


def _dict(value) -> dict:
    """value when it is a structure, else an empty one (so `.get` answers None)."""
    return value if isinstance(value, dict) else _EMPTY


def _get(value, *keys):
    """value[k1][k2]..., or None when any step is missing or of another type."""
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, LISTS) and isinstance(key, int) and 0 <= key < len(value):
            value = value[key]
        else:
            return None
    return value


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


class Facts:
    """A document and what several rules read from it: the problem-type union, the best
    candidate, the parsed timestamps. Worked out once per document, each on first use."""

    __slots__ = ("document", "union", "best", "_seconds")

    def __init__(self, document: dict):
        self.document = document
        self.union = _dict(document.get("AutoMLProblemTypeConfig"))  # its members by name
        self.best = _dict(document.get("BestCandidate"))
        self._seconds: dict[str, float | None] = {}  # ISO text -> epoch seconds

    def problem_type(self) -> str | None:
        """The job's problem type: a response names it, a request sets one member of the
        union (None when neither says, or the union sets several)."""
        name = _str(self.document.get("AutoMLProblemTypeConfigName"))
        if name:
            return name
        members = [key for key in self.union if isinstance(key, str) and key.endswith("JobConfig")]
        return members[0].removesuffix("JobConfig") if len(members) == 1 else None

    def config(self) -> tuple[str | None, dict]:
        """(problem type name, the union member set) when both are well formed."""
        name = _str(self.document.get("AutoMLProblemTypeConfigName"))
        member = self.union.get(f"{name}JobConfig" if name != "Tabular" else "TabularJobConfig") if name else None
        return name, _dict(member)

    def seconds(self, value) -> float | None:
        """Epoch seconds of a timestamp in either form, or None when it is malformed."""
        if value.__class__ is str:
            try:
                return self._seconds[value]
            except KeyError:
                seconds = self._seconds[value] = _iso_seconds(value)
                return seconds
        return _seconds(value)

    def backwards(self, first: Any, later: Any) -> float | None:
        """How many seconds `later` lies before `first`, when both are timestamps and it
        does; else None."""
        if first is None or later is None:
            return None
        if first.__class__ in _NUMBERS and later.__class__ in _NUMBERS:
            if later >= first:
                return None  # in order (NaN compares false, and is judged below)
        elif first.__class__ is str and later.__class__ is str and _same_layout(first, later) and later >= first:
            return None  # same layout: text order is time order (and neither needs parsing)
        start, end = self.seconds(first), self.seconds(later)
        if start is not None and end is not None and end < start:
            return start - end
        return None


_NUMBERS: frozenset[Any] = frozenset((int, float))  # by exact class: a bool is no timestamp


def _same_layout(first: str, later: str) -> bool:
    """Two ISO texts whose characters line up: the same length, date-time separator and
    zone. If both are well formed, comparing them as text compares them as times."""
    return (len(first) == len(later) > 19 and first[10] == later[10]
            and (first[-6:] == later[-6:] if first[-1] != "Z" else later[-1] == "Z"))


_ISO = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")


def _seconds(value) -> float | None:
    """Epoch seconds of a timestamp in either form, or None when it is malformed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return float(value) if math.isfinite(value) and value >= 0 else None
        except OverflowError:  # an int beyond a double: not a time
            return None
    return _iso_seconds(value) if isinstance(value, str) else None


def _iso_seconds(value: str) -> float | None:
    match = _ISO.match(value)
    if not match:
        return None
    date, time, fraction, zone = match.groups()
    try:
        moment = _dt.datetime.fromisoformat(f"{date}T{time}{(fraction or '')[:7]}{'+00:00' if zone == 'Z' else zone}")
    except ValueError:
        return None
    return moment.timestamp()


# --- each rule's severity follows from its basis, a clause of the severity policy
# (sagemaker_schema.policy, printed at the top of docs/rules.md)

@rule("content-column-differs-from-target", "advice",
      "TextClassificationJobConfig.ContentColumn and TargetLabelColumn name different columns",
      "AutoMLProblemTypeConfig.TextClassificationJobConfig.ContentColumn, TargetLabelColumn",
      "ContentColumn: The name of the column used to provide the sentences to be classified. It should not be the same as the target column.",
      operations=CONFIGURED)
def _content_column(facts):
    config = _dict(facts.union.get("TextClassificationJobConfig"))
    content, target = _str(config.get("ContentColumn")), _str(config.get("TargetLabelColumn"))
    if content is not None and content == target:
        yield ("AutoMLProblemTypeConfig", "TextClassificationJobConfig", "TargetLabelColumn"), f"{target!r} is also the ContentColumn"


PROBLEM_TYPES = tuple(root_schema()["properties"]["AutoMLProblemTypeConfigName"]["enum"])  # the schema's list
# ContentType when a channel gives none: "The default value is image/*" for image
# classification, "text/csv;header=present" for every other problem type
DEFAULT_CONTENT_TYPE = {"ImageClassification": "image/*"}
OTHER_DEFAULT_CONTENT_TYPE = "text/csv;header=present"


@rule("channels-share-content-type", "must",
      "Training and validation channels have the same ContentType (a channel without one has its problem type's default)",
      "AutoMLJobInputDataConfig[].ContentType",
      "Channels for training and validation must share the same ContentType. ContentType: For image classification: image/png, image/jpeg, or image/*. The default value is image/*. For the other problem types: text/csv;header=present or x-application/vnd.amazon+parquet. The default value is text/csv;header=present.",
      operations=CONFIGURED)
def _shared_content_type(facts):
    channels = facts.document.get("AutoMLJobInputDataConfig")
    if not isinstance(channels, LISTS) or len(channels) < 2:
        return
    problem_type = facts.problem_type()
    # a problem type the schema does not know (a newer AWS's) has no default known here
    default = DEFAULT_CONTENT_TYPE.get(problem_type, OTHER_DEFAULT_CONTENT_TYPE) if problem_type in PROBLEM_TYPES else None

    def content_type(channel) -> tuple[str | None, str]:
        """(the channel's ContentType, or the default it relies on; how the message names it)"""
        given = _dict(channel).get("ContentType")
        if given is None:
            return default, f"{default!r} (the default: no ContentType)"
        return _str(given), repr(given)

    first, first_named = content_type(channels[0])
    if first is None:
        return
    for index in range(1, len(channels)):
        other, named = content_type(channels[index])
        if other is not None and other != first:
            yield ("AutoMLJobInputDataConfig", index, "ContentType"), f"{named} differs from the first channel's {first_named}"


# Two request rules whose sentence only the CreateAutoMLJobV2 documentation has: a response,
# which also describes jobs created with CreateAutoMLJob, is held to them as warnings (the
# request's error forms are schema rules; tests run these checks on their request cases).

@rule("v2-gzip-only-s3prefix-tabular-data", "v2-only",
      "CompressionType Gzip only for S3Prefix inputs of tabular data, as CreateAutoMLJobV2 requires (gzip-only-s3prefix-tabular-data; a job created with CreateAutoMLJob could use Gzip on any input)",
      "AutoMLJobInputDataConfig[].CompressionType, DataSource.S3DataSource.S3DataType",
      "We allow the compression type Gzip for S3Prefix inputs on tabular data only. For all other inputs, the compression type should be None. (CreateAutoMLJobV2; CreateAutoMLJob: You can use Gzip or None.)")
def _v2_gzip(facts):
    channels = facts.document.get("AutoMLJobInputDataConfig")
    images = facts.problem_type() == "ImageClassification"
    for index, channel in enumerate(channels if isinstance(channels, LISTS) else ()):
        if _dict(channel).get("CompressionType") != "Gzip":
            continue
        data_type = _get(channel, "DataSource", "S3DataSource", "S3DataType")
        if isinstance(data_type, str) and data_type != "S3Prefix":
            yield ("AutoMLJobInputDataConfig", index, "DataSource", "S3DataSource", "S3DataType"), f"Gzip input of type {data_type!r}, not S3Prefix"
        if images:
            yield ("AutoMLJobInputDataConfig", index, "CompressionType"), "Gzip input for image classification"


@rule("v2-problem-type-and-objective-together", "v2-only",
      "A Tabular job has both TabularJobConfig.ProblemType and AutoMLJobObjective, or neither, as CreateAutoMLJobV2 requires (problem-type-and-objective-together; CreateAutoMLJob's documentation says nothing of it)",
      "AutoMLProblemTypeConfig.TabularJobConfig.ProblemType, AutoMLJobObjective",
      "You must either specify the type of supervised learning problem in ProblemType and provide the AutoMLJobObjective metric, or none at all. (CreateAutoMLJobV2)")
def _v2_problem_type_and_objective(facts):
    config = facts.union.get("TabularJobConfig")
    if facts.problem_type() != "Tabular" or not isinstance(config, dict):
        return
    problem_type, objective = "ProblemType" in config, "AutoMLJobObjective" in facts.document
    if problem_type != objective:
        yield ("AutoMLJobObjective",), "set without TabularJobConfig.ProblemType" if objective else "missing although TabularJobConfig.ProblemType is set"


TRANSFORMATIONS = ("AutoMLProblemTypeConfig", "TimeSeriesForecastingJobConfig", "Transformations")


def _off_target(facts, kind: str, method: str | None):
    """(column path, message) for each column of Transformations[kind] other than the
    target column (with `method`: only columns that set that filling method)."""
    config = facts.union.get(TRANSFORMATIONS[1])
    if not isinstance(config, dict):
        return
    columns, target = _get(config, "Transformations", kind), _str(_get(config, "TimeSeriesConfig", "TargetAttributeName"))
    if not isinstance(columns, dict) or target is None:
        return
    for column, value in columns.items():
        if column != target and (method is None or (isinstance(value, dict) and method in value)):
            where = TRANSFORMATIONS + (kind, column) + ((method,) if method else ())
            yield where, f"column {column!r} is not the target column {target!r}"


@rule("frontfill-target-only", "only",
      "The frontfill filling method is set only for the target column",
      "AutoMLProblemTypeConfig.TimeSeriesForecastingJobConfig.Transformations.Filling",
      "frontfill: none (Supported only for target column)",
      operations=CONFIGURED)
def _frontfill(facts):
    return _off_target(facts, "Filling", "frontfill")


@rule("aggregation-target-only", "only",
      "Aggregation is set only for the target column",
      "AutoMLProblemTypeConfig.TimeSeriesForecastingJobConfig.Transformations.Aggregation",
      "Aggregation is only supported for the target column.",
      operations=CONFIGURED)
def _aggregation(facts):
    return _off_target(facts, "Aggregation", None)


def _time_pairs(facts):
    return ((), facts.document), (("BestCandidate",), facts.best)


@rule("timestamps-in-order", "necessary",
      "CreationTime is not later than EndTime or LastModifiedTime (job and best candidate)",
      "CreationTime, EndTime, LastModifiedTime; BestCandidate.CreationTime, EndTime, LastModifiedTime",
      "CreationTime: Returns the creation time of the AutoML job V2. EndTime: Returns the end time of the AutoML job V2. LastModifiedTime: Returns the job's last modified time.",
      operations=CANDIDATE + (LIST_JOBS,))
def _in_order(facts):
    for owner, record in _time_pairs(facts):
        created = record.get("CreationTime")
        if created is None:
            continue
        for later in ("EndTime", "LastModifiedTime"):
            gap = facts.backwards(created, record.get(later))
            if gap is not None:
                yield owner + (later,), f"{later} is {gap:.3f} s before CreationTime"


@rule("tag-keys-unique", "must",
      "No two Tags have the same Key",
      "Tags[].Key",
      "Tags: An array of key-value pairs. You can use tags to categorize your Amazon Web Services resources in different ways, such as by purpose, owner, or environment. Tag keys must be unique per resource.",
      source="model", operations=(CREATE,))
def _tag_keys(facts):
    tags = facts.document.get("Tags")
    first: dict[str, int] = {}
    for index, tag in enumerate(tags if isinstance(tags, LISTS) else ()):
        key = _str(_get(tag, "Key"))
        if key is None:
            continue
        if key in first:  # tag keys are case-sensitive: "Team" and "team" are two keys
            yield ("Tags", index, "Key"), f"{key[:80]!r} is also the Key of Tags[{first[key]}]"
        else:
            first[key] = index



@rule("forecast-frequency-bare-unit", "accepted",
      "ForecastFrequency starts with an integer (real responses carry a bare unit such as M)",
      "AutoMLProblemTypeConfig.TimeSeriesForecastingJobConfig.ForecastFrequency",
      "Valid intervals are an integer followed by Y (Year), M (Month), W (Week), D (Day), H (Hour), and min (Minute).",
      source="observed",
      operations=(CREATE,))  # not on a response: AWS's own recorded response carries M
def _bare_unit(facts):
    frequency = _str(_get(facts.union, "TimeSeriesForecastingJobConfig", "ForecastFrequency"))
    if frequency in ("Y", "M", "W", "D", "H"):
        yield ("AutoMLProblemTypeConfig", "TimeSeriesForecastingJobConfig", "ForecastFrequency"), f"{frequency!r} has no integer; the documentation writes 1{frequency}"


UNION_PLACES = (("AutoMLProblemTypeConfig",), ("ResolvedAttributes", "AutoMLProblemTypeResolvedAttributes"))  # where a tagged union sits


@lru_cache(maxsize=1)
def unions() -> dict[tuple, tuple[str, ...]]:
    """Where a tagged union sits -> the members the schema knows (read from the schema,
    so a member AWS adds needs only the schema's edit)."""
    from .schema import tree

    found = {}
    for where in UNION_PLACES:
        node = tree()[0]
        for step in where:
            node = node.members[step]
        found[where] = tuple(name for name in node.members if name != "SDK_UNKNOWN_MEMBER")
    return found
NEWER = "not in this schema (newer AWS?): `sagemaker-schema drift` compares the schema with the installed botocore"


@rule("sdk-unknown-member", "client",
      "A tagged union holds SDK_UNKNOWN_MEMBER: the client (boto3) did not know the member AWS sent",
      "AutoMLProblemTypeConfig, ResolvedAttributes.AutoMLProblemTypeResolvedAttributes",
      "If a client receives an unknown member it will set SDK_UNKNOWN_MEMBER as the top level key, which maps to the name or tag of the unknown member. The structure of SDK_UNKNOWN_MEMBER is as follows: 'SDK_UNKNOWN_MEMBER': {'name': 'UnknownMemberName'}")
def _sdk_unknown(facts):
    if "SDK_UNKNOWN_MEMBER" not in facts.union and "SDK_UNKNOWN_MEMBER" not in _dict(_get(facts.document, *UNION_PLACES[1])):
        return  # the common case: boto3 knew every member
    for where, known in unions().items():
        name = _get(facts.document, *where, "SDK_UNKNOWN_MEMBER", "name")
        if not isinstance(name, str):
            continue
        if name in known:  # the schema knows it: the boto3 that parsed the response is older than the schema
            yield where + ("SDK_UNKNOWN_MEMBER",), f"boto3 did not know the member {name!r} (its botocore is older than this schema): upgrade boto3 to read it"
        else:
            yield where + ("SDK_UNKNOWN_MEMBER",), f"boto3 did not know the member {name!r}, and it is {NEWER}"


@rule("algorithms-config-not-in-auto", "advice",
      "AlgorithmsConfig is not set in AUTO training mode",
      "AutoMLProblemTypeConfig.TabularJobConfig.CandidateGenerationConfig.AlgorithmsConfig",
      "AlgorithmsConfig should not be set in AUTO training mode.",
      operations=CONFIGURED)
def _auto_algorithms(facts):
    config = _dict(facts.union.get("TabularJobConfig"))
    if config.get("Mode") == "AUTO" and _get(config, "CandidateGenerationConfig", "AlgorithmsConfig") is not None:
        yield ("AutoMLProblemTypeConfig", "TabularJobConfig", "CandidateGenerationConfig", "AlgorithmsConfig"), "set although Mode is AUTO"


@rule("validation-fraction-below-half", "advice",
      "ValidationFraction is below 0.5, as recommended",
      "DataSplitConfig.ValidationFraction",
      "We recommend setting this value to be less than 0.5.",
      operations=CONFIGURED)
def _fraction(facts):
    fraction = _dict(facts.document.get("DataSplitConfig")).get("ValidationFraction")
    if isinstance(fraction, (int, float)) and not isinstance(fraction, bool) and 0.5 <= fraction < 1:
        yield ("DataSplitConfig", "ValidationFraction"), f"{fraction} is not below the recommended 0.5"


STATUSES = tuple(root_schema()["properties"]["AutoMLJobStatus"]["enum"])  # the schema's list
FINISHED = ("Completed", "Failed", "Stopped")  # those of a job that has ended; every other status is a running one


@rule("end-time-when-finished", "implied",
      "EndTime is present exactly when the job has finished (Completed, Failed or Stopped)",
      "EndTime, AutoMLJobStatus",
      "EndTime: Returns the end time of the AutoML job V2.",
      operations=JOB)
def _end_time(facts):
    document = facts.document
    status = _str(document.get("AutoMLJobStatus"))
    if status not in STATUSES:
        return
    if "EndTime" in document and status not in FINISHED:
        yield ("EndTime",), f"set although the job is {status}"
    elif "EndTime" not in document and status in FINISHED:
        yield ("EndTime",), f"missing although the job is {status}"


EARLY_STAGES = ("Starting", "AnalyzingData", "FeatureEngineering", "PreTraining")


@rule("best-candidate-when-allowed", "implied",
      "No BestCandidate before any candidate is trained (secondary status Starting, AnalyzingData, FeatureEngineering or PreTraining)",
      "BestCandidate, AutoMLJobSecondaryStatus",
      "BestCandidate: Information about the candidate produced by an AutoML training job V2, including its status, steps, and other properties.")
def _best_candidate(facts):
    document = facts.document
    stage = _str(document.get("AutoMLJobSecondaryStatus"))
    if "BestCandidate" in document and stage in EARLY_STAGES:
        yield ("BestCandidate",), f"set although the job is only at {stage}"


RUNNING_STAGES = {"Starting", "AnalyzingData", "FeatureEngineering", "ModelTuning", "TrainingModels", "PreTraining",
                  "GeneratingExplainabilityReport", "GeneratingModelInsightsReport", "DeployingModel", "CandidateDefinitionsGenerated"}
SECONDARY_FOR = {
    "InProgress": RUNNING_STAGES | {"MaxCandidatesReached", "MaxAutoMLJobRuntimeReached"},
    "Stopping": RUNNING_STAGES | {"Stopping"},
    "Completed": {"Completed", "MaxCandidatesReached", "MaxAutoMLJobRuntimeReached", "CandidateDefinitionsGenerated",
                  "ExplainabilityError", "ModelInsightsError", "ModelDeploymentError"},
    "Failed": {"Failed", "ExplainabilityError", "ModelInsightsError", "ModelDeploymentError"},
    "Stopped": {"Stopped", "MaxAutoMLJobRuntimeReached"},
}


@rule("secondary-status-matches-status", "implied",
      "AutoMLJobSecondaryStatus is one that can go with AutoMLJobStatus (a running stage while InProgress or Stopping, a final one once finished)",
      "AutoMLJobStatus, AutoMLJobSecondaryStatus",
      "AutoMLJobSecondaryStatus: Returns the secondary status of the AutoML job V2.",
      operations=JOB)
def _secondary(facts):
    status, stage = _str(facts.document.get("AutoMLJobStatus")), _str(facts.document.get("AutoMLJobSecondaryStatus"))
    allowed = SECONDARY_FOR.get(status or "")
    if allowed and stage is not None and stage not in allowed and stage in _ALL_STAGES:
        yield ("AutoMLJobSecondaryStatus",), f"{stage!r} does not go with status {status!r}"


_ALL_STAGES = set().union(*SECONDARY_FOR.values())


@rule("failure-reason-when-failed", "implied",
      "A Failed job has a FailureReason",
      "FailureReason, AutoMLJobStatus",
      "FailureReason: Returns the reason for the failure of the AutoML job V2, when applicable.",
      operations=JOB)
def _failure_reason(facts):
    document = facts.document
    if document.get("AutoMLJobStatus") == "Failed" and "FailureReason" not in document:
        yield ("FailureReason",), "missing although the job Failed"


@rule("resolved-values-match-config", "implied",
      "ResolvedAttributes repeat the objective metric, ProblemType, BaseModelName and completion criteria the job configuration sets",
      "ResolvedAttributes",
      "ResolvedAttributes: Returns the resolved attributes used by the AutoML job V2. (Every real response with both repeats the configured values.)",
      source="observed")
def _resolved(facts):
    resolved = facts.document.get("ResolvedAttributes")
    if not isinstance(resolved, dict):
        return
    name, config = facts.config()
    criteria = _dict(config.get("CompletionCriteria"))
    pairs = (
        (("AutoMLProblemTypeResolvedAttributes", "TabularResolvedAttributes", "ProblemType"), config.get("ProblemType") if name == "Tabular" else None),
        (("AutoMLProblemTypeResolvedAttributes", "TextGenerationResolvedAttributes", "BaseModelName"), config.get("BaseModelName") if name == "TextGeneration" else None),
        (("AutoMLJobObjective", "MetricName"), _dict(facts.document.get("AutoMLJobObjective")).get("MetricName")),
        (("CompletionCriteria", "MaxCandidates"), criteria.get("MaxCandidates")),
        (("CompletionCriteria", "MaxRuntimePerTrainingJobInSeconds"), criteria.get("MaxRuntimePerTrainingJobInSeconds")),
        (("CompletionCriteria", "MaxAutoMLJobRuntimeInSeconds"), criteria.get("MaxAutoMLJobRuntimeInSeconds")),
    )
    for where, configured in pairs:
        if configured is None:
            continue
        value: Any = resolved
        for key in where:
            value = value.get(key) if isinstance(value, dict) else None
        if type(value) is type(configured) and value != configured:
            yield ("ResolvedAttributes",) + where, f"{value!r} differs from the configured {configured!r}"


def _metric_key(name: str) -> str:
    """A metric name as real output writes it either way: F1, validation:f1, validation:f1_binary."""
    name = name.lower()
    name = name[len("validation:"):] if name.startswith("validation:") else name
    return name.removesuffix("_binary").replace("_", "")


@rule("final-metric-is-the-objective", "implied",
      "BestCandidate.FinalAutoMLJobObjectiveMetric names the job's objective metric (configured, else resolved)",
      "BestCandidate.FinalAutoMLJobObjectiveMetric.MetricName, AutoMLJobObjective.MetricName, ResolvedAttributes.AutoMLJobObjective.MetricName",
      "FinalAutoMLJobObjectiveMetric.MetricName: The name of the metric with the best result. For a description of the possible objective metrics, see AutoMLJobObjective$MetricName. (Real output names the objective, as MSE or as validation:accuracy, validation:f1_binary.)",
      source="observed")
def _final_metric(facts):
    document = facts.document
    final = _str(_get(facts.best, "FinalAutoMLJobObjectiveMetric", "MetricName"))
    if not final:
        return
    objective = _str(_get(document, "AutoMLJobObjective", "MetricName")) or _str(_get(document, "ResolvedAttributes", "AutoMLJobObjective", "MetricName"))
    if final and objective and _metric_key(final) != _metric_key(objective):
        yield ("BestCandidate", "FinalAutoMLJobObjectiveMetric", "MetricName"), f"{final!r} is not the job's objective metric {objective!r}"


@rule("endpoint-deployed-as-configured", "implied",
      "ModelDeployResult.EndpointName is the EndpointName ModelDeployConfig names",
      "ModelDeployResult.EndpointName, ModelDeployConfig.EndpointName",
      "ModelDeployConfig: Indicates whether the model was deployed automatically to an endpoint and the name of that endpoint if deployed automatically. ModelDeployResult.EndpointName: The name of the endpoint to which the model has been deployed.")
def _deployed_as_configured(facts):
    config = _dict(facts.document.get("ModelDeployConfig"))
    configured, deployed = _str(config.get("EndpointName")), _str(_get(facts.document, "ModelDeployResult", "EndpointName"))
    # a generated name too: the response's ModelDeployConfig names the endpoint it deployed to
    if configured is not None and deployed is not None and deployed != configured:
        yield ("ModelDeployResult", "EndpointName"), f"{deployed!r} is not the configured endpoint name {configured!r}"


@rule("candidate-definitions-only-untrained", "implied",
      "A job that only generates candidate definitions (GenerateCandidateDefinitionsOnly) has no trained BestCandidate (no final objective metric, no inference containers)",
      "AutoMLProblemTypeConfig.TabularJobConfig.GenerateCandidateDefinitionsOnly, BestCandidate",
      "GenerateCandidateDefinitionsOnly: Generates possible candidates without training the models. A model candidate is a combination of data preprocessors, algorithms, and algorithm parameter settings.")
def _definitions_only(facts):
    if _get(facts.union, "TabularJobConfig", "GenerateCandidateDefinitionsOnly") is not True:
        return
    for trained in ("FinalAutoMLJobObjectiveMetric", "InferenceContainers"):
        if facts.best.get(trained) is not None:
            yield ("BestCandidate", trained), "set although the job generates candidate definitions only, without training"


@rule("time-series-columns-distinct", "implied",
      "TimeSeriesConfig names different columns for target, timestamp, item identifier and grouping",
      "AutoMLProblemTypeConfig.TimeSeriesForecastingJobConfig.TimeSeriesConfig",
      "GroupingAttributeNames: A set of columns names that can be grouped with the item identifier column to create a composite key for which a target value is predicted.",
      operations=CONFIGURED)
def _ts_columns(facts):
    config = _get(facts.union, "TimeSeriesForecastingJobConfig", "TimeSeriesConfig")
    if not isinstance(config, dict):
        return
    seen: dict[str, tuple] = {}
    named: list[tuple] = [(k,) for k in ("TargetAttributeName", "TimestampAttributeName", "ItemIdentifierAttributeName")]
    groups = config.get("GroupingAttributeNames")
    named += [("GroupingAttributeNames", i) for i in range(len(groups))] if isinstance(groups, LISTS) else []
    for where in named:
        column = _str(_get(config, *where))
        if column is None:
            continue
        if column in seen:
            yield ("AutoMLProblemTypeConfig", "TimeSeriesForecastingJobConfig", "TimeSeriesConfig") + where, f"column {column!r} is already named by {'/'.join(map(str, seen[column]))}"
        else:
            seen[column] = where


@rule("s3-prefix-uri-scheme", "accepted",
      "An S3Prefix data source is an s3:// URI",
      "AutoMLJobInputDataConfig[].DataSource.S3DataSource.S3Uri",
      "The S3Prefix should have the following format: s3://DOC-EXAMPLE-BUCKET/DOC-EXAMPLE-FOLDER-OR-FILE",
      operations=CONFIGURED)
def _s3_prefix(facts):
    channels = facts.document.get("AutoMLJobInputDataConfig")
    for index, channel in enumerate(channels if isinstance(channels, LISTS) else ()):
        source = _dict(_get(channel, "DataSource", "S3DataSource"))
        uri = _str(source.get("S3Uri"))
        if source.get("S3DataType") == "S3Prefix" and uri is not None and uri.startswith("https://"):
            yield ("AutoMLJobInputDataConfig", index, "DataSource", "S3DataSource", "S3Uri"), "an https:// URL, not s3://"


@rule("metric-name-matches-standard-name", "implied",
      "A metric's MetricName and StandardMetricName agree when both are given",
      "BestCandidate.FinalAutoMLJobObjectiveMetric, BestCandidate.CandidateProperties.CandidateMetrics[]",
      "StandardMetricName: The name of the standard metric.",
      operations=CANDIDATE)
def _standard_name(facts):
    candidate = facts.best
    if not candidate:
        return
    final = candidate.get("FinalAutoMLJobObjectiveMetric")
    metrics: list[tuple[tuple, object]] = [(("BestCandidate", "FinalAutoMLJobObjectiveMetric"), final)]
    listed = _get(candidate, "CandidateProperties", "CandidateMetrics")
    if isinstance(listed, LISTS):
        metrics += [(("BestCandidate", "CandidateProperties", "CandidateMetrics", i), m) for i, m in enumerate(listed)]
    for where, metric in metrics:
        if isinstance(metric, dict):
            name, standard = metric.get("MetricName"), metric.get("StandardMetricName")
            if isinstance(name, str) and isinstance(standard, str) and name != standard:
                yield where + ("StandardMetricName",), f"{standard!r} differs from MetricName {name!r}"


@rule("timestamps-plausible", "implied",
      "LastModifiedTime is not before EndTime, and the best candidate lies within the job's lifetime",
      "EndTime, LastModifiedTime, BestCandidate.CreationTime, BestCandidate.EndTime",
      "LastModifiedTime: Returns the job's last modified time. (Real responses show it a few milliseconds after EndTime.)",
      source="observed",
      operations=CANDIDATE + (LIST_JOBS,))
def _plausible(facts):
    for owner, record in _time_pairs(facts):
        gap = facts.backwards(record.get("EndTime"), record.get("LastModifiedTime"))
        if gap is not None:
            yield owner + ("LastModifiedTime",), f"{gap:.3f} s before EndTime"
    document, best = facts.document, facts.best
    gap = facts.backwards(document.get("CreationTime"), best.get("CreationTime"))
    if gap is not None:
        yield ("BestCandidate", "CreationTime"), f"{gap:.3f} s before the job's CreationTime"
    gap = facts.backwards(best.get("EndTime"), document.get("EndTime"))
    if gap is not None:
        yield ("BestCandidate", "EndTime"), f"{gap:.3f} s after the job's EndTime"


_JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}")


@rule("arn-names-the-job", "implied",
      "AutoMLJobArn ends with automl-job/ and the job name (the ARN may lower-case it)",
      "AutoMLJobArn, AutoMLJobName",
      "AutoMLJobArn: Returns the Amazon Resource Name (ARN) of the AutoML job V2.",
      operations=JOB)
def _arn(facts):
    arn, name = _str(facts.document.get("AutoMLJobArn")), _str(facts.document.get("AutoMLJobName"))
    if arn is not None and name is not None and arn.endswith(":automl-job/" + name):
        return  # the common case, without the pattern or lower-casing
    if arn is not None and name is not None and _JOB_NAME.fullmatch(name) and not arn.lower().endswith(":automl-job/" + name.lower()):
        yield ("AutoMLJobArn",), f"does not end with automl-job/{name}"
