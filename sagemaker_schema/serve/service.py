"""The service behind the endpoint, without HTTP: operations in, AWS JSON 1.1 bodies out.

``Service.handle(target, body)`` answers one call: an ``Answer`` (HTTP status, body
bytes, and the fault it is when one was asked for). It holds
each request to its contract (the CreateAutoMLJobV2 request to this package's, the others
to botocore's model), keeps the jobs, moves each through its lifecycle (``lifecycle``),
and holds every describe and candidate page to this package's validator before it is
sent: one that breaks a rule of either severity is a 500 naming the violations.
Deterministic: the same seed, scenario and calls give the same bytes (the clock is
virtual: one second per call, ``step_seconds`` per lifecycle step). With
``advance="clock"`` the clock is the wall clock instead and a job moves one step every
``step_seconds`` of it, as a real job does while nobody polls (not byte-repeatable)."""
from __future__ import annotations

import base64
import copy
import fnmatch
import hashlib
import json
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import lifecycle
from .faults import ERRORS, Fault, broken, newer, read_faults
from .model import OPERATIONS, problems, shape

log = logging.getLogger("sagemaker_schema.serve")

START_MS = 1_761_955_200_000  # 2025-11-01T00:00:00Z: the virtual clock's start
STEP_SECONDS = 300  # a lifecycle step lasts five minutes of the virtual clock
# memory stays bounded (about 25 KB a job, 10 KB a candidate): past either cap,
# CreateAutoMLJobV2 gets ResourceLimitExceeded
MAX_JOBS = 2_000  # jobs kept at once
MAX_CANDIDATES_TOTAL = 20_000  # candidates kept over all jobs
MAX_CANDIDATES_KEPT = 100  # candidates drawn per job at most (MaxCandidates may allow more)
DEFAULT_CANDIDATES = 3  # when neither the scenario nor MaxCandidates says how many
MINIMIZED = frozenset({"MSE", "RMSE", "MAE", "MAPE", "MASE", "WAPE", "AverageWeightedQuantileLoss", "LogLoss",
                       "InferenceLatency", "Perplexity", "ValidationLoss", "TrainingLoss"})
SCENARIO_KEYS = {"match", "outcome", "at", "failure_reason", "partial_failures", "candidates"}
ADVANCE = ("describe", "clock", "manual")  # how jobs move: per describe (default), on the wall clock, or when told
DEFAULT_FAILURE = "AlgorithmError: the training data has no rows with a value in the target column"


