"""sagemaker-schema serve: a local AutoML endpoint until SIGINT or SIGTERM.

The first line of standard output is the endpoint's URL (flushed), so a script can read
it and start its client. Exit status: 0 stopped by a signal; 2 the scenario or transcript
file is not usable, the port is out of range or the address cannot be bound, or botocore is not installed."""
from __future__ import annotations

import logging
import signal
import sys
import threading

from .common import EXIT_INPUT, EXIT_VALID


def command(args) -> int:
    from ..errors import MissingDependency
    from ..serve import Server

    logging.basicConfig(level=logging.INFO, format="sagemaker-schema serve: %(message)s", stream=sys.stderr)
    try:
        server = Server(seed=args.seed, scenario=args.scenario, host=args.host, port=args.port, transcript=args.transcript,
                        advance=args.advance, breaks=tuple(args.breaks), newer=tuple(args.newer))
        server.start()
    except MissingDependency as exc:  # the lean install: the endpoint answers as botocore's model says
        print(f"sagemaker-schema: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except ValueError as exc:  # the scenario or transcript file, or the port, named in the message
        print(f"sagemaker-schema: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:  # the address is taken or not this machine's
        print(f"sagemaker-schema: error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    try:
        print(server.endpoint_url, flush=True)
        while not stop.wait(3600):
            pass
    finally:
        server.stop()
    return EXIT_VALID
