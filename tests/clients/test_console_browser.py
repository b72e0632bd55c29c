"""The reference console in headless Chromium, offline, on a trusted-documents-only gateway.

One walk through everything the console offers: log in; search by area code, by ``contains``
and near a place; buy; the owned numbers and their next page; change the voice and SMS URLs;
an invalid URL shown at its field; release; restore; events arriving live. After each step the
page is compared with the API's own answer to the same question. Every request the page makes
must stay on loopback (anything else is aborted and fails the test). The screenshot of the end
state is saved under ``$GATEWAY_TEST_ARTIFACTS`` (or the test's tmp folder) and its path
printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator

from tests.clients.browser import OfflinePage, headless_chromium, offline_page
from tests.clients.console_walk import (
    artifacts_folder,
    check,
    console_operation,
    flat_capabilities,
    post,
    trusted_only_gateway,
)
from tests.clients.demo import DemoGateway

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
OWNED_PAGE_SIZE = 10  # console.js
VOICE_URL = "https://voice.example.com/incoming"
SMS_URL = "https://sms.example.com/incoming"
NEAR_PLACE = "40.7128,-74.0060"  # New York City


@pytest.fixture(scope="module")
def console_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoGateway]:
    with trusted_only_gateway(tmp_path_factory.mktemp("console")) as demo:
        yield demo


@pytest.fixture
def console(browser: Browser, console_gateway: DemoGateway) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = offline_page(context)
        page.page.set_default_timeout(TIMEOUT_MS)
        page.page.goto(f"{console_gateway.server.base_url}/console")
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as chromium:
        yield chromium


def log_in(page: OfflinePage, demo: DemoGateway, auth_token: str) -> None:
    page.page.fill("#account-sid", demo.account_sid)
    page.page.fill("#auth-token", auth_token)
    page.page.click("#login-button")


def shown_rows(table: Locator) -> list[str]:
    rows: list[str] = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.phoneNumber)"
    )
    return rows


def shown_capabilities(row: Locator) -> dict[str, Any]:
    pairs: list[list[str]] = row.locator("[data-path]").evaluate_all(
        "cells => cells.map(cell => [cell.dataset.path, cell.dataset.value])"
    )
    return {path: json.loads(value) for path, value in pairs}


def money(value: dict[str, str]) -> str:
    return f"{value['amount']} {value['currency']}"


def test_the_console_walks_the_whole_path_offline_on_trusted_documents_only(
    console: OfflinePage, console_gateway: DemoGateway, tmp_path: Path
) -> None:
    page, demo = console, console_gateway
    refused = post(demo, {"query": "{ viewer { sid } }"})
    assert refused.status_code == 403  # the gateway runs trusted documents only

    log_in(page, demo, "0" * 32)
    page.page.locator("#login-status").filter(has_text="Login failed").wait_for()
    log_in(page, demo, demo.auth_token)
    page.page.locator("#viewer-sid").filter(has_text=demo.account_sid).wait_for()
    page.page.locator("#events-status").filter(has_text="live").wait_for()

    compare_owned_pages(page, demo)
    bought = buy_one(page, demo, search_each_way(page, demo))
    sid = wait_for_event(page, demo, "PURCHASED", bought)
    change_urls(page, demo, bought, sid)
    artifacts = artifacts_folder(tmp_path)
    row = page.page.locator(f'#owned-numbers tr[data-sid="{sid}"]')
    row.screenshot(path=str(artifacts / "console-invalid-url.png"))  # the error at its field
    release_and_restore(page, demo, bought)

    screenshot = artifacts / "console.png"
    page.page.screenshot(path=str(screenshot), full_page=True)
    print(f"console screenshots: {screenshot}, {artifacts / 'console-invalid-url.png'}")
    assert page.blocked == []
    assert any("/console/static/console.js" in url for url in page.requested)
    assert [e for e in page.console_errors if "401" not in e] == []


def compare_owned_pages(page: OfflinePage, demo: DemoGateway) -> None:
    """Page one, then the next page, each row as the API lists it (order, fee, capabilities)."""
    after = None
    for number in (1, 2):
        variables = {"first": OWNED_PAGE_SIZE, "after": after}
        expected = console_operation(demo, "OwnedNumbers", variables)["data"]["activeNumbers"]
        phones = [node["phoneNumber"] for node in expected["nodes"]]
        table = page.page.locator("#owned-numbers")
        page.page.locator("#owned-page").filter(has_text=f"page {number} of").wait_for()
        page.page.wait_for_function(
            "first => document.querySelector('#owned-numbers tbody tr')?.dataset.phoneNumber"
            " === first",
            arg=phones[0],
        )
        assert shown_rows(table) == phones
        assert page.page.text_content("#owned-total") == f"({expected['totalCount']})"
        for node in expected["nodes"]:
            row = table.locator(f'tr[data-phone-number="{node["phoneNumber"]}"]')
            assert shown_capabilities(row) == flat_capabilities(node["capabilities"])
            assert row.locator(".monthly-fee").text_content() == money(
                node["billing"]["monthlyFee"]
            )
        after = expected["pageInfo"]["endCursor"]
        if number == 1:
            page.page.click("#owned-next")
    page.page.click("#owned-previous")
    page.page.locator("#owned-page").filter(has_text="page 1 of").wait_for()


def search(page: OfflinePage, **fields: str) -> None:
    for name in ("area-code", "contains", "near"):
        page.page.fill(f"#search-{name}", fields.get(name.replace("-", "_"), ""))
    page.page.evaluate("document.querySelector('#search-summary').textContent = ''")
    page.page.click("#search-button")


def compare_search(
    page: OfflinePage, demo: DemoGateway, search_input: dict[str, Any]
) -> list[dict[str, Any]]:
    """The rows shown are the API's answer: numbers, prices and regulatory needs."""
    variables = {"search": {"isoCountry": "US", **search_input}, "first": 20}
    nodes = console_operation(demo, "SearchNumbers", variables)["data"]["availableNumbers"]
    nodes = nodes["nodes"]
    assert nodes, search_input
    page.page.locator("#search-summary").filter(has_text=f"{len(nodes)} numbers").wait_for()
    table = page.page.locator("#search-results")
    assert shown_rows(table) == [node["phoneNumber"] for node in nodes]
    for node in nodes:
        row = table.locator(f'tr[data-phone-number="{node["phoneNumber"]}"]')
        assert row.locator(".setup-fee").text_content() == money(node["pricing"]["setupFee"])
        assert row.locator(".monthly-fee").text_content() == money(node["pricing"]["monthlyFee"])
        regulatory = node["regulatory"]
        assert (
            row.locator(".address-requirement").text_content()
            == (regulatory["addressRequirements"])
        )
        identity = "yes" if regulatory["identityRequired"] else "no"
        assert row.locator(".identity-required").text_content() == identity
    result: list[dict[str, Any]] = nodes
    return result


