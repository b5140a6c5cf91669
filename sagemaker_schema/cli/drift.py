"""`sagemaker-schema drift`: the schema against botocore's service model."""
from __future__ import annotations

import sys

from .common import EXIT_INPUT, EXIT_INVALID, EXIT_VALID


def command(args) -> int:
    from .. import drift  # botocore is imported only here, and only when installed
    from ..errors import ExplainedError, ModelError
    from ..records import Difference
    from ..report.safe import display, dumps

    try:
        extra = {}
        for path in args.explained:
            extra.update(drift.read_explained(path))
        shapes, model_file = drift.load_models()
    except (ModelError, ExplainedError) as exc:
        print(f"sagemaker-schema drift: error: {display(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    import botocore

    items = drift.report(drift.compare_all(shapes), extra)
    unexplained = sum(not item["explained"] for item in items)
    # a user's entry that matches nothing is stale: said, but not a failure
    unused = sorted(set(extra) - {Difference(item["kind"], item["path"], None, None).key() for item in items})
    summary = {"differences": len(items), "unexplained": unexplained, "explained": len(items) - unexplained,
               "model": model_file, "botocore": botocore.__version__, "unused_explanations": unused}
    if args.format == "json":
        # dumps: a user's reason with a lone surrogate or a control still makes valid JSON
        sys.stdout.write(dumps({"differences": items, "summary": summary}, indent=2) + "\n")
    else:
        # what needs a look; the accepted differences (the package's and the user's) with --verbose
        for item in items:
            if args.verbose or not item["explained"]:
                print(display(drift.describe(item)))
        hidden = "" if args.verbose or not summary["explained"] else " (--verbose lists them)"
        print(f"{unexplained} unexplained, {summary['explained']} explained difference(s){hidden}; "
              f"model: {display(str(model_file))} (botocore {botocore.__version__})")
        for key in unused:
            print(f"sagemaker-schema drift: note: --explained entry {display(repr(key))} matches no difference (stale?)", file=sys.stderr)
    return EXIT_INVALID if unexplained else EXIT_VALID
