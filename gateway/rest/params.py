"""Twilio's request parameters: form-encoded bodies and query strings, read by name.

Each accessor converts one parameter and refuses a malformed value with 400 naming it.
Absent parameters read as None; Twilio's SDKs send booleans as ``true``/``false``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from gateway.rest.errors import bad_parameter

BOOLEANS = {"true": True, "false": False}
HTTP_METHODS = ("GET", "POST")


class Params:
    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, str] = {}
        for name, value in pairs:
            self._values.setdefault(name, value)

    @classmethod
    def parse(cls, query: str, body: bytes) -> Params:
        """The query string's parameters, then the body's (a form)."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise bad_parameter("body", "a form body must be UTF-8") from None
        pairs = parse_qsl(query, keep_blank_values=True) + parse_qsl(text, keep_blank_values=True)
        return cls(pairs)

    def __contains__(self, name: str) -> bool:
        return name in self._values

    def names(self) -> set[str]:
        return set(self._values)

    def text(self, name: str) -> str | None:
        return self._values.get(name)

    def boolean(self, name: str) -> bool | None:
        value = self._values.get(name)
        if value is None:
            return None
        parsed = BOOLEANS.get(value.lower())
        if parsed is None:
            raise bad_parameter(name, f"must be true or false (got {value!r})")
        return parsed

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self._values.get(name)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
            raise bad_parameter(
                name, f"must be a whole number from {low} to {high} (got {value!r})"
            )
        return int(value)

    def choice(self, name: str, choices: dict[str, str]) -> str | None:
        """One of ``choices`` (Twilio's spelling, any case) as our value."""
        value = self._values.get(name)
        if value is None:
            return None
        found = {key.lower(): ours for key, ours in choices.items()}.get(value.lower())
        if found is None:
            raise bad_parameter(name, f"must be one of {', '.join(choices)} (got {value!r})")
        return found
