"""An independent reading of REFERENCE.md's ``contains`` language, for property tests.

Written straight from the rules (a backtracking matcher over the raw pattern), sharing no
code with ``resolvers.catalog.contains``.
"""

from __future__ import annotations

import string

# The keypad letters in alphabetical order: A B C → 2, D E F → 3, … W X Y Z → 9.
_KEYPAD = dict(zip(string.ascii_uppercase, "22233344455566677778889999", strict=True))


def is_valid(pattern: str) -> bool:
    body = _body(pattern)
    if not 2 <= len(body) <= 16:
        return False
    if any(ch not in string.digits + string.ascii_letters + "*%" for ch in body):
        return False
    ordinary = [ch for ch in body if ch not in "*%"]
    return len(ordinary) == len(body) or len(ordinary) >= 2


def matches(pattern: str, e164: str) -> bool:
    """Does the E.164 number match the (valid) pattern?"""
    body = [_KEYPAD.get(ch.upper(), ch) for ch in _body(pattern)]
    digits = e164[1:]
    must_end = pattern.endswith("$")

    def from_here(i: int, j: int) -> bool:
        if j == len(body):
            return not must_end or i == len(digits)
        token = body[j]
        if token == "%":
            return any(from_here(k, j + 1) for k in range(i, len(digits) + 1))
        if i == len(digits):
            return False
        return (token == "*" or digits[i] == token) and from_here(i + 1, j + 1)

    starts = [0] if pattern.startswith("+") else range(len(digits) + 1)
    return any(from_here(start, 0) for start in starts)


def _body(pattern: str) -> str:
    start = 1 if pattern.startswith("+") else 0
    end = len(pattern) - 1 if pattern.endswith("$") else len(pattern)
    return pattern[start:end] if end >= start else ""
