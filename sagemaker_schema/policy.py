"""The severity policy: what makes a rule an error and what a warning.

Every rule names the clause that decides its severity (its basis: a schema rule in its
subschema's "$comment", "basis: <clause>"; a Python rule in its registration); the
severity follows from the clause, never written beside it. docs/rules.md prints this
policy at its top and each rule's clause in its table. Imports nothing of the package.
"""
from __future__ import annotations

# clause -> (severity, what the documentation or the evidence says for it), errors first
POLICY: dict[str, tuple[str, str]] = {
    "model": ("error", "The service model states it: a member's type, a required member, an enum, a pattern, a length, a range or a size."),
    "must": ("error", "The documentation states a requirement or a refusal: \"must\", \"must not\", \"do not ...; otherwise a 400 error is thrown\", \"You must either ... or none at all\"."),
    "only": ("error", "The documentation says \"only\": \"Gzip for S3Prefix inputs on tabular data only\", \"Supported only for target column\", \"Available only for the time-series forecasting problem type\"."),
    "exclusive": ("error", "The documentation gives the whole set of values: a list, a range or a form (\"Choose your algorithms from this list\", \"the allowed content types\", \"should be a string containing an integer value within the range of 1 to 64\"). A \"should\" that bounds a value to a stated list, range or form is this clause: the list is every value the service has, so it sends no other."),
    "response": ("error", "A sentence about the response itself states it: \"If model deployment fails, this field is omitted from the response\", \"Only one of the following top level keys will be set\", \"This field is populated for ... image or text classification\"."),
    "necessary": ("error", "It follows from what the members are, whatever the service does: a job ends no earlier than it is created."),
    "observed": ("error", "Recorded AWS output shows the form, where the model's list is older than what AWS sends (metric names as real jobs report them)."),
    "v2-only": ("warning", "The sentence exists only in the CreateAutoMLJobV2 documentation and the rule is checked on a DescribeAutoMLJobV2 response: that operation also describes jobs created with the older CreateAutoMLJob, which the sentence never bound (the CreateAutoMLJob documentation says otherwise or nothing). The request keeps the rule as an error, under its own clause."),
    "accepted": ("warning", "The documentation states it, but AWS is known to accept or send otherwise: its own recorded output, or the service model's pattern (a bare ForecastFrequency unit, an https:// S3Prefix)."),
    "advice": ("warning", "Advice without a stated list, range, form or refusal: \"should not be set\", \"should not be the same as\", \"We recommend\". A response may not honour it and the service is not said to refuse it."),
    "implied": ("warning", "Consistency the documentation implies but never states: statuses with their times and reasons, resolved values with the configured ones, names with names."),
    "client": ("warning", "What the client (boto3) reports about itself, not a fault of the document: SDK_UNKNOWN_MEMBER."),
}


def severity_of(basis: str) -> str:
    """The severity a policy clause gives; KeyError naming the clauses for another."""
    try:
        return POLICY[basis][0]
    except KeyError:
        raise KeyError(f"unknown severity basis {basis!r}: one of {', '.join(POLICY)}") from None