def search_each_way(page: OfflinePage, demo: DemoGateway) -> list[dict[str, Any]]:
    """By area code (and a wrong one: the API's error at that field), by pattern, near a
    number and near a latitude,longitude; the numbers found near the number."""
    search(page, area_code="41")
    wrong = {"search": {"isoCountry": "US", "areaCode": "41"}}
    expected = console_operation(demo, "SearchNumbers", wrong)["errors"][0]
    assert expected["extensions"]["field"] == ["search", "areaCode"]
    field_error = page.page.locator('#search-form [data-error-for="areaCode"]')
    field_error.filter(has_text=expected["message"]).wait_for()
    assert page.page.get_attribute("#search-area-code", "aria-invalid") == "true"

    first = console_operation(demo, "SearchNumbers", {"search": {"isoCountry": "US"}, "first": 1})
    sample = first["data"]["availableNumbers"]["nodes"][0]["phoneNumber"]
    search(page, area_code=sample[2:5])
    compare_search(page, demo, {"areaCode": sample[2:5]})
    assert field_error.text_content() == ""
    search(page, contains=sample[-4:])
    compare_search(page, demo, {"contains": sample[-4:]})
    search(page, near=NEAR_PLACE)
    latitude, longitude = (float(part) for part in NEAR_PLACE.split(","))
    near_place = {"latitude": latitude, "longitude": longitude}
    compare_search(page, demo, {"nearLatLong": near_place, "distanceMiles": 25})
    search(page, near=sample)
    return compare_search(page, demo, {"nearNumber": sample, "distanceMiles": 25})


