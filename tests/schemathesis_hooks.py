"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests/schemathesis_hooks.py): the AWS JSON 1.1
media type is JSON, both ways. Without them schemathesis cannot build request bodies
for it and skips every response check on it without a word."""
import json

import schemathesis

AWS_JSON = "application/x-amz-json-1.1"

schemathesis.serializer.alias(AWS_JSON, "application/json")


@schemathesis.deserializer(AWS_JSON)
def _deserialize(ctx, response):
    return json.loads(response.content)
