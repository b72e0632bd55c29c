"""HTTP 503 with ``Retry-After`` for a database that cannot serve right now, in one place.

``GraphQLEndpoint`` answers with it whenever authentication, the executor or a resolver meets
one of the failures ``resolvers.core.unavailable`` names; ``/healthz`` says the same.
"""

from __future__ import annotations

from starlette.responses import Response

from gateway.responses import OrjsonResponse

RETRY_AFTER_SECONDS = 1
UNAVAILABLE_CODE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "the database is unavailable for the moment: retry after a second or two"


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
