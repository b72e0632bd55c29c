"""Twilio's spellings: RFC 2822 dates, resource URIs, lower-case enum values."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

API_ROOT = "/2010-04-01"


def rfc2822(value: datetime | None) -> str | None:
    """``Thu, 15 Jan 2026 12:00:00 +0000``, as Twilio writes ``date_created``."""
    if value is None:
        return None
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return format_datetime(aware)


def account_uri(account_sid: str, suffix: str = "") -> str:
    return f"{API_ROOT}/Accounts/{account_sid}{suffix}"


def lower(value: Any) -> str | None:
    return None if value is None else str(value).lower()
