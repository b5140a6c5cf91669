"""What the generator knows, read once: the schema's enums, lengths, lists and the
problem types or statuses each cross-field rule names (``Facts``), and the rules layer's
knowledge of statuses, which the schema cannot hold.

This module is the generator's only door to the rest of the package (the schema files,
the rules layer, the catalogue, the boto3 forms): the builder and the breakers import
nothing of the package but ``draw`` and this module.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .. import pyrules, schema
from ..schema import ROOT_FILE, load_files

# the operations the generator writes documents for (named as the AWS CLI names them)
DESCRIBE = "describe-auto-ml-job-v2"
CREATE = "create-auto-ml-job-v2"
LIST_CANDIDATES = "list-candidates-for-auto-ml-job"
STOP = "stop-auto-ml-job"
LIST_JOBS = "list-auto-ml-jobs"
LIST_JOBS_REQUEST = "list-auto-ml-jobs-request"
LIST_CANDIDATES_REQUEST = "list-candidates-for-auto-ml-job-request"
OPERATIONS = (DESCRIBE, CREATE, LIST_CANDIDATES, STOP, LIST_JOBS, LIST_JOBS_REQUEST, LIST_CANDIDATES_REQUEST)
REQUEST_FILE = "create-auto-ml-job-v2-request.json"


def _anchors() -> dict[str, dict]:
    """Rule id -> its subschema (`$defs/<rule-id>` in some file)."""
    return schema.rule_schemas()


def _defs(file: str, name: str) -> dict:
    return load_files()[file]["$defs"][name]


def _prop(node: dict, *names: str) -> dict:
    for name in names:
        node = node["properties"][name]
    return node


def _first_enum(node: Any) -> list:
    """The first enum found below a subschema (depth first, in file order)."""
    children: Iterable[Any]
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

    def __init__(self) -> None:
        root = load_files()[ROOT_FILE]["properties"]
        anchors = _anchors()
        self.problem_types = list(root["AutoMLProblemTypeConfigName"]["enum"])
        self.statuses = list(root["AutoMLJobStatus"]["enum"])
        self.secondary_statuses = list(root["AutoMLJobSecondaryStatus"]["enum"])
        self._secondary: dict[str, list[str]] = {}  # status -> secondary_choices(status)
        # the problem types each cross-field rule names, in the order of the schema's enum
        self.no_emr_problem_types = self._among(_named(anchors["emr-serverless-tabular-or-time-series"]))
        self.emr_problem_types = self._others(self.no_emr_problem_types)
        self.single_candidate_problem_types = self._among(_named(_defs("cross-field-rules.json", "ResolvedMaxCandidatesOne")))
        self.no_backtest_problem_types = self._among(_named(anchors["backtest-results-time-series-only"]))
        self.backtest_problem_types = self._others(self.no_backtest_problem_types)
        self.no_container_definitions_problem_types = self._among(_named(anchors["inference-container-definitions-classification-only"]))
        self.container_definitions_problem_types = self._others(self.no_container_definitions_problem_types)
        self.no_resolved_union_problem_types = self._among(_named(anchors["resolved-union-matches-problem-type"]["allOf"][-1]))
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
        self.s3_output_max = anchors["s3-output-path-max-512"]["maxLength"]

        channel = _defs("input-data.json", "AutoMLJobChannel")
        self.channel_types = list(_prop(channel, "ChannelType")["enum"])
        self.compression_types = list(_prop(channel, "CompressionType")["enum"])
        self.s3_data_types = list(_prop(_defs("input-data.json", "AutoMLS3DataSource"), "S3DataType")["enum"])
        self.content_types = {  # problem type -> its content types (the last branch: no problem type named)
            name: _first_enum(branch["then"])
            for branch in anchors["content-type-per-problem-type"]["allOf"] if "properties" in branch["if"]
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

        # the CreateAutoMLJobV2 request: its own members and the rules only a request has
        request = load_files()[REQUEST_FILE]
        self.tags_max = request["properties"]["Tags"]["maxItems"]
        tag = request["$defs"]["Tag"]["properties"]
        self.tag_key_max, self.tag_value_max = tag["Key"]["maxLength"], tag["Value"]["maxLength"]
        self.no_data_split_problem_types = self._among(_named(anchors["data-split-not-for-time-series"]))
        self.s3_data_types_of = {name: list(self.s3_data_types) for name in self.problem_types}  # unnamed: any
        for branch in anchors["s3-data-type-per-problem-type"]["allOf"]:
            allowed = _first_enum(branch["then"])
            for name in _named(branch):
                self.s3_data_types_of[name] = [t for t in self.s3_data_types if t in allowed]

        # the List operations' parameters and the ListAutoMLJobs page
        jobs = load_files()[schema.root_file(LIST_JOBS_REQUEST)]["properties"]
        candidates = load_files()[schema.root_file(LIST_CANDIDATES_REQUEST)]["properties"]
        self.sort_orders = list(jobs["SortOrder"]["enum"])
        self.job_sort_keys, self.candidate_sort_keys = list(jobs["SortBy"]["enum"]), list(candidates["SortBy"]["enum"])
        self.jobs_max_results, self.candidates_max_results = jobs["MaxResults"]["maximum"], candidates["MaxResults"]["maximum"]
        self.name_contains_max = jobs["NameContains"]["maxLength"]
        self.candidate_status_filters = list(candidates["StatusEquals"]["enum"])
        self.candidate_name_filter_max = candidates["CandidateNameEquals"]["maxLength"]
        self.job_status_filters = list(jobs["StatusEquals"]["enum"])
        summary = load_files()[schema.root_file(LIST_JOBS)]["$defs"]["AutoMLJobSummary"]["properties"]
        self.summary_statuses = list(summary["AutoMLJobStatus"]["enum"])


    def default_content_type(self, problem_type: str) -> str:
        """The ContentType a channel of this problem type has when it gives none."""
        return pyrules.DEFAULT_CONTENT_TYPE.get(problem_type, pyrules.OTHER_DEFAULT_CONTENT_TYPE)

    def _among(self, named: list[str]) -> list[str]:
        return [name for name in self.problem_types if name in named]

    def _others(self, named: list[str]) -> list[str]:
        return [name for name in self.problem_types if name not in named]

    # --- statuses: the schema lists them; what each means is the rules layer's knowledge

    def finished(self, status: str) -> bool:
        """A job of this status has ended (it has an EndTime). A status the rules layer
        does not name as finished, one the schema added since included, is running."""
        return status in pyrules.FINISHED

    def secondary_choices(self, status: str) -> list[str]:
        """The secondary statuses a response of ``status`` may carry, in a stable order:
        those the rules layer pairs with it (a status it does not know is a running one:
        the running stages), and any secondary status the rules layer does not know (it
        goes with every status)."""
        if status not in self._secondary:
            known = pyrules.SECONDARY_FOR.get(status, pyrules.RUNNING_STAGES)
            unknown = {s for s in self.secondary_statuses if s not in _paired}
            self._secondary[status] = sorted(known | unknown)  # sorted: set order varies by process
        return self._secondary[status]

    def early(self, secondary: str) -> bool:
        """No candidate is trained yet at this secondary status."""
        return secondary in pyrules.EARLY_STAGES

    def objective_metrics_of(self, tabular_type: str | None) -> list[str]:
        """The objective metrics of a Tabular job of this ProblemType; a ProblemType the
        rule lists none for (one the schema added since) takes those of any Tabular job."""
        return self.objective_metrics.get(tabular_type, self.objective_metrics[None])


@lru_cache(maxsize=1)
def facts() -> Facts:
    return Facts()


_paired = set().union(*pyrules.SECONDARY_FOR.values())  # the secondary statuses the rules layer pairs with a status

# ForecastFrequency: the largest count of each unit, as the rule's pattern states it
# (the pattern holds the ranges only as a regex; a test checks each bound and bound+1).
FREQUENCY_MAX = {"min": 59, "H": 23, "D": 6, "W": 4, "M": 11, "Y": 1}


# --- the rest of the package

def error_rules() -> list[str]:
    """Every rule of severity error that applies to the describe response, in catalogue order."""
    from ..catalogue import rules
    from ..schema import DEFAULT_OPERATION

    return [r.id for r in rules().values() if r.severity == "error" and DEFAULT_OPERATION in r.operations]


def boto3_forms():
    """(to_boto3, to_boto3_json): botocore's own parser, loaded when a form needs it."""
    from ..inputs import to_boto3, to_boto3_json

    return to_boto3, to_boto3_json
