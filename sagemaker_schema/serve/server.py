"""The HTTP side: AWS JSON 1.1 on the standard library's threading HTTP server.

``http.server.ThreadingHTTPServer`` (a thread per connection, HTTP/1.1 keep-alive with
Content-Length): no new dependency, and many clients at once; the service behind it takes
one call at a time under its lock. Every answer, even to malformed HTTP, is an AWS-shaped
JSON body (``__type``, ``message``); nothing reaches the client as a traceback."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from .service import AwsError, Service, _dumps

log = logging.getLogger("sagemaker_schema.serve")

MAX_BODY = 1024 * 1024  # bytes: a CreateAutoMLJobV2 request is a few KB
MAX_DRAIN = 64 * MAX_BODY  # an over-long body is read (and dropped) up to this, so the client reads the 400
CONTENT_TYPES = ("application/x-amz-json-1.1", "application/x-amz-json-1.0")
ADMIN = "/_sagemaker_schema/"  # the admin paths: POST /_sagemaker_schema/advance


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every answer carries Content-Length
    # headers and body go out as two writes: without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK hold the body back ~40 ms (scripts/bench_serve.py measured it)
    disable_nagle_algorithm = True
    server_version = "sagemaker-schema-serve"
    server: _HTTPServer

    def do_POST(self) -> None:
        try:
            self._post()
        except OSError:  # the client went away (a read timeout, a closed connection): nobody to answer
            self.close_connection = True
        except Exception as exc:  # a bug here must not reach the client as a traceback
            log.error("internal error on %s: %s: %s", self.headers.get("X-Amz-Target"), type(exc).__name__, exc)
            self._reply(500, AwsError("InternalFailure", f"internal error: {type(exc).__name__}", 500).body(), close=True)

    def _post(self) -> None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._refuse(AwsError("SerializationException", "The request has no Content-Length"), close=True)
        if int(length) > MAX_BODY:
            # read and dropped (so the client gets to read the answer), up to a bound; the connection closes after it
            self._drain(int(length))
            return self._refuse(AwsError("SerializationException", f"The request body of {int(length):,} bytes is over this "
                                         f"endpoint's limit of {MAX_BODY:,} bytes"), close=True)
        body = self.rfile.read(int(length))
        path = self.path.split("?", 1)[0]
        if path.startswith(ADMIN):
            return self._admin(path[len(ADMIN):], body)
        target = self.headers.get("X-Amz-Target", "")
        content_type = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if path != "/":
            error = AwsError("UnknownOperationException", f"Unknown path {path}: AWS JSON 1.1 calls are POST /")
        elif content_type not in CONTENT_TYPES:
            error = AwsError("SerializationException", f"Content-Type {content_type or '(none)'!r} is not {CONTENT_TYPES[0]}")
        else:
            status, answer = self.server.owner.call(target, body, _region(self.headers.get("Authorization", "")))
            return self._reply(status, answer)
        status, answer = self.server.owner.record(target, body, error.status, error.body())
        self._reply(status, answer)

    def _drain(self, length: int) -> None:
        left = min(length, MAX_DRAIN)
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                return
            left -= len(chunk)

    def _admin(self, action: str, body: bytes) -> None:
        try:
            params = json.loads(body or b"{}")
            if action != "advance":
                raise AwsError("ValidationException", f"Unknown admin call {action!r}: POST {ADMIN}advance with "
                               '{"AutoMLJobName": NAME, "To": STATUS (optional)}')
            if not isinstance(params, dict) or not isinstance(params.get("AutoMLJobName"), str) \
                    or not isinstance(params.get("To", ""), str) or set(params) - {"AutoMLJobName", "To"}:
                raise AwsError("ValidationException", 'advance: the body is {"AutoMLJobName": NAME, "To": STATUS (optional)}, '
                               "both strings")
            status, secondary = self.server.owner.advance(params["AutoMLJobName"], params.get("To"))
            self._reply(200, _dumps({"AutoMLJobStatus": status, "AutoMLJobSecondaryStatus": secondary}))
        except AwsError as exc:
            self._refuse(exc)
        except KeyError as exc:
            self._refuse(AwsError("ResourceNotFound", str(exc.args[0])))
        except ValueError as exc:
            self._refuse(AwsError("ValidationException", str(exc)))

    def _refuse(self, error: AwsError, close: bool = False) -> None:
        self._reply(error.status, error.body(), close)

    def _reply(self, status: int, body: bytes, close: bool = False, allow: str | None = None) -> None:
        self.send_response(status)
        if allow:
            self.send_header("Allow", allow)
        self.send_header("Content-Type", CONTENT_TYPES[0])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", self.server.owner.request_id())
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # malformed HTTP (a bad request line) is a 400, a method other than POST a 405 (Allow:
        # POST): AWS-shaped JSON either way, not http.server's HTML page
        unsupported = code in (405, 501)
        kind = "UnknownOperationException" if unsupported or code == 404 else "SerializationException"
        self.close_connection = True
        self.request_version = self.protocol_version  # a status line and headers even for an unreadable request line
        with contextlib.suppress(OSError):  # the client went away
            body = AwsError(kind, f"{message or 'Bad request'}: AWS JSON 1.1 calls are POST /").body()
            self._reply(405 if unsupported else 400, body, close=True, allow="POST" if unsupported else None)

    def date_time_string(self, timestamp: float | None = None) -> str:
        # the Date header follows the virtual clock too, so a whole answer repeats byte for byte
        from email.utils import formatdate

        return formatdate(self.server.owner.service.now_ms() / 1000 if timestamp is None else timestamp, usegmt=True)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a client that keeps its connection open does not hold up stop()
    request_queue_size = 128  # socketserver's 5 resets clients that connect at once (32 did)
    owner: Server

    def server_activate(self) -> None:
        self.connections: set[socket.socket] = set()  # open ones, closed by stop()
        self.connections_lock = threading.Lock()
        super().server_activate()

    def process_request(self, request, client_address) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def handle_error(self, request, client_address) -> None:
        # socketserver prints a traceback here; one line in the log instead
        import sys

        log.debug("connection from %s ended: %s", client_address, sys.exc_info()[1])

    def shutdown_request(self, request) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End the keep-alive connections still open, so no handler thread outlives the server."""
        with self.connections_lock:
            for connection in list(self.connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class Server:
    """A local AutoML endpoint: ``with Server(seed=1) as server:`` serves on
    ``server.endpoint_url`` (127.0.0.1, a free port) until the block ends.

    ``scenario``: a dict, or the path of a JSON or YAML file (see README, "A local AutoML
    endpoint"); ``transcript``: a path to write each call as a JSON line; ``advance``:
    "describe" (a job moves one step per describe), "clock" (one step per ``step_seconds``
    of the wall clock) or "manual" (``advance()`` only)."""

    def __init__(self, *, seed: Any = 0, scenario: Any = None, host: str = "127.0.0.1", port: int = 0,
                 transcript: str | os.PathLike | None = None, advance: str = "describe", breaks: tuple[str, ...] = (),
                 newer: tuple[str, ...] = ()):
        from .faults import read_faults

        if isinstance(scenario, (str, os.PathLike)):
            scenario = load_scenario(scenario)
        # breaks: rules every describe response breaks (where its breaker can start from it)
        faults = read_faults([{"operation": "DescribeAutoMLJobV2", "break": rule} for rule in breaks], "--break", listed=False)
        # newer: what every describe response holds as a newer AWS may add it
        faults += read_faults([{"operation": "DescribeAutoMLJobV2", "newer": kind} for kind in newer], "--newer", listed=False)
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ValueError(f"port {port} is not a port number: give one from 0 to 65535")  # bind() would raise OverflowError
        self.service = Service(seed, scenario, advance=advance, faults=faults)
        self.host, self.port = host, port
        self._transcript_path = transcript
        self._transcript: TextIO | None = None
        self._http: _HTTPServer | None = None
        self._stopping = threading.Event()  # set by stop(): wakes answers held back by a latency fault
        self._thread: threading.Thread | None = None
        self._answers = 0
        self._asked: list[tuple[str, Any]] = []  # (the call as written, its Fault): warned of at stop if unfired

    # --- life

    def start(self) -> Server:
        """Bind and serve in a daemon thread; returns the server (``Server().start()``, then
        ``stop()``). ValueError: the transcript cannot be written; OSError: the address is taken."""
        from .model import service_model

        service_model()  # loaded now, not on the first call
        if self._transcript_path is not None:
            try:
                self._transcript = open(self._transcript_path, "w", encoding="utf-8")  # noqa: SIM115 (closed by stop)
            except OSError as exc:  # named as the file's problem, not the address's
                raise ValueError(f"{self._transcript_path}: cannot write the transcript: {exc.strerror or exc}") from None
        try:
            self._http = _HTTPServer((self.host, self.port), _Handler)
        except OSError:
            self.stop()  # the transcript opened above is closed
            raise
        self._http.owner = self
        self._stopping.clear()
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="sagemaker-schema-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and the transcript; warn of faults asked for
        that never fired. Calling it again does nothing."""
        self._stopping.set()  # an answer still held back is let go now, not after its delay
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http.close_connections()
            self._http = None
        if self._transcript is not None:
            self._transcript.close()
            self._transcript = None
        self._warn_unfired()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:PORT``, the URL to give a client's ``endpoint_url`` (the server is started)."""
        if self._http is None:
            raise RuntimeError("the server is not started: use it as a context manager, or call start()")
        host, port = self._http.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    # --- what tests drive

    def advance(self, name: str, to: str | None = None) -> tuple[str, str]:
        """Move a job one step on, or to the first step ahead that has status or secondary
        status ``to``; returns (status, secondary status), which the next describe shows."""
        return self.service.advance(name, to)

    def break_next(self, operation: str = "DescribeAutoMLJobV2", *, rule: str) -> None:
        """The next response of ``operation`` (one the rule's breaker can start from: its
        problem types and statuses) breaks ``rule``, made by its breaker; the transcript names
        the rule. Until such a response, it waits; one still waiting is a RuntimeWarning at stop()."""
        self._ask(f"break_next(rule={rule!r})", {"operation": operation, "break": rule, "times": 1}, "break_next")

    def newer_next(self, kind: str = "member", operation: str = "DescribeAutoMLJobV2") -> None:
        """The next response of ``operation`` holds what a newer AWS may add: a "member",
        an "enum-value" or a "union-member" this schema does not know (botocore's parser drops
        an unknown member: the transcript and raw HTTP show it)."""
        self._ask(f"newer_next({kind!r})", {"operation": operation, "newer": kind, "times": 1}, "newer_next")

    def delay_next(self, operation: str = "*", *, seconds: float, times: int = 1) -> None:
        """The next ``times`` answers of ``operation`` come ``seconds`` late (a client's read
        timeout, its retries)."""
        self._ask(f"delay_next({operation!r}, seconds={seconds!r}, times={times!r})",
                  {"operation": operation, "latency": seconds, "times": times}, "delay_next")

    def fail_next(self, operation: str = "*", *, error: str = "ThrottlingException", times: int = 1) -> None:
        """The next ``times`` calls of ``operation`` get the AWS error ``error`` (ThrottlingException,
        InternalFailure, ServiceUnavailable, ResourceLimitExceeded) instead of their answer."""
        self._ask(f"fail_next({operation!r}, error={error!r}, times={times!r})",
                  {"operation": operation, "error": error, "times": times}, "fail_next")

    def _ask(self, shown: str, entry: dict, name: str) -> None:
        from .faults import read_faults

        faults = read_faults([entry], name, listed=False)
        with self.service.lock:
            self.service.faults += faults
        self._asked += [(shown, fault) for fault in faults]

    def _warn_unfired(self) -> None:
        """A fault asked for by a *_next method that never fired: the test that expected it
        would otherwise fail with no hint why (a rule whose breaker cannot start from any job)."""
        from ..generate import BREAKERS

        for shown, fault in self._asked:
            if not fault.times:
                continue
            if fault.rule is not None:
                breaker = BREAKERS[fault.rule]
                why = (f": no {fault.operation} response it could start from (its breaker starts from a job of problem type "
                       f"{' or '.join(breaker.problem_types)}, status {' or '.join(breaker.statuses)})")
            else:
                why = f" ({fault.times} left)"
            warnings.warn(f"{shown} never fired{why}", RuntimeWarning, stacklevel=3)
        self._asked = []

    def client(self, **options: Any):
        """A boto3 SageMaker client pointed at this endpoint (any credentials do)."""
        from .._extras import require

        boto3 = require("boto3", what="Server.client()", extra="boto3")
        settings = {"region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing",
                    "endpoint_url": self.endpoint_url, **options}
        return boto3.client("sagemaker", **settings)

    # --- the calls

    def call(self, target: str, body: bytes, region: str | None = None) -> tuple[int, bytes]:
        """Answer one AWS JSON 1.1 call as the HTTP handler does, without HTTP: ``target`` is
        ``SageMaker.<Operation>``, ``body`` its JSON; (HTTP status, body), written to the transcript."""
        answer = self.service.handle(target, body, region)
        recorded = self.record(target, body, answer.status, answer.body, answer.fault)
        if answer.delay:
            self._stopping.wait(answer.delay)  # a latency fault: this answer only, other clients go on
        return recorded

    def record(self, target: str, body: bytes, status: int, answer: bytes, fault: dict | None = None) -> tuple[int, bytes]:
        """Write the pair to the transcript (one JSON line, with the fault it is, if any);
        return the answer unchanged."""
        if self._transcript is not None:
            with self.service.lock:
                line = transcript_line(self.service.calls, target, body, status, answer, fault)
                self._transcript.write(json.dumps(line, ensure_ascii=False) + "\n")
                self._transcript.flush()
        return status, answer

    def request_id(self) -> str:
        """A request id that depends on the seed and the number of answers (deterministic)."""
        import hashlib

        with self.service.lock:
            self._answers += 1
            digest = hashlib.sha256(f"{self.service.seed}/{self._answers}".encode()).hexdigest()
        return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


_SCOPE = re.compile(r"Credential=[^/,]*/[0-9]{8}/([a-z0-9-]{1,32})/sagemaker/aws4_request")


def _region(authorization: str) -> str | None:
    """The region a SigV4 Authorization header's credential scope names (the signature
    itself is not checked: any credentials do)."""
    found = _SCOPE.search(authorization)
    return found.group(1) if found else None


def transcript_line(call: int, target: str, body: bytes, status: int, answer: bytes, fault: dict | None = None) -> dict:
    """One call as the transcript holds it (``validate --transcript`` reads these lines)."""
    return {"call": call, "target": target, "request": _shown(body), "status": status, "response": json.loads(answer),
            **({"fault": fault} if fault else {})}


def _shown(body: bytes) -> Any:
    """The request as the transcript holds it: the JSON value, else the text."""
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")


def load_scenario(path: str | os.PathLike) -> dict:
    """A scenario file (JSON or YAML); ValueError naming the file and the problem."""
    from ..inputs import load

    loaded = load(str(Path(path)))
    if loaded.error:
        raise ValueError(f"{loaded.name}: {loaded.error}")
    from .service import read_scenario

    read_scenario(loaded.document, loaded.name)  # checked now, named by its file
    return loaded.document
