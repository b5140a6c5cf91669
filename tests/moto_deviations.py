"""Where moto 5.2.1's DescribeAutoMLJobV2 responses break documented rules: the one list.

{problem type: {(rule id, JSON Pointer): why}}. tests/test_moto_server.py asserts that a
moto response breaks exactly these (errors and warnings alike), through the live check,
boto3 and raw HTTP: a new deviation, or one moto fixes, fails the test until it is
listed or removed here. Its ListAutoMLJobs summaries break the job-level entries of COMMON
(those outside BestCandidate), each at its summary's place in the page.
"""
from __future__ import annotations

BEST = "/BestCandidate"

# Every job, whatever its problem type: moto fills in status and a fixed dummy candidate.
COMMON = {
    ("end-time-when-finished", "/EndTime"): "moto sets EndTime when it creates the job, while the status stays InProgress",
    ("secondary-status-matches-status", "/AutoMLJobSecondaryStatus"): "moto reports status InProgress with secondary status Completed",
    ("timestamps-plausible", f"{BEST}/CreationTime"): "moto's dummy BestCandidate has fixed times in 2024-01-01, long before the job was created",
    ("pattern", f"{BEST}/InferenceContainers/0/ModelDataUrl"): "moto's dummy container has ModelDataUrl \"string\", not an s3:// or https:// URL",
    ("map-key", f"{BEST}/InferenceContainerDefinitions/string"): "moto keys InferenceContainerDefinitions by \"string\", not by a processing unit (CPU, GPU)",
    ("pattern", f"{BEST}/InferenceContainerDefinitions/string/0/ModelDataUrl"): "the same dummy container, ModelDataUrl \"string\"",
}
# the dummy candidate carries both of these whatever the problem type
BACKTEST = {
    ("backtest-results-time-series-only", f"{BEST}/CandidateProperties/CandidateArtifactLocations/BacktestResults"):
        "moto's dummy candidate has BacktestResults, which only time-series forecasting produces",
}
CONTAINER_DEFINITIONS = {
    ("inference-container-definitions-classification-only", f"{BEST}/InferenceContainerDefinitions"):
        "moto's dummy candidate has InferenceContainerDefinitions, which only image and text classification produce",
}

# the dummy candidate's final metric is Accuracy, whatever the job optimises
FINAL_METRIC = {
    ("final-metric-is-the-objective", f"{BEST}/FinalAutoMLJobObjectiveMetric/MetricName"):
        "moto's dummy candidate reports Accuracy as its final metric, not the job's objective metric",
}

DEVIATIONS: dict[str, dict[tuple[str, str], str]] = {
    "tabular": {**COMMON, **BACKTEST, **CONTAINER_DEFINITIONS, **FINAL_METRIC},
    "time-series-forecasting": {**COMMON, **CONTAINER_DEFINITIONS, **FINAL_METRIC},
    "image-classification": {**COMMON, **BACKTEST},
    "text-classification": {**COMMON, **BACKTEST},
    "text-generation": {
        **COMMON, **BACKTEST, **CONTAINER_DEFINITIONS,
        ("enum", "/AutoMLJobObjective/MetricName"): "moto writes the text generation objective as MetricName \"\" (the request has none to give)",
        ("enum", "/ResolvedAttributes/AutoMLJobObjective/MetricName"): "the same empty MetricName, copied into ResolvedAttributes",
        ("resolved-values-match-config", "/ResolvedAttributes/AutoMLProblemTypeResolvedAttributes/TextGenerationResolvedAttributes/BaseModelName"):
            "moto resolves BaseModelName to \"string\" instead of the configured model",
    },
}
