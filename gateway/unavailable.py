"""HTTP 503 with ``Retry-After`` for a database that cannot serve right now, in one place.

``GraphQLEndpoint`` answers with it whenever authentication, the executor or a resolver meets
one of the failures ``resolvers.core.unavailable`` names (a result with such an error is
answered so as a whole: what else it did may be partial); ``/healthz`` says the same.
"""

from __future__ import annotations

from starlette.responses import Response
from strawberry.types import ExecutionResult

from gateway.responses import OrjsonResponse
from resolvers.core.unavailable import UNAVAILABLE_CODE, UNAVAILABLE_MESSAGE, is_unavailable

RETRY_AFTER_SECONDS = 1


def met_unavailable_storage(result: ExecutionResult) -> bool:
    """Whether any error of ``result`` comes from a database that cannot serve."""
    return any(
        error.original_error is not None and is_unavailable(error.original_error)
        for error in result.errors or ()
    )


def unavailable_response(content_type: str) -> Response:
    body = {
        "errors": [
            {
                "message": UNAVAILABLE_MESSAGE,
                "extensions": {"code": UNAVAILABLE_CODE, "retryAfter": RETRY_AFTER_SECONDS},
            }
        ]
    }
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    response = OrjsonResponse(body, status_code=503, headers=headers)
    response.headers["content-type"] = content_type
    return response
