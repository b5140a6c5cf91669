"""The live check: call DescribeAutoMLJobV2 through boto3 and hand back the response.

boto3 is an optional dependency (``pip install 'sagemaker-schema[live]'``) imported
only here. Every failure before a response arrives is a LiveError with one line.
"""
from __future__ import annotations

import re
from typing import Any

from .errors import LiveError

# the request's AutoMLJobName rule (schemas/openapi.yaml): checked before any call
JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}")


def describe(job_name: str, *, region: str | None = None, endpoint_url: str | None = None) -> dict[str, Any]:
    """The boto3 response of describe_auto_ml_job_v2 for ``job_name``."""
    if not JOB_NAME.fullmatch(job_name):
        raise LiveError(f"{job_name!r} is not an AutoML job name (1 to 32 letters, digits and inner hyphens)")
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            NoRegionError,
            PartialCredentialsError,
        )
    except ImportError:
        from ._extras import hint

        raise LiveError(hint("--job-name", "boto3", "live")) from None

    config = Config(connect_timeout=5, read_timeout=30, retries={"total_max_attempts": 2, "mode": "standard"})
    try:
        client = boto3.client("sagemaker", region_name=region, endpoint_url=endpoint_url, config=config)
        return client.describe_auto_ml_job_v2(AutoMLJobName=job_name)
    except NoRegionError:
        raise LiveError("no AWS region: pass --region or set AWS_DEFAULT_REGION") from None
    except (NoCredentialsError, PartialCredentialsError):
        raise LiveError("no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)") from None
    except EndpointConnectionError as exc:
        raise LiveError(f"cannot reach the endpoint {exc.kwargs.get('endpoint_url', endpoint_url)}") from None
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code, message = error.get("Code", "error"), error.get("Message", "")
        if code in ("ResourceNotFound", "ResourceNotFoundException"):
            raise LiveError(f"no AutoML job named {job_name!r} ({code}: {message})") from None
        raise LiveError(f"{code}: {message}") from None
    except BotoCoreError as exc:
        raise LiveError(str(exc)) from None
    except ValueError as exc:  # e.g. an endpoint URL botocore cannot parse
        raise LiveError(f"{type(exc).__name__}: {exc}") from None
