"""How fast do the Hypothesis strategies draw, and does a test combining two of them pass
Hypothesis's health checks? Side by side with another revision in one run.

For each strategy and form: documents per second through Hypothesis's own engine (the
generate phase only, health checks off: this measures speed). Then the combination the
issue reported, ``@given(responses(form="boto3"), candidate_lists())``, under Hypothesis's
default settings (every health check on, no example database) over N explicit seeds: how
many seeds fail a health check, and the draw time Hypothesis's ``too_slow`` check adds up
(the first 10 valid inputs, plus any it discarded on the way; the check fails above 1 s).
The headroom is 1 s over the slowest seed's draw time: how much slower the machine may
get (other processes, a slower CPU) before the check fails.

    python scripts/bench_strategies.py [--examples N] [--seeds N] [--against REV]

`--against REV` measures REV too (checked out into a temporary git worktree), alternating
runs of each tree so that a change in the machine's load hits both, and prints both side
by side with their ratios. A strategy or form REV does not have is shown as n/a.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from revisions import alternate

HERE = Path(__file__).resolve()
ROOT = Path(os.environ.get("BENCH_ROOT") or HERE.parent.parent)  # the tree whose package is measured
sys.path.insert(0, str(ROOT))

FORMS = ("wire", "boto3", "boto3-json")
TOO_SLOW_LIMIT = 1.0  # seconds of draw time for the first 10 valid inputs (deadline 200 ms: max(1 s, 5 x deadline))


def strategies() -> dict[str, object]:
    """label -> strategy, or None where this revision does not have it."""
    from sagemaker_schema import strategies as s

    made: dict[str, object] = {}
    for form in FORMS:
        made[f"responses {form}"] = s.responses(form=form)
    made["invalid_responses"] = s.invalid_responses()
    made["requests"] = s.requests()
    made["invalid_requests"] = s.invalid_requests()
    for form in FORMS:
        try:
            made[f"candidate_lists {form}"] = s.candidate_lists(form=form)  # type: ignore[call-arg]
        except TypeError:  # a revision without candidate_lists(form=...)
            made[f"candidate_lists {form}"] = s.candidate_lists() if form == "wire" else None
    return made


def rate(strategy, examples: int) -> float:
    """Documents per CPU second (other processes' load barely moves it) through
    Hypothesis's engine (generate phase, fixed seed)."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    drawn = []

    @seed(0)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # measuring speed only
    @given(strategy)
    def collect(document):
        drawn.append(document)

    started = time.process_time()
    collect()
    return len(drawn) / (time.process_time() - started)


def health(seeds: int) -> dict:
    """The combination under Hypothesis's default settings, one run per seed."""
    from hypothesis import given, seed, settings, strategies as st
    from hypothesis.errors import FailedHealthCheck

    from sagemaker_schema.strategies import candidate_lists, responses

    draws: list[float] = []  # every draw's seconds, in order, of the current run
    valid = [0]

    def timed(strategy):
        # the draw time Hypothesis counts, measured around the same draw
        @st.composite
        def draw(d):
            started = time.process_time()
            try:
                return d(strategy)
            finally:
                if valid[0] < 10:
                    draws.append(time.process_time() - started)
        return draw()

    pair = st.tuples(responses(form="boto3"), candidate_lists())
    failed: list[str] = []
    totals = []
    for number in range(seeds):
        draws.clear()
        valid[0] = 0

        @seed(number)
        @settings(settings.get_profile("default"), database=None)  # every health check on, as in a user's test
        @given(timed(pair))
        def combined(documents):
            valid[0] += 1
            assert "ResponseMetadata" in documents[0]

        try:
            combined()
        except FailedHealthCheck as exc:
            failed.append(f"seed {number}: {str(exc).splitlines()[0][:100]}")
        totals.append(sum(draws))
    return {"seeds": seeds, "failed": failed, "median_s": statistics.median(totals), "max_s": max(totals)}


def measure(examples: int, seeds: int) -> dict:
    import sagemaker_schema

    assert Path(sagemaker_schema.__file__).resolve().is_relative_to(ROOT.resolve()), sagemaker_schema.__file__
    import hypothesis

    rates = {label: None if strategy is None else rate(strategy, examples) for label, strategy in strategies().items()}
    return {"hypothesis": hypothesis.__version__, "rates": rates, "health": health(seeds)}


def _child(root: Path, examples: int, seeds: int) -> dict:
    env = dict(os.environ, BENCH_ROOT=str(root), PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("CI", None)  # the CI variable makes Hypothesis load a profile without the too_slow check
    done = subprocess.run([sys.executable, str(HERE), "--measure", "--examples", str(examples), "--seeds", str(seeds)],
                          capture_output=True, text=True, env=env, cwd=root)
    if done.returncode != 0:
        raise SystemExit(f"measuring {root} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _best(runs: list[dict]) -> dict:
    """Per strategy the faster run (load only ever slows a run down); health: every run's seeds."""
    rates = {label: max((r["rates"][label] for r in runs), key=lambda v: v or 0) for label in runs[0]["rates"]}
    failed = [line for r in runs for line in r["health"]["failed"]]
    return {
        "hypothesis": runs[0]["hypothesis"],
        "rates": rates,
        "health": {
            "seeds": sum(r["health"]["seeds"] for r in runs),
            "failed": failed,
            "median_s": statistics.median(r["health"]["median_s"] for r in runs),
            "max_s": max(r["health"]["max_s"] for r in runs),
        },
    }


def _health_line(h: dict) -> str:
    return (f"{len(h['failed'])} of {h['seeds']} seeds failed a health check; draw time to 10 valid inputs: "
            f"median {h['median_s']:.3f} s, slowest {h['max_s']:.3f} s (limit {TOO_SLOW_LIMIT:.0f} s: headroom "
            f"{TOO_SLOW_LIMIT / h['max_s']:.1f}x)")


def report(results: dict, name: str) -> None:
    print(f"== {name} (Hypothesis {results['hypothesis']})")
    print(f"{'strategy':<28} {'docs/s':>9}")
    for label, value in results["rates"].items():
        print(f"{label:<28} {'n/a' if value is None else f'{value:9.1f}':>9}")
    print('@given(responses(form="boto3"), candidate_lists()), default settings:')
    print("  " + _health_line(results["health"]))
    for line in results["health"]["failed"][:5]:
        print("   ", line)


def side_by_side(this: dict, other: dict, rev: str) -> None:
    print(f"== side by side (docs/s through Hypothesis)\n{'strategy':<28} {'this':>9} {rev[:10]:>10} {'this/rev':>9}")
    for label, ours in this["rates"].items():
        theirs = other["rates"].get(label)
        shown = lambda v: "n/a" if v is None else f"{v:.1f}"  # noqa: E731
        ratio = f"{ours / theirs:8.2f}x" if ours and theirs else "n/a"
        print(f"{label:<28} {shown(ours):>9} {shown(theirs):>10} {ratio:>9}")
    a, b = this["health"], other["health"]
    print(f"{'combination: seeds failed':<28} {len(a['failed']):>4}/{a['seeds']:<4} {len(b['failed']):>5}/{b['seeds']:<4}")
    print(f"{'combination: slowest draw s':<28} {a['max_s']:9.3f} {b['max_s']:10.3f} {b['max_s'] / a['max_s']:8.2f}x faster")
    print(f"{'combination: median draw s':<28} {a['median_s']:9.3f} {b['median_s']:10.3f} {b['median_s'] / a['median_s']:8.2f}x faster")


def against(rev: str, examples: int, seeds: int) -> None:
    this_root = HERE.parent.parent
    runs = alternate(rev, lambda root: _child(root, examples, seeds))
    this, other = _best(runs["this"]), _best(runs["rev"])
    report(this, f"this tree ({this_root})")
    report(other, rev)
    side_by_side(this, other, rev)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="documents drawn per strategy (default 200)")
    parser.add_argument("--seeds", type=int, default=10, help="seeds of the combined test per run (default 10)")
    parser.add_argument("--against", metavar="REV", help="also measure this git revision, side by side")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # a child: print the numbers as JSON
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.examples, args.seeds)))
    elif args.against:
        against(args.against, args.examples, args.seeds)
    else:
        report(_child(ROOT, args.examples, args.seeds), f"this tree ({ROOT})")


if __name__ == "__main__":
    main()
