"""Validate a DescribeAutoMLJobV2 response: both layers, one violation per fault.

Orchestration only: the input is made a dict (sagemaker_schema.inputs), an engine finds
the failing keywords (sagemaker_schema.engines), the schema index names their rules
(sagemaker_schema.schema), the rules layer adds its own (sagemaker_schema.pyrules), and
each finding becomes one Violation (sagemaker_schema.records)."""
from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from . import engines, pyrules
from .catalogue import KEYWORD_RULES, rules
from .errors import InputError, InvalidResponse
from .inputs import datetimes_at, normalise, parse, require_object
from .records import SchemaFault, Violation, Violations, pointer
from .report.safe import utf8
from .schema import (
    DEFAULT_OPERATION,
    OPERATIONS as _ROOTS,
    documentation_at,
    locate,
    operation_of,
    timestamp_places,
    tree,
)

MODEL_RULES = frozenset(KEYWORD_RULES.values()) | {"map-key"}

OPERATIONS = tuple(_ROOTS)  # the documents this package knows, by the operation's AWS CLI name
NEWER = pyrules.NEWER
# rules that report a value the schema does not know (a member, an enum value, a union
# member): with allow_unknown they are what a newer AWS adds, so warnings
ADDITIONS = frozenset({"unknown-member", "enum", "final-metric-name"})
Finding = tuple[str, tuple, str, bool]  # rule id, path parts, message, addition: a violation not yet made
Kept = tuple[str, str, str, bool]  # path, rule id, message, newer: a finding one per fault keeps (its parts are read back from the path)


