"""``sagemaker-schema serve``: a local AutoML endpoint that keeps the contract.

A user of the layers below (the builder, the validator; nothing below imports this
package): AWS JSON 1.1 on loopback for CreateAutoMLJobV2, DescribeAutoMLJobV2,
ListCandidatesForAutoMLJob, StopAutoMLJob and ListAutoMLJobs; each job moves through the
lifecycle table (``lifecycle``); every describe and candidate page passes the validator
before it is sent.

- ``service``: the operations and the jobs, without HTTP (deterministic);
- ``server``: the HTTP server and ``Server``, the context manager tests use;
- ``lifecycle``: the table of statuses per problem type, and its Mermaid drawing;
- ``model``: botocore's model checks for what this package has no contract for yet;
- ``recorded``: one job's lifecycle as fixtures (``recorded_job``), without a server.
"""
from __future__ import annotations

from .recorded import recorded_job
from .server import Server, load_scenario

__all__ = ["Server", "load_scenario", "recorded_job"]
