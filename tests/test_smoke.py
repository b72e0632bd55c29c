from __future__ import annotations

from tests.support.client import Gateway, basic_auth
from tests.support.factories import add_account, add_catalog, add_owned, catalog_row


async def test_viewer_and_numbers(gateway: Gateway) -> None:
    account = await add_account(gateway.engine)
    await add_catalog(gateway.engine, [catalog_row("+14155550100")])
    await add_owned(gateway.engine, account.sid, "+14155550100")
    data = await gateway.gql(
        "{ viewer { sid balance { amount currency } } activeNumbers { totalCount nodes { phoneNumber nationalFormat capabilities { voice { e911 codecs } } billing { monthlyFee { amount } purchasedAt } activity { isActive callsLast30Days } } } }",
        auth=basic_auth(account.sid, account.token),
    )
    print(data)
    assert data["viewer"]["sid"] == account.sid
