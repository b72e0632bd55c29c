"""The domain's one exception family; the schema layer turns it into errors clients can read.

    GatewayError(code, message, field)     any expected failure; ``code`` is an ErrorCode name
    ├── InvalidInput                       INVALID_INPUT: an argument breaks a rule (names it)
    └── NotFound                           NOT_FOUND [20404]: absent, or not visible to the caller

Queries report these as top-level GraphQL errors with ``extensions`` (code, field);
mutations report them as ``userErrors``. Anything else is a bug: logged and masked.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Why a request was refused, each with the Twilio error code it carries (None: ours,
    Twilio has none). The value is the name, as everywhere else."""

    twilio_code: int | None

    def __new__(cls, name: str, twilio_code: int | None) -> ErrorCode:
        member = str.__new__(cls, name)
        member._value_ = name
        member.twilio_code = twilio_code
        return member

    INVALID_PHONE_NUMBER = "INVALID_PHONE_NUMBER", 21421
    NUMBER_NOT_AVAILABLE = "NUMBER_NOT_AVAILABLE", 21422
    INVALID_AREA_CODE = "INVALID_AREA_CODE", 21451
    NO_NUMBERS_IN_AREA_CODE = "NO_NUMBERS_IN_AREA_CODE", 21452
    ADDRESS_REQUIRED = "ADDRESS_REQUIRED", 21631
    LOCAL_ADDRESS_REQUIRED = "LOCAL_ADDRESS_REQUIRED", 21615
    # Twilio has no code for "needs an address outside the number's country": 21615 says the
    # opposite (a local address), so the gateway's own name stands alone (issue 13, item 9).
    FOREIGN_ADDRESS_REQUIRED = "FOREIGN_ADDRESS_REQUIRED", None
    TRANSFER_ADDRESS_REQUIRED = "TRANSFER_ADDRESS_REQUIRED", 21613
    IDENTITY_DOCUMENT_REQUIRED = "IDENTITY_DOCUMENT_REQUIRED", 21650
    TRIAL_ACCOUNT_LIMIT = "TRIAL_ACCOUNT_LIMIT", 21404
    ACCOUNT_NOT_ACTIVE = "ACCOUNT_NOT_ACTIVE", 20005
    NOT_FOUND = "NOT_FOUND", 20404
    INVALID_URL = "INVALID_URL", 21402
    INVALID_METHOD = "INVALID_METHOD", 21403
    FALLBACK_WITHOUT_URL = "FALLBACK_WITHOUT_URL", 21405
    SMS_FALLBACK_WITHOUT_URL = "SMS_FALLBACK_WITHOUT_URL", 21406
    SMS_NOT_SUPPORTED = "SMS_NOT_SUPPORTED", 21407
    INVALID_APPLICATION = "INVALID_APPLICATION", 21420
    TRANSFER_TARGET_INVALID = "TRANSFER_TARGET_INVALID", 21471
    TRANSFER_TARGET_INACTIVE = "TRANSFER_TARGET_INACTIVE", 21472
    TRANSFER_NOT_RELATED = "TRANSFER_NOT_RELATED", 21473
    TRANSFER_NOT_PARENT = "TRANSFER_NOT_PARENT", 21474
    MESSAGING_SERVICE_NUMBER_IN_USE = "MESSAGING_SERVICE_NUMBER_IN_USE", 21712
    MESSAGING_SERVICE_FULL = "MESSAGING_SERVICE_FULL", 21714
    MESSAGING_SERVICE_NUMBER_NOT_SMS_CAPABLE = "MESSAGING_SERVICE_NUMBER_NOT_SMS_CAPABLE", 21715
    MESSAGING_SERVICE_NUMBER_NOT_IN_USE = "MESSAGING_SERVICE_NUMBER_NOT_IN_USE", None
    HOSTED_TOO_MANY_ATTEMPTS = "HOSTED_TOO_MANY_ATTEMPTS", 22100
    HOSTED_INVALID_ORDER_SIDS = "HOSTED_INVALID_ORDER_SIDS", 22101
    HOSTED_UNSUPPORTED_COUNTRY = "HOSTED_UNSUPPORTED_COUNTRY", 22103
    HOSTED_NUMBER_NOT_HOSTABLE = "HOSTED_NUMBER_NOT_HOSTABLE", 22110
    HOSTED_NUMBER_MESSAGING_ENABLED = "HOSTED_NUMBER_MESSAGING_ENABLED", 22110
    HOSTED_NUMBER_ALREADY_HOSTED = "HOSTED_NUMBER_ALREADY_HOSTED", 22110
    HOSTED_ORDER_FINAL = "HOSTED_ORDER_FINAL", 22112
    HOSTED_VERIFICATION_CODE_INVALID = "HOSTED_VERIFICATION_CODE_INVALID", 22113
    HOSTED_ORDER_NOT_VERIFIABLE = "HOSTED_ORDER_NOT_VERIFIABLE", 22114
    HOSTED_VERIFICATION_CALL_PENDING = "HOSTED_VERIFICATION_CALL_PENDING", None
    HOSTED_INVALID_EXTENSION = "HOSTED_INVALID_EXTENSION", 22117
    HOSTED_NUMBER_NOT_IN_USE = "HOSTED_NUMBER_NOT_IN_USE", 22121
    HOSTED_ADDRESS_MISMATCH = "HOSTED_ADDRESS_MISMATCH", None
    HOSTED_ADDRESS_PO_BOX = "HOSTED_ADDRESS_PO_BOX", 18018
    EMERGENCY_ADDRESS_ACTIVE = "EMERGENCY_ADDRESS_ACTIVE", None
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE", None
    RESTORE_WINDOW_EXPIRED = "RESTORE_WINDOW_EXPIRED", None
    FRIENDLY_NAME_TOO_LONG = "FRIENDLY_NAME_TOO_LONG", None
    INVALID_INPUT = "INVALID_INPUT", None
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED", None
    RATE_LIMITED = "RATE_LIMITED", None
    MESSAGING_SERVICE_EMPTY = "MESSAGING_SERVICE_EMPTY", None
    SUSPENDED_FOR_NONPAYMENT = "SUSPENDED_FOR_NONPAYMENT", None
    SUSPENDED_FOR_FRAUD = "SUSPENDED_FOR_FRAUD", None


class GatewayError(Exception):
    code: ErrorCode = ErrorCode.INVALID_INPUT

    def __init__(
        self, message: str, *, field: list[str] | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            if code not in ErrorCode.__members__:
                raise ValueError(f"unknown error code {code}")
            self.code = ErrorCode[code]

    @property
    def twilio_code(self) -> int | None:
        return self.code.twilio_code

    def __str__(self) -> str:
        """The message prefixed with the field path, for top-level GraphQL errors."""
        return f"{'.'.join(self.field)}: {self.message}" if self.field else self.message

    @property
    def extensions(self) -> dict[str, object]:
        """Read by graphql-core when this error surfaces as a GraphQL error."""
        extensions: dict[str, object] = {"code": self.code.value}
        if self.field:
            extensions["field"] = self.field
        if self.twilio_code is not None:
            extensions["twilioCode"] = self.twilio_code
        return extensions


class InvalidInput(GatewayError):
    code = ErrorCode.INVALID_INPUT


class NotFound(GatewayError):
    code = ErrorCode.NOT_FOUND
