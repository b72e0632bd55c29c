"""The domain's one exception family; the schema layer turns it into errors clients can read.

    GatewayError(code, message, field)     any expected failure; ``code`` is an ErrorCode name
    ├── InvalidInput                       INVALID_INPUT: an argument breaks a rule (names it)
    └── NotFound                           NOT_FOUND [20404]: absent, or not visible to the caller

Queries report these as top-level GraphQL errors with ``extensions`` (code, field);
mutations report them as ``userErrors``. Anything else is a bug: logged and masked.
"""

from __future__ import annotations

# ErrorCode names and the Twilio error code each carries (None: ours, Twilio has none).
TWILIO_CODES: dict[str, int | None] = {
    "INVALID_PHONE_NUMBER": 21421,
    "NUMBER_NOT_AVAILABLE": 21422,
    "INVALID_AREA_CODE": 21451,
    "NO_NUMBERS_IN_AREA_CODE": 21452,
    "ADDRESS_REQUIRED": 21631,
    "LOCAL_ADDRESS_REQUIRED": 21615,
    "FOREIGN_ADDRESS_REQUIRED": 21615,
    "TRANSFER_ADDRESS_REQUIRED": 21613,
    "IDENTITY_DOCUMENT_REQUIRED": 21650,
    "TRIAL_ACCOUNT_LIMIT": 21404,
    "ACCOUNT_NOT_ACTIVE": 20005,
    "NOT_FOUND": 20404,
    "INVALID_URL": 21402,
    "INVALID_METHOD": 21403,
    "FALLBACK_WITHOUT_URL": 21405,
    "SMS_FALLBACK_WITHOUT_URL": 21406,
    "SMS_NOT_SUPPORTED": 21407,
    "INVALID_APPLICATION": 21420,
    "TRANSFER_TARGET_INVALID": 21471,
    "TRANSFER_TARGET_INACTIVE": 21472,
    "TRANSFER_NOT_RELATED": 21473,
    "TRANSFER_NOT_PARENT": 21474,
    "MESSAGING_SERVICE_NUMBER_IN_USE": 21712,
    "MESSAGING_SERVICE_FULL": 21714,
    "HOSTED_TOO_MANY_ATTEMPTS": 22100,
    "HOSTED_INVALID_ORDER_SIDS": 22101,
    "HOSTED_UNSUPPORTED_COUNTRY": 22103,
    "HOSTED_NUMBER_NOT_HOSTABLE": 22110,
    "HOSTED_NUMBER_MESSAGING_ENABLED": 22110,
    "HOSTED_NUMBER_ALREADY_HOSTED": 22110,
    "HOSTED_ORDER_FINAL": 22112,
    "HOSTED_VERIFICATION_CODE_INVALID": 22113,
    "HOSTED_ORDER_NOT_VERIFIABLE": 22114,
    "HOSTED_INVALID_EXTENSION": 22117,
    "HOSTED_ADDRESS_MISMATCH": None,
    "EMERGENCY_ADDRESS_ACTIVE": None,
    "INSUFFICIENT_BALANCE": None,
    "RESTORE_WINDOW_EXPIRED": None,
    "FRIENDLY_NAME_TOO_LONG": None,
    "INVALID_INPUT": None,
    "IDEMPOTENCY_KEY_REUSED": None,
    "RATE_LIMITED": None,
    "MESSAGING_SERVICE_EMPTY": None,
}


class GatewayError(Exception):
    code = "INVALID_INPUT"

    def __init__(
        self, message: str, *, field: list[str] | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            if code not in TWILIO_CODES:
                raise ValueError(f"unknown error code {code}")
            self.code = code

    @property
    def twilio_code(self) -> int | None:
        return TWILIO_CODES.get(self.code)

    def __str__(self) -> str:
        """The message prefixed with the field path, for top-level GraphQL errors."""
        return f"{'.'.join(self.field)}: {self.message}" if self.field else self.message

    @property
    def extensions(self) -> dict[str, object]:
        """Read by graphql-core when this error surfaces as a GraphQL error."""
        extensions: dict[str, object] = {"code": self.code}
        if self.field:
            extensions["field"] = self.field
        if self.twilio_code is not None:
            extensions["twilioCode"] = self.twilio_code
        return extensions


class InvalidInput(GatewayError):
    code = "INVALID_INPUT"


class NotFound(GatewayError):
    code = "NOT_FOUND"