class AwsError(Exception):
    """An error as AWS sends it: HTTP status, the code botocore reads from __type, a message."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def body(self) -> bytes:
        return _dumps({"__type": self.code, "message": self.message})


def _dumps(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def _epoch(ms: int) -> float | int:
    from ..generate.builder import epoch

    return epoch(ms)


@dataclass
class Outcome:
    """What the scenario picks for a job: how it ends, where, and with what."""

    outcome: str = "Completed"
    at: str | None = None
    failure_reason: str = DEFAULT_FAILURE
    partial_failures: list[str] = field(default_factory=list)
    candidates: int | None = None


class Answer(NamedTuple):
    status: int
    body: bytes
    fault: dict | None = None  # the faults asked for that this answer is: {"error": code}, {"break": rule}, {"latency": s}...
    delay: float = 0.0  # seconds to hold the answer back (a latency fault), outside the lock


def read_scenario(document: Any, name: str = "scenario") -> tuple[list[tuple[str, Outcome]], int, list[Fault]]:
    """(pattern -> outcome rules, step seconds, faults) from a scenario document;
    ValueError naming the problem (the CLI prints it with the file's name)."""
    if document is None:
        return [], STEP_SECONDS, []
    if not isinstance(document, dict):
        raise ValueError(f"{name}: a scenario is an object with 'jobs' (a list), 'step_seconds' and 'faults' (a list)")
    unknown = set(document) - {"jobs", "step_seconds", "faults"}
    if unknown:
        raise ValueError(f"{name}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; known: faults, jobs, step_seconds")
    if not isinstance(document.get("jobs") or [], list):
        raise ValueError(f"{name}: jobs is a list of entries, each with 'match'")
    steps = document.get("step_seconds", STEP_SECONDS)
    if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 86_400:
        raise ValueError(f"{name}: step_seconds must be a whole number of seconds from 1 to 86400")
    rules = []
    for index, entry in enumerate(document.get("jobs") or []):
        where = f"{name}: jobs[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("match"), str):
            raise ValueError(f"{where}: each entry is an object with 'match' (a job name pattern such as 'fail-*')")
        unknown = set(entry) - SCENARIO_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(SCENARIO_KEYS))}")
        outcome = entry.get("outcome", "Completed")
        if outcome not in lifecycle.OUTCOMES:
            raise ValueError(f"{where}: outcome {outcome!r} is not one of {', '.join(lifecycle.OUTCOMES)}")
        candidates = entry.get("candidates")
        if candidates is not None and (not isinstance(candidates, int) or isinstance(candidates, bool) or not 0 <= candidates <= MAX_CANDIDATES_KEPT):
            raise ValueError(f"{where}: candidates must be a whole number from 0 to {MAX_CANDIDATES_KEPT}")
        if candidates == 0 and outcome == "MaxCandidatesReached":
            raise ValueError(f"{where}: outcome MaxCandidatesReached trains candidates: candidates is from 1")
        partial = entry.get("partial_failures", [])
        if not isinstance(partial, list) or not all(isinstance(p, str) for p in partial) or len(partial) > 5:
            raise ValueError(f"{where}: partial_failures is a list of at most 5 messages")
        # keys this outcome would not use are refused, not ignored
        if "failure_reason" in entry and outcome != "Failed":
            raise ValueError(f"{where}: failure_reason is for outcome Failed (this entry's outcome is {outcome})")
        if "at" in entry and outcome not in ("Failed", "Stopped"):
            raise ValueError(f"{where}: at is the stage a Failed or Stopped job ends at; outcome {outcome} runs every stage")
        reason = entry.get("failure_reason", DEFAULT_FAILURE)
        if not isinstance(reason, str) or len(reason) > 1024:
            raise ValueError(f"{where}: failure_reason is a message of at most 1024 characters")
        at = entry.get("at")
        if at is not None and at not in lifecycle.RUNNING:
            raise ValueError(f"{where}: at {at!r} is not a running stage: {', '.join(lifecycle.RUNNING)}")
        rules.append((entry["match"], Outcome(outcome, at, reason, partial, candidates)))
    return rules, steps, read_faults(document.get("faults"), name)


@dataclass
class Job:
    name: str
    request: dict
    full: dict  # the describe response drawn once for the whole run (Completed); each view is cut from it
    candidates: list[dict]
    steps: list[tuple[str, str]]
    created_ms: int
    step_ms: int
    outcome: Outcome
    definitions_only: bool
    index: int = 0
    shown: bool = False  # the current step was described: the next describe advances
    since_ms: int = 0  # advance="clock": when the current step began on the clock (0: the virtual clock's step times)

    @property
    def step(self) -> tuple[str, str]:
        return self.steps[self.index]

    @property
    def finished(self) -> bool:
        return self.step[0] in ("Completed", "Failed", "Stopped")

    def time_ms(self, index: int | None = None) -> int:
        if index is None and self.since_ms:  # on the clock: when the step truly began (a stop, an advance)
            return self.since_ms
        return self.created_ms + (self.index if index is None else index) * self.step_ms

    def trained_at(self) -> int | None:
        """The step at which candidates were trained (listed from the next step on)."""
        for index, (_, stage) in enumerate(self.steps):
            if stage in lifecycle.TRAINING:
                return index
        return None

    def listed(self) -> list[dict]:
        """The candidates a client sees now."""
        if self.definitions_only:
            return self.candidates if self.step[1] == lifecycle.DEFINITIONS_GENERATED[1] else []
        trained = self.trained_at()
        return self.candidates if trained is not None and self.index > trained else []


