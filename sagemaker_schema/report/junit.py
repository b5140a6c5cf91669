"""The junit format: JUnit XML, one testcase per document."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..records import FAILING, Result, summary
from ..schema import DEFAULT_OPERATION
from .line import contract as contract_name, header, line, more
from .safe import display


def junit(results: Iterable[Result], out: TextIO, contract: str | None = None) -> None:
    """JUnit XML: one testcase per document; a failure per invalid one, an error per
    unreadable one. Warnings of a valid document go to its system-out."""
    from xml.etree import ElementTree as ET

    results = list(results)  # its head counts them all: held, one record per document
    counts = summary(results)
    attrs = {"name": "sagemaker-schema", "tests": str(counts["documents"]), "failures": str(counts["invalid"]), "errors": str(counts["unreadable"])}
    suites = ET.Element("testsuites", attrs)
    suite = ET.SubElement(suites, "testsuite", attrs)
    for r in results:
        case = ET.SubElement(suite, "testcase", {"classname": "sagemaker-schema.validate", "name": r.name, "file": r.name})
        lines = [r.at(v)[1:] + ": " * bool(r.at(v)) + line(v) for v in r.violations] + ([more(r.omitted)] if r.omitted else [])
        if r.error:
            error = display(r.error)  # no control character reaches the XML: it would not parse
            ET.SubElement(case, "error", {"type": "input-error", "message": error}).text = error
        elif not r.valid:
            errors = [v for v in r.violations if v.severity in FAILING[r.fail_on]]
            count = len(errors) + (r.omitted if r.fail_on == "warning" else r.omitted_errors)
            kind = errors[0].rule if errors else "error"
            named = contract_name(contract or DEFAULT_OPERATION)
            ET.SubElement(case, "failure", {"type": kind, "message": header(count, named)}).text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
