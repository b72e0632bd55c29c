"""Which errors clients see.

Syntax and validation errors and the domain's ``GatewayError`` family are shown as they are
(with ``extensions.code`` and the field path). A database that cannot serve
(``resolvers.core.unavailable``) is reported as such (``SERVICE_UNAVAILABLE``), for the HTTP
layer to answer 503. Anything else is a bug: the client gets a generic message with
no stack trace, SQL or internal names, and the server log gets the rest.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from resolvers.core.errors import GatewayError
from resolvers.core.unavailable import (
    UNAVAILABLE_CODE,
    UNAVAILABLE_MESSAGE,
    StorageUnavailable,
    is_unavailable,
)

logger = logging.getLogger("gateway.errors")

MASKED_MESSAGE = "Internal server error"


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    expected = GatewayError | GraphQLError | StorageUnavailable
    return original is not None and not isinstance(original, expected)


def should_mask(error: GraphQLError) -> bool:
    if is_unexpected(error):
        logger.error("unexpected error at %s", error.path, exc_info=error.original_error)
        return True
    return False


class GatewayMaskErrors(MaskErrors):
    """Masks unexpected errors; a ``GatewayError``'s message gets its field path in front
    (graphql-core copies the bare ``.message``, not ``str(error)``)."""

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        errors = [_unavailable_or_same(error) for error in errors]
        for error in errors:
            if isinstance(error.original_error, GatewayError):
                error.message = str(error.original_error)
        return super()._process_errors(errors)

    def present(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        """The errors as clients see them (what this extension does to a result's errors)."""
        return self._process_errors(errors)


def _unavailable_or_same(error: GraphQLError) -> GraphQLError:
    """A database that is down or full is no bug to mask: the error says so, with its code
    (the HTTP layer answers the whole request 503, ``gateway.unavailable``)."""
    original = error.original_error
    if original is None or not is_unavailable(original):
        return error
    return GraphQLError(
        UNAVAILABLE_MESSAGE,
        nodes=error.nodes,
        path=error.path,
        original_error=StorageUnavailable(str(original)),
        extensions={"code": UNAVAILABLE_CODE},
    )


def masking_extension() -> GatewayMaskErrors:
    """A fresh extension per request, as Strawberry asks."""
    return GatewayMaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE)


def presented_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    """For results made outside Strawberry's executor (the compiled path): the same
    prefixing and masking the standard path's extension applies."""
    return masking_extension().present(errors)
