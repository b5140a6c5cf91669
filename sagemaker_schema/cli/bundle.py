"""`sagemaker-schema bundle`: the single-file forms of the schema files."""
from __future__ import annotations

import sys

from ..inputs import label
from ..schema import DEFAULT_OPERATION, root_file
from .common import EXIT_INPUT, EXIT_VALID


def command(args) -> int:
    from .. import bundle

    if args.operation and (args.out or args.form not in (None, "schema")):
        args.usage.error("--operation chooses the schema --form schema prints; --out writes every form")
    texts = bundle.texts()
    if not args.out:
        names = {"schema": root_file(args.operation or DEFAULT_OPERATION), "openapi": bundle.OPENAPI_FILE, "openapi-mock": bundle.MOCK_FILE}
        sys.stdout.write(texts[names[args.form or "schema"]])
        return EXIT_VALID
    try:
        for path in bundle.write(args.out, texts):
            print(label(str(path)))  # one line, whatever the name holds
    except OSError as exc:
        problem = "exists and is not a folder" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror or str(exc)
        print(f"sagemaker-schema bundle: error: {label(args.out)}: {problem}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_VALID
