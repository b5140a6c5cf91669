"""`sagemaker-schema drift`: the schema against botocore's service model."""
from __future__ import annotations

import json
import sys

from .common import EXIT_INPUT, EXIT_INVALID, EXIT_VALID


def command(args) -> int:
    from .. import drift  # botocore is imported only here, and only when installed
    from ..errors import ExplainedError, ModelError
    from ..records import Difference

    try:
        extra = {}
        for path in args.explained:
            extra.update(drift.read_explained(path))
        shapes, model_file = drift.load_models()
    except (ModelError, ExplainedError) as exc:
        print(f"sagemaker-schema drift: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    import botocore

    items = drift.report(drift.compare_all(shapes), extra)
    unexplained = sum(not item["explained"] for item in items)
    # a user's entry that matches nothing is stale: said, but not a failure
    unused = sorted(set(extra) - {Difference(item["kind"], item["path"], None, None).key() for item in items})
    summary = {"differences": len(items), "unexplained": unexplained, "explained": len(items) - unexplained,
               "model": model_file, "botocore": botocore.__version__, "unused_explanations": unused}
    if args.format == "json":
        json.dump({"differences": items, "summary": summary}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for item in items:
            print(drift.describe(item))
        print(f"{unexplained} unexplained, {summary['explained']} explained difference(s); model: {model_file} (botocore {botocore.__version__})")
        for key in unused:
            print(f"sagemaker-schema drift: note: --explained entry {key!r} matches no difference (stale?)", file=sys.stderr)
    return EXIT_INVALID if unexplained else EXIT_VALID
