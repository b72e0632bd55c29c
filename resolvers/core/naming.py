"""Names and free text written by clients: trimmed, non-empty, within their column's length.

A friendly name longer than 64 characters is FRIENDLY_NAME_TOO_LONG (REFERENCE.md, Identifiers),
the code clients already handle for numbers; any other text that is empty or too long for its
column is INVALID_INPUT naming the field, so the database never truncates or refuses it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column

from resolvers.core.errors import GatewayError, InvalidInput

MAX_FRIENDLY_NAME = 64


def friendly_name(value: str | None, field: list[str]) -> str:
    """A non-empty friendly name of at most 64 characters (surrounding spaces removed)."""
    name = (value or "").strip()
    if not name:
        raise InvalidInput("must not be empty", field=field)
    if len(name) > MAX_FRIENDLY_NAME:
        raise GatewayError(
            f"must be at most {MAX_FRIENDLY_NAME} characters (got {len(name)})",
            field=field,
            code="FRIENDLY_NAME_TOO_LONG",
        )
    return name


def required_text(value: str | None, column: Column[Any], field: list[str]) -> str:
    """Non-empty text that fits ``column`` (surrounding spaces removed)."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput("must not be empty", field=field)
    limit = getattr(column.type, "length", None)
    if limit is not None and len(text) > limit:
        raise InvalidInput(f"must be at most {limit} characters (got {len(text)})", field=field)
    return text
