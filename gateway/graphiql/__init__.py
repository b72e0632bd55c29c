"""GraphiQL served offline: the page and every file it loads come from this package.

``GET /graphql`` from a browser gets the page (see gateway.graphql_endpoint); its scripts and
styles are under ``/graphiql/static/`` (see ``static/NOTICE`` for what is vendored and its
licenses).
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from gateway.graphiql.assets import GRAPHIQL_ASSETS
from gateway.graphiql.page import graphiql_response

__all__ = ["graphiql_response", "graphiql_routes"]


def graphiql_routes(*, enabled: bool) -> list[BaseRoute]:
    """The static routes the page needs; none when GraphiQL is switched off."""
    if not enabled:
        return []
    return [GRAPHIQL_ASSETS.route()]
