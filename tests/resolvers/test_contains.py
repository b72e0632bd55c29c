"""The ``contains`` parser, without a database: its rules, errors and reference matcher."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolvers.catalog.contains import KEYPAD, NumberPattern, parse_contains, starts_with
from resolvers.core.errors import InvalidInput
from tests.resolvers import contains_oracle

NUMBERS = st.from_regex(r"\A\+[1-9][0-9]{6,14}\Z")
PATTERN_TEXT = st.text(alphabet="0123456789abcSTW*%+$-. é", max_size=20)


def test_letters_are_their_keypad_digits() -> None:
    assert parse_contains("STORM") == parse_contains("78676") == parse_contains("storm")
    assert "".join(KEYPAD[ch] for ch in "ADGJMPTW") == "23456789"
    assert len(KEYPAD) == 26


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1877555", NumberPattern(tuple("1877555"), at_start=True)),
        ("7306$", NumberPattern(tuple("7306"), at_end=True)),
        ("%979%", NumberPattern(("%", "9", "7", "9", "%"))),
        ("+1*%2$", NumberPattern(("1", "*", "%", "2"), at_start=True, at_end=True)),
    ],
)
def test_the_reference_examples(text: str, expected: NumberPattern) -> None:
    assert parse_contains(text) == expected


@pytest.mark.parametrize(
    ("text", "like"),
    [
        ("+1877555", "+1877555%"),
        ("7306$", "+%7306"),
        ("%979%", "+%979%"),
        ("*7306", "+%_7306%"),
        ("+%12$", "+%12"),
        ("12%%34", "+%12%34%"),
    ],
)
def test_like_patterns(text: str, like: str) -> None:
    assert parse_contains(text).like() == like


def test_area_codes_are_anchored_prefixes() -> None:
    pattern = starts_with("1415")
    assert pattern.like() == "+1415%"
    assert pattern.matches("+14155550100")
    assert not pattern.matches("+12125551415")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "2 to 16"),
        ("7", "2 to 16"),
        ("+$", "2 to 16"),
        ("12345678901234567", "has 17"),
        ("1%", "at least 2 digits or letters"),
        ("%%", "at least 2 digits or letters"),
        ("12+3", "+ may only lead the pattern"),
        ("++12", "+ may only lead the pattern"),
        ("1$2", "$ may only end the pattern"),
        ("12-3", "'-' at position 2 is not allowed"),
        ("é12", "'é' at position 0"),
        ("١٢٣", "not allowed"),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_each_rule_says_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_contains(text)
    assert raised.value.field == ["search", "contains"]
    assert reason in raised.value.message


@given(PATTERN_TEXT)
def test_accepted_exactly_when_the_rules_allow(text: str) -> None:
    try:
        parse_contains(text)
    except InvalidInput:
        assert not contains_oracle.is_valid(text)
    else:
        assert contains_oracle.is_valid(text)


@settings(max_examples=60)
@given(st.from_regex(r"\A\+?[0-9a-zA-Z*%]{2,16}\$?\Z"), st.lists(NUMBERS, max_size=8))
def test_the_matcher_agrees_with_the_rules(text: str, numbers: list[str]) -> None:
    if not contains_oracle.is_valid(text):
        return
    pattern = parse_contains(text)
    for number in numbers:
        assert pattern.matches(number) == contains_oracle.matches(text, number), number


@settings(max_examples=60)
@given(st.from_regex(r"\A[0-9]{2,6}\Z"), NUMBERS)
def test_digits_alone_match_as_a_substring(digits: str, number: str) -> None:
    assert parse_contains(digits).matches(number) == (digits in number)
