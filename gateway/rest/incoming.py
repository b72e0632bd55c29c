"""``/Accounts/{AccountSid}/IncomingPhoneNumbers``: list, buy, fetch, update, transfer, release.

Every write is the GraphQL mutation's use-case (purchase, configure, transfer, release); every
read is ``activeNumbers``/``activeNumber``'s read. ``Local.json``, ``Mobile.json`` and
``TollFree.json`` list and buy numbers of that type.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.responses import Response

from gateway.responses import OrjsonResponse
from gateway.rest.calls import RestCall
from gateway.rest.configuration import change_fields, purchase_configuration, text
from gateway.rest.errors import bad_parameter, not_found
from gateway.rest.incoming_shape import NUMBER, incoming_phone_number
from gateway.rest.pages import envelope, page_query
from resolvers.active_numbers import query as number_reads
from resolvers.active_numbers.filters import ActiveNumberFilter
from resolvers.core.usecases import Actor, Outcome, UseCase
from resolvers.provisioning.mutations import (
    CONFIGURE_PHONE_NUMBER,
    PURCHASE_PHONE_NUMBER,
    RELEASE_PHONE_NUMBER,
    TRANSFER_PHONE_NUMBER,
    ConfigurePhoneNumber,
    PurchasePhoneNumber,
    ReleasePhoneNumber,
    TransferPhoneNumber,
)
from resolvers.reads.selection import SelectionTree

NUMBER_TYPES = {"Local": "LOCAL", "Mobile": "MOBILE", "TollFree": "TOLLFREE"}
ORIGINS = {"twilio": "PURCHASED", "hosted": "HOSTED", "ported": "PORTED"}
RECORDS = "incoming_phone_numbers"
IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token"
PAGE_INFO: SelectionTree = {
    "hasNextPage": {},
    "hasPreviousPage": {},
    "startCursor": {},
    "endCursor": {},
}


def _number_type(call: RestCall) -> str | None:
    """LOCAL, MOBILE or TOLLFREE on ``IncomingPhoneNumbers/Local.json`` and its siblings."""
    return NUMBER_TYPES.get(call.request.path_params.get("sid", ""))


async def list_numbers(call: RestCall) -> Response:
    params, number_type = call.params, _number_type(call)
    origin = params.choice("Origin", ORIGINS)
    beta = params.boolean("Beta")
    flt = ActiveNumberFilter(
        phone_number=params.text("PhoneNumber"),
        friendly_name=params.text("FriendlyName"),
        origin=None if origin is None else [origin],
        type=None if number_type is None else [number_type],
        beta=None if beta is not False else False,  # Beta=true (the default) includes them
    )
    query = page_query(params)
    async with call.read() as conn:
        page = await number_reads.list_active_numbers(
            conn,
            account_sid=call.account_sid,
            flt=flt,
            order=None,
            page_args=number_reads.PageArgs(query.first, query.after, query.last, query.before),
            selection={"nodes": NUMBER, "pageInfo": PAGE_INFO},
            now=call.clock.now(),
        )
    records = [incoming_phone_number(number) for number in page["nodes"]]
    body = envelope(call.request.url.path, params, RECORDS, records, query, page["page_info"])
    return OrjsonResponse(body)


async def create_number(call: RestCall) -> Response:
    params = call.params
    phone_number, area_code = params.text("PhoneNumber"), params.text("AreaCode")
    if (phone_number is None) == (area_code is None):
        raise bad_parameter("PhoneNumber", "pass exactly one of PhoneNumber and AreaCode")
    request = PurchasePhoneNumber(
        phone_number=phone_number,
        area_code=area_code,
        iso_country=_area_code_country(area_code),
        type=_number_type(call) or "LOCAL",
        friendly_name=params.text("FriendlyName") or None,
        configuration=purchase_configuration(params),
        address_sid=params.text("AddressSid") or None,
        identity_sid=params.text("IdentitySid") or None,
        trunk_sid=params.text("TrunkSid") or None,
        account_sid=call.account_sid,
        idempotency_key=call.request.headers.get(IDEMPOTENCY_HEADER),
    )
    outcome = await call.run(PURCHASE_PHONE_NUMBER, request)
    return await _number_response(call, _sid_of(outcome), status_code=201)


def _area_code_country(area_code: str | None) -> str:
    """Twilio's AreaCode covers the US and Canada: the country the area code belongs to."""
    if area_code is None or not (area_code.isascii() and area_code.isdigit()):
        return "US"
    try:
        sample = phonenumbers.parse(f"+1{area_code}2345678", None)
    except phonenumbers.NumberParseException:
        return "US"
    return "CA" if phonenumbers.region_code_for_number(sample) == "CA" else "US"


