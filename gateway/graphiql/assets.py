"""GraphiQL's static files, vendored in ``static/`` and served by the gateway itself
(``gateway.static_assets``: versioned URLs, gzip, ETag; only the files listed here)."""

from __future__ import annotations

from gateway.static_assets import Asset, AssetFolder

STATIC_PREFIX = "/graphiql/static"
FILES = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql.min.css",
    "gateway-graphiql.js",
    "gateway-graphiql.css",
)
GRAPHIQL_ASSETS = AssetFolder("gateway.graphiql", STATIC_PREFIX, FILES)


def static_assets() -> dict[str, Asset]:
    """Every served file, read from the installed package (``gateway/graphiql/static``)."""
    return GRAPHIQL_ASSETS.assets
