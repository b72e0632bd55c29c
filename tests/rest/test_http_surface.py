"""What the REST API does around its resources: methods, unknown paths, bodies, the rate
limit it shares with /graphql, idempotency tokens and statement counts. Both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from resolvers.core.clock import FixedClock
from tests.protection.support import gateway_with
from tests.rest.support import API, Rest, json_of, twilio_error
from tests.support.catalog import add_numbers_for_sale
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import add_number, us_numbers
from tests.support.provisioning import money_state, new_buyer


async def test_unknown_methods_and_paths_get_twilio_bodies(gateway: Gateway) -> None:
    rest = Rest(gateway, await new_buyer(gateway.engine))
    path = rest.account("/IncomingPhoneNumbers.json")
    response = await gateway.http.put(path, headers=rest._auth())
    body = twilio_error(response, 405, 20004)
    assert response.headers["Allow"] == "GET, POST"
    assert "PUT" in body["message"]
    twilio_error(await rest.get(rest.account("/Calls.json")), 404, 20404)
    twilio_error(await rest.get(f"{API}/Nothing"), 404, 20404)
    metrics = (await gateway.http.get("/metrics")).text
    assert 'gateway_http_requests_total{path="/2010-04-01",status="405"} 1.0' in metrics
    assert 'path="/2010-04-01",status="404"} 2.0' in metrics


async def test_only_form_bodies_are_read(gateway: Gateway) -> None:
    rest = Rest(gateway, await new_buyer(gateway.engine))
    await add_numbers_for_sale(gateway.engine, {"+14155550100": {}})
    response = await gateway.http.post(
        rest.account("/IncomingPhoneNumbers.json"),
        json={"PhoneNumber": "+14155550100"},
        headers=rest._auth(),
    )
    body = twilio_error(response, 400, 400)
    assert body["message"].startswith("Content-Type:")
    mine = json_of(await rest.get(rest.account("/IncomingPhoneNumbers.json")))
    assert mine["incoming_phone_numbers"] == []


async def test_the_idempotency_token_buys_and_releases_once(gateway: Gateway) -> None:
    rest = Rest(gateway, await new_buyer(gateway.engine))
    await add_numbers_for_sale(gateway.engine, {"+14155550100": {}, "+14155550101": {}})
    path = rest.account("/IncomingPhoneNumbers.json")
    token = {"I-Twilio-Idempotency-Token": "buy-1"}
    first = json_of(await rest.post(path, token, PhoneNumber="+14155550100"), 201)
    charged = await money_state(gateway.engine, rest.caller.sid)
    again = json_of(await rest.post(path, token, PhoneNumber="+14155550100"), 201)
    assert again["sid"] == first["sid"]
    assert await money_state(gateway.engine, rest.caller.sid) == charged
    twilio_error(await rest.post(path, token, PhoneNumber="+14155550101"), 400, 400)


async def test_rest_requests_draw_on_the_graphql_bucket(gateway: Gateway) -> None:
    caller = await new_buyer(gateway.engine)
    await add_number(gateway.engine, caller.sid, "+14155550100")
    clock = FixedClock(T0)
    settings: dict[str, Any] = {"rate_limit_capacity": 30, "rate_limit_restore_rate": 2.0}
    url = gateway.engine.url.render_as_string(hide_password=False)
    async with gateway_with(url, clock, settings) as limited:
        rest = Rest(limited, caller)
        path = rest.account("/IncomingPhoneNumbers.json")
        json_of(await rest.get(path, PageSize=20))  # 22 of 30
        throttled = await rest.get(path, PageSize=20)
        body = twilio_error(throttled, 429, 429)
        assert body["error_code"] == "RATE_LIMITED"
        assert throttled.headers["Retry-After"] == "7"  # 14 points missing at 2 a second
        graphql = await limited.post(
            "{ activeNumbers(first: 8) { nodes { sid } } }", auth=caller.auth
        )
        assert graphql.status_code == 429  # one bucket: 10 requested, 8 left
        clock.advance(timedelta(seconds=15))
        json_of(await rest.get(path, PageSize=20))


async def test_a_page_is_one_statement_after_authentication(gateway: Gateway) -> None:
    """The sign-in costs a statement the first time only (gateway.auth_cache)."""
    rest = Rest(gateway, await new_buyer(gateway.engine))
    for number in us_numbers(30):
        await add_number(gateway.engine, rest.caller.sid, number)
    path = rest.account("/IncomingPhoneNumbers.json")
    with gateway.count_statements() as log:
        page = json_of(await rest.get(path, PageSize=25))
    assert len(page["incoming_phone_numbers"]) == 25
    assert log.count == 2, log.statements  # authentication, the page
    with gateway.count_statements() as log:
        json_of(await rest.get(page["next_page_uri"]))
    assert log.count == 1, log.statements  # the page: the credentials are remembered
