"""The generated rule catalogue and the traceability table stay in step with the code."""
from __future__ import annotations

import json
import re

from conftest import REPO, run_cli
from sagemaker_schema.catalogue import GENERIC_RULES, SOURCES, markdown, rules


def test_rules_md_is_generated_from_the_code():
    assert (REPO / "docs" / "rules.md").read_text() == markdown(), "run: sagemaker-schema rules --format markdown > docs/rules.md"
    assert run_cli("rules", "--format", "markdown").stdout.decode() == markdown()


def test_rules_taken_from_the_model_or_aws_output_name_that_source():
    by_source = {rule.id: rule.source for rule in rules().values()}
    assert {by_source[r] for r in ("s3-output-path-max-512", "emr-serverless-tabular-or-time-series", "objective-metric-non-tabular", "time-series-algorithms")} == {"model"}
    assert {by_source[r] for r in ("final-metric-name", "forecast-frequency-bare-unit")} == {"observed"}
    assert by_source["validation-fraction-below-half"] == by_source["content-column-differs-from-target"] == "page"


def test_traceability_names_only_real_rules_and_every_documented_rule():
    table = (REPO / "docs" / "traceability.md").read_text()
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", table))
    assert named - set(rules()) == set(), "unknown rule ids in docs/traceability.md"
    documented = set(rules()) - {r.id for r in GENERIC_RULES}
    assert documented - named == set(), "rules missing from docs/traceability.md"


def test_every_rule_has_a_statement_and_a_severity():
    for rule in rules().values():
        assert rule.severity in ("error", "warning") and rule.statement and rule.field, rule
        assert rule.source in SOURCES, rule  # docs/rules.md shows where each rule comes from
        if rule.id not in {r.id for r in GENERIC_RULES}:
            assert rule.documentation, f"{rule.id} cites no documentation"


def test_traceability_quotes_the_service_model_as_it_reads():
    # the rows taken from the service model's documentation quote the installed model
    # (the pinned botocore): each fragment of each sentence is in the documentation of a
    # response member, so a row cannot drift from the model it cites
    import html

    import pytest

    from sagemaker_schema import drift

    pytest.importorskip("botocore")

    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()).strip()

    docs, seen = [], set()

    def walk(shape):
        if shape.name in seen:
            return
        seen.add(shape.name)
        docs.append(shape.documentation or "")
        for member in getattr(shape, "members", {}).values():
            docs.append(member.documentation or "")
            inner = member
            while inner.type_name in ("list", "map"):
                inner = inner.member if inner.type_name == "list" else inner.value
            walk(inner)

    walk(drift.load_model_shape())
    model = norm(" ".join(docs))
    section = (REPO / "docs" / "traceability.md").read_text().split("## The service model's documentation")[1].split("\n## ")[0]
    rows = [line.split(" | ")[1] for line in section.splitlines() if line.startswith("| ") and not line.startswith("| field") and not line.startswith("| ---")]
    assert len(rows) >= 10
    for sentence in rows:
        for fragment in re.split(r" / |\.\.\.", sentence):
            assert norm(fragment) in model, fragment


def _quoted_rows():
    """(source, sentence, rule ids) for each row of the two quoting tables of
    docs/traceability.md: the page's sentences, then the service model's."""
    text = (REPO / "docs" / "traceability.md").read_text()
    page = text.split("## ", 1)[0]
    model = text.split("## The service model's documentation")[1].split("\n## ")[0]
    for source, table in (("page", page), ("model", model)):
        for line in table.splitlines():
            if not line.startswith("| ") or line.startswith(("| field", "| ---")):
                continue
            _, sentence, rule_cell, _ = (cell.strip() for cell in line.strip().strip("|").split(" | "))
            marked = sentence.startswith("(service model) ")
            yield ("model" if marked else source), sentence.removeprefix("(service model) "), re.findall(r"`([a-z0-9-]+)`", rule_cell)


def test_traceability_quotes_each_rule_as_the_catalogue_documents_it():
    # the validator prints the catalogue's documentation sentence (Violation.doc, `rules`);
    # a row that quotes the same source as the rule it names quotes that sentence, in
    # fragments separated by " / " or an elision "..."
    known = {rule_id: rule.as_dict() for rule_id, rule in rules().items()}  # "doc": the sentence `rules` prints
    matches = {"page": ("page", "observed"), "model": ("model",)}
    checked = set()
    for source, sentence, ids in _quoted_rows():
        docs = {i: known[i]["doc"] for i in ids if known[i]["doc"] and known[i]["source"] in matches[source]}
        if not docs:
            continue
        for fragment in filter(None, (f.strip() for f in re.split(r" / |\.\.\.", sentence))):
            assert any(fragment.rstrip(".") in doc for doc in docs.values()), (
                f"docs/traceability.md quotes {fragment!r} for {sorted(docs)}, whose documentation reads otherwise")
        checked.update(docs)
    documented = {rule_id for rule_id, rule in known.items() if rule["doc"]}
    assert len(checked) >= len(documented) * 3 // 4, sorted(documented - checked)


def test_every_rule_names_the_policy_clause_that_gives_its_severity():
    from sagemaker_schema.policy import POLICY

    for rule in rules().values():
        assert rule.severity_basis in POLICY, rule.id
        assert rule.severity == POLICY[rule.severity_basis][0], rule.id
        # the schema files hold the contract alone: other validators never fail a document for a warning
        assert rule.layer == "python" or rule.severity == "error", rule.id
    # the clauses the audit turned on, each deciding as written
    decided = {r.id: r.severity_basis for r in rules().values()}
    assert decided["algorithms-config-not-in-auto"] == decided["content-column-differs-from-target"] == "advice"  # "should not"
    assert decided["batch-size-range"] == "exclusive"  # "should be a string ... within the range"
    assert decided["endpoint-name-iff-not-auto-generated"] == "must"  # "otherwise a 400 error is thrown"
    assert {decided["v2-gzip-only-s3prefix-tabular-data"], decided["v2-problem-type-and-objective-together"]} == {"v2-only"}
    assert decided["forecast-frequency-bare-unit"] == "accepted"


def test_the_policy_is_shown_where_rules_are_listed():
    from sagemaker_schema.policy import POLICY

    page = (REPO / "docs" / "rules.md").read_text()
    policy = page.index("## Severity policy")
    assert policy < page.index("| id | severity | basis |")
    for clause, (severity, text) in POLICY.items():
        assert f"| `{clause}` | {severity} |" in page and text in page
    one = run_cli("rules", "algorithms-config-not-in-auto").stdout.decode()
    assert f"  severity:    warning, by the policy's clause advice: {POLICY['advice'][1]}\n" in one
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {item["id"]: item["severity_basis"] for item in listed} == {r.id: r.severity_basis for r in rules().values()}
    sarif = json.loads(run_cli("validate", "--format", "sarif", REPO / "tests" / "fixtures" / "valid" / "tabular-inprogress.json").stdout)
    described = {r["id"]: r["properties"]["severity_basis"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert described == {r.id: r.severity_basis for r in rules().values()}
