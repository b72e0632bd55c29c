"""The URL map of the REST API: each resource, the handler of each of its methods."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.rest import accounts, available, incoming
from gateway.rest.calls import Handler, RestCall, rest_endpoint
from gateway.rest.render import API_ROOT

ACCOUNT = f"{API_ROOT}/Accounts/{{account}}"


def _by_method(handlers: dict[str, Handler]) -> Callable[[Request], Awaitable[Response]]:
    async def dispatch(call: RestCall) -> Response:
        return await handlers[call.request.method](call)

    return rest_endpoint(dispatch)


def _resource(path: str, **handlers: Handler) -> Route:
    return Route(path, _by_method(handlers), methods=list(handlers))


async def _typed_or_number(call: RestCall, typed: Handler, number: Handler) -> Response:
    """``IncomingPhoneNumbers/Local.json`` is a list of a type; ``…/PN….json`` one number."""
    if call.path("sid") in incoming.NUMBER_TYPES:
        call.request.path_params["number_type"] = call.path("sid")
        return await typed(call)
    return await number(call)


async def _get_one(call: RestCall) -> Response:
    return await _typed_or_number(call, incoming.list_numbers, incoming.fetch_number)


async def _post_one(call: RestCall) -> Response:
    return await _typed_or_number(call, incoming.create_number, incoming.update_number)


def routes() -> list[Route]:
    return [
        _resource(
            f"{API_ROOT}/Accounts.json", GET=accounts.list_accounts, POST=accounts.create_account
        ),
        _resource(f"{ACCOUNT}.json", GET=accounts.fetch_account, POST=accounts.update_account),
        _resource(f"{ACCOUNT}/Balance.json", GET=accounts.fetch_balance),
        _resource(
            f"{ACCOUNT}/IncomingPhoneNumbers.json",
            GET=incoming.list_numbers,
            POST=incoming.create_number,
        ),
        _resource(
            f"{ACCOUNT}/IncomingPhoneNumbers/{{sid}}.json",
            GET=_get_one,
            POST=_post_one,
            DELETE=incoming.delete_number,
        ),
        _resource(f"{ACCOUNT}/AvailablePhoneNumbers.json", GET=available.list_countries),
        _resource(f"{ACCOUNT}/AvailablePhoneNumbers/{{country}}.json", GET=available.fetch_country),
        _resource(
            f"{ACCOUNT}/AvailablePhoneNumbers/{{country}}/{{kind}}.json",
            GET=available.search_numbers,
        ),
    ]
