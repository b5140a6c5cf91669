"""The lifecycles a job runs through, as data: the server runs this table, the README
draws it (``mermaid()``), and a test keeps the two equal.

A job is InProgress through the running stages of its lifecycle (its secondary status
steps through ``stages(...)``), then ends with the outcome its scenario picks:
Completed (secondary status Completed, or MaxCandidatesReached,
MaxAutoMLJobRuntimeReached, CandidateDefinitionsGenerated), Failed (Failed), or
Stopped (Stopping, then Stopped). StopAutoMLJob turns a running job to Stopping (the
secondary status keeps the stage it was at, as the real recording below shows), then
Stopped.

Sources (the secondary statuses and the order of the stages):
- the boto3 page's AutoMLJobSecondaryStatus enum (describe_auto_ml_job_v2) and the API
  reference's, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobSummary.html;
- recorded DescribeAutoMLJob responses of tabular jobs polled in a notebook
  (data-science-on-aws/data-science-on-aws, 02_automl/02_Train_Reviews_AutoPilot.ipynb:
  InProgress at FeatureEngineering, then ModelTuning, then Completed with
  MaxCandidatesReached; aws/amazon-sagemaker-examples, autopilot/financial-services/
  bankruptcy.ipynb and creditcardfraud.ipynb: Starting, AnalyzingData);
- a real time-series job recorded right after StopAutoMLJob (cloud-custodian's placebo
  recording, tests/fixtures/real/timeseries-stopping-pretraining.json): Stopping with
  secondary status PreTraining, no EndTime, no BestCandidate;
- the rules layer's pairing of statuses and secondary statuses (``pyrules.SECONDARY_FOR``)
  and its early stages (no candidate trained yet: ``pyrules.EARLY_STAGES``).
Assumed, for want of a recording (named here so that one can correct it): the order of the
report stages (explainability, then model insights), the stages of time-series jobs after
PreTraining, and those of image, text and text-generation jobs (Starting, TrainingModels).
"""
from __future__ import annotations

from itertools import pairwise

# the running stages of each problem type, in order (secondary statuses while InProgress)
STAGES: dict[str, tuple[str, ...]] = {
    "Tabular": ("Starting", "AnalyzingData", "FeatureEngineering", "ModelTuning",
                "GeneratingExplainabilityReport", "GeneratingModelInsightsReport"),
    "TimeSeriesForecasting": ("Starting", "PreTraining", "TrainingModels",
                              "GeneratingExplainabilityReport", "GeneratingModelInsightsReport"),
    "ImageClassification": ("Starting", "TrainingModels"),
    "TextClassification": ("Starting", "TrainingModels"),
    "TextGeneration": ("Starting", "TrainingModels"),
}
# a Tabular job with GenerateCandidateDefinitionsOnly stops after analysing its data
DEFINITIONS_ONLY: tuple[str, ...] = ("Starting", "AnalyzingData")
DEPLOYING = "DeployingModel"  # the last running stage when ModelDeployConfig asks for a deployment
TRAINING = ("ModelTuning", "TrainingModels")  # candidates are trained here, listed from the next stage on

# outcome -> (final status, final secondary status)
OUTCOMES: dict[str, tuple[str, str]] = {
    "Completed": ("Completed", "Completed"),
    "MaxCandidatesReached": ("Completed", "MaxCandidatesReached"),
    "MaxAutoMLJobRuntimeReached": ("Completed", "MaxAutoMLJobRuntimeReached"),
    "Failed": ("Failed", "Failed"),
    "Stopped": ("Stopped", "Stopped"),
}
DEFINITIONS_GENERATED = ("Completed", "CandidateDefinitionsGenerated")
STOPPING = "Stopping"
# every running stage of the table, in order of first appearance
RUNNING: tuple[str, ...] = tuple(dict.fromkeys([s for run in STAGES.values() for s in run] + [DEPLOYING]))


def stages(problem_type: str, definitions_only: bool = False, deploy: bool = False) -> tuple[str, ...]:
    """The running stages of a job of this configuration (a problem type the table does not
    know yet runs Starting alone)."""
    if problem_type == "Tabular" and definitions_only:
        return DEFINITIONS_ONLY  # no training, so nothing to deploy
    return STAGES.get(problem_type, ("Starting",)) + ((DEPLOYING,) if deploy else ())


def path(problem_type: str, outcome: str = "Completed", *, definitions_only: bool = False, deploy: bool = False,
         at: str | None = None, within: int | None = None) -> list[tuple[str, str]]:
    """Every (status, secondary status) the job shows, in order. ``at``: the running stage
    a Failed or Stopped job ends at (default: its last running stage). ``within``: how many
    running stages start within the job's runtime limit (MaxAutoMLJobRuntimeInSeconds); a
    job that needs more ends with MaxAutoMLJobRuntimeReached (unless it fails or is stopped)."""
    running = stages(problem_type, definitions_only, deploy)
    if within is not None and within < len(running) and outcome not in ("Failed", "Stopped"):
        return [("InProgress", stage) for stage in running[: max(1, within)]] + [OUTCOMES["MaxAutoMLJobRuntimeReached"]]
    if outcome in ("Failed", "Stopped") and at is not None:
        if at not in running:
            raise ValueError(f"stage {at!r} is not one a {problem_type} job runs through: {', '.join(running)}")
        running = running[: running.index(at) + 1]
    steps = [("InProgress", stage) for stage in running]
    if outcome == "Stopped":
        return steps + [(STOPPING, running[-1]), OUTCOMES["Stopped"]]
    if definitions_only and problem_type == "Tabular" and outcome != "Failed":
        return steps + [DEFINITIONS_GENERATED]
    return steps + [OUTCOMES[outcome]]


def stopped_from(step: tuple[str, str]) -> list[tuple[str, str]]:
    """What a running job shows after StopAutoMLJob: Stopping (at the stage it was at), then Stopped."""
    return [(STOPPING, step[1]), OUTCOMES["Stopped"]]


def mermaid() -> str:
    """The lifecycle table as a Mermaid state diagram: the running stages of every
    configuration inside InProgress, and the ways out of it."""
    edges: list[tuple[str, str, str]] = []

    def edge(a: str, b: str, label: str = "") -> None:
        if (a, b, label) not in edges:
            edges.append((a, b, label))

    configurations = [(name, stages(name)) for name in STAGES] + [("Tabular", DEFINITIONS_ONLY)]
    for _, running in configurations:
        edge("[*]", running[0])
        for a, b in pairwise(running):
            edge(a, b)
    for name in STAGES:
        edge(stages(name)[-1], DEPLOYING, "ModelDeployConfig")
    lines = ["stateDiagram-v2", "    state InProgress {"]
    lines += [f"        {a} --> {b}" + (f": {label}" if label else "") for a, b, label in edges]
    lines += [
        "    }",
        "    [*] --> InProgress: CreateAutoMLJobV2",
        "    InProgress --> Completed: " + ", ".join(sorted({s for st, s in OUTCOMES.values() if st == "Completed"} | {DEFINITIONS_GENERATED[1]})),
        "    InProgress --> Failed: FailureReason",
        "    InProgress --> Stopping: StopAutoMLJob",
        "    Stopping --> Stopped",
        "    Completed --> [*]",
        "    Failed --> [*]",
        "    Stopped --> [*]",
    ]
    return "\n".join(lines) + "\n"
