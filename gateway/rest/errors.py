"""Twilio's error body for every refusal of the REST API.

``{"code", "message", "more_info", "status"}``: ``code`` is the Twilio code the same refusal
carries in GraphQL (``ErrorCode.twilio_code``); a refusal Twilio has no code for carries the HTTP
status there (what Twilio's SDKs fall back to) and our ``ErrorCode`` name in ``error_code``.
Anything not visible to the caller is 404 with 20404. The message names the Twilio parameter
the refusal concerns, translated from the GraphQL field path the use-case reported.
"""

from __future__ import annotations

from typing import Any

from gateway.responses import OrjsonResponse
from resolvers.core.errors import ErrorCode, GatewayError

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"
AUTHENTICATE = 20003  # Twilio's code for missing or wrong credentials
METHOD_NOT_ALLOWED = 20004  # Twilio's code for a method a resource does not have
STATUS_BY_CODE = {ErrorCode.NOT_FOUND: 404, ErrorCode.RATE_LIMITED: 429}
# Path segments that are containers of parameters, not parameters (GraphQL inputs).
_CONTAINERS = {"input", "configuration", "search", "filter"}
# GraphQL paths whose Twilio parameter is not their PascalCase join.
_PARAMETERS = {
    ("voice", "trunkSid"): "TrunkSid",
    ("voice", "emergencyStatus"): "EmergencyStatus",
    ("voice", "emergencyAddressSid"): "EmergencyAddressSid",
    ("distanceMiles",): "Distance",
    ("nearLatLong", "latitude"): "NearLatLong",
    ("nearLatLong", "longitude"): "NearLatLong",
    ("idempotencyKey",): "I-Twilio-Idempotency-Token",
    ("first",): "PageSize",
    ("after",): "PageToken",
    ("before",): "PageToken",
    ("type",): "Type",
}


class RestError(Exception):
    """A refusal of the REST layer itself (a malformed parameter, an unknown resource)."""

    def __init__(
        self,
        status: int,
        message: str,
        code: ErrorCode | int,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}


def bad_parameter(parameter: str, message: str) -> RestError:
    """400 naming ``parameter`` (INVALID_INPUT, as GraphQL reports a bad argument)."""
    return RestError(400, f"{parameter}: {message}", ErrorCode.INVALID_INPUT)


def not_found(message: str) -> RestError:
    return RestError(404, message, ErrorCode.NOT_FOUND)


def twilio_parameter(field: list[str] | None) -> str | None:
    """The Twilio parameter of a GraphQL field path (``input.voice.url`` is ``VoiceUrl``)."""
    names = tuple(name for name in field or () if name not in _CONTAINERS)
    if not names:
        return None
    return _PARAMETERS.get(names) or "".join(name[:1].upper() + name[1:] for name in names)


def from_gateway_error(error: GatewayError) -> RestError:
    parameter = twilio_parameter(error.field)
    message = f"{parameter}: {error.message}" if parameter else error.message
    return RestError(STATUS_BY_CODE.get(error.code, 400), message, error.code)


def error_response(error: RestError) -> OrjsonResponse:
    body: dict[str, Any] = {"status": error.status, "message": error.message}
    if isinstance(error.code, ErrorCode):
        twilio_code = error.code.twilio_code
        body["code"] = twilio_code if twilio_code is not None else error.status
        body["error_code"] = error.code.value
    else:
        twilio_code = body["code"] = error.code
    body["more_info"] = MORE_INFO.format(code=twilio_code) if twilio_code is not None else None
    return OrjsonResponse(body, status_code=error.status, headers=error.headers)
