"""transferPhoneNumber: between a parent and its subaccounts, or between siblings.

Only the parent may call it [21474]. The target must exist [21471], be related [21473] and be
ACTIVE [21472]; a TRIAL target still holds at most one number [21404]; a hosted number moves
only while IN_USE [22121] (a released one, still restorable, stays with its owner). Billing goes
on unchanged for the new owner.

Regulatory bindings are the new owner's, never the old owner's (issue 13, item 4). As Twilio
does (its transfer notes: create a compliant address in the new account first; Trust Hub
bundles must be submitted again by the new owner), the target must already own what the number
requires: a qualifying address [21613] and, for a number that requires one, a VERIFIED
identity document [21650]. The target's oldest qualifying address and oldest verified document
are bound; with no requirement, the old ones are simply dropped. Other bindings that belong to
the old owner (applications, trunk, messaging service, emergency address) cannot follow the
number either, so they are cleared; leaving its sender pool, the number also drops the pool's
sticky recipients, as a removal or a release does (a recipient's number is the pool's to pick
again, not brought back if the number ever returns).

The event reaches both accounts: TRANSFERRED for the new owner, TRANSFERRED_AWAY for the old
one (whose ``numberEvents`` no longer resolves the node).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, NotFound
from resolvers.core.sids import is_sid
from resolvers.core.tables import accounts, identity_documents, sticky_senders
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.core.visibility import Viewer, visible_rows
from resolvers.events.outbox import record_event
from resolvers.provisioning.purchase import check_trial_limit
from resolvers.provisioning.regulatory import required_address

TARGET = ["input", "accountSid"]


async def transfer(
    conn: AsyncConnection, viewer: Viewer, sid: str, target_sid: str, now: datetime
) -> str:
    if viewer.parent_sid is not None:
        raise GatewayError(
            "only the parent account may transfer numbers", code="TRANSFER_NOT_PARENT"
        )
    number = await _number_to_move(conn, viewer, sid)
    target = await _check_target(conn, viewer, target_sid)
    if target_sid != number.account_sid:
        await check_trial_limit(conn, target, field=TARGET)
    bindings = await _new_owner_bindings(conn, target_sid, number.phone_number)
    await conn.execute(
        o.update()
        .where(o.c.sid == sid)
        .values(
            **bindings,
            account_sid=target_sid,
            voice_application_sid=None,
            sms_application_sid=None,
            mms_application_sid=None,
            trunk_sid=None,
            messaging_service_sid=None,
            emergency_address_sid=None,
            emergency_status="INACTIVE",
            updated_at=now,
        )
    )
    if number.messaging_service_sid is not None:  # only a pool member has sticky recipients
        await conn.execute(sticky_senders.delete().where(sticky_senders.c.number_sid == sid))
    data = {
        "phoneNumber": number.phone_number,
        "fromAccountSid": number.account_sid,
        "toAccountSid": target_sid,
    }
    # the new owner's event (the number is now in its list), then the old owner's
    kinds = {target_sid: "TRANSFERRED", number.account_sid: "TRANSFERRED_AWAY"}
    for account_sid, kind in kinds.items() if target_sid != number.account_sid else ():
        await record_event(
            conn,
            account_sid=account_sid,
            kind=kind,
            node_type="ActiveNumber",
            node_sid=sid,
            now=now,
            data=data,
        )
    return sid


async def _number_to_move(conn: AsyncConnection, viewer: Viewer, sid: str) -> Row[Any]:
    """The visible number ``sid``, locked, if IN_USE. Otherwise NOT_FOUND, except a visible
    hosted number (released, still restorable): 22121, as Twilio says of hosted numbers."""
    field = ["input", "sid"]
    statement = select(o).where(o.c.sid == sid, visible_rows(viewer, o)).with_for_update()
    number = (await conn.execute(statement)).first()
    if number is not None and number.status != "IN_USE" and number.origin == "HOSTED":
        raise GatewayError(
            f"hosted number {sid} is {number.status}: a hosted number moves only while IN_USE",
            field=field,
            code="HOSTED_NUMBER_NOT_IN_USE",
        )
    if number is None or number.status != "IN_USE":
        raise NotFound(f"no number {sid!r} in use is visible to you", field=field)
    return number


async def _new_owner_bindings(
    conn: AsyncConnection, target_sid: str, phone_number: str
) -> dict[str, Any]:
    """The target's own address and identity document for what the number requires."""
    catalog = (await conn.execute(select(c).where(c.c.phone_number == phone_number))).one()
    address_sid = await required_address(
        conn,
        target_sid,
        catalog.address_requirements,
        catalog.iso_country,
        None,
        TARGET,
        code="TRANSFER_ADDRESS_REQUIRED",
    )
    identity_sid = None
    if catalog.identity_required:
        identity_sid = await conn.scalar(
            select(identity_documents.c.sid)
            .where(
                identity_documents.c.account_sid == target_sid,
                identity_documents.c.status == "VERIFIED",
            )
            .order_by(identity_documents.c.created_at, identity_documents.c.sid)
            .limit(1)
        )
        if identity_sid is None:
            raise GatewayError(
                "this number requires a verified identity document of its owner: the target "
                "account has none (the old owner's cannot follow the number)",
                field=TARGET,
                code="IDENTITY_DOCUMENT_REQUIRED",
            )
    return {"address_sid": address_sid, "identity_sid": identity_sid}


async def _check_target(conn: AsyncConnection, viewer: Viewer, target_sid: str) -> Row[Any]:
    if not is_sid(target_sid, "AC"):
        raise GatewayError(
            f"{target_sid!r} is not an account sid", field=TARGET, code="TRANSFER_TARGET_INVALID"
        )
    target = (
        await conn.execute(
            select(accounts)
            .where(accounts.c.sid == target_sid)
            .with_for_update()  # a concurrent close must not slip in before the move
        )
    ).first()
    if target is None:
        raise GatewayError(f"no account {target_sid}", field=TARGET, code="TRANSFER_TARGET_INVALID")
    if target_sid != viewer.sid and target.parent_sid != viewer.sid:
        raise GatewayError(
            "the target is neither you nor one of your subaccounts",
            field=TARGET,
            code="TRANSFER_NOT_RELATED",
        )
    if target.status != "ACTIVE":
        raise GatewayError(
            f"the target account is {target.status}", field=TARGET, code="TRANSFER_TARGET_INACTIVE"
        )
    return target
