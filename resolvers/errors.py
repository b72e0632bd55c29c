"""The domain's one exception family; the schema layer turns it into errors clients can read.

    GatewayError                 code, message, field path, Twilio code
    ├── InvalidInput             INVALID_INPUT: an argument breaks a rule (names it)
    └── NotFound                 NOT_FOUND [20404]: absent, or not visible to the caller

Queries report these as top-level GraphQL errors with ``extensions`` (code, field);
mutations report them as ``userErrors``. Anything else is a bug: logged and masked.
"""

from __future__ import annotations


class GatewayError(Exception):
    code = "INVALID_INPUT"
    twilio_code: int | None = None

    def __init__(self, message: str, *, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

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
    twilio_code = 20404
