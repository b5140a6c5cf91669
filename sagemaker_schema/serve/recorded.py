"""One job's lifecycle as fixtures: what the server answers, without a server, for a
botocore Stubber queue or files (``generate --lifecycle`` in the issue's words)."""
from __future__ import annotations

import json
from typing import Any

from . import lifecycle
from .server import transcript_line
from .service import Service


def recorded_job(*, seed: Any = 0, problem_type: str | None = None, outcome: str = "Completed",
                 request: dict | None = None) -> dict:
    """The calls of one job as ``sagemaker-schema serve`` answers them (wire form, each
    response valid): ``request`` (CreateAutoMLJobV2 parameters: the one given, else drawn
    for the problem type), ``describes`` (every DescribeAutoMLJobV2 response from its first
    status to its last, one per step of the lifecycle table), ``candidates`` (its
    ListCandidatesForAutoMLJob page at the end) and ``transcript`` (every call, the create
    first, as ``serve --transcript`` writes it: ``validate --transcript`` reads it). ``outcome``: Completed,
    MaxCandidatesReached, MaxAutoMLJobRuntimeReached, Failed or Stopped. The same
    arguments give the same documents. Ready for ``Stubber.add_response`` (botocore takes
    the wire form's epoch timestamps)."""
    from ..generate import RandomDraw, request as draw_request

    if outcome not in lifecycle.OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(lifecycle.OUTCOMES)}")
    params = request if request is not None else draw_request(RandomDraw(seed), problem_type)
    service = Service(seed, {"jobs": [{"match": "*", "outcome": outcome}]}, advance="manual")
    transcript: list[dict] = []
    created = service.handle("SageMaker.CreateAutoMLJobV2", json.dumps(params).encode())
    if created.status != 200:
        raise ValueError(f"the request is refused: {json.loads(created.body)['message']}")
    transcript.append(transcript_line(service.calls, "SageMaker.CreateAutoMLJobV2", json.dumps(params).encode(),
                                      created.status, created.body))
    job = service.jobs[params["AutoMLJobName"].lower()]
    describes = []
    for index in range(len(job.steps)):
        if index:
            service.advance(job.name)
        describes.append(_answer(service, "DescribeAutoMLJobV2", {"AutoMLJobName": job.name}, transcript))
    candidates = _answer(service, "ListCandidatesForAutoMLJob", {"AutoMLJobName": job.name, "MaxResults": 100}, transcript)
    return {"request": params, "describes": describes, "candidates": candidates, "transcript": transcript}


def _answer(service: Service, operation: str, params: dict, transcript: list[dict]) -> dict:
    body = json.dumps(params).encode()
    answer = service.handle(f"SageMaker.{operation}", body)
    document = json.loads(answer.body)
    if answer.status != 200:  # the server refused to send a document that breaks its contract
        raise RuntimeError(f"{operation}: {document['message']}")
    transcript.append(transcript_line(service.calls, f"SageMaker.{operation}", body, answer.status, answer.body))
    return document
