"""The ``contains`` language of number search (REFERENCE.md), parsed into a ``NumberPattern``.

    pattern  := ["+"] body ["$"]
    body     := 2-16 of: digit | Latin letter (its phone-keypad digit) | "*" | "%"

``*`` is exactly one digit, ``%`` any run of digits (possibly none). A leading ``+`` anchors at
the start of the E.164 number (the ``+`` is the number's own), a trailing ``$`` at its end;
otherwise the pattern matches anywhere. A body with wildcards needs at least 2 digits or
letters. Anything else is ``InvalidInput`` naming the field, with the reason.

The parsed pattern is a pure value: ``matches`` is the reference matcher in Python, ``like``
the equivalent SQL LIKE pattern (exact for E.164 strings, on any database).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from resolvers.core.errors import InvalidInput

CONTAINS_FIELD = ("search", "contains")
MIN_LENGTH = 2
MAX_LENGTH = 16
MIN_ORDINARY_WITH_WILDCARDS = 2
ONE = "*"  # exactly one digit
ANY = "%"  # any run of digits
START = "+"
END = "$"

_KEYPAD_LETTERS = {
    "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL",
    "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ",
}  # fmt: skip
KEYPAD = {letter: digit for digit, letters in _KEYPAD_LETTERS.items() for letter in letters}


@dataclass(frozen=True)
class NumberPattern:
    """Digits (``"0"``-``"9"``), ``ONE`` and ``ANY`` tokens, and the two anchors."""

    tokens: tuple[str, ...]
    at_start: bool = False
    at_end: bool = False

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        parts = {ONE: "[0-9]", ANY: "[0-9]*"}
        body = "".join(parts.get(token, token) for token in self.tokens)
        return re.compile(("^\\+" if self.at_start else "") + body + ("$" if self.at_end else ""))

    def matches(self, e164: str) -> bool:
        """The reference matcher: does the E.164 number ``e164`` match?"""
        return self._regex.search(e164) is not None

    def like(self) -> str:
        """The SQL LIKE pattern matching exactly the E.164 strings this pattern matches.

        Every E.164 string is ``+`` then digits, so after a literal leading ``+`` the LIKE
        wildcards ``_`` and ``%`` only ever meet digits; no character needs escaping.
        """
        body = "".join("_" if token == ONE else token for token in self.tokens)
        pattern = START + ("" if self.at_start else ANY) + body + ("" if self.at_end else ANY)
        return re.sub("%+", "%", pattern)

    def literal_runs(self) -> list[str]:
        """The runs of literal characters of ``like()`` (what a trigram index can look up)."""
        return [run for run in re.split("[%_]", self.like()) if run]

    def literal_prefix(self) -> str:
        """What every match starts with: ``+1415`` for ``+1415*``; just ``+`` unanchored."""
        return re.split("[%_]", self.like(), maxsplit=1)[0]


def starts_with(digits: str) -> NumberPattern:
    """The numbers whose digits (after the ``+``) begin with ``digits``."""
    return NumberPattern(tuple(digits), at_start=True)


def parse_contains(text: str, field: tuple[str, ...] = CONTAINS_FIELD) -> NumberPattern:
    """Parse ``text``; InvalidInput naming ``field`` (and saying why) when it breaks a rule."""
    at_start, at_end = text.startswith(START), text.endswith(END)
    body = text[len(START) if at_start else 0 : len(text) - 1 if at_end else len(text)]
    tokens = tuple(_token(char, index + at_start, field) for index, char in enumerate(body))
    if not MIN_LENGTH <= len(tokens) <= MAX_LENGTH:
        raise InvalidInput(
            f"a pattern has {MIN_LENGTH} to {MAX_LENGTH} digits, letters, * or % "
            f"(not counting a leading + or a trailing $); {text!r} has {len(tokens)}",
            field=list(field),
        )
    ordinary = sum(token.isdigit() for token in tokens)
    if ordinary < len(tokens) and ordinary < MIN_ORDINARY_WITH_WILDCARDS:
        raise InvalidInput(
            f"a pattern with wildcards (* or %) needs at least {MIN_ORDINARY_WITH_WILDCARDS} "
            f"digits or letters; {text!r} has {ordinary}",
            field=list(field),
        )
    return NumberPattern(tokens, at_start, at_end)


def _token(char: str, position: int, field: tuple[str, ...]) -> str:
    if (char.isascii() and char.isdigit()) or char in (ONE, ANY):
        return char
    if char.isascii() and char.isalpha():
        return KEYPAD[char.upper()]
    raise InvalidInput(_why_not(char, position), field=list(field))


def _why_not(char: str, position: int) -> str:
    if char == START:
        return f"+ may only lead the pattern (it anchors at the start); found at {position}"
    if char == END:
        return f"$ may only end the pattern (it anchors at the end); found at {position}"
    return (
        f"{char!r} at position {position} is not allowed: use digits, Latin letters "
        "(A-Z, read as their phone-keypad digits), * for one digit or % for any digits"
    )
