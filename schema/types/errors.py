"""Expected failures as data: ``UserError`` and its ``ErrorCode`` (API.md)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from resolvers.errors import GatewayError


@strawberry.enum(description="Why a mutation was refused; twilioCode carries Twilio's number.")
class ErrorCode(Enum):
    INVALID_PHONE_NUMBER = "INVALID_PHONE_NUMBER"
    NUMBER_NOT_AVAILABLE = "NUMBER_NOT_AVAILABLE"
    INVALID_AREA_CODE = "INVALID_AREA_CODE"
    NO_NUMBERS_IN_AREA_CODE = "NO_NUMBERS_IN_AREA_CODE"
    ADDRESS_REQUIRED = "ADDRESS_REQUIRED"
    LOCAL_ADDRESS_REQUIRED = "LOCAL_ADDRESS_REQUIRED"
    FOREIGN_ADDRESS_REQUIRED = "FOREIGN_ADDRESS_REQUIRED"
    TRANSFER_ADDRESS_REQUIRED = "TRANSFER_ADDRESS_REQUIRED"
    IDENTITY_DOCUMENT_REQUIRED = "IDENTITY_DOCUMENT_REQUIRED"
    TRIAL_ACCOUNT_LIMIT = "TRIAL_ACCOUNT_LIMIT"
    ACCOUNT_NOT_ACTIVE = "ACCOUNT_NOT_ACTIVE"
    NOT_FOUND = "NOT_FOUND"
    INVALID_URL = "INVALID_URL"
    INVALID_METHOD = "INVALID_METHOD"
    FALLBACK_WITHOUT_URL = "FALLBACK_WITHOUT_URL"
    SMS_FALLBACK_WITHOUT_URL = "SMS_FALLBACK_WITHOUT_URL"
    SMS_NOT_SUPPORTED = "SMS_NOT_SUPPORTED"
    INVALID_APPLICATION = "INVALID_APPLICATION"
    TRANSFER_TARGET_INVALID = "TRANSFER_TARGET_INVALID"
    TRANSFER_TARGET_INACTIVE = "TRANSFER_TARGET_INACTIVE"
    TRANSFER_NOT_RELATED = "TRANSFER_NOT_RELATED"
    TRANSFER_NOT_PARENT = "TRANSFER_NOT_PARENT"
    EMERGENCY_ADDRESS_ACTIVE = "EMERGENCY_ADDRESS_ACTIVE"
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"
    RESTORE_WINDOW_EXPIRED = "RESTORE_WINDOW_EXPIRED"
    FRIENDLY_NAME_TOO_LONG = "FRIENDLY_NAME_TOO_LONG"
    INVALID_INPUT = "INVALID_INPUT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    RATE_LIMITED = "RATE_LIMITED"


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