class Service:
    """The jobs and the five operations. Thread-safe: one lock around each call."""

    def __init__(self, seed: Any = 0, scenario: Any = None, *, advance: str = "describe", max_jobs: int = MAX_JOBS,
                 faults: list[Fault] | None = None, clock: Any = None):
        if advance not in ADVANCE:
            raise ValueError("advance is 'describe' (one step per describe), 'clock' (one step per step_seconds of the "
                             "wall clock) or 'manual' (advance() only)")
        self.seed = seed
        self.rules, self.step_seconds, self.faults = read_scenario(scenario)
        self.faults += faults or []
        self.counts: dict[str, int] = {}  # calls per operation, for faults on the nth call
        self._rng = random.Random(f"{seed}/faults")  # faults with a probability: the same seed, the same calls
        self.auto = advance == "describe"
        # advance="clock": the time source (seconds, as time.time gives them; tests pass their own)
        self.clock = (clock or time.time) if advance == "clock" else None
        self.max_jobs = max_jobs
        self.jobs: dict[str, Job] = {}  # by the lower-cased name: names are case-insensitive
        self.calls = 0
        self.lock = threading.RLock()
        self._region: str | None = None  # the region of the call being answered
        self._fault: dict | None = None  # the fault the call being answered is, if any
        self._validators: dict[str, Any] = {}
        self._handlers = {"CreateAutoMLJobV2": self._create, "DescribeAutoMLJobV2": self._describe, "StopAutoMLJob": self._stop,
                          "ListCandidatesForAutoMLJob": self._list_candidates, "ListAutoMLJobs": self._list_jobs}

    def now_ms(self) -> int:
        """The virtual clock: one second per call since START_MS; the wall clock with advance="clock"."""
        if self.clock is not None:
            return int(self.clock() * 1000)
        return START_MS + self.calls * 1000

    def _tick(self, job: Job) -> None:
        """advance="clock": move the job on by the whole steps that have passed on the clock."""
        if self.clock is None:
            return
        moves = min((self.now_ms() - job.since_ms) // job.step_ms, len(job.steps) - 1 - job.index)
        if moves > 0:
            job.index += moves
            job.since_ms += moves * job.step_ms

    # --- the one entry point

    def handle(self, target: str, body: bytes, region: str | None = None) -> Answer:
        """One call: ``target`` is the X-Amz-Target header's value, ``body`` the JSON text,
        ``region`` the one the client signed for (a new job's ARNs name it)."""
        with self.lock:
            self._region, self._fault = region, None
            self.calls += 1
            delay = 0.0  # a latency fault holds back an error answer too
            try:
                operation = self._operation(target)
                params = self._params(body)
                self.counts[operation] = self.counts.get(operation, 0) + 1
                delay = self._latency_fault(operation)
                self._error_fault(operation)
                return Answer(200, _dumps(self._handlers[operation](params)), self._fault, delay)
            except AwsError as exc:
                return Answer(exc.status, exc.body(), self._fault, delay)

    def _due(self, operation: str, kind: str) -> list[Fault]:
        """The faults of this kind (Fault.kind) due on this call."""
        return [f for f in self.faults if f.kind == kind and f.operation in (operation, "*")
                and f.due(self.counts[operation], self._rng)]

    def _latency_fault(self, operation: str) -> float:
        delay = 0.0
        for fault in self._due(operation, "latency"):
            assert fault.latency is not None
            fault.times = None if fault.times is None else fault.times - 1
            delay += fault.latency
        if delay:
            self._fault = {"latency": delay}
        return delay

    def _error_fault(self, operation: str) -> None:
        for fault in self._due(operation, "error"):
            assert fault.error is not None
            fault.times = None if fault.times is None else fault.times - 1
            self._fault = {**(self._fault or {}), "error": fault.error}
            status, message = ERRORS[fault.error]
            raise AwsError(fault.error, message, status)

    def _document_fault(self, operation: str, document: dict) -> dict | None:
        """The document changed by a fault due now (a rule broken, what a newer AWS adds),
        or None (a fault that cannot start from this document waits for one it can)."""
        for fault in self._due(operation, "document"):
            if fault.rule is not None:
                changed, note = broken(document, fault.rule, f"{self.seed}/{self.calls}"), {"break": fault.rule}
            else:
                assert fault.newer is not None
                changed, note = newer(document, fault.newer), {"newer": fault.newer}
            if changed is not None:
                fault.times = None if fault.times is None else fault.times - 1
                self._fault = {**(self._fault or {}), **note}
                return changed
        return None

    def _operation(self, target: str) -> str:
        service, _, operation = (target or "").partition(".")
        if service != "SageMaker" or operation not in OPERATIONS:
            raise AwsError("UnknownOperationException", f"Unknown operation {target or '(no X-Amz-Target)'}: this endpoint serves "
                           + ", ".join(f"SageMaker.{o}" for o in OPERATIONS))
        return operation

    @staticmethod
    def _params(body: bytes) -> dict:
        from ..inputs import parse_json

        try:
            params = parse_json(body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise AwsError("SerializationException", f"The request body is not valid JSON: {exc}") from None
        if not isinstance(params, dict):
            raise AwsError("SerializationException", "The request body is not a JSON object")
        return params

    # --- the operations

    def _create(self, params: dict) -> dict:
        violations = [v for v in self._validator("create-auto-ml-job-v2").validate(params) if v.severity == "error"]
        if violations:
            from ..report.line import line

            # each: where, which rule, what is wrong, and the documentation behind the rule, on one
            # line as AWS's messages are (the documentation's line breaks made a ClientError of twenty)
            raise AwsError("ValidationException", f"{len(violations)} validation error(s) detected: "
                           + "; ".join(line(v) + (f" (documented: {' '.join(v.doc.split())})" if v.doc else "") for v in violations))
        name = params["AutoMLJobName"]
        if name.lower() in self.jobs:
            raise AwsError("ResourceInUse", f"Resource Already Exists: an AutoML job named {self.jobs[name.lower()].name!r} "
                           "already exists (job names are case-insensitive)")
        if len(self.jobs) >= self.max_jobs:
            raise AwsError("ResourceLimitExceeded", f"This endpoint keeps at most {self.max_jobs} AutoML jobs")
        job = self._new_job(name, params, self._region)
        kept = sum(len(j.candidates) for j in self.jobs.values())
        if kept + len(job.candidates) > MAX_CANDIDATES_TOTAL:
            raise AwsError("ResourceLimitExceeded", f"This endpoint keeps at most {MAX_CANDIDATES_TOTAL} candidates over all "
                           f"jobs; {kept} are kept and this job has {len(job.candidates)}")
        self.jobs[name.lower()] = job
        return {"AutoMLJobArn": job.full["AutoMLJobArn"]}

    def _describe(self, params: dict) -> dict:
        job = self._job(params, "DescribeAutoMLJobV2")
        if job.shown and self.auto and job.index < len(job.steps) - 1:
            job.index += 1
        job.shown = True
        document = self.view(job)
        changed = self._document_fault("DescribeAutoMLJobV2", document)
        return changed if changed is not None else self._checked("describe-auto-ml-job-v2", document)

    def _stop(self, params: dict) -> dict:
        job = self._job(params, "StopAutoMLJob")
        status = job.step[0]
        if job.finished:
            raise AwsError("ValidationException", f"The AutoML job {job.name!r} is {status}: only a job in progress can be stopped")
        if status != lifecycle.STOPPING:
            job.steps = job.steps[: job.index + 1] + lifecycle.stopped_from(job.step)
            job.index += 1
            if self.clock is not None:
                job.since_ms = self.now_ms()  # on the clock, Stopping begins now and lasts a step
            job.shown = False  # the next describe shows Stopping
        return {}

    def _list_candidates(self, params: dict) -> dict:
        job = self._job(params, "ListCandidatesForAutoMLJob")
        found = list(job.listed())
        if "StatusEquals" in params:
            found = [c for c in found if c["CandidateStatus"] == params["StatusEquals"]]
        if "CandidateNameEquals" in params:
            found = [c for c in found if c["CandidateName"] == params["CandidateNameEquals"]]
        order = params.get("SortBy")
        if order == "Status":
            found.sort(key=lambda c: c["CandidateStatus"])
        elif order == "FinalObjectiveMetricValue":
            found.sort(key=lambda c: c.get("FinalAutoMLJobObjectiveMetric", {}).get("Value", float("-inf")))
        if params.get("SortOrder") == "Descending":
            found.reverse()
        page, token = self._page(found, params, "ListCandidatesForAutoMLJob", 300)
        return self._checked("list-candidates-for-auto-ml-job", {"Candidates": page, **token})

    def _list_jobs(self, params: dict) -> dict:
        self._model_check("ListAutoMLJobs", params)
        for job in self.jobs.values():
            self._tick(job)
        summaries = [self.summary(job) for job in self.jobs.values()]
        for key, test in (("CreationTimeAfter", lambda s, t: s["CreationTime"] > t),
                          ("CreationTimeBefore", lambda s, t: s["CreationTime"] < t),
                          ("LastModifiedTimeAfter", lambda s, t: s["LastModifiedTime"] > t),
                          ("LastModifiedTimeBefore", lambda s, t: s["LastModifiedTime"] < t)):
            if key in params:
                summaries = [s for s in summaries if test(s, params[key])]
        if "NameContains" in params:
            summaries = [s for s in summaries if params["NameContains"].lower() in s["AutoMLJobName"].lower()]
        if "StatusEquals" in params:
            summaries = [s for s in summaries if s["AutoMLJobStatus"] == params["StatusEquals"]]
        by = params.get("SortBy", "Name")  # the model: the default is Name, Descending
        fields = {"Name": ("AutoMLJobName",), "CreationTime": ("CreationTime", "AutoMLJobName"),
                  "Status": ("AutoMLJobStatus", "AutoMLJobName")}[by]
        summaries.sort(key=lambda s: tuple(s[f] for f in fields), reverse=params.get("SortOrder", "Descending") == "Descending")
        page, token = self._page(summaries, params, "ListAutoMLJobs", 100)
        return self._checked("list-auto-ml-jobs", {"AutoMLJobSummaries": page, **token})

    # --- jobs

    def _job(self, params: dict, operation: str) -> Job:
        self._model_check(operation, params)
        job = self.jobs.get(params["AutoMLJobName"].lower())
        if job is None:
            raise AwsError("ResourceNotFound", f"Could not find AutoML job with name {params['AutoMLJobName']}")
        self._tick(job)
        return job

    def _outcome(self, name: str) -> Outcome:
        for pattern, outcome in self.rules:
            if fnmatch.fnmatchcase(name, pattern):
                return outcome
        return Outcome()

    def _new_job(self, name: str, request: dict, region: str | None = None) -> Job:
        from ..generate import RandomDraw, request_problem_type, response

        problem_type = request_problem_type(request)
        config = next(iter(request["AutoMLProblemTypeConfig"].values()))
        definitions_only = problem_type == "Tabular" and config.get("GenerateCandidateDefinitionsOnly") is True
        outcome = self._outcome(name)
        deploy = "ModelDeployConfig" in request and outcome.outcome != "Failed"
        limit = config.get("CompletionCriteria", {}).get("MaxAutoMLJobRuntimeInSeconds")
        within = -(-limit // self.step_seconds) if limit else None  # the stages that start before the limit
        try:
            steps = lifecycle.path(problem_type, outcome.outcome, definitions_only=definitions_only, deploy=deploy, at=outcome.at,
                                   within=within)
        except ValueError:  # the scenario's stage is not one this job runs through: it ends at its last
            steps = lifecycle.path(problem_type, outcome.outcome, definitions_only=definitions_only, deploy=deploy, within=within)
        draw = RandomDraw(f"{self.seed}/{name}")
        partition = request["RoleArn"].split(":")[1]
        full = response(draw, request=request, status="Completed", region=region if region and _partition(region) == partition else None)
        created = self.now_ms()
        job = Job(name, copy.deepcopy(request), full, [], steps, created, self.step_seconds * 1000, outcome, definitions_only,
                  since_ms=created if self.clock is not None else 0)
        job.candidates = self._candidates(draw, job, problem_type)
        return job

    def _candidates(self, draw, job: Job, problem_type: str) -> list[dict]:
        """The job's candidates, drawn once: as many as the scenario asks, within MaxCandidates
        (all of them when the job ends with MaxCandidatesReached), each trained while its job
        was at its training stage, all with the job's objective metric."""
        from ..generate.builder import candidate

        limit = self._max_candidates(job, problem_type)
        wanted = job.outcome.candidates
        if wanted is None:
            wanted = limit if job.outcome.outcome == "MaxCandidatesReached" else draw.integer(1, DEFAULT_CANDIDATES)
        count = min(wanted, limit, MAX_CANDIDATES_KEPT)
        trained = job.trained_at()
        start = job.time_ms(trained if trained is not None else len(job.steps) - 2)
        gap = job.step_ms // (count + 1) if count else 0
        objective = job.full.get("AutoMLJobObjective") or job.full.get("ResolvedAttributes", {}).get("AutoMLJobObjective")
        made: list[dict] = []
        metric: dict | None = None
        for index in range(count):
            created = start + index * gap
            one = candidate(draw, problem_type, objective, created, created + gap // 2, job_arn=job.full["AutoMLJobArn"])
            one["CandidateName"] = f"{one['CandidateName'][:56]}-{index + 1:03d}"  # distinct
            one["CandidateStatus"], one["ObjectiveStatus"] = "Completed", "Succeeded"
            one.pop("FailureReason", None)
            one["CreationTime"], one["EndTime"], one["LastModifiedTime"] = _epoch(created), _epoch(created + gap // 2), _epoch(created + gap // 2)
            final = one.get("FinalAutoMLJobObjectiveMetric")
            if job.definitions_only:  # definitions only: nothing is trained
                one.pop("FinalAutoMLJobObjectiveMetric", None)
                one.pop("InferenceContainers", None)
                one.pop("InferenceContainerDefinitions", None)
            else:
                # one objective for the whole job: the first candidate's, its Type by the metric
                if metric is None:
                    from ..generate import facts

                    source = final or {"MetricName": (objective or {}).get("MetricName") or draw.choice(facts().metrics)}
                    metric = {k: source[k] for k in ("MetricName", "StandardMetricName") if k in source}
                    metric["Type"] = "Minimize" if _bare(metric["MetricName"]) in MINIMIZED else "Maximize"
                # a value of the metric's kind: a score from 0.5 to 1, a loss or an error above 0
                value = draw.integer(5_000, 9_999) / 10_000 if metric["Type"] == "Maximize" else draw.integer(1, 99_999) / 1_000
                one["FinalAutoMLJobObjectiveMetric"] = {"Type": metric["Type"], "MetricName": metric["MetricName"], "Value": value,
                                                        **({"StandardMetricName": metric["StandardMetricName"]} if "StandardMetricName" in metric else {})}
            made.append(one)
        return made

    @staticmethod
    def _max_candidates(job: Job, problem_type: str) -> int:
        from ..generate import facts

        f = facts()
        if problem_type in f.single_candidate_problem_types:
            return 1
        config = next(iter(job.request["AutoMLProblemTypeConfig"].values()))
        configured = config.get("CompletionCriteria", {}).get("MaxCandidates")
        resolved = job.full.get("ResolvedAttributes", {}).get("CompletionCriteria", {}).get("MaxCandidates")
        return configured or resolved or f.max_candidates

    @staticmethod
    def state(job: Job) -> dict:
        """The members that follow a job's current step: statuses, times, failure reasons
        (what ListAutoMLJobs lists beside the name and ARN)."""
        status, secondary = job.step
        now = job.time_ms()
        found: dict[str, Any] = {"AutoMLJobStatus": status, "AutoMLJobSecondaryStatus": secondary,
                 "CreationTime": _epoch(job.created_ms), "LastModifiedTime": _epoch(now)}
        if job.finished:
            found["EndTime"] = _epoch(now)
        if status == "Failed":
            found["FailureReason"] = job.outcome.failure_reason
        if job.finished and job.outcome.partial_failures:
            found["PartialFailureReasons"] = [{"PartialFailureMessage": m} for m in job.outcome.partial_failures]
        return found

    def view(self, job: Job) -> dict:
        """The describe response of a job at its current step, cut from its full response."""
        doc = copy.deepcopy(job.full)
        for member in ("EndTime", "FailureReason", "PartialFailureReasons", "BestCandidate", "ModelDeployResult"):
            doc.pop(member, None)
        doc.update(self.state(job))
        status, secondary = job.step
        listed = job.listed()
        if listed and not job.definitions_only:
            doc["BestCandidate"] = copy.deepcopy(best(listed))
        deployed = any(stage == lifecycle.DEPLOYING for _, stage in job.steps[: job.index])
        if deployed and status == "Completed":
            config = job.request["ModelDeployConfig"]
            doc["ModelDeployResult"] = {"EndpointName": config.get("EndpointName") or f"{job.name[:50]}-endpoint"}
        if secondary == "Starting":
            doc.pop("AutoMLJobArtifacts", None)  # nothing is written before the data is read
        return doc

    def summary(self, job: Job) -> dict:
        """The job as ListAutoMLJobs lists it (its current step: listing moves nothing)."""
        return {"AutoMLJobName": job.name, "AutoMLJobArn": job.full["AutoMLJobArn"], **self.state(job)}

    def advance(self, name: str, to: str | None = None) -> tuple[str, str]:
        """Move a job on: one step, or to the first step ahead whose status or secondary
        status is ``to``. The next describe shows that step. ValueError naming the steps
        ahead when ``to`` is not one of them; KeyError for an unknown job."""
        with self.lock:
            job = self.jobs.get(name.lower())
            if job is None:
                raise KeyError(f"no AutoML job named {name!r}")
            self._tick(job)
            ahead = range(job.index + (0 if not job.shown else 1), len(job.steps))
            if to is None:
                index = min(job.index + 1, len(job.steps) - 1)
            else:
                index = next((i for i in ahead if to in job.steps[i]), -1)
                if index < 0:
                    names = ", ".join("/".join(job.steps[i]) for i in ahead) or "none: the job has ended"
                    raise ValueError(f"job {job.name!r} has no step {to!r} ahead; ahead: {names}")
            job.index, job.shown = index, False
            if self.clock is not None:
                job.since_ms = self.now_ms()
            return job.step

    # --- contracts

    def _validator(self, operation: str):
        if operation not in self._validators:
            from ..validator import Validator

            self._validators[operation] = Validator(operation=operation)
        return self._validators[operation]

    def _checked(self, operation: str, document: dict) -> dict:
        """The document, if the validator passes it (strict, both severities); else a 500."""
        violations = self._validator(operation).validate(document)
        if violations:
            from ..report.line import line

            self._lie(operation, [line(v) for v in violations])
        return document

    @staticmethod
    def _lie(operation: str, found: list[str]) -> None:
        log.error("refused to send a %s response that breaks its contract: %s", operation, "; ".join(found))
        raise AwsError("InternalFailure", f"sagemaker-schema serve would have sent a {operation} response that breaks its "
                       f"contract ({len(found)} violation(s)): " + "; ".join(found), 500)

    @staticmethod
    def _model_check(operation: str, params: dict) -> None:
        found = problems(params, shape(operation))
        if found:
            raise AwsError("ValidationException", f"{len(found)} validation error(s) detected: " + "; ".join(found))

    def _page(self, items: list, params: dict, operation: str, default: int) -> tuple[list, dict]:
        """One page and the NextToken of the next (minted here: the offset and the query it
        belongs to, so a token from another query is refused)."""
        query = hashlib.sha256(_dumps({k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")})).hexdigest()[:16]
        offset = 0
        if params.get("NextToken"):
            try:
                offset, of = json.loads(base64.urlsafe_b64decode(params["NextToken"].encode()))
                assert of == query and isinstance(offset, int) and offset >= 0
            except Exception:
                raise AwsError("ValidationException", f"Invalid NextToken for {operation}: pass the one the previous page returned "
                               "with the same parameters") from None
        size = params.get("MaxResults", default)
        page = items[offset: offset + size]
        more = offset + size < len(items)
        token = base64.urlsafe_b64encode(_dumps([offset + size, query])).decode() if more else None
        return page, ({"NextToken": token} if token else {})


def best(candidates: list[dict]) -> dict:
    """The candidate with the best final objective value by its Type (Minimize: lowest);
    the first of equals."""
    scored = [c for c in candidates if "Value" in c.get("FinalAutoMLJobObjectiveMetric", {})]
    if not scored:
        return candidates[0]
    minimize = scored[0]["FinalAutoMLJobObjectiveMetric"].get("Type") == "Minimize"
    pick = min if minimize else max
    return pick(scored, key=lambda c: c["FinalAutoMLJobObjectiveMetric"]["Value"])


def _partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


def _bare(metric: str) -> str:
    name = metric.split(":", 1)[-1]
    return next((m for m in MINIMIZED if m.lower() == name.lower()), name)

