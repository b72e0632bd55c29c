"""transferPhoneNumber: between a parent and its subaccounts, or between siblings.

Only the parent may call it [21474]. The target must exist [21471], be related [21473] and be
ACTIVE [21472], and own a qualifying address when the number needs one [21613]. Billing goes on
unchanged for the new owner. Bindings that belong to the old owner (applications, trunk,
messaging service, emergency address) cannot follow the number, so they are cleared.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError
from resolvers.core.sids import is_sid
from resolvers.core.tables import accounts
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.core.visibility import Viewer, visible_rows
from resolvers.events.outbox import record_event
from resolvers.provisioning.regulatory import required_address
from resolvers.provisioning.release import owned_in_use

TARGET = ["input", "accountSid"]


async def transfer(
    conn: AsyncConnection, viewer: Viewer, sid: str, target_sid: str, now: datetime
) -> str:
    if viewer.parent_sid is not None:
        raise GatewayError(
            "only the parent account may transfer numbers", code="TRANSFER_NOT_PARENT"
        )
    number = await owned_in_use(conn, visible_rows(viewer, o), sid, ["input", "sid"])
    await _check_target(conn, viewer, target_sid)
    catalog = (await conn.execute(select(c).where(c.c.phone_number == number.phone_number))).one()
    address_sid = await required_address(
        conn,
        target_sid,
        catalog.address_requirements,
        catalog.iso_country,
        None,
        TARGET,
        code="TRANSFER_ADDRESS_REQUIRED",
    )
    await conn.execute(
        o.update()
        .where(o.c.sid == sid)
        .values(
            account_sid=target_sid,
            address_sid=address_sid,
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
    await record_event(  # the new owner's event: the number is now in its list
        conn,
        account_sid=target_sid,
        kind="TRANSFERRED",
        node_type="ActiveNumber",
        node_sid=sid,
        now=now,
        data={
            "phoneNumber": number.phone_number,
            "fromAccountSid": number.account_sid,
            "toAccountSid": target_sid,
        },
    )
    return sid


async def _check_target(conn: AsyncConnection, viewer: Viewer, target_sid: str) -> None:
    if not is_sid(target_sid, "AC"):
        raise GatewayError(
            f"{target_sid!r} is not an account sid", field=TARGET, code="TRANSFER_TARGET_INVALID"
        )
    target = (
        await conn.execute(
            select(accounts.c.parent_sid, accounts.c.status)
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
