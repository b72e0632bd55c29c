"""``/Accounts.json``, ``/Accounts/{Sid}.json`` and ``…/Balance.json``.

Creating and updating run ``createSubaccount``/``updateSubaccount``'s use-cases; reading is the
``account`` read (the caller and its subaccounts, nothing else). The auth token of a new
subaccount is in the create response only: the gateway keeps its hash, never the token.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from gateway.responses import OrjsonResponse
from gateway.rest.calls import RestCall
from gateway.rest.errors import not_found
from gateway.rest.pages import envelope, page_query
from gateway.rest.render import account_uri, rfc2822
from resolvers.accounts import reads as account_reads
from resolvers.accounts.mutations import CREATE_SUBACCOUNT, UPDATE_SUBACCOUNT, CreateSubaccount
from resolvers.accounts.subaccounts import SubaccountUpdate
from resolvers.core.unchanged import UNCHANGED
from resolvers.reads.selection import SelectionTree

STATUSES = {"active": "ACTIVE", "suspended": "SUSPENDED", "closed": "CLOSED"}
TYPES = {"TRIAL": "Trial", "FULL": "Full"}
ACCOUNT: SelectionTree = {
    name: {}
    for name in ("sid", "friendlyName", "status", "type", "isSubaccount", "createdAt", "updatedAt")
}
RECORDS = "accounts"


async def list_accounts(call: RestCall) -> Response:
    """The caller and its subaccounts, by sid (``FriendlyName`` and ``Status`` filter them)."""
    params, query = call.params, page_query(call.params)
    status = params.choice("Status", STATUSES)
    name = params.text("FriendlyName")
    found = await _account(call, call.viewer.sid, {**ACCOUNT, "subaccounts": ACCOUNT})
    assert found is not None  # the caller itself
    family = sorted([found, *found.pop("subaccounts")], key=lambda account: account["sid"])
    kept = [
        account
        for account in family
        if (status is None or account["status"] == status)
        and (name is None or account["friendly_name"] == name)
        and (query.after is None or account["sid"] > query.after)
    ]
    page = kept[: query.size]
    page_info = {
        "has_next_page": len(kept) > query.size,
        "has_previous_page": False,
        "start_cursor": page[0]["sid"] if page else None,
        "end_cursor": page[-1]["sid"] if page else None,
    }
    if query.before is not None:
        page_info["has_next_page"] = False  # accounts page forwards only
    records = [_account_resource(call, account) for account in page]
    return OrjsonResponse(
        envelope(call.request.url.path, params, RECORDS, records, query, page_info)
    )


async def create_account(call: RestCall) -> Response:
    request = CreateSubaccount(friendly_name=call.params.text("FriendlyName"))
    outcome = await call.run(CREATE_SUBACCOUNT, request)
    ref = outcome.nodes["account"]
    assert ref is not None  # a created subaccount
    body = await _fetched(call, ref.sid)
    return OrjsonResponse({**body, "auth_token": outcome.values["authToken"]}, status_code=201)


async def fetch_account(call: RestCall) -> Response:
    return OrjsonResponse(await _fetched(call, call.account_sid))


async def update_account(call: RestCall) -> Response:
    status = call.params.choice("Status", STATUSES)
    name = call.params.text("FriendlyName")
    update = SubaccountUpdate(
        sid=call.account_sid,
        friendly_name=UNCHANGED if name is None else name,
        status=UNCHANGED if status is None else status,
    )
    await call.run(UPDATE_SUBACCOUNT, update)
    return OrjsonResponse(await _fetched(call, call.account_sid))


async def fetch_balance(call: RestCall) -> Response:
    found = await _account(call, call.account_sid, {"balance": {}})
    if found is None:
        raise not_found(f"The requested resource {call.request.url.path} was not found")
    balance = found["balance"]
    return OrjsonResponse(
        {
            "account_sid": call.account_sid,
            "balance": str(balance["amount"]),
            "currency": balance["currency"],
        }
    )


async def _account(call: RestCall, sid: str, selection: SelectionTree) -> dict[str, Any] | None:
    async with call.read() as conn:
        return await account_reads.get_account(conn, call.viewer, sid, selection)


async def _fetched(call: RestCall, sid: str) -> dict[str, Any]:
    found = await _account(call, sid, ACCOUNT)
    if found is None:
        raise not_found(f"The requested resource {call.request.url.path} was not found")
    return _account_resource(call, found)


def _account_resource(call: RestCall, account: dict[str, Any]) -> dict[str, Any]:
    sid = account["sid"]
    return {
        "sid": sid,
        "friendly_name": account["friendly_name"],
        "status": str(account["status"]).lower(),
        "type": TYPES.get(account["type"], account["type"]),
        "owner_account_sid": _owner(call, sid, account["is_subaccount"]),
        "auth_token": None,
        "date_created": rfc2822(account["created_at"]),
        "date_updated": rfc2822(account["updated_at"]),
        "uri": account_uri(sid, ".json"),
        "subresource_uris": {
            "incoming_phone_numbers": account_uri(sid, "/IncomingPhoneNumbers.json"),
            "available_phone_numbers": account_uri(sid, "/AvailablePhoneNumbers.json"),
            "balance": account_uri(sid, "/Balance.json"),
        },
    }


def _owner(call: RestCall, sid: str, is_subaccount: bool) -> str:
    """Who owns an account the caller sees: the caller owns its subaccounts; the caller
    itself is owned by its parent, or by itself when it has none."""
    if sid == call.viewer.sid:
        return call.viewer.parent_sid or sid
    return call.viewer.sid if is_subaccount else sid
