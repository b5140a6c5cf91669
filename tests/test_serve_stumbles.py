"""What a new user of `sagemaker-schema serve` stumbled on: each a test that failed before its fix."""
from __future__ import annotations

import pytest

from conftest import run_cli
from sagemaker_schema.serve import Server


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_the_cli_refuses_a_port_out_of_range_in_one_line_with_exit_2(port):
    # it was a traceback (OverflowError from bind) and exit status 1
    result = run_cli("serve", "--port", port, text=True)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert result.stderr.strip().splitlines() == [f"sagemaker-schema: error: port {port} is not a port number: give one from 0 to 65535"]


def test_server_refuses_a_port_out_of_range_with_value_error():
    with pytest.raises(ValueError, match="port 70000 is not a port number"):
        Server(port=70000)
