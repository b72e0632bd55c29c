"""GraphiQL in headless Chromium, offline: log in, run a full-tree query, read the result.

Every request the page makes must go to the gateway on loopback: anything else is aborted and
fails the test, so a page that still needed a CDN could not pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.clients.browser import OfflinePage, headless_chromium, offline_page
from tests.clients.demo import DemoGateway
from tests.support.client import basic_auth
from tests.support.queries import FULL_TREE_FRAGMENT

pytestmark = pytest.mark.browser

FULL_TREE_QUERY = (
    "query FullTreePage { activeNumbers(first: 25) { totalCount nodes { ...FullTree } } }"
    + FULL_TREE_FRAGMENT
)
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
RESPONSE_EDITOR = ".graphiql-response .CodeMirror"
TIMEOUT_MS = 30_000
EVENT_WAIT_MS = 5_000
SUBSCRIPTION = (
    "subscription { numberEvents { kind nodeSid node { ... on ActiveNumber { phoneNumber } } } }"
)
BUYABLE = """
{ availableNumbers(search: { isoCountry: "US", excludeAllAddressRequired: true,
                             excludeLocalAddressRequired: true }, first: 5) {
    nodes { phoneNumber } } }
"""
PURCHASE = """
mutation Buy($number: String!) {
  purchasePhoneNumber(input: { phoneNumber: $number }) { userErrors { message } }
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture
def graphiql(browser: Browser, demo_gateway: DemoGateway) -> Iterator[OfflinePage]:
    """A fresh browser context (own sessionStorage) on the GraphiQL page."""
    context = browser.new_context()
    try:
        page = offline_page(context)
        page.page.set_default_timeout(TIMEOUT_MS)
        page.page.goto(demo_gateway.graphql_url)
        yield page
    finally:
        context.close()


def set_query(page: OfflinePage, query: str) -> None:
    """Replace the editor's text (typing would fight CodeMirror's bracket auto-closing).

    GraphiQL may still be restoring its tab state right after it appears and put its default
    query back, so the text is set again until it has stayed put for half a second.
    """
    editor = page.page.locator(QUERY_EDITOR).first
    steady = 0
    for _ in range(TIMEOUT_MS // 100):
        if editor.evaluate("el => el.CodeMirror.getValue()") == query:
            steady += 1
            if steady >= 5:
                return
        else:
            steady = 0
            editor.evaluate("(el, q) => el.CodeMirror.setValue(q)", query)
        page.page.wait_for_timeout(100)
    raise AssertionError("the query editor did not keep the query")


def response_text(page: OfflinePage) -> str:
    text: str = page.page.locator(RESPONSE_EDITOR).first.evaluate("el => el.CodeMirror.getValue()")
    return text


def wait_until(page: OfflinePage, condition: Callable[[], bool]) -> None:
    """Let the page's events arrive (they are delivered while Playwright waits)."""
    for _ in range(TIMEOUT_MS // 100):
        if condition():
            return
        page.page.wait_for_timeout(100)
    raise AssertionError("the page did not get there in time")


def log_in(page: OfflinePage, account_sid: str, auth_token: str) -> None:
    page.page.fill("#account-sid", account_sid)
    page.page.fill("#auth-token", auth_token)
    page.page.click("#login-button")


def over_http(
    demo: DemoGateway, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = httpx.post(
        demo.graphql_url,
        json={"query": query, "variables": variables or {}},
        auth=(demo.account_sid, demo.auth_token),
        timeout=30.0,
    )
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    return body


def test_graphiql_logs_in_and_runs_a_full_tree_query_offline(
    graphiql: OfflinePage, demo_gateway: DemoGateway
) -> None:
    page = graphiql
    log_in(page, demo_gateway.account_sid, "0" * 32)
    status = page.page.locator("#login-status")
    status.filter(has_text="Login failed").wait_for()
    assert status.text_content() == "Login failed: this AccountSid and AuthToken were not accepted"
    assert page.page.is_visible("#login-form")

    log_in(page, demo_gateway.account_sid, demo_gateway.auth_token)
    page.page.wait_for_selector(QUERY_EDITOR)
    assert page.page.text_content("#viewer-sid") == demo_gateway.account_sid

    set_query(page, FULL_TREE_QUERY)
    page.page.click(".graphiql-execute-button")
    page.page.wait_for_function(
        "sel => { const el = document.querySelector(sel);"
        " return !!el && el.CodeMirror.getValue().includes('\"data\"'); }",
        arg=RESPONSE_EDITOR,
    )
    shown = json.loads(response_text(page))

    expected = over_http(demo_gateway, FULL_TREE_QUERY)
    nodes = shown["data"]["activeNumbers"]["nodes"]
    assert "errors" not in shown
    assert shown["data"] == expected["data"]
    assert len(nodes) == 25
    assert all(node["phoneNumber"].startswith("+") for node in nodes)
    assert all(node["capabilities"] and node["billing"]["monthlyFee"] for node in nodes)
    assert page.blocked == []
    assert any("/graphiql/static/graphiql.min.js" in url for url in page.requested)
    assert [e for e in page.console_errors if "401" not in e] == []


def test_graphiql_keeps_the_login_for_the_tab_until_logging_out(
    graphiql: OfflinePage, demo_gateway: DemoGateway
) -> None:
    page = graphiql
    log_in(page, demo_gateway.account_sid, demo_gateway.auth_token)
    page.page.wait_for_selector(QUERY_EDITOR)

    page.page.reload()
    page.page.wait_for_selector(QUERY_EDITOR)
    assert page.page.text_content("#viewer-name") == "Demo Account"

    page.page.click("#logout-button")
    page.page.wait_for_selector("#login-form", state="visible")
    assert page.page.locator(QUERY_EDITOR).count() == 0
    page.page.reload()
    page.page.wait_for_selector("#login-form", state="visible")
    assert page.blocked == []


def test_graphiql_receives_a_subscription_event_over_its_websocket(
    graphiql: OfflinePage, demo_gateway: DemoGateway
) -> None:
    """The page's fetcher authenticates the graphql-transport-ws socket (connection_init)."""
    page = graphiql
    sent: list[dict[str, Any]] = []
    page.page.on(
        "websocket",
        lambda socket: socket.on("framesent", lambda frame: sent.append(json.loads(frame))),
    )
    log_in(page, demo_gateway.account_sid, demo_gateway.auth_token)
    page.page.wait_for_selector(QUERY_EDITOR)
    set_query(page, SUBSCRIPTION)
    page.page.click(".graphiql-execute-button")
    wait_until(page, lambda: any(frame["type"] == "subscribe" for frame in sent))
    init = next(frame for frame in sent if frame["type"] == "connection_init")
    assert init["payload"]["Authorization"] == basic_auth(
        demo_gateway.account_sid, demo_gateway.auth_token
    )

    candidates = over_http(demo_gateway, BUYABLE)["data"]["availableNumbers"]["nodes"]
    bought = []
    for candidate in candidates:  # buy again if a purchase raced the socket's start
        number = candidate["phoneNumber"]
        data = over_http(demo_gateway, PURCHASE, {"number": number})["data"]
        assert data["purchasePhoneNumber"]["userErrors"] == []
        bought.append(number)
        try:
            page.page.wait_for_function(
                "sel => { const el = document.querySelector(sel);"
                " return !!el && el.CodeMirror.getValue().includes('PURCHASED'); }",
                arg=RESPONSE_EDITOR,
                timeout=EVENT_WAIT_MS,
            )
        except PlaywrightTimeout:
            continue
        break
    shown = json.loads(response_text(page))
    assert shown["data"]["numberEvents"]["kind"] == "PURCHASED"
    assert shown["data"]["numberEvents"]["node"]["phoneNumber"] in bought
    assert page.blocked == []
    assert [e for e in page.console_errors if "401" not in e] == []