class Validator:
    """Validates documents against the schema files and the rules layer.

    Two engines give the same verdicts: jsonschema-rs (compiled, for plain JSON values)
    and python-jsonschema (the reference, for anything else, or with reference=True).

    ``operation``: which document it holds to its contract, one of OPERATIONS: the
    DescribeAutoMLJobV2 response (the default), the CreateAutoMLJobV2 request parameters,
    a ListCandidatesForAutoMLJob response, a StopAutoMLJob request, a ListAutoMLJobs
    response, or the parameters of ListAutoMLJobs or ListCandidatesForAutoMLJob (the
    operation's name with "-request"), as the AWS CLI, boto3 or the API names it. An
    unknown one is a ValueError."""

    def __init__(self, *, allow_unknown: bool = False, allow_unknown_members: bool = False, reference: bool = False,
                 max_violations: int | None = None, operation: str = DEFAULT_OPERATION):
        self.operation = operation_of(operation)  # boto3's and the API's names too; else a ValueError naming the choices
        self.allow_unknown = allow_unknown
        self.allow_unknown_members = allow_unknown_members or allow_unknown
        self.max_violations = max_violations  # None: all; else the first N in path order, the rest counted
        self._fast = None if reference else engines.fast_validator(self.operation)

    def validate(self, doc: Any) -> Violations:
        document = parse(doc)
        require_object(document)
        try:
            oversized: dict = {}
            verdict: bool | None = False
            if self._fast is not None:
                # boto3's datetimes sit where the schema has timestamps: turned first, so the
                # compiled engine is asked once (a wire dict is returned as it is)
                document = datetimes_at(document, timestamp_places(self.operation))
                verdict = engines.is_valid(self._fast, document)
                if verdict is None:  # still not plain JSON: normalised, it usually is
                    document, verdict = self._normalised_verdict(document)
            skipped: list[tuple[int, str]] = []  # (unknown members past max_violations, their severity)
            found: tuple[list[Kept], int, int] | None = None
            if verdict:
                found = self._kept((), document, {}, skipped)
            else:
                # a list or map past its limit is reported once, its items not one by one
                document, seen = engines.inspect(document, tree(self.operation)[0])
                oversized = seen.oversized
                # jsonschema-rs leaves an empty-string key out of its paths, and its error path
                # holds every error of a crowded list at once: the reference engine answers then
                # and it copies a failing value into each error: a 50 MB name, several times over
                if not (seen.empty_key or seen.crowded) and self._fast is not None and not engines.heavy(document):
                    found = self._compiled(document, oversized, skipped)
                    if found is None:  # not plain JSON (boto3's datetimes, ...): normalise first
                        document = normalise(document)
                        found = self._compiled(document, oversized, skipped)
                else:
                    document = normalise(document)
            if found is None:  # still not plain JSON, or no compiled engine: the reference
                found = self._kept(engines.reference_faults(document, self.operation), document, oversized, skipped)
            listed, omitted, omitted_errors = found
            result = Violations(self._violation(rule_id, message, newer, path) for path, rule_id, message, newer in listed)
            result.omitted, result.omitted_errors = omitted, omitted_errors  # past max_violations: counted, never made
        except RecursionError:
            raise InputError("the document is nested too deeply (or contains itself)") from None
        except InputError:
            raise
        except MemoryError:
            raise
        except Exception as exc:  # a caller's value whose __eq__, __hash__ or __repr__ raises, a dict changed meanwhile
            raise InputError(f"the document could not be read: {type(exc).__name__} from one of its values") from None
        for count, severity in skipped:
            result.omitted += count
            result.omitted_errors += count if severity == "error" else 0
        return result

    def _normalised_verdict(self, document: dict) -> tuple[dict, bool | None]:
        """(the normalised document, the compiled engine's verdict on it); (document, None)
        where normalising fails, for the slower paths to report."""
        try:
            plain = normalise(document)
        except (InputError, RecursionError):
            return document, None
        return plain, engines.is_valid(self._fast, plain)

    def _schema_findings(self, faults, document: dict, oversized: dict, skipped: list) -> Iterator[Finding]:
        """(rule id, path parts, message, addition) for each fault: a violation's makings,
        not yet made (most may be past max_violations)."""
        last_required = None
        for fault in faults:
            rule_id, schema = locate(fault.steps, self.operation)
            parts = fault.parts
            if rule_id is None:
                rule_id = "map-key" if fault.key is not None and fault.keyword != "type" else KEYWORD_RULES.get(fault.keyword, "type")
            if fault.keyword == "required":
                # an engine may report each missing member of one object as a fault of its
                # own: every missing member is listed at the first, the others add nothing
                if (parts, fault.steps) == last_required:
                    continue
                last_required = (parts, fault.steps)
                for name in schema.get("required", ()):
                    if isinstance(fault.instance, dict) and name not in fault.instance:
                        yield rule_id, parts + (name,), engines.message(fault, schema, name), False
                continue
            if fault.keyword == "additionalProperties" and schema.get("additionalProperties") is False:
                known = schema.get("properties", {})
                unknown = [name for name in fault.instance if name not in known]
                # not walked, but held to JSON: NaN or an infinity is an input error anywhere
                engines.refuse_non_finite(engines.value_at(document, parts), unknown)
                limit = self.max_violations
                if limit is not None and len(unknown) > limit:
                    # only the first `limit` in path order can be listed: build those, count the rest
                    extra = len(unknown) - limit
                    unknown = heapq.nsmallest(limit, unknown, key=lambda name: pointer((name,)))
                    skipped.append((extra, self._severity(rule_id)))
                for count, name in enumerate(unknown):
                    message = engines.message(fault, schema, name, suggest=count < engines.SUGGEST)
                    yield rule_id, parts + (name,), message, False
                continue
            absent = schema.get("not", {}).get("required") if fault.keyword == "not" else None
            if absent and len(absent) == 1:
                # "must not have X": point at X itself
                yield rule_id, parts + (absent[0],), f"member {absent[0]!r} must be absent here", False
                continue
            if fault.key is not None:
                # a map key failed: point at the member it names; an unknown enum key is an addition
                addition = fault.keyword == "enum" and isinstance(fault.key, str) and fault.key != ""
                yield rule_id, parts + (fault.key,), "key: " + engines.message(fault, schema), addition
                continue
            yield (rule_id, parts, engines.message(fault, schema, length=oversized.get(parts)),
                   rule_id in ADDITIONS and isinstance(fault.instance, str) and fault.instance != "")

    def _severity(self, rule_id: str, addition: bool = False) -> str:
        if self.allow_unknown and (addition or rule_id == "unknown-member"):
            return "warning"  # what a newer AWS adds
        if rule_id == "unknown-member" and self.allow_unknown_members:
            return "warning"
        return rules()[rule_id].severity

    def _newer(self, rule_id: str, addition: bool) -> bool:
        """Is this finding what a newer AWS adds, and so a warning, under allow_unknown?"""
        return self.allow_unknown and (addition or rule_id == "unknown-member")

    def _violation(self, rule_id: str, message: str, addition: bool, path: str) -> Violation:
        rule = rules()[rule_id]
        parts = tuple(_unescape(token) for token in path.split("/")[1:])  # as documentation_at reads them
        severity = self._severity(rule_id, addition)
        if self._newer(rule_id, addition):
            message = f"{message}: {NEWER}"
        documentation = rule.documentation
        if not documentation:
            # an unknown member or a bad key is documented by the structure or map holding it
            owner = parts[:-1] if rule_id in ("unknown-member", "map-key") else parts
            documentation = documentation_at(owner, self.operation)
        if rule.layer == "schema" and rule.id not in MODEL_RULES and rule.statement not in message:
            message = f"{rule.statement}: {message}"
        return Violation(rule_id, severity, path, utf8(message), documentation)

    def _compiled(self, document: dict, oversized: dict, skipped: list) -> tuple[list[Kept], int, int] | None:
        """The findings kept from the compiled engine, or None when it cannot judge the document."""
        faults = engines.faults(self._fast, document)
        if faults is None:
            return None
        try:
            return self._kept(faults, document, oversized, skipped)
        except engines.Unjudged:
            skipped.clear()
            return None

    def _kept(self, faults: Iterable[SchemaFault], document: dict, oversized: dict, skipped: list) -> tuple[list[Kept], int, int]:
        """Both layers' findings, one per fault, as they are made."""
        found = chain(self._schema_findings(faults, document, oversized, skipped),
                      ((rule.id, parts, message, False) for rule, parts, message in pyrules.run(document, self.operation)))
        return self._one_per_fault(found, tuple(pointer(parts) + "/" for parts in oversized))

    def _one_per_fault(self, found: Iterable[Finding], inside: tuple[str, ...]) -> tuple[list[Kept], int, int]:
        """(the first max_violations findings kept, as (path, rule id, message, newer), in
        path order, then rule id, then as found; how many more are kept; the errors among
        them). One finding per fault: a value of the wrong type: only the type error. A
        string too long for a pattern that also bounds its length: only the length. A value
        the service model already refuses: not also the documented rules about it. A value
        already in error: not also a warning about it (a resolved value that differs from
        a configured one it should repeat, ...). Nothing inside a list or map past its
        limit (``inside``)."""
        # each finding is held as one string, its path and its number (ASCII, fixed width),
        # and its kind (rule, message, newer) by number: ~100 bytes, where tuples took 250
        entries: list[str] = []
        kinds = array("I")
        table: dict[tuple[str, str, bool], int] = {}
        for rule_id, parts, message, addition in found:
            path = utf8(pointer(parts))
            if inside and path.startswith(inside):
                continue
            entries.append(path + _number(len(kinds)))
            kinds.append(table.setdefault((rule_id, message, self._newer(rule_id, addition)), len(table)))
        kind = list(table)
        # in path order, then as found: the findings about one value sit together and are
        # judged as a group (a path holding a NUL may split its group: no harm but a repeat)
        entries.sort()
        catalogue = rules()
        limit = len(entries) if self.max_violations is None else self.max_violations
        listed: list[Kept] = []
        omitted = omitted_errors = 0
        for path, group in groupby(entries, key=_path_of):
            findings = [kind[kinds[_number_of(entry)]] for entry in group]
            if len(findings) > 1:
                ids = {f[0] for f in findings}
                in_error = any(catalogue[rule_id].severity == "error" for rule_id in ids)  # even where allow_unknown made it a warning
                findings = sorted((
                    f for f in dict.fromkeys(findings)
                    if not (("type" in ids and f[0] != "type")
                            or ("length" in ids and f[0] == "pattern")
                            or (not ids.isdisjoint(MODEL_RULES) and f[0] not in MODEL_RULES)
                            or (in_error and catalogue[f[0]].severity == "warning"))
                ), key=itemgetter(0))  # by rule id, then as found
            for rule_id, message, newer in findings:
                if len(listed) < limit:
                    listed.append((path, rule_id, message, newer))
                else:
                    omitted += 1
                    omitted_errors += self._severity(rule_id, newer) == "error"
        return listed, omitted, omitted_errors


