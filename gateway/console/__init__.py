"""The reference console at ``/console``: a frontend built on the API as a frontend app should
be, through persisted queries only (``documents/``), served offline by the gateway itself
(``static/``, see its NOTICE). README, "The console"."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from gateway.console.assets import CONSOLE_ASSETS
from gateway.console.page import console_page

__all__ = ["console_routes"]


def console_routes(*, enabled: bool) -> list[BaseRoute]:
    """The page and its files; none when the console is switched off."""
    if not enabled:
        return []
    return [Route("/console", console_page, methods=["GET"]), CONSOLE_ASSETS.route()]
