"""sagemaker-schema serve proved with clients nobody here wrote, each as its users run it:
the AWS CLI v1 (a process: its own serializer, parser and output) and sagemaker-core's
AutoMLJobV2 resource (its pydantic shapes, its wait()). Both come from the [test] extra,
pinned where they resolve beside botocore==1.43.11. Every server binds 127.0.0.1 on a
free port and stops with its test."""
from __future__ import annotations

import json
import sys

from conftest import run, run_cli
from sagemaker_schema import validate
from sagemaker_schema.generate import RandomDraw, request
from sagemaker_schema.serve import Server

ROLE = "arn:aws:iam::123456789012:role/autopilot"


def a_trained_request(name: str, problem_type: str = "Tabular", seed: int = 0) -> dict:
    """A valid CreateAutoMLJobV2 request whose job trains candidates (no definitions-only,
    no runtime limit that ends it early), in the aws partition."""
    params = request(RandomDraw(seed), problem_type)
    params.update(AutoMLJobName=name, RoleArn=ROLE)
    params.pop("ModelDeployConfig", None)
    config = next(iter(params["AutoMLProblemTypeConfig"].values()))
    config.pop("GenerateCandidateDefinitionsOnly", None)
    config.get("CompletionCriteria", {}).pop("MaxAutoMLJobRuntimeInSeconds", None)
    return params


