"""The fuzz's judge of answers, on hand-made bodies: it must be able to fail."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schema.errors import MASKED_MESSAGE
from tests.fuzz.responses import problems


def body(payload: Any) -> bytes:
    return json.dumps(payload).encode()


REFUSAL = {"message": "x: bad", "path": ["lookup"], "extensions": {"code": "INVALID_INPUT"}}
VALIDATION = {"message": "Cannot query field 'nope' on type 'Query'.", "locations": []}


@pytest.mark.parametrize(
    ("status", "payload"),
    [
        (200, {"data": {"viewer": {"sid": "AC1"}}}),
        (200, {"data": None, "errors": [REFUSAL]}),
        (200, {"data": None, "errors": [VALIDATION]}),
        (400, {"data": None, "errors": [VALIDATION]}),
    ],
)
def test_proper_answers_pass(status: int, payload: Any) -> None:
    assert problems(status, body(payload)) == []


@pytest.mark.parametrize(
    ("status", "raw", "expected"),
    [
        (500, b"Internal Server Error", "HTTP 500"),
        (200, b"<html>", "body is not JSON"),
        (200, body({"extensions": {}}), "body has neither data nor errors"),
        (400, body({"data": None}), "HTTP 400 without errors"),
        (
            200,
            body({"data": None, "errors": [{"message": "boom", "path": ["viewer"]}]}),
            "unmasked execution error 'boom' at ['viewer']",
        ),
        (
            200,
            body({"data": None, "errors": [{"message": MASKED_MESSAGE, "path": ["viewer"]}]}),
            "internal error (masked) at ['viewer']: see the server log",
        ),
        (
            200,
            body({"errors": [{"message": 'Traceback: File "x.py"', "locations": []}]}),
            "body leaks 'Traceback'",
        ),
        (200, body({"errors": [{"message": "sqlalchemy.exc.IntegrityError"}]}), "body leaks"),
    ],
)
def test_broken_answers_are_reported(status: int, raw: bytes, expected: str) -> None:
    assert any(problem.startswith(expected) for problem in problems(status, raw))


def test_an_echo_of_the_request_is_not_a_leak() -> None:
    """An error message may quote the input; the fuzz once sent ``sqlite+aiosqlite://``."""
    refusal = {**REFUSAL, "message": "isoCountry: 'sqlite+aiosqlite://' is not a country"}
    answer = body({"data": None, "errors": [refusal]})
    assert problems(200, answer, 'pricing(isoCountry: "sqlite+aiosqlite://")') == []
    assert problems(200, answer) == ["body leaks 'aiosqlite'"]
