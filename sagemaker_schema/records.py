"""The records the package passes around: a rule, a violation, a failing keyword, a
loaded input, a document's result, a difference from the service model. Plain data;
how they are shown is the reporters' business. Imports nothing from the package."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # "error" or "warning"
    statement: str  # one line
    field: str  # the member(s) of the response it is about
    layer: str  # "schema" (JSON Schema files) or "python" (rules layer)
    documentation: str = ""  # the sentence behind it; generic rules cite each member's own
    source: str = "page"  # where the rule comes from: a key of catalogue.SOURCES
    operations: tuple[str, ...] = ()  # the documents it applies to, by operation (catalogue.rules() fills it in)
    severity_basis: str = ""  # the clause of the severity policy (sagemaker_schema.policy) that decides its severity

    def as_dict(self) -> dict:
        """The rule as `rules --format json` writes it (the sentence under the key "doc")."""
        return {"id": self.id, "severity": self.severity, "severity_basis": self.severity_basis, "statement": self.statement,
                "field": self.field, "layer": self.layer, "doc": self.documentation, "source": self.source,
                "operations": list(self.operations)}


@dataclass(frozen=True)
class Violation:
    rule: str  # stable kebab-case rule id
    severity: str  # "error" or "warning"
    path: str  # JSON Pointer into the document ("" is the document itself)
    message: str  # what is wrong with this value
    doc: str  # the documentation sentence behind the rule (a public name: kept)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Violations(list):
    """The violations of one document, in path order; `omitted` counts those left out
    past a caller's max_violations (0 when all are here), `omitted_errors` the errors
    among them."""

    omitted: int = 0
    omitted_errors: int = 0


SEGMENT = 1024  # longest member name or map key shown in full: AWS allows keys of 256


def pointer(parts) -> str:
    """JSON Pointer (RFC 6901) for a sequence of keys and indexes. A segment longer than
    SEGMENT characters is cut (a 10 MB member name is not echoed): the path then names it
    without resolving to it."""
    out = []
    for part in parts:  # a loop, not a generator: a capped run still makes a path per finding
        text = part if part.__class__ is str else str(part)
        if len(text) > SEGMENT:
            text = text[: SEGMENT - 1] + "…"
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        out.append(text)
    return "/" + "/".join(out) if out else ""


@dataclass(frozen=True)
class SchemaFault:
    """One failing JSON Schema keyword, whichever engine found it."""

    keyword: str  # the JSON Schema keyword that failed
    steps: tuple  # keyword location from the root schema ($ref steps may be left out)
    parts: tuple  # instance location (keys and indexes)
    instance: Any  # the failing value (for propertyNames: the key)
    key: Any = None  # for propertyNames: the key that failed
    fallback_message: str = ""


@dataclass(frozen=True)
class Loaded:
    """One input read from a file or standard input."""

    name: str  # the file name as given, or "<stdin>"
    document: Any = None
    error: str | None = None  # set when the input is not a document
    source: bytes | None = None  # the bytes read, for positions (sagemaker_schema.report.positions)
    yaml: bool = False  # read as YAML
    error_at: tuple[int, int] | None = None  # (line, column) of the error in the input, where known


FAILING = {"error": ("error",), "warning": ("error", "warning")}  # --fail-on: the severities that fail


@dataclass
class Result:
    """One document's outcome, as the reporters show it."""

    name: str
    violations: list[Violation] = field(default_factory=list)
    error: str | None = None  # input error: the document could not be read
    omitted: int = 0  # violations past --max-violations, counted but not listed
    omitted_errors: int = 0  # errors among them
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # JSON Pointer -> (line, column)
    fail_on: str = "error"  # the least severity that makes the document fail
    error_at: tuple[int, int] | None = None  # (line, column) of the input error, where known

    @property
    def valid(self) -> bool:
        omitted_failing = self.omitted if self.fail_on == "warning" else self.omitted_errors
        return self.error is None and not omitted_failing and not any(v.severity in FAILING[self.fail_on] for v in self.violations)

    def at(self, v: Violation) -> str:
        """':LINE:COLUMN' of a violation in the source text, or nothing."""
        where = self.positions.get(v.path)
        return f":{where[0]}:{where[1]}" if where else ""


def summary(results: list[Result]) -> dict[str, int]:
    """The counts of a run: documents, valid, invalid, unreadable, errors, warnings."""
    return {
        "documents": len(results),
        "valid": sum(r.valid for r in results),
        "invalid": sum(r.error is None and not r.valid for r in results),
        "unreadable": sum(r.error is not None for r in results),
        "errors": sum(v.severity == "error" for r in results for v in r.violations) + sum(r.omitted_errors for r in results),
        "warnings": sum(v.severity == "warning" for r in results for v in r.violations) + sum(r.omitted - r.omitted_errors for r in results),
    }


@dataclass(frozen=True)
class Difference:
    """One difference between the schema files and botocore's service model."""

    kind: str  # member-added, member-removed, required-changed, enum-value-added, ...
    path: str  # member path, e.g. AutoMLProblemTypeConfig/TabularJobConfig/Mode
    model: Any  # what the service model says
    schema: Any  # what the schema files say

    def key(self) -> str:
        return f"{self.kind} {self.path}" if self.path else self.kind  # the response itself: no path

    def as_dict(self) -> dict:
        return asdict(self)
