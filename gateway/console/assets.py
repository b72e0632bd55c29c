"""The console's static files: plain ES modules and a stylesheet, written for this gateway
(``static/NOTICE``), served like GraphiQL's (``gateway.static_assets``)."""

from __future__ import annotations

from gateway.static_assets import AssetFolder

STATIC_PREFIX = "/console/static"
FILES = (
    "console.js",
    "api.js",
    "errors.js",
    "views.js",
    "console.css",
)
CONSOLE_ASSETS = AssetFolder("gateway.console", STATIC_PREFIX, FILES)