def buy_one(page: OfflinePage, demo: DemoGateway, found: list[dict[str, Any]]) -> str:
    """Buy the first number found that needs no address: it is owned, and listed first."""
    buyable: str = next(
        node["phoneNumber"]
        for node in found
        if node["regulatory"]["addressRequirements"] == "NONE"
        and not node["regulatory"]["identityRequired"]
    )
    page.page.click(f'#search-results button[data-buy="{buyable}"]')
    page.page.locator(f'#search-results tr.bought[data-phone-number="{buyable}"]').wait_for()
    page.page.wait_for_function(
        "phone => document.querySelector('#owned-numbers tbody tr')?.dataset.phoneNumber === phone",
        arg=buyable,
    )  # newest purchases first
    assert check(demo, "CheckNumber", {"phoneNumber": buyable})["activeNumber"] is not None
    return buyable


def wait_for_event(page: OfflinePage, demo: DemoGateway, kind: str, phone_number: str) -> str:
    """The event arrives in the list over the subscription; it is the one the API recorded.
    Returns the number's sid."""
    number = check(demo, "CheckNumber", {"phoneNumber": phone_number})["activeNumber"]
    item = page.page.locator(f'#event-list li[data-kind="{kind}"][data-node-sid="{number["sid"]}"]')
    item.wait_for()
    recorded = check(demo, "CheckEvents", {"nodeSid": number["sid"], "kind": [kind]})
    assert item.get_attribute("data-event-sid") in {
        event["sid"] for event in recorded["numberEvents"]["nodes"]
    }
    assert phone_number in (item.text_content() or "")
    sid: str = number["sid"]
    return sid


def change_urls(page: OfflinePage, demo: DemoGateway, phone_number: str, sid: str) -> None:
    """Both URLs saved as the API then reads them; an invalid one shows the API's message at
    its own field and changes nothing."""
    form = page.page.locator(f'#owned-numbers form.configure[data-sid="{sid}"]')
    form.locator('[data-field="voice.url"]').fill(VOICE_URL)
    form.locator('[data-field="sms.url"]').fill(SMS_URL)
    form.locator(".save-urls").click()
    form.locator(".saved").filter(has_text="Saved").wait_for()
    configuration = check(demo, "CheckNumber", {"phoneNumber": phone_number})["activeNumber"][
        "configuration"
    ]
    assert configuration == {"voice": {"url": VOICE_URL}, "sms": {"url": SMS_URL}}

    form.locator('[data-field="sms.url"]').fill("ftp://sms.example.com/incoming")
    form.locator(".save-urls").click()
    invalid = {
        "sid": sid,
        "voice": {"url": VOICE_URL},
        "sms": {"url": "ftp://sms.example.com/incoming"},
    }
    answer = console_operation(demo, "ConfigureUrls", {"input": invalid})
    user_error = answer["data"]["configurePhoneNumber"]["userErrors"][0]
    assert user_error["field"] == ["input", "sms", "url"]
    sms_error = form.locator('[data-error-for="sms.url"]')
    sms_error.filter(has_text=user_error["message"]).wait_for()
    assert form.locator('[data-field="sms.url"]').get_attribute("aria-invalid") == "true"
    assert form.locator('[data-error-for="voice.url"]').text_content() == ""
    after = check(demo, "CheckNumber", {"phoneNumber": phone_number})["activeNumber"]
    assert after["configuration"]["sms"]["url"] == SMS_URL


def release_and_restore(page: OfflinePage, demo: DemoGateway, phone_number: str) -> None:
    number = check(demo, "CheckNumber", {"phoneNumber": phone_number})["activeNumber"]
    page.page.click(f'#owned-numbers button[data-release="{number["sid"]}"]')
    released = page.page.locator(f'#released-numbers tr[data-phone-number="{phone_number}"]')
    released.wait_for()
    page.page.locator(f'#owned-numbers tr[data-phone-number="{phone_number}"]').wait_for(
        state="detached"
    )
    assert check(demo, "CheckNumber", {"phoneNumber": phone_number})["activeNumber"] is None
    listed = console_operation(demo, "ReleasedNumbers", {"first": 20})["data"]
    assert phone_number in {node["phoneNumber"] for node in listed["releasedNumbers"]["nodes"]}
    wait_for_released_event(page, number["sid"])

    released.locator("button.restore").click()
    page.page.locator(f'#owned-numbers tr[data-phone-number="{phone_number}"]').wait_for()
    released.wait_for(state="detached")
    wait_for_event(page, demo, "RESTORED", phone_number)


def wait_for_released_event(page: OfflinePage, sid: str) -> None:
    page.page.locator(f'#event-list li[data-kind="RELEASED"][data-node-sid="{sid}"]').wait_for()
