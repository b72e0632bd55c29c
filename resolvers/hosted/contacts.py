"""The contact details an order or a letter of authorization carries: emails, phone, title."""

from __future__ import annotations

import re
from collections.abc import Sequence

import orjson

from resolvers.core.errors import InvalidInput
from resolvers.core.phone import parse_e164

MAX_EMAIL = 254
MAX_CC_EMAILS = 10
MAX_TITLE = 100
# one @, no spaces, a dot in the domain: enough to catch typos without rejecting real mail
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email(value: str, field: list[str]) -> str:
    address = value.strip()
    if len(address) > MAX_EMAIL or not _EMAIL.match(address):
        raise InvalidInput(
            f"{value!r} is not an email address (name@example.com, at most {MAX_EMAIL} characters)",
            field=field,
        )
    return address


def cc_emails(values: Sequence[str] | None, field: list[str]) -> str:
    """The checked cc list as the JSON text the tables store."""
    values = list(values or [])
    if len(values) > MAX_CC_EMAILS:
        raise InvalidInput(f"at most {MAX_CC_EMAILS} addresses (got {len(values)})", field=field)
    checked = [email(value, [*field, str(index)]) for index, value in enumerate(values)]
    return orjson.dumps(checked).decode()


def read_cc_emails(stored: str) -> list[str]:
    values: list[str] = orjson.loads(stored)
    return values


def contact_phone(value: str | None, field: list[str]) -> str | None:
    if value is None or not value.strip():
        return None
    return parse_e164(value.strip(), field)


def contact_title(value: str | None, field: list[str]) -> str | None:
    if value is None or not value.strip():
        return None
    title = value.strip()
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            f"must be at most {MAX_TITLE} characters (got {len(title)})", field=field
        )
    return title
