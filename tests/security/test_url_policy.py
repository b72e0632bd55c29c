"""Callback URLs may not point at loopback, private, link-local, multicast or reserved hosts
unless the operator allows it (resolvers/core/url_policy.py)."""

from __future__ import annotations

import pytest

from resolvers.core.url_policy import UrlPolicy
from tests.protection.support import gateway_with
from tests.support.client import Gateway
from tests.support.numbers import add_number, sign_in

CONFIGURE = """
mutation ($input: ConfigurePhoneNumberInput!) {
  configurePhoneNumber(input: $input) {
    activeNumber { configuration { statusCallback voice { url } sms { url } mms { fallbackUrl } } }
    userErrors { field message code twilioCode }
  }
}
"""


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://127.0.0.1/hook", "a loopback address (127.0.0.1)"),
        ("http://2130706433/hook", "a loopback address (127.0.0.1)"),
        ("http://0x7f.0.0.1/hook", "a loopback address (127.0.0.1)"),
        ("http://[::1]:8080/hook", "a loopback address (::1)"),
        ("http://[::ffff:10.0.0.1]/hook", "a private address (10.0.0.1)"),
        ("https://10.1.2.3/hook", "a private address (10.1.2.3)"),
        ("https://192.168.0.10/hook", "a private address (192.168.0.10)"),
        ("https://172.16.5.4/hook", "a private address (172.16.5.4)"),
        ("http://169.254.169.254/latest/meta-data", "a link-local address (169.254.169.254)"),
        ("http://[fe80::1]/hook", "a link-local address (fe80::1)"),
        ("http://224.0.0.1/hook", "a multicast address (224.0.0.1)"),
        ("http://240.0.0.1/hook", "a reserved address (240.0.0.1)"),
        ("http://0.0.0.0/hook", "an unspecified address (0.0.0.0)"),
        ("http://100.64.0.1/hook", "a non-public address (100.64.0.1)"),
        ("http://localhost:8000/hook", "an internal host name (localhost)"),
        ("http://LOCALHOST./hook", "an internal host name (localhost)"),
        ("http://api.localhost/hook", "an internal host name (api.localhost)"),
        ("http://printer.local/hook", "an internal host name (printer.local)"),
        ("http://metadata.google.internal/", "an internal host name (metadata.google.internal)"),
        ("http://intranet/hook", "a single-label host name (intranet)"),
    ],
)
def test_non_public_targets_are_refused(url: str, rule: str) -> None:
    assert UrlPolicy().refusal(url) == rule
    assert UrlPolicy(allow_private=True).refusal(url) is None


@pytest.mark.parametrize(
    "url", ["https://example.com/hook", "http://8.8.8.8/x", "https://[2606:4700::1111]/x"]
)
def test_public_targets_are_accepted(url: str) -> None:
    assert UrlPolicy().refusal(url) is None


def test_an_allow_list_admits_hosts_and_networks() -> None:
    policy = UrlPolicy.from_settings(False, ["hooks.internal", "10.0.0.0/8", "::1"])
    assert policy.refusal("http://hooks.internal/x") is None
    assert policy.refusal("http://10.9.8.7/x") is None
    assert policy.refusal("http://[::1]/x") is None
    assert policy.refusal("http://192.168.1.1/x") == "a private address (192.168.1.1)"


def test_delivery_checks_resolved_addresses() -> None:
    policy = UrlPolicy()
    assert policy.delivery_refusal("hooks.example.com", ["93.184.216.34"]) is None
    assert (
        policy.delivery_refusal("rebind.example.com", ["93.184.216.34", "127.0.0.1"])
        == "rebind.example.com resolves to a loopback address (127.0.0.1)"
    )


async def test_configure_refuses_private_callback_urls(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    for path, change in (
        (["statusCallback"], {"statusCallback": "http://127.0.0.1/status"}),
        (["voice", "url"], {"voice": {"url": "http://10.0.0.5/voice"}}),
        (["sms", "url"], {"sms": {"url": "http://localhost/sms"}}),
        (
            ["mms", "fallbackUrl"],
            {"mms": {"url": "https://example.com/m", "fallbackUrl": "http://169.254.169.254/"}},
        ),
    ):
        data = await gateway.gql(CONFIGURE, {"input": {"sid": sid, **change}})
        payload = data["configurePhoneNumber"]
        assert payload["activeNumber"] is None
        [error] = payload["userErrors"]
        assert error["field"] == ["input", *path]
        assert error["code"] == "INVALID_URL"
        assert error["twilioCode"] == 21402
        assert "points to a" in error["message"]
        assert "GATEWAY_ALLOW_PRIVATE_WEBHOOKS" in error["message"]


async def test_configuration_can_allow_private_callbacks(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    sid = await add_number(gateway.engine, caller.sid, "+14155550100")
    url = gateway.engine.url.render_as_string(hide_password=False)
    change = {
        "sid": sid,
        "statusCallback": "http://10.0.0.5/status",
        "voice": {"url": "http://localhost:9000/v"},
    }
    async with gateway_with(url, allow_private_webhooks=True) as open_gateway:
        open_gateway.auth = gateway.auth
        payload = (await open_gateway.gql(CONFIGURE, {"input": change}))["configurePhoneNumber"]
        assert payload["userErrors"] == []
        assert (
            payload["activeNumber"]["configuration"]["statusCallback"] == "http://10.0.0.5/status"
        )
    async with gateway_with(url, webhook_allowed_hosts="localhost, 10.0.0.0/8") as listed:
        listed.auth = gateway.auth
        payload = (await listed.gql(CONFIGURE, {"input": change}))["configurePhoneNumber"]
        assert payload["userErrors"] == []
