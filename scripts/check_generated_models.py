"""Do the pydantic v2 models datamodel-code-generator makes from the schema files load every
valid document?

For each operation (its root schema file, split, and its bundled single file): run
`datamodel-codegen` (pydantic v2 BaseModel, root class `Document`), import the module it
writes, and `Document.model_validate` each generated valid document in the wire form
(`sagemaker_schema.generate_responses`, the files `generate` writes) and, for the describe
response, each whole fixture under tests/fixtures/valid/ and examples/.

Prints a JSON report: per operation and form, documents loaded of the total, and the first
few refusals. Exit status: 0 every model loads every document, 1 one does not, 2
datamodel-code-generator is not installed (it is in the test extras).
Run: python scripts/check_generated_models.py [--count N] [--split]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sagemaker_schema import generate_responses
from sagemaker_schema.schema import DEFAULT_OPERATION, OPERATIONS, schema_dir

REPO = Path(__file__).resolve().parent.parent


def codegen() -> list[str] | None:
    """The datamodel-codegen command beside this Python, or on PATH."""
    found = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent)) or shutil.which("datamodel-codegen")
    return [found] if found else None


def models(command: list[str], schema: Path, folder: Path):
    """datamodel-codegen's module for schema, imported; its root class is `Document`."""
    out = folder / f"{schema.parent.name}_{schema.stem.replace('-', '_')}.py"
    made = subprocess.run(
        [*command, "--input", str(schema), "--input-file-type", "jsonschema", "--output-model-type", "pydantic_v2.BaseModel",
         "--class-name", "Document", "--formatters", "builtin", "--output", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    if made.returncode != 0:
        raise RuntimeError(f"datamodel-codegen failed on {schema}: {made.stderr.strip().splitlines()[-1:]}")
    spec = importlib.util.spec_from_file_location(out.stem, out)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[out.stem] = module  # pydantic resolves forward references through it
    spec.loader.exec_module(module)
    return module.Document


def documents(operation: str, count: int) -> list[tuple[str, dict]]:
    made = list(generate_responses(count=count, seed=1, operation=operation))
    if operation == DEFAULT_OPERATION:
        fixtures = sorted((REPO / "tests" / "fixtures" / "valid").glob("*.json")) + sorted((REPO / "examples").glob("*.json"))
        made += [(path.name, json.loads(path.read_text(encoding="utf-8"))) for path in fixtures]
    return made


def check(model, docs: list[tuple[str, dict]]) -> dict:
    refused = []
    for name, doc in docs:
        try:
            model.model_validate(doc)
        except Exception as exc:  # pydantic's ValidationError; anything else is a refusal too
            first = str(exc).splitlines()
            refused.append(f"{name}: {' '.join(first[1:3]) if len(first) > 2 else first[0]}")
    return {"loaded": len(docs) - len(refused), "total": len(docs), "refused": refused[:5]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="generated valid documents per operation (default 100)")
    parser.add_argument("--split", action="store_true", help="also the split files (the root file and its $refs), for comparison")
    args = parser.parse_args(argv)
    command = codegen()
    if command is None:
        print("check_generated_models: datamodel-codegen not found: pip install '.[test]'", file=sys.stderr)
        return 2
    from importlib.metadata import version

    generator = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120).stdout.strip()
    report: dict = {"versions": {"datamodel-code-generator": generator, "pydantic": version("pydantic")}, "models": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for operation, root in OPERATIONS.items():
            docs = documents(operation, args.count)
            forms = {"bundled": schema_dir() / "bundled" / root}
            if args.split:
                forms["split"] = schema_dir() / root
            for form, schema in forms.items():
                report["models"][f"{operation} {form}"] = check(models(command, schema, Path(tmp)), docs)
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0 if all(r["loaded"] == r["total"] for r in report["models"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
