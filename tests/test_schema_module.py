"""schema.py is the one reader of the schema files: one $ref resolver, one schema walk,
one rule index, used by the validator, drift, bundle and `rules`."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, run_python
from sagemaker_schema import schema


def test_ref_target_reads_every_form_the_files_use():
    assert schema.ref_target("a.json", "#/$defs/x") == ("a.json", "/$defs/x")
    assert schema.ref_target("a.json", "b.json#/$defs/x") == ("b.json", "/$defs/x")
    assert schema.ref_target("a.json", "./b.json") == ("b.json", "")


def test_resolve_refuses_what_is_not_a_package_file():
    with pytest.raises(schema.SchemaError, match="refusing to resolve"):
        schema.resolve(schema.ROOT_FILE, "https://example.com/x.json#/a")


def test_every_ref_resolves_and_every_rule_is_applied_somewhere():
    targets = {id(target) for _, _, _, target in schema.references()}
    assert len(schema.references()) > 90
    places = schema.tree()[1]
    for rule, (_, subschema) in schema.rule_subschemas().items():
        assert schema.rule_of(subschema) == rule
        assert id(subschema) in targets or rule in places, rule


def test_the_shape_walk_leaves_the_rules_out():
    shape, every = set(), set()
    schema.walk(lambda node, file, path: shape.add(path), shape_only=True)
    schema.walk(lambda node, file, path: every.add(path))
    assert shape < every
    assert not any(step == "<key>" for path in shape for step in path)


def test_drift_bundle_and_rules_need_no_other_resolver():
    """`referencing` (python-jsonschema's resolver) is for the reference engine only."""
    code = (
        "import json, sys\n"
        "from sagemaker_schema import bundle, drift, validate\n"
        "from sagemaker_schema.cli.rules import detail\n"
        "bundle.response_schema(); detail('forecast-frequency')\n"
        f"validate(json.loads(open({str(EXAMPLES / 'tabular-completed.json')!r}).read()))\n"
        "try:\n    drift.compare()\nexcept drift.ModelError:\n    pass\n"
        "print(sorted(m for m in ('referencing', 'jsonschema') if m in sys.modules))\n"
    )
    out = run_python(code, text=True)
    assert out.stdout == "[]\n", out.stderr
