"""The URL map of the REST API: each resource, the handler of each of its methods."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.rest import accounts, available, incoming
from gateway.rest.calls import Cost, Handler, RestCall, rest_endpoint
from gateway.rest.errors import METHOD_NOT_ALLOWED, RestError, not_found
from gateway.rest.params import Params
from gateway.rest.render import API_ROOT
from gateway.rest.throttle import ONE_COST, WRITE_COST, list_cost

ACCOUNT = f"{API_ROOT}/Accounts/{{account}}"


METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"]


def _one(request: Request, params: Params) -> int:
    return ONE_COST


def _page(request: Request, params: Params) -> int:
    return list_cost(params)


def _resource(path: str, read_cost: Cost = _one, **handlers: Handler) -> Route:
    """``path`` with a handler per method; any other method is 405 with Twilio's 20004."""

    async def dispatch(call: RestCall) -> Response:
        handler = handlers.get(call.request.method)
        if handler is None:
            raise RestError(
                405,
                f"Method not allowed: {call.request.method}; this resource takes "
                f"{', '.join(handlers)}",
                METHOD_NOT_ALLOWED,
                headers={"Allow": ", ".join(handlers)},
            )
        return await handler(call)

    def cost(request: Request, params: Params) -> int:
        return read_cost(request, params) if request.method == "GET" else WRITE_COST

    return Route(path, rest_endpoint(dispatch, cost), methods=METHODS)


async def _unknown(call: RestCall) -> Response:
    raise not_found(f"The requested resource {call.request.url.path} was not found")


def _typed_cost(request: Request, params: Params) -> int:
    """``IncomingPhoneNumbers/Local.json`` is a page; ``…/PN….json`` one number."""
    if request.path_params["sid"] in incoming.NUMBER_TYPES:
        return list_cost(params)
    return ONE_COST


async def _typed_or_number(call: RestCall, typed: Handler, number: Handler) -> Response:
    """``IncomingPhoneNumbers/Local.json`` is a list of a type; ``…/PN….json`` one number."""
    if call.path("sid") in incoming.NUMBER_TYPES:
        return await typed(call)
    return await number(call)


async def _get_one(call: RestCall) -> Response:
    return await _typed_or_number(call, incoming.list_numbers, incoming.fetch_number)


async def _post_one(call: RestCall) -> Response:
    return await _typed_or_number(call, incoming.create_number, incoming.update_number)


def routes() -> list[Route]:
    return [
        _resource(
            f"{API_ROOT}/Accounts.json",
            _page,
            GET=accounts.list_accounts,
            POST=accounts.create_account,
        ),
        _resource(f"{ACCOUNT}.json", GET=accounts.fetch_account, POST=accounts.update_account),
        _resource(f"{ACCOUNT}/Balance.json", GET=accounts.fetch_balance),
        _resource(
            f"{ACCOUNT}/IncomingPhoneNumbers.json",
            _page,
            GET=incoming.list_numbers,
            POST=incoming.create_number,
        ),
        _resource(
            f"{ACCOUNT}/IncomingPhoneNumbers/{{sid}}.json",
            _typed_cost,
            GET=_get_one,
            POST=_post_one,
            DELETE=incoming.delete_number,
        ),
        _resource(f"{ACCOUNT}/AvailablePhoneNumbers.json", _page, GET=available.list_countries),
        _resource(f"{ACCOUNT}/AvailablePhoneNumbers/{{country}}.json", GET=available.fetch_country),
        _resource(
            f"{ACCOUNT}/AvailablePhoneNumbers/{{country}}/{{kind}}.json",
            _page,
            GET=available.search_numbers,
        ),
        # anything else under the API's root: Twilio's 404 body (after authentication)
        _resource(f"{API_ROOT}/{{rest:path}}", _one, **dict.fromkeys(METHODS, _unknown)),
    ]
