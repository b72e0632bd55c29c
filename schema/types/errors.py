"""Expected failures as data: ``UserError`` and its ``ErrorCode`` (API.md)."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.core.errors import GatewayError
from schema.enums import ErrorCode


@strawberry.type
class UserError:
    field: list[str] | None = strawberry.field(description="The input path at fault, if any.")
    message: str
    code: ErrorCode
    twilio_code: int | None


def user_error(error: GatewayError) -> dict[str, Any]:
    return {
        "field": error.field,
        "message": error.message,
        "code": error.code,
        "twilio_code": error.twilio_code,
    }