async def fetch_number(call: RestCall) -> Response:
    return await _number_response(call, call.path("sid"))


async def update_number(call: RestCall) -> Response:
    sid = call.path("sid")
    await _visible_number(call, sid)
    configure = ConfigurePhoneNumber(
        sid=sid,
        account_sid=call.account_sid,
        address_sid=_text_or_unchanged(call, "AddressSid"),
        identity_sid=_text_or_unchanged(call, "IdentitySid"),
        **change_fields(call.params, with_trunk=True),
    )
    target = call.params.text("AccountSid")
    if target is None or target == call.account_sid:
        await call.run(CONFIGURE_PHONE_NUMBER, configure)
        return await _number_response(call, sid)
    await call.run(UPDATE_AND_TRANSFER, (configure, TransferPhoneNumber(sid, target)))
    return await _number_response(call, sid, account_sid=target)


async def delete_number(call: RestCall) -> Response:
    sid = call.path("sid")
    await _visible_number(call, sid)
    key = call.request.headers.get(IDEMPOTENCY_HEADER)
    await call.run(RELEASE_PHONE_NUMBER, ReleasePhoneNumber(sid, key))
    return Response(status_code=204)


def _text_or_unchanged(call: RestCall, name: str) -> Any:
    return text(call.params, name)


async def _configure_then_transfer(
    actor: Actor,
    conn: AsyncConnection,
    request: tuple[ConfigurePhoneNumber, TransferPhoneNumber],
) -> Outcome:
    """An update naming another AccountSid: its configuration and the transfer, at once."""
    configure, transfer = request
    await CONFIGURE_PHONE_NUMBER.run(actor, conn, configure)
    return await TRANSFER_PHONE_NUMBER.run(actor, conn, transfer)


UPDATE_AND_TRANSFER: UseCase[tuple[ConfigurePhoneNumber, TransferPhoneNumber]] = UseCase(
    "configurePhoneNumber+transferPhoneNumber",
    _configure_then_transfer,
    tuple(sorted({*CONFIGURE_PHONE_NUMBER.codes, *TRANSFER_PHONE_NUMBER.codes})),
)


def _sid_of(outcome: Outcome) -> str:
    ref = outcome.nodes["activeNumber"]
    assert ref is not None  # a purchase always names its number
    return ref.sid


async def _read_number(call: RestCall, sid: str, account_sid: str) -> dict[str, Any] | None:
    async with call.read() as conn:
        return await number_reads.get_active_number(
            conn,
            owners=number_reads.in_use_by(account_sid),
            sid=sid,
            phone_number=None,
            selection=NUMBER,
            now=call.clock.now(),
        )


async def _visible_number(call: RestCall, sid: str) -> dict[str, Any]:
    """The path account's number in use, or 404 20404 (never another account's)."""
    number = await _read_number(call, sid, call.account_sid)
    if number is None:
        raise not_found(f"The requested resource {call.request.url.path} was not found")
    return number


async def _number_response(
    call: RestCall, sid: str, *, account_sid: str | None = None, status_code: int = 200
) -> Response:
    number = await _read_number(call, sid, account_sid or call.account_sid)
    if number is None:
        raise not_found(f"The requested resource {call.request.url.path} was not found")
    return OrjsonResponse(incoming_phone_number(number), status_code=status_code)