_WIDTH = 4  # a finding's number: 4 digits of base 128 after a NUL, up to 268 million


def _number(n: int) -> str:
    return "\x00" + "".join(chr((n >> shift) & 127) for shift in (21, 14, 7, 0))


def _number_of(entry: str) -> int:
    n = 0
    for char in entry[-_WIDTH:]:
        n = (n << 7) | ord(char)
    return n


def _path_of(entry: str) -> str:
    return entry[: -_WIDTH - 1]


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


_DEFAULT: dict[tuple[bool, bool, str], Validator] = {}


def _validator(allow_unknown: bool, allow_unknown_members: bool, operation: str = DEFAULT_OPERATION) -> Validator:
    # one compiled validator per setting and operation, built on first use
    key = (allow_unknown, allow_unknown_members, operation)
    if key not in _DEFAULT:
        _DEFAULT[key] = Validator(allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members, operation=operation)
    return _DEFAULT[key]


def validate(doc: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False,
             operation: str = DEFAULT_OPERATION) -> list[Violation]:
    """Every violation in ``doc`` (empty when valid). ``doc``: a dict in wire or boto3
    form, or JSON text/bytes. Raises InputError when it is not a document at all.

    ``allow_unknown``: what a newer AWS adds (unknown members, enum values, union
    members) is a warning, not an error. ``allow_unknown_members``: unknown members only.
    ``operation``: the contract applied, one of OPERATIONS ("describe-auto-ml-job-v2",
    the default; "create-auto-ml-job-v2", the request parameters;
    "list-candidates-for-auto-ml-job"; "stop-auto-ml-job"; "list-auto-ml-jobs";
    "list-auto-ml-jobs-request"; "list-candidates-for-auto-ml-job-request"); another is a
    ValueError naming them. boto3's ("create_auto_ml_job_v2") and the API's
    ("CreateAutoMLJobV2") names are taken too, as by the CLI's ``--operation``."""
    return _validator(allow_unknown, allow_unknown_members, operation_of(operation)).validate(doc)


def is_valid(doc: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False,
             operation: str = DEFAULT_OPERATION) -> bool:
    """True when ``doc`` breaks no rule of severity error."""
    found = validate(doc, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members, operation=operation)
    return not any(v.severity == "error" for v in found)


def assert_valid(doc: Any, *, allow_unknown: bool = False, allow_unknown_members: bool = False,
                 operation: str = DEFAULT_OPERATION) -> None:
    """Raise InvalidResponse listing every error-severity violation."""
    __tracebackhide__ = True  # pytest: the failure is the caller's line
    found = validate(doc, allow_unknown=allow_unknown, allow_unknown_members=allow_unknown_members, operation=operation)
    errors = [v for v in found if v.severity == "error"]
    if errors:
        from .report.line import assertion, contract

        raise InvalidResponse(errors, assertion(errors, contract(operation_of(operation))))
