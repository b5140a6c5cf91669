"""Where moto 5.2.1's DescribeAutoMLJobV2 responses break documented rules, by problem type.

The deviations themselves, each with its reason, live in the package:
sagemaker_schema/accepted/moto.json, the choice `watch(client, accept="moto")` and
`--sagemaker-contract-accept=moto` take. This file says only which of them each problem
type's response shows: {problem type: {(rule id, JSON Pointer): why}}.
tests/test_moto_server.py asserts that a moto response breaks exactly these (errors and
warnings alike), through the live check, boto3 and raw HTTP, and that every shipped entry is
shown by some problem type: a new deviation, or one moto fixes, fails the test until the
shipped file says so.
Its ListAutoMLJobs summaries break the job-level entries of COMMON (those outside
BestCandidate), each at its summary's place in the page.
"""
from __future__ import annotations

from sagemaker_schema.accepting import read

SHIPPED = read("moto")  # {"RULE PATH": reason}
BEST = "/BestCandidate"

# Every job, whatever its problem type: moto fills in status and a fixed dummy candidate.
COMMON = [
    "end-time-when-finished /EndTime",
    "secondary-status-matches-status /AutoMLJobSecondaryStatus",
    f"timestamps-plausible {BEST}/CreationTime",
    f"pattern {BEST}/InferenceContainers/0/ModelDataUrl",
    f"map-key {BEST}/InferenceContainerDefinitions/string",
    f"pattern {BEST}/InferenceContainerDefinitions/string/0/ModelDataUrl",
]
# the dummy candidate carries both of these whatever the problem type; each breaks a rule
# where the problem type does not produce it
BACKTEST = [f"backtest-results-time-series-only {BEST}/CandidateProperties/CandidateArtifactLocations/BacktestResults"]
CONTAINER_DEFINITIONS = [f"inference-container-definitions-classification-only {BEST}/InferenceContainerDefinitions"]
# the dummy candidate's final metric is Accuracy, whatever the job optimises
FINAL_METRIC = [f"final-metric-is-the-objective {BEST}/FinalAutoMLJobObjectiveMetric/MetricName"]
# moto adds DataSplitConfig (0.2) to every job, a time-series one too
TIME_SERIES = ["data-split-not-for-time-series /DataSplitConfig"]
TEXT_GENERATION = [
    "enum /AutoMLJobObjective/MetricName",
    "enum /ResolvedAttributes/AutoMLJobObjective/MetricName",
    "resolved-values-match-config /ResolvedAttributes/AutoMLProblemTypeResolvedAttributes/TextGenerationResolvedAttributes/BaseModelName",
]

BY_PROBLEM_TYPE = {
    "tabular": COMMON + BACKTEST + CONTAINER_DEFINITIONS + FINAL_METRIC,
    "time-series-forecasting": COMMON + CONTAINER_DEFINITIONS + FINAL_METRIC + TIME_SERIES,
    "image-classification": COMMON + BACKTEST,
    "text-classification": COMMON + BACKTEST,
    "text-generation": COMMON + BACKTEST + CONTAINER_DEFINITIONS + TEXT_GENERATION,
}


def _rule_and_path(key: str) -> tuple[str, str]:
    rule, _, path = key.partition(" ")
    return rule, path


DEVIATIONS: dict[str, dict[tuple[str, str], str]] = {
    problem_type: {_rule_and_path(key): SHIPPED[key] for key in keys} for problem_type, keys in BY_PROBLEM_TYPE.items()
}
