"""Faults on purpose, each named: an AWS error instead of the answer, or the answer late
(on the nth call of an operation, with a probability under the seed, or on every call), a describe response
that breaks one chosen rule (made by that rule's breaker), or one as a newer AWS may
send it (a member, an enum value or a union member this schema does not know). The
server records each in the transcript with its error code, rule id or kind."""
from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

from .model import OPERATIONS

# code -> (HTTP status, message), as AWS sends them; botocore retries the first three
ERRORS: dict[str, tuple[int, str]] = {
    "ThrottlingException": (400, "Rate exceeded"),
    "InternalFailure": (500, "The request processing has failed because of an unknown error, exception or failure."),
    "ServiceUnavailable": (503, "The service is unavailable. Please try again later."),
    "ResourceLimitExceeded": (400, "You have reached the limit on the number of AutoML jobs you can run at once."),
}
BREAKABLE = "DescribeAutoMLJobV2"  # the breakers make describe responses
# what a newer AWS may add, each as the describe response shows it
NEWER = ("member", "enum-value", "union-member")
MAX_LATENCY = 60.0  # seconds an answer may be held back
KEYS = {"operation", "error", "break", "newer", "latency", "nth", "probability", "times"}


@dataclass
class Fault:
    operation: str  # an operation name, or "*" for every one
    error: str | None = None  # an AWS error code of ERRORS
    rule: str | None = None  # or: the rule the response breaks
    newer: str | None = None  # or: what a newer AWS adds to it, one of NEWER
    latency: float | None = None  # or: seconds the answer is held back
    nth: int | None = None  # the nth call of the operation (1 is the first); None: every call
    probability: float | None = None  # or each call with this probability, under the seed
    times: int | None = None  # how many more times it fires; None: no limit

    @property
    def kind(self) -> str:
        """error (instead of the answer), document (the answer changed) or latency (the answer late)."""
        return "error" if self.error else "latency" if self.latency is not None else "document"

    def due(self, count: int, rng: random.Random) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.nth is not None:
            return count == self.nth
        if self.probability is not None:
            return rng.random() < self.probability
        return True


def read_faults(entries: Any, name: str = "scenario", listed: bool = True) -> list[Fault]:
    """The scenario's "faults" list; ValueError naming the entry and the problem (by its
    index when ``listed``; not for one asked for in Python or on the command line)."""
    from ..generate import BREAKERS

    if entries is None:
        return []
    if not isinstance(entries, list):
        raise ValueError(f"{name}: faults is a list")
    found = []
    for index, entry in enumerate(entries):
        where = f"{name}: faults[{index}]" if listed else name
        if not isinstance(entry, dict) or set(entry) - KEYS:
            raise ValueError(f"{where}: a fault is an object with keys among {', '.join(sorted(KEYS))}")
        operation = entry.get("operation", "*")
        if operation != "*" and operation not in OPERATIONS:
            raise ValueError(f"{where}: operation {operation!r} is not one of {', '.join(OPERATIONS)} (or *)")
        error, rule, added, latency = entry.get("error"), entry.get("break"), entry.get("newer"), entry.get("latency")
        if [error, rule, added, latency].count(None) != 3:
            raise ValueError(f"{where}: give one of error (an AWS error code), break (a rule id), newer ({', '.join(NEWER)}) "
                             "or latency (seconds)")
        if latency is not None and (not isinstance(latency, (int, float)) or isinstance(latency, bool) or not 0 < latency <= MAX_LATENCY):
            raise ValueError(f"{where}: latency is a number of seconds above 0, at most {MAX_LATENCY:g}")
        if added is not None and added not in NEWER:
            raise ValueError(f"{where}: newer {added!r} is not one of {', '.join(NEWER)}")
        if error is not None and error not in ERRORS:
            raise ValueError(f"{where}: error {error!r} is not one of {', '.join(ERRORS)}")
        if rule is not None and rule not in BREAKERS:
            raise ValueError(f"{where}: {rule!r} is not a rule a describe response can break (sagemaker-schema rules lists them)")
        if (rule or added) and operation not in ("*", BREAKABLE):
            raise ValueError(f"{where}: break and newer apply to {BREAKABLE} responses")
        nth, probability, times = entry.get("nth"), entry.get("probability"), entry.get("times")
        if nth is not None and (not isinstance(nth, int) or isinstance(nth, bool) or nth < 1):
            raise ValueError(f"{where}: nth is a whole number from 1")
        if probability is not None and (not isinstance(probability, (int, float)) or isinstance(probability, bool) or not 0 < probability <= 1):
            raise ValueError(f"{where}: probability is a number above 0, at most 1")
        if nth is not None and probability is not None:
            raise ValueError(f"{where}: give nth or probability, not both")
        if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
            raise ValueError(f"{where}: times is a whole number from 1")
        found.append(Fault(BREAKABLE if (rule or added) and operation == "*" else operation, error, rule, added,
                           None if latency is None else float(latency), nth, probability, times))
    return found


def broken(document: dict, rule: str, seed: Any) -> dict | None:
    """The describe response changed by ``rule``'s breaker so that it breaks that rule;
    None when this document is not one the breaker can start from (its problem type or
    status) or the change did not break the rule here."""
    from ..generate import BREAKERS, RandomDraw
    from ..validator import validate

    breaker = BREAKERS[rule]
    if document.get("AutoMLProblemTypeConfigName") not in breaker.problem_types or document.get("AutoMLJobStatus") not in breaker.statuses:
        return None
    changed = copy.deepcopy(document)
    try:
        breaker.apply(RandomDraw(seed), changed)
    except (KeyError, IndexError, TypeError, ValueError):  # a member the breaker reaches for is absent here
        return None
    return changed if rule in {v.rule for v in validate(changed)} else None


def newer(document: dict, kind: str) -> dict | None:
    """The describe response as a newer AWS may send it: with a member, an enum value or a
    union member this schema does not know. None when that would break more than what
    ``--allow-unknown`` reports as an addition here."""
    from ..validator import validate

    changed = copy.deepcopy(document)
    added = {"AddedBy": "a newer AWS"}
    if kind == "member":
        changed["NewerMember"] = added
    elif kind == "enum-value":
        changed["AutoMLJobSecondaryStatus"] = "NewerSecondaryStatus"  # the status a polling loop reads stays known
    else:
        changed.setdefault("ResolvedAttributes", {})["AutoMLProblemTypeResolvedAttributes"] = {"NewerResolvedAttributes": added}
    found = validate(changed, allow_unknown=True)
    return changed if found and all(v.severity == "warning" and v.rule in ("unknown-member", "enum") for v in found) else None
