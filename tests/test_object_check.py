"""One check says a value is not a response document, in one wording, whichever way it
arrives: a Python value or JSON text given to the library, a file given to the CLI."""
from __future__ import annotations

import json

import pytest

from sagemaker_schema import InputError, validate
from sagemaker_schema.cli import main

NOT_OBJECTS = [[1, 2], "text", None, True, 3, 1.5]


@pytest.mark.parametrize("value", NOT_OBJECTS, ids=repr)
def test_library_and_cli_say_the_same(value, tmp_path, capsys):
    with pytest.raises(InputError) as raised:  # JSON text is parsed first
        validate(json.dumps(value))
    if not isinstance(value, str):  # a Python str is taken as JSON text
        with pytest.raises(InputError) as from_value:
            validate(value)
        assert str(from_value.value) == str(raised.value)
    path = tmp_path / "document.json"
    path.write_text(json.dumps(value))
    assert main(["validate", str(path)]) == 2
    printed = capsys.readouterr().out
    assert printed == f"{path}: error: {raised.value}\n"
    assert str(raised.value).endswith(", not a structure (a JSON object)")
    # one line of a JSON Lines stream: the same words, for the line
    stream = tmp_path / "responses.jsonl"
    stream.write_text(json.dumps(value) + "\n")
    assert main(["validate", "--jsonl", str(stream)]) == 2
    assert capsys.readouterr().out.splitlines()[0] == f"{stream}:1: error: {raised.value}".replace("the document", "the line")
