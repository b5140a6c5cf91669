"""The rules layer: the few rules JSON Schema cannot express (comparing two fields).

Each rule is a small function registered with its id; it receives the normalised
document (timestamps as numbers or ISO strings) and yields (path parts, message).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from .catalogue import Rule

Finding = tuple[tuple, str]
Check = Callable[[dict], Iterable[Finding]]

RULES: dict[str, Rule] = {}
CHECKS: dict[str, Check] = {}


def rule(id: str, severity: str, statement: str, field: str, doc: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES[id] = Rule(id, severity, statement, field, "python", doc)
        CHECKS[id] = check
        return check

    return register


def run(doc: dict) -> Iterator[tuple[Rule, tuple, str]]:
    for rule_id, check in CHECKS.items():
        for parts, message in check(doc):
            yield RULES[rule_id], parts, message
