"""The generated rule catalogue and the traceability table stay in step with the code."""
from __future__ import annotations

import re

from conftest import REPO, run_cli
from sagemaker_schema.catalogue import GENERIC_RULES, markdown, rules


def test_rules_md_is_generated_from_the_code():
    assert (REPO / "docs" / "rules.md").read_text() == markdown(), "run: sagemaker-schema rules --format markdown > docs/rules.md"
    assert run_cli("rules", "--format", "markdown").stdout.decode() == markdown()


def test_traceability_names_only_real_rules_and_every_documented_rule():
    table = (REPO / "docs" / "traceability.md").read_text()
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", table))
    assert named - set(rules()) == set(), "unknown rule ids in docs/traceability.md"
    documented = set(rules()) - {r.id for r in GENERIC_RULES}
    assert documented - named == set(), "rules missing from docs/traceability.md"


def test_every_rule_has_a_statement_and_a_severity():
    for rule in rules().values():
        assert rule.severity in ("error", "warning") and rule.statement and rule.field, rule
        if rule.id not in {r.id for r in GENERIC_RULES}:
            assert rule.doc, f"{rule.id} cites no documentation"
