"""One REST request: authenticated, its path account checked, its parameters read.

``rest_endpoint(handler)`` makes a Starlette endpoint of ``handler(call) -> Response``: HTTP
Basic ``AccountSid:AuthToken`` as on ``/graphql`` (401 with Twilio's 20003 otherwise), the
``{AccountSid}`` of the path visible to the caller (itself or one of its subaccounts; anything
else 404 20404, as in Twilio), and every refusal, the use-cases' included, in Twilio's error body.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.requests import Request
from starlette.responses import Response

from gateway.auth import REALM, viewer_alone
from gateway.auth_cache import AuthCache
from gateway.rest import throttle
from gateway.rest.errors import (
    AUTHENTICATE,
    RestError,
    bad_parameter,
    error_response,
    from_gateway_error,
    not_found,
)
from gateway.rest.params import Params
from resolvers.core.clock import Clock
from resolvers.core.errors import GatewayError, NotFound
from resolvers.core.url_policy import UrlPolicy
from resolvers.core.usecases import Actor, Outcome, UseCase, run_use_case
from resolvers.core.visibility import Viewer, visible_account_sid

API_VERSION = "2010-04-01"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestCall:
    request: Request
    engine: AsyncEngine
    viewer: Viewer
    clock: Clock
    url_policy: UrlPolicy
    params: Params
    account_sid: str  # the path's AccountSid (the viewer's own on /Accounts.json)

    def path(self, name: str) -> str:
        return str(self.request.path_params[name])

    def actor(self) -> Actor:
        return Actor(self.viewer, self.clock.now(), self.url_policy)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as connection:
            yield connection

    async def run(self, use_case: UseCase[Any], request: Any) -> Outcome:
        """``use_case`` as the viewer, as the GraphQL mutation runs it."""
        return await run_use_case(self.engine, use_case, self.actor(), request)


Handler = Callable[[RestCall], Awaitable[Response]]
Cost = Callable[[Request, Params], int]  # the request's cost in rate-limit points
FORM = "application/x-www-form-urlencoded"


def rest_endpoint(handler: Handler, cost: Cost) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return await _serve(request, handler, cost)
        except RestError as error:
            return error_response(error)
        except GatewayError as error:
            return error_response(from_gateway_error(error))

    return endpoint


async def _serve(request: Request, handler: Handler, cost: Cost) -> Response:
    state = request.app.state
    cache: AuthCache = state.auth_cache
    viewer = await viewer_alone(state.read_engine, request.headers.get("authorization"), cache)
    if viewer is None:
        raise RestError(
            401,
            "Authenticate: HTTP Basic AccountSid:AuthToken",
            AUTHENTICATE,
            headers={"WWW-Authenticate": REALM},
        )
    params = Params.parse(request.url.query, await _form_body(request))
    await throttle.take(state.protection, viewer.sid, cost(request, params), state.clock.now())
    account_sid = await _path_account(state.engine, viewer, request.path_params.get("account"))
    call = RestCall(
        request, state.engine, viewer, state.clock, state.url_policy, params, account_sid
    )
    try:
        return await handler(call)
    finally:
        if request.method != "GET":
            cache.clear()  # a write may have closed an account (gateway.auth_cache)


async def _form_body(request: Request) -> bytes:
    """The body, which Twilio's API takes form-encoded only."""
    body = await request.body()
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if body and content_type != FORM:
        raise bad_parameter("Content-Type", f"send the parameters as {FORM}")
    return body


async def _path_account(engine: AsyncEngine, viewer: Viewer, account_sid: str | None) -> str:
    if account_sid is None:
        return viewer.sid
    async with engine.connect() as conn:
        try:
            return await visible_account_sid(conn, viewer, account_sid, ["AccountSid"])
        except NotFound:
            raise not_found(
                f"The requested resource /Accounts/{account_sid} was not found"
            ) from None
