"""GraphQL over HTTP media types: which one an answer is written in, and how a request error
looks in each (the GraphQL-over-HTTP specification, "Accept" and "Status Codes").

``application/graphql-response+json`` is chosen only when the client names it (at least as
preferred as ``application/json``); ``*/*``, ``application/*``, ``application/json`` or no
``Accept`` header at all get ``application/json``, as the specification asks for older
clients. Under the new media type a *request error* (the document does not parse or validate,
a variable cannot be coerced, the gateway refused the operation before running it) answers
with a 4xx status and no ``data`` entry; under ``application/json`` it keeps HTTP 200.
"""

from __future__ import annotations

from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
REQUEST_ERROR_STATUS = 400


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


def negotiate(accept: str | None) -> str | None:
    """The media type of the answer, or None when the client accepts neither (HTTP 406)."""
    if accept is None or not accept.strip():
        return JSON
    ranges = _parse_accept(accept)
    graphql_response = ranges.get(GRAPHQL_RESPONSE_JSON, 0.0)
    json = _quality(ranges, JSON)
    if graphql_response > 0 and graphql_response >= json:
        return GRAPHQL_RESPONSE_JSON
    return JSON if json > 0 else None


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing was executed: no data, and no error comes from a field (field errors carry a
    ``path``; parse, validation, coercion and admission errors never do)."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or [])
    )


def _quality(ranges: dict[str, float], media_type: str) -> float:
    """The quality of the most specific range that matches ``media_type``."""
    main_type = media_type.split("/", 1)[0]
    for candidate in (media_type, f"{main_type}/*", "*/*"):
        if candidate in ranges:
            return ranges[candidate]
    return 0.0


def _parse_accept(accept: str) -> dict[str, float]:
    ranges: dict[str, float] = {}
    for item in accept.split(","):
        media_range, *parameters = (part.strip() for part in item.split(";"))
        if not media_range:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = _number(value.strip())
        ranges[media_range.lower()] = max(quality, ranges.get(media_range.lower(), 0.0))
    return ranges


def _number(value: str) -> float:
    try:
        return min(1.0, max(0.0, float(value)))
    except ValueError:
        return 0.0