def dummy_credentials(tmp_path, **more: str | None) -> dict:
    """An environment with dummy credentials and nothing of the user's AWS set-up."""
    return {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": None,
            "AWS_PROFILE": None, "AWS_DEFAULT_PROFILE": None, "AWS_ENDPOINT_URL": None, "AWS_ENDPOINT_URL_SAGEMAKER": None,
            "AWS_CONFIG_FILE": str(tmp_path / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_DEFAULT_REGION": "us-east-1", **more}


# --- the AWS CLI v1 from PyPI

def test_the_aws_cli_creates_polls_pages_stops_and_lists_jobs(tmp_path):
    (tmp_path / "request.json").write_text(json.dumps(a_trained_request("cli-completed")), encoding="utf-8")
    (tmp_path / "config").write_text("[default]\ncli_timestamp_format = iso8601\n", encoding="utf-8")

    with Server(seed=3) as server:
        def aws(*args: str, iso: bool = False) -> tuple[int, str, str]:
            env = dummy_credentials(tmp_path, AWS_CONFIG_FILE=str(tmp_path / ("config" if iso else "no-config")))
            done = run([sys.executable, "-m", "awscli", "sagemaker", *args, "--endpoint-url", server.endpoint_url,
                        "--region", "us-east-1", "--output", "json"], env=env, text=True)
            return done.returncode, done.stdout, done.stderr

        code, out, err = aws("create-auto-ml-job-v2", "--cli-input-json", f"file://{tmp_path / 'request.json'}")
        assert code == 0, err
        assert json.loads(out) == {"AutoMLJobArn": "arn:aws:sagemaker:us-east-1:123456789012:automl-job/cli-completed"}

        code, out, err = aws("describe-auto-ml-job-v2", "--auto-ml-job-name", "cli-completed")
        assert code == 0, err
        first = json.loads(out)
        assert (first["AutoMLJobStatus"], first["AutoMLJobSecondaryStatus"]) == ("InProgress", "Starting")
        assert "EndTime" not in first and "BestCandidate" not in first

        server.advance("cli-completed", to="Completed")
        described = {}
        for iso in (False, True):  # the wire's epoch numbers (the default), and iso8601 as a config asks
            code, out, err = aws("describe-auto-ml-job-v2", "--auto-ml-job-name", "cli-completed", iso=iso)
            assert code == 0, err
            described[iso] = json.loads(out)
            # validate takes the describe output as the CLI prints it
            checked = run_cli("validate", "--format", "json", "-", stdin=out, text=True)
            assert checked.returncode == 0, checked.stdout + checked.stderr
        assert isinstance(described[False]["EndTime"], (int, float)) and isinstance(described[True]["EndTime"], str)
        done = described[False]
        assert (done["AutoMLJobStatus"], done["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")

        code, out, err = aws("list-candidates-for-auto-ml-job", "--auto-ml-job-name", "cli-completed", "--page-size", "1")
        assert code == 0, err
        candidates = json.loads(out)["Candidates"]  # every page followed (NextToken minted by the server)
        names = [candidate["CandidateName"] for candidate in candidates]
        assert len(names) == len(set(names)) >= 2
        assert done["BestCandidate"] in candidates  # the best one is among those listed, as listed

        # StopAutoMLJob: Stopping, then Stopped; stopping a stopped job is AWS's error
        code, out, err = aws("create-auto-ml-job-v2", "--cli-input-json", f"file://{tmp_path / 'request.json'}",
                             "--auto-ml-job-name", "cli-stopped")
        assert code == 0, err
        code, out, err = aws("stop-auto-ml-job", "--auto-ml-job-name", "cli-stopped")
        assert (code, out.strip()) == (0, ""), err
        statuses = []
        for _ in range(2):
            code, out, err = aws("describe-auto-ml-job-v2", "--auto-ml-job-name", "cli-stopped")
            assert code == 0, err
            statuses.append(json.loads(out)["AutoMLJobStatus"])
        assert statuses == ["Stopping", "Stopped"]
        code, out, err = aws("stop-auto-ml-job", "--auto-ml-job-name", "cli-stopped")
        assert code == 255 and "(ValidationException)" in err, (code, err)  # awscli v1: 255 for a service error

        code, out, err = aws("describe-auto-ml-job-v2", "--auto-ml-job-name", "no-such-job")
        assert code == 255 and "(ResourceNotFound)" in err, (code, err)

        # ListAutoMLJobs through the CLI's own pagination, one job a page, sorted as asked
        code, out, err = aws("list-auto-ml-jobs", "--page-size", "1", "--sort-by", "Name", "--sort-order", "Ascending")
        assert code == 0, err
        summaries = json.loads(out)["AutoMLJobSummaries"]
        assert [(s["AutoMLJobName"], s["AutoMLJobStatus"]) for s in summaries] == [("cli-completed", "Completed"),
                                                                                    ("cli-stopped", "Stopped")]


# --- sagemaker-core's AutoMLJobV2 resource

# Run in a fresh interpreter: sagemaker-core keeps one client for the process (a singleton
# read from the environment). Any connection but to the loopback server is refused.
SAGEMAKER_CORE = r'''
import json, socket, sys

_connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo
def _loopback(address):
    if address[0] not in ("127.0.0.1", "localhost"):
        raise AssertionError(f"network use: {address!r}")
def connect(self, address):
    _loopback(address)
    return _connect(self, address)
def getaddrinfo(host, *args, **kwargs):
    _loopback((host,))
    return _getaddrinfo(host, *args, **kwargs)
socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo

from sagemaker.core.resources import AutoMLJobV2
from sagemaker.core.shapes import AutoMLCandidate, AutoMLCandidateStep, FinalAutoMLJobObjectiveMetric
from sagemaker.core.utils.exceptions import FailedStatusError
from sagemaker.core.utils.utils import transform

seen = {}
params = json.loads(sys.argv[1])
# create: the request's members as the resource takes them (its own PascalCase-to-shape mapping)
job = AutoMLJobV2.create(**transform(params, "CreateAutoMLJobV2Request"))
seen["created"] = job.auto_ml_job_status
job.wait(poll=0)
best = job.best_candidate
assert isinstance(best, AutoMLCandidate), type(best)
assert all(isinstance(step, AutoMLCandidateStep) for step in best.candidate_steps)
assert isinstance(best.final_auto_ml_job_objective_metric, FinalAutoMLJobObjectiveMetric)
seen["completed"] = [job.auto_ml_job_status, job.auto_ml_job_secondary_status, best.candidate_name,
                     best.final_auto_ml_job_objective_metric.value, job.end_time >= job.creation_time]

# a Stopped job: wait() returns normally, as for a Completed one; only the status tells them apart
stopped = AutoMLJobV2.get(auto_ml_job_name="core-stopped")
returned = stopped.wait(poll=0)
seen["stopped"] = [repr(returned), stopped.auto_ml_job_status, type(stopped.best_candidate).__name__]

# a Failed job: wait() raises, with the job's FailureReason
try:
    AutoMLJobV2.get(auto_ml_job_name="core-failed").wait(poll=0)
    seen["failed"] = "returned"
except FailedStatusError as exc:
    seen["failed"] = str(exc)
print(json.dumps(seen))
'''


def test_sagemaker_core_s_automl_job_v2_creates_waits_and_reads_the_best_candidate(tmp_path):
    scenario = {"jobs": [{"match": "core-failed", "outcome": "Failed", "at": "FeatureEngineering",
                          "failure_reason": "ClientError: no target column"}]}
    with Server(seed=5, scenario=scenario) as server:
        client = server.client()
        for name in ("core-stopped", "core-failed"):
            client.create_auto_ml_job_v2(**a_trained_request(name, seed=1))
        client.stop_auto_ml_job(AutoMLJobName="core-stopped")
        params = a_trained_request("core-completed")
        # sagemaker-core's serialize drops a Tag's empty Value (which the model allows: length 0 to
        # 256) and botocore then refuses the request for a missing Value: give every tag a value
        params["Tags"] = [{**tag, "Value": tag["Value"] or "v"} for tag in params.get("Tags", [])]
        done = run([sys.executable, "-c", SAGEMAKER_CORE, json.dumps(params)], text=True,
                   env=dummy_credentials(tmp_path, AWS_ENDPOINT_URL_SAGEMAKER=server.endpoint_url))
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        seen = json.loads(done.stdout.splitlines()[-1])
        described = client.describe_auto_ml_job_v2(AutoMLJobName="core-completed")
        listed = client.list_candidates_for_auto_ml_job(AutoMLJobName="core-completed")["Candidates"]

    assert seen["created"] == "InProgress"
    status, secondary, best_name, best_value, ended_after_created = seen["completed"]
    assert (status, secondary, ended_after_created) == ("Completed", "Completed", True)
    assert validate(described) == []
    best = described["BestCandidate"]
    assert (best_name, best_value) == (best["CandidateName"], best["FinalAutoMLJobObjectiveMetric"]["Value"])
    assert best_name in [candidate["CandidateName"] for candidate in listed]
    # the polling bug a Stopped scenario catches: wait() returns None for a Stopped job, exactly as
    # for a Completed one, so code that takes its return for success goes on with no candidate
    assert seen["stopped"] == ["None", "Stopped", "Unassigned"]
    assert "ClientError: no target column" in seen["failed"]
