"""createSubaccount and updateSubaccount (REFERENCE.md: Accounts, subaccounts, transfer).

Only a parent creates subaccounts: the hierarchy is one level deep. The new auth token is shown
once and only its hash is stored. Statuses move ACTIVE <-> SUSPENDED and either -> CLOSED; CLOSED
is final. Closing releases every number in use in the same transaction, with the usual pro-rata
refunds, and cancels its open hosted number orders (``closing``), so a closed account is never
billed again, never given a number later, and nothing is half closed. A subaccount may rename
itself; its status belongs to its parent, except that a parent cannot lift a suspension the
gateway imposed (issue 13, item 5): one for nonpayment ends when the arrears are paid (the
renewal pass), one for fraud (a flagged account) only when an operator clears the flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.closing import end_what_the_account_holds
from resolvers.core.enums import EventKind
from resolvers.core.errors import GatewayError, InvalidInput, NotFound
from resolvers.core.naming import friendly_name
from resolvers.core.sids import new_auth_token, new_sid
from resolvers.core.sign_in import report_sign_in_change
from resolvers.core.tables import accounts
from resolvers.core.tables import owned_numbers as o
from resolvers.core.tokens import hash_token
from resolvers.core.unchanged import UNCHANGED
from resolvers.core.visibility import CLOSED, Viewer
from resolvers.events.outbox import record_event
from resolvers.provisioning.release import release

SID, NAME, STATUS = ["input", "sid"], ["input", "friendlyName"], ["input", "status"]
# the event a subaccount status change records (the jobs record ACCOUNT_SUSPENDED too)
STATUS_EVENTS = {
    "ACTIVE": "ACCOUNT_REACTIVATED",
    "SUSPENDED": "ACCOUNT_SUSPENDED",
    "CLOSED": "ACCOUNT_CLOSED",
}


@dataclass(frozen=True)
class NewSubaccount:
    sid: str
    auth_token: str  # the only time the token exists in clear


@dataclass(frozen=True)
class SubaccountUpdate:
    sid: str
    friendly_name: Any = UNCHANGED
    status: Any = UNCHANGED


async def create_subaccount(
    conn: AsyncConnection, viewer: Viewer, name: str | None, now: datetime
) -> NewSubaccount:
    if viewer.parent_sid is not None:
        raise InvalidInput(
            "a subaccount cannot create subaccounts; its parent account can create siblings"
        )
    if viewer.status != "ACTIVE":
        raise GatewayError(
            f"your account is {viewer.status}, not ACTIVE", code="ACCOUNT_NOT_ACTIVE"
        )
    if name is None:
        name = f"Subaccount created at {now:%Y-%m-%d %H:%M:%S} UTC"
    sid, token, name = new_sid("AC"), new_auth_token(), friendly_name(name, NAME)
    await conn.execute(
        accounts.insert().values(
            sid=sid,
            parent_sid=viewer.sid,
            friendly_name=name,
            status="ACTIVE",
            type=viewer.type,
            auth_token_hash=hash_token(token),
            balance_minor=0,
            created_at=now,
            updated_at=now,
        )
    )
    await record_event(  # the parent's event: the subaccount has no history of its own yet
        conn,
        account_sid=viewer.sid,
        kind=EventKind.SUBACCOUNT_CREATED,
        node_type="Account",
        node_sid=sid,
        now=now,
        data={"friendlyName": name},
    )
    return NewSubaccount(sid, token)


async def update_subaccount(
    conn: AsyncConnection,
    viewer: Viewer,
    update: SubaccountUpdate,
    now: datetime,
    aging_period: timedelta,
) -> str:
    """Rename and/or change the status; closing releases the numbers (quarantined for
    ``aging_period`` after their restore window) and cancels the open hosted orders."""
    account = await _subaccount_for_update(conn, viewer, update.sid)
    _check_not_closed(account, update)
    values: dict[str, Any] = {}
    if update.friendly_name is not UNCHANGED:
        values["friendly_name"] = friendly_name(update.friendly_name, NAME)
    if update.status is not UNCHANGED:
        values["status"] = _new_status(viewer, account, update.status)
    if not values:
        return str(account.sid)
    if values.get("status") == CLOSED and account.status != CLOSED:
        await _release_all(conn, account.sid, now, aging_period)
        await end_what_the_account_holds(conn, account.sid, now)
    await conn.execute(
        accounts.update().where(accounts.c.sid == account.sid).values(**values, updated_at=now)
    )
    if values.get("status", account.status) != account.status:
        report_sign_in_change(account.sid)
        await record_event(
            conn,
            account_sid=account.sid,
            kind=STATUS_EVENTS[values["status"]],
            node_type="Account",
            node_sid=account.sid,
            now=now,
            data={"from": account.status, "to": values["status"]},
        )
    return str(account.sid)


async def _subaccount_for_update(conn: AsyncConnection, viewer: Viewer, sid: str) -> Row[Any]:
    """A subaccount of the viewer, or the viewer itself when it is a subaccount; locked."""
    mine = or_(
        accounts.c.parent_sid == viewer.sid,
        and_(accounts.c.sid == viewer.sid, accounts.c.parent_sid.is_not(None)),
    )
    row = (
        await conn.execute(select(accounts).where(accounts.c.sid == sid, mine).with_for_update())
    ).first()
    if row is not None:
        return row
    if sid == viewer.sid:
        raise InvalidInput(
            "your account is a parent account, not a subaccount; updateSubaccount changes "
            "subaccounts",
            field=SID,
        )
    raise NotFound(f"no subaccount {sid!r} is visible to you", field=SID)


def _check_not_closed(account: Row[Any], update: SubaccountUpdate) -> None:
    if account.status != CLOSED:
        return
    if update.status is not UNCHANGED and update.status != CLOSED:
        raise InvalidInput("CLOSED is final: a closed account cannot be reopened", field=STATUS)
    if update.friendly_name is not UNCHANGED:
        raise InvalidInput("a closed account cannot be renamed", field=NAME)


def _new_status(viewer: Viewer, account: Row[Any], status: str | None) -> str:
    if account.sid == viewer.sid:
        raise InvalidInput(
            "a subaccount cannot change its own status; its parent account can", field=STATUS
        )
    if status is None:
        raise InvalidInput("must be ACTIVE, SUSPENDED or CLOSED, not null", field=STATUS)
    if status == "ACTIVE" and account.status == "SUSPENDED":
        _refuse_lifting_the_gateways_suspension(account)
    return status


def _refuse_lifting_the_gateways_suspension(account: Row[Any]) -> None:
    if account.billing_suspended_at is not None:
        raise GatewayError(
            "the subaccount is suspended for nonpayment: add funds covering its arrears and "
            "the next renewal pass reactivates it",
            field=STATUS,
            code="SUSPENDED_FOR_NONPAYMENT",
        )
    if account.fraud_flagged_at is not None:
        raise GatewayError(
            "the subaccount is flagged for fraud (release-and-buy churn); only an operator "
            "can lift this suspension",
            field=STATUS,
            code="SUSPENDED_FOR_FRAUD",
        )


async def _release_all(
    conn: AsyncConnection, account_sid: str, now: datetime, aging_period: timedelta
) -> None:
    """Release every number in use, refunds included; refused while any has an ACTIVE
    emergency registration, which must be removed on purpose (as for a single release)."""
    owned = o.c.account_sid == account_sid
    numbers = (
        await conn.execute(
            select(o.c.sid, o.c.phone_number, o.c.emergency_status)
            .where(owned, o.c.status == "IN_USE")
            .order_by(o.c.sid)
            .with_for_update()
        )
    ).all()
    registered = [n.phone_number for n in numbers if n.emergency_status == "ACTIVE"]
    if registered:
        raise GatewayError(
            f"closing releases every number: first remove the emergency registration "
            f"(emergencyStatus INACTIVE) of {', '.join(registered)}",
            field=STATUS,
            code="EMERGENCY_ADDRESS_ACTIVE",
        )
    for number in numbers:
        await release(conn, owned, number.sid, now, aging_period)
