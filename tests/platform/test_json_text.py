"""Document columns are written as JSON text by ``server.db.json_text``: orjson, and the
standard library's encoder for what orjson refuses."""

from __future__ import annotations

import json

import pytest

from server.db import json_text


@pytest.mark.parametrize("value", [
    None,
    [{"field": "title", "old": None, "new": "Checkout fails"}],
    {"naïve": "café ☕", "nested": {"list": [1, 2.5, True, None]}},
    {"big": 2**70, "small": -(2**63)},  # beyond 64 bits: the standard library writes it
])
def test_json_text_reads_back_as_the_value(value):  # type: ignore[no-untyped-def]
    assert json.loads(json_text(value)) == value


def test_json_text_writes_keys_that_are_not_strings_as_strings():  # type: ignore[no-untyped-def]
    assert json.loads(json_text({1: "one"})) == {"1": "one"}


def test_json_text_refuses_what_no_encoder_knows():  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        json_text({"set": {1, 2}})
