"""What a new user of `sagemaker-schema serve` stumbled on: each a test that failed before its fix."""
from __future__ import annotations

import json

import pytest

from conftest import run_cli
from sagemaker_schema.serve import Server
from test_serve import _raw, a_request


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_the_cli_refuses_a_port_out_of_range_in_one_line_with_exit_2(port):
    # it was a traceback (OverflowError from bind) and exit status 1
    result = run_cli("serve", "--port", port, text=True)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert result.stderr.strip().splitlines() == [f"sagemaker-schema: error: port {port} is not a port number: give one from 0 to 65535"]


def test_server_refuses_a_port_out_of_range_with_value_error():
    with pytest.raises(ValueError, match="port 70000 is not a port number"):
        Server(port=70000)


def test_the_admin_path_names_what_is_wrong_with_the_body():
    with Server(seed=1, advance="manual") as server:
        server.client().create_auto_ml_job_v2(**a_request("Tabular", "admin-body"))
        # a body without AutoMLJobName was answered "Unknown admin call 'advance'", of a call that exists
        status, body = _raw(server, "/_sagemaker_schema/advance", b'{"Name": "admin-body"}')
        assert status == 400 and json.loads(body) == {
            "__type": "ValidationException",
            "message": 'advance: the body is {"AutoMLJobName": NAME, "To": STATUS (optional)}, both strings'}
        status, body = _raw(server, "/_sagemaker_schema/advance", b'{"AutoMLJobName": "admin-body", "To": 3}')
        assert status == 400 and "both strings" in json.loads(body)["message"]
        status, body = _raw(server, "/_sagemaker_schema/reset", b"{}")
        assert status == 400 and json.loads(body)["message"] == (
            "Unknown admin call 'reset': POST /_sagemaker_schema/advance with {\"AutoMLJobName\": NAME, \"To\": STATUS (optional)}")
        status, body = _raw(server, "/_sagemaker_schema/advance", b'{"AutoMLJobName": "admin-body", "To": "Completed"}')
        assert status == 200 and json.loads(body)["AutoMLJobStatus"] == "Completed"
