"""Reporters only format results; one function per output format."""
from __future__ import annotations

from typing import TextIO

from . import __version__
from ._safe import display, dumps
from .records import FAILING, Result, Violation, summary



def more(omitted: int) -> str:
    return f"… and {omitted:,} more violations (--max-violations N shows more)"


def text(results: list[Result], out: TextIO) -> None:
    for result in results:
        if result.error:
            out.write(f"{result.name}: error: {display(result.error)}\n")
            continue
        for v in result.violations:
            out.write(f"{result.name}{result.at(v)}: {_line(v)}\n")
        if result.omitted:
            out.write(f"{result.name}: {more(result.omitted)}\n")
        if result.valid:
            out.write(f"{result.name}: valid\n")


def json_(results: list[Result], out: TextIO) -> None:
    body = {
        "documents": [
            {
                "file": r.name,
                "valid": r.valid,
                "error": r.error,
                "violations": [{**v.as_dict(), **_line_column(r, v)} for v in r.violations],
                "omitted": r.omitted,
            }
            for r in results
        ],
        "summary": summary(results),
    }
    out.write(dumps(body, indent=2) + "\n")


def _line_column(r: Result, v: Violation) -> dict:
    where = r.positions.get(v.path)
    return {"line": where[0], "column": where[1]} if where else {}


def junit(results: list[Result], out: TextIO) -> None:
    """JUnit XML: one testcase per document; a failure per invalid one, an error per
    unreadable one. Warnings of a valid document go to its system-out."""
    from xml.etree import ElementTree as ET

    counts = summary(results)
    attrs = {"name": "sagemaker-schema", "tests": str(counts["documents"]), "failures": str(counts["invalid"]), "errors": str(counts["unreadable"])}
    suites = ET.Element("testsuites", attrs)
    suite = ET.SubElement(suites, "testsuite", attrs)
    for r in results:
        case = ET.SubElement(suite, "testcase", {"classname": "sagemaker-schema.validate", "name": r.name, "file": r.name})
        lines = [r.at(v)[1:] + ": " * bool(r.at(v)) + _line(v) for v in r.violations] + ([more(r.omitted)] if r.omitted else [])
        if r.error:
            error = display(r.error)  # no control character reaches the XML: it would not parse
            ET.SubElement(case, "error", {"type": "input-error", "message": error}).text = error
        elif not r.valid:
            errors = [v for v in r.violations if v.severity in FAILING[r.fail_on]]
            count = len(errors) + (r.omitted if r.fail_on == "warning" else r.omitted_errors)
            kind = errors[0].rule if errors else "error"
            ET.SubElement(case, "failure", {"type": kind, "message": f"{count} violation(s) of the DescribeAutoMLJobV2 contract"}).text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")


def _line(v: Violation) -> str:
    """One violation on one line, safe for a terminal and for XML."""
    label = v.rule if v.severity == "error" else f"{v.rule} (warning)"
    return f"{display(v.path) or '(document)'}: [{label}] {display(v.message)}"


def _gh_data(text: str) -> str:
    # GitHub's own escapes for line breaks first, then nothing else that could drive a terminal
    return display(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: list[Result], out: TextIO) -> None:
    """GitHub Actions workflow commands: an ::error or ::warning annotation per
    violation, an ::error per unreadable document; nothing for a valid document."""
    for r in results:
        where = f"file={_gh_property(r.name)}"
        if r.error:
            out.write(f"::error {where},title=input error::{_gh_data(r.error)}\n")
            continue
        for v in r.violations:
            title = _gh_property(f"sagemaker-schema {v.rule}")
            text_ = _gh_data(f"{v.path or '(document)'}: {v.message}")
            line = r.positions.get(v.path)
            at = f",line={line[0]},col={line[1]}" if line else ""
            out.write(f"::{v.severity} {where}{at},title={title}::{text_}\n")
        if r.omitted:
            out.write(f"::warning {where},title=sagemaker-schema::{_gh_data(more(r.omitted))}\n")


def sarif_name(rule_id: str) -> str:
    """A rule's SARIF name: its id in PascalCase (forecast-frequency -> ForecastFrequency)."""
    return "".join(word[:1].upper() + word[1:] for word in rule_id.split("-"))


def _uri(name: str) -> str:
    from urllib.parse import quote

    return quote(name.replace("\\", "/"))  # a relative URI reference ("<stdin>" is escaped)


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"  # a name, never fetched


def sarif(results: list[Result], out: TextIO) -> None:
    """SARIF 2.1.0: one result per violation (ruleId, level, message, the file and the
    JSON Pointer as a logical location); every rule of the catalogue in tool.driver.rules;
    an unreadable document is a tool execution notification."""
    from .catalogue import rules

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
                "fullDescription": {"text": rule.doc or rule.statement},
                "defaultConfiguration": {"level": rule.severity},
                "properties": {"layer": rule.layer, "field": rule.field},
            }
            for rule in catalogue
        ],
    }
    found = []
    notifications = []
    for r in results:
        artifact = {"uri": _uri(r.name)}
        if r.error:
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.name}: {r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
            })
            continue
        for v in r.violations:
            physical: dict = {"artifactLocation": artifact}
            if v.path in r.positions:
                line, column = r.positions[v.path]
                physical["region"] = {"startLine": line, "startColumn": column}
            found.append({
                "ruleId": v.rule,
                "ruleIndex": index[v.rule],
                "level": v.severity,
                "message": {"text": f"{v.path or '(document)'}: {v.message}"},
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
        }],
    }
    out.write(dumps(log, indent=2) + "\n")


FORMATS = {"text": text, "json": json_, "junit": junit, "github": github, "sarif": sarif}
