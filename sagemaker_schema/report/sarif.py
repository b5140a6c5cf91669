"""The sarif format: SARIF 2.1.0, a result per violation, every rule of the catalogue."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from typing import TextIO

from .. import __version__
from ..records import Result
from .json import indented
from .line import more, place
from .safe import dumps


def sarif_name(rule_id: str) -> str:
    """A rule's SARIF name: its id in PascalCase (forecast-frequency -> ForecastFrequency)."""
    return "".join(word[:1].upper() + word[1:] for word in rule_id.split("-"))


def _uri(name: str) -> str:
    from urllib.parse import quote

    return quote(name.replace("\\", "/"))  # a relative URI reference ("<stdin>" is escaped)


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"  # a name, never fetched


def sarif(results: Iterable[Result], out: TextIO, contract: str = "describe-auto-ml-job-v2") -> None:
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
    notifications = []
    artifacts = []
    # each result is written as it is made, to a spool: the log's head (its invocations
    # and artifacts) is known only at the end, and the run is never held
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        written = 0
        for r in results:
            artifact = {"uri": _uri(r.name)}
            artifacts.append({"location": artifact})
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
                found = {
                    "ruleId": v.rule,
                    "ruleIndex": index[v.rule],
                    "level": v.severity,
                    "message": {"text": f"{place(v)}: {v.message}"},
                    "locations": [{
                        "physicalLocation": physical,
                        "logicalLocations": [{"fullyQualifiedName": v.path or "/", "kind": "member"}],
                    }],
                    "properties": {"jsonPointer": v.path, "doc": v.doc},
                }
                spool.write(("," if written else "") + "\n" + indented(dumps(found, indent=2), 8))
                written += 1
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
                "artifacts": artifacts,
                "results": _RESULTS,
                "properties": {"contract": contract},  # the operation whose document the files were held to
            }],
        }
        head, tail = dumps(log, indent=2).split(dumps(_RESULTS), 1)
        out.write(head + "[")
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write(("\n      ]" if written else "]") + tail + "\n")


_RESULTS = "\x00results\x00"  # where the spooled results go: no other string of the log holds a NUL
