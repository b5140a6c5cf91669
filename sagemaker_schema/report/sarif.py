"""The sarif format: SARIF 2.1.0, a result per violation, every rule of the catalogue."""
from __future__ import annotations

from typing import TextIO

from .. import __version__
from ..records import Result
from .line import more, place
from .safe import dumps


def sarif_name(rule_id: str) -> str:
    """A rule's SARIF name: its id in PascalCase (forecast-frequency -> ForecastFrequency)."""
    return "".join(word[:1].upper() + word[1:] for word in rule_id.split("-"))


def _uri(name: str) -> str:
    from urllib.parse import quote

    return quote(name.replace("\\", "/"))  # a relative URI reference ("<stdin>" is escaped)


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"  # a name, never fetched


def sarif(results: list[Result], out: TextIO, contract: str = "describe-auto-ml-job-v2") -> None:
    """SARIF 2.1.0: one result per violation (ruleId, level, message, the file and the
    JSON Pointer as a logical location); every rule of the catalogue in tool.driver.rules;
    an unreadable document is a tool execution notification."""
    from ..catalogue import rules

    catalogue = list(rules().values())
    index = {rule.id: i for i, rule in enumerate(catalogue)}
    driver = {
        "name": "sagemaker-schema",
        "version": __version__,
        "informationUri": "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeAutoMLJobV2.html",
        "rules": [
            {
                "id": rule.id,
                "name": sarif_name(rule.id),
                "shortDescription": {"text": rule.statement},
                "fullDescription": {"text": rule.documentation or rule.statement},
                "defaultConfiguration": {"level": rule.severity},
                "properties": {"layer": rule.layer, "field": rule.field, "operations": list(rule.operations),
                               "severity_basis": rule.severity_basis},
            }
            for rule in catalogue
        ],
    }
    found = []
    notifications = []
    for r in results:
        artifact = {"uri": _uri(r.name)}
        if r.error:
            physical: dict = {"artifactLocation": artifact}
            if r.error_at:
                physical["region"] = {"startLine": r.error_at[0], "startColumn": r.error_at[1]}
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.name}: {r.error}"},
                "locations": [{"physicalLocation": physical}],
            })
            continue
        for v in r.violations:
            physical = {"artifactLocation": artifact}
            if v.path in r.positions:
                line, column = r.positions[v.path]
                physical["region"] = {"startLine": line, "startColumn": column}
            found.append({
                "ruleId": v.rule,
                "ruleIndex": index[v.rule],
                "level": v.severity,
                "message": {"text": f"{place(v)}: {v.message}"},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"fullyQualifiedName": v.path or "/", "kind": "member"}],
                }],
                "properties": {"jsonPointer": v.path, "doc": v.doc},
            })
        if r.omitted:
            notifications.append({
                "level": "note",
                "message": {"text": f"{r.name}: {more(r.omitted)}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
            })
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",  # columns count characters, as the text format does
            "invocations": [{"executionSuccessful": not any(n["level"] == "error" for n in notifications),
                             "toolExecutionNotifications": notifications}],
            "artifacts": [{"location": {"uri": _uri(r.name)}} for r in results],
            "results": found,
            "properties": {"contract": contract},  # the operation whose document the files were held to
        }],
    }
    out.write(dumps(log, indent=2) + "\n")
