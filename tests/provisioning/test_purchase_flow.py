from __future__ import annotations

from tests.support.client import Gateway, basic_auth
from tests.support.factories import add_account, add_catalog, catalog_row

PURCHASE = """
mutation($input: PurchasePhoneNumberInput!) {
  purchasePhoneNumber(input: $input) {
    activeNumber { sid phoneNumber friendlyName billing { nextBillingDate } }
    charge { sid amount { amount } kind }
    userErrors { field message code twilioCode }
  }
}
"""


async def test_purchase_release_restore(gateway: Gateway) -> None:
    account = await add_account(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row("+14155550100", setup_fee_minor=100)])
    auth = basic_auth(account.sid, account.token)
    data = await gateway.gql(PURCHASE, {"input": {"phoneNumber": "+14155550100"}}, auth=auth)
    print(data)
    payload = data["purchasePhoneNumber"]
    assert payload["userErrors"] == []
    assert payload["charge"]["amount"]["amount"] == "-2.15"
    sid = payload["activeNumber"]["sid"]
    again = await gateway.gql(PURCHASE, {"input": {"phoneNumber": "+14155550100"}}, auth=auth)
    print(again)
    assert again["purchasePhoneNumber"]["userErrors"][0]["code"] == "NUMBER_NOT_AVAILABLE"
    released = await gateway.gql(
        "mutation($sid: String!) { releasePhoneNumber(input: {sid: $sid}) { releasedNumber { sid restorableUntil } refund { amount { amount } } userErrors { code message } } }",
        {"sid": sid},
        auth=auth,
    )
    print(released)
    restored = await gateway.gql(
        "mutation { restorePhoneNumber(input: {phoneNumber: \"+14155550100\"}) { activeNumber { sid status } charge { amount { amount } } userErrors { code message } } }",
        auth=auth,
    )
    print(restored)
    assert restored["restorePhoneNumber"]["activeNumber"]["sid"] == sid
