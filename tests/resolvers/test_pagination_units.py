"""Cursors and the Relay arguments, without a database."""

from __future__ import annotations

import base64
import re
from datetime import datetime

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolvers.active_numbers.ordering import NO_BILLING_DATE, SORT_KEYS
from resolvers.core.errors import InvalidInput
from resolvers.core.sids import new_sid
from resolvers.events.reads import NEWEST_FIRST
from resolvers.reads.pagination import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Cursor,
    decode_cursor,
    encode_cursor,
    page_request,
)

PHONE = SORT_KEYS["PHONE_NUMBER"]
NAME = SORT_KEYS["FRIENDLY_NAME"]
PURCHASED = SORT_KEYS["PURCHASED_AT"]
BILLING = SORT_KEYS["NEXT_BILLING_DATE"]
SID = "PN" + "0123456789abcdef" * 2


@given(st.text(max_size=64), st.text(min_size=1, max_size=34))
def test_string_cursors_round_trip(value: str, sid: str) -> None:
    text = encode_cursor(NAME, value, sid)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", text)  # URL-safe, no padding
    assert decode_cursor(text, NAME, "after") == Cursor(value, sid)


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31)))
def test_time_cursors_round_trip(value: datetime) -> None:
    for key in (PURCHASED, BILLING):
        assert decode_cursor(encode_cursor(key, value, SID), key, "after") == Cursor(value, SID)


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_integer_cursors_round_trip(value: int) -> None:
    key = NEWEST_FIRST.key  # numberEvents: the event id
    assert decode_cursor(encode_cursor(key, value, SID), key, "after") == Cursor(value, SID)


@pytest.mark.parametrize("value", ["-1", "1.5", "0x10", " 7", "", "٣", 7, None])
def test_an_integer_cursor_holds_decimal_digits_only(value: object) -> None:
    key = NEWEST_FIRST.key
    forged = base64.urlsafe_b64encode(orjson.dumps([key.name, value, SID])).decode()
    with pytest.raises(InvalidInput) as raised:
        decode_cursor(forged, key, "after")
    assert raised.value.field == ["after"]


def test_the_no_billing_date_sentinel_round_trips() -> None:
    text = encode_cursor(BILLING, NO_BILLING_DATE, SID)
    assert decode_cursor(text, BILLING, "before").value == NO_BILLING_DATE


def test_cursors_do_not_show_their_content_as_plain_text() -> None:
    text = encode_cursor(PHONE, "+14155550100", SID)
    assert "+14155550100" not in text
    assert SID not in text


def test_a_cursor_only_works_with_its_ordering() -> None:
    text = encode_cursor(PHONE, "+14155550100", SID)
    with pytest.raises(InvalidInput) as raised:
        decode_cursor(text, NAME, "after")
    assert raised.value.field == ["after"]
    assert "PHONE_NUMBER" in raised.value.message


@pytest.mark.parametrize("text", ["", "garbage", "!!!", "W10", "WzEsMiwzXQ", "eyJhIjoxfQ"])
def test_malformed_cursors_are_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        decode_cursor(text, PHONE, "before")
    assert raised.value.field == ["before"]


def test_page_request_defaults_to_the_first_50() -> None:
    page = page_request(None, None, None, None, PHONE)
    assert (page.size, page.backward, page.cursor, page.has_cursor_behind) == (
        DEFAULT_PAGE_SIZE,
        False,
        None,
        False,
    )
    assert DEFAULT_PAGE_SIZE == 50
    assert MAX_PAGE_SIZE == 1000


def test_page_request_directions() -> None:
    cursor = encode_cursor(PHONE, "+14155550100", SID)
    forward = page_request(10, cursor, None, None, PHONE)
    assert (forward.size, forward.backward, forward.has_cursor_behind) == (10, False, True)
    assert forward.cursor == Cursor("+14155550100", SID)
    backward = page_request(None, None, 7, cursor, PHONE)
    assert (backward.size, backward.backward, backward.has_cursor_behind) == (7, True, True)
    tail = page_request(None, None, 3, None, PHONE)
    assert (tail.size, tail.backward, tail.cursor, tail.has_cursor_behind) == (3, True, None, False)
    before_only = page_request(None, None, None, cursor, PHONE)
    assert (before_only.size, before_only.backward) == (DEFAULT_PAGE_SIZE, True)
    assert page_request(0, None, None, None, PHONE).size == 0
    assert page_request(MAX_PAGE_SIZE, None, None, None, PHONE).size == MAX_PAGE_SIZE


@pytest.mark.parametrize(
    ("first", "after", "last", "before", "field"),
    [
        (1001, None, None, None, "first"),
        (-1, None, None, None, "first"),
        (None, None, 1001, None, "last"),
        (None, None, -1, None, "last"),
        (1, None, 1, None, "last"),
        (None, "CURSOR", 1, None, "after"),
        (None, "CURSOR", None, "CURSOR", "after"),
        (1, None, None, "CURSOR", "before"),
    ],
)
def test_page_request_rejects_what_relay_does_not_allow(
    first: int | None, after: str | None, last: int | None, before: str | None, field: str
) -> None:
    cursor = encode_cursor(PHONE, "+14155550100", new_sid("PN"))
    after = cursor if after == "CURSOR" else after
    before = cursor if before == "CURSOR" else before
    with pytest.raises(InvalidInput) as raised:
        page_request(first, after, last, before, PHONE)
    assert raised.value.field == [field]
    assert field in raised.value.message
