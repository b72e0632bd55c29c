"""What every answer of the gateway must look like, whatever the request was.

A request the gateway cannot serve gets a GraphQL error, never an HTTP 5xx. An error is
expected when it is a domain refusal (``extensions.code`` names a member of
``resolvers.core.errors.ErrorCode``) or a syntax/validation error reported before execution (no
``path``). Any other error is a bug: it must at least be masked (no stack trace, SQL or
internal names in the body), and the fuzz reports it even then, since a masked error is still
an unexpected exception in a resolver.
"""

from __future__ import annotations

import json
from typing import Any

from resolvers.core.errors import ErrorCode
from schema.errors import MASKED_MESSAGE

# Text that only a leaked stack trace, SQL error or driver message would put in a body.
LEAK_MARKERS = ("Traceback", 'File "', "sqlalchemy", "asyncpg", "sqlite3", "aiosqlite")
ANSWER_STATUSES = {200, 400}


def problems(status: int, body: bytes, request: str = "") -> list[str]:
    """Everything wrong with one answer (empty when it is a proper GraphQL answer). A marker
    that the request itself contains may be an echo of the input, not a leak."""
    if status not in ANSWER_STATUSES:
        return [f"HTTP {status}"]
    text = body.decode("utf-8", errors="replace")
    found = [
        f"body leaks {marker!r}"
        for marker in LEAK_MARKERS
        if marker in text and marker not in request
    ]
    try:
        payload = json.loads(text)
    except ValueError:
        return [*found, "body is not JSON"]
    if not isinstance(payload, dict) or not ({"data", "errors"} & payload.keys()):
        return [*found, "body has neither data nor errors"]
    errors = payload.get("errors") or []
    if status == 400 and not errors:
        found.append("HTTP 400 without errors")
    found.extend(_error_problem(error) for error in errors if _error_problem(error))
    return found


def _error_problem(error: Any) -> str:
    """Why one entry of ``errors`` is not acceptable ('' when it is)."""
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return f"malformed error {error!r}"
    code = (error.get("extensions") or {}).get("code")
    if code in ErrorCode.__members__:
        return ""  # a GatewayError: the domain said no, with a code
    if "path" not in error:
        return ""  # refused before execution: syntax, validation, variable coercion
    if error["message"] != MASKED_MESSAGE:
        return f"unmasked execution error {error['message']!r} at {error['path']}"
    return f"internal error (masked) at {error['path']}: see the server log"
