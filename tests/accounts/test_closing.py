"""Closing a subaccount ends its hosted orders, and nothing gives a CLOSED account a number
afterwards: neither hosted completion nor renewals (issue 13, item 6)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from resolvers.core.tables import accounts, authorization_documents, hosted_number_orders
from resolvers.core.tables import owned_numbers as o
from tests.hosted.support import (
    TOLLFREE,
    add_address,
    add_lookup,
    new_document,
    new_order,
    run_timers,
    signed_orders,
    status_events,
    verify,
)
from tests.jobs.support import run_jobs
from tests.support.client import Gateway
from tests.support.mutations import accepted, call
from tests.support.numbers import add_number, new_caller

OPEN = "+14155550101"


async def _orders(gateway: Gateway, account_sid: str) -> dict[str, tuple[str, str | None]]:
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(
                hosted_number_orders.c.sid,
                hosted_number_orders.c.status,
                hosted_number_orders.c.failure_reason,
            ).where(hosted_number_orders.c.account_sid == account_sid)
        )
        return {row.sid: (row.status, row.failure_reason) for row in rows}


async def _in_use(gateway: Gateway, account_sid: str) -> int:
    async with gateway.engine.connect() as conn:
        rows = await conn.execute(
            select(o.c.sid).where(o.c.account_sid == account_sid, o.c.status == "IN_USE")
        )
        return len(rows.all())


async def test_closing_cancels_open_hosted_orders_and_their_letter(gateway: Gateway) -> None:
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    [signed] = await signed_orders(gateway, child, {TOLLFREE: "TOLLFREE"})
    await add_lookup(gateway, OPEN)
    address = await add_address(gateway, child.sid)
    fresh = (await new_order(gateway, child, address, OPEN))["sid"]
    await verify(gateway, child, fresh)
    unsigned = (await new_document(gateway, child, address, [fresh]))["sid"]
    payload = await call(gateway, parent, "updateSubaccount", sid=child.sid, status="CLOSED")
    assert accepted(payload)["account"]["status"] == "CLOSED"
    orders = await _orders(gateway, child.sid)
    assert {sid: status for sid, (status, _) in orders.items()} == {
        signed: "CANCELED",
        fresh: "CANCELED",
    }
    assert all("account was closed" in (reason or "") for _, reason in orders.values())
    assert (await status_events(gateway, fresh))[-1][1] == "CANCELED"
    async with gateway.engine.connect() as conn:
        letter = await conn.scalar(
            select(authorization_documents.c.status).where(
                authorization_documents.c.sid == unsigned
            )
        )
        assert letter == "CANCELED"  # the signed letter of the other order stays SIGNED
    gateway.clock.advance(timedelta(days=5))  # long past the carrier steps
    await run_timers(gateway)
    assert await _in_use(gateway, child.sid) == 0


async def test_completion_never_gives_a_closed_account_a_number(gateway: Gateway) -> None:
    """An order that escaped the cancel (closed under it) fails instead of completing."""
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid)
    [sid] = await signed_orders(gateway, child, {TOLLFREE: "TOLLFREE"})
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update().where(accounts.c.sid == child.sid).values(status="CLOSED")
        )
    gateway.clock.advance(timedelta(days=5))
    await run_timers(gateway)
    assert (await _orders(gateway, child.sid))[sid] == ("FAILED", "the account was closed")
    assert await _in_use(gateway, child.sid) == 0


async def test_renewals_never_revive_a_closed_account(gateway: Gateway) -> None:
    """A subaccount suspended for nonpayment, then closed, stays CLOSED with nothing in use
    however much balance it has when the renewal pass comes."""
    parent = await new_caller(gateway.engine)
    child = await new_caller(gateway.engine, parent_sid=parent.sid, balance_minor=0)
    await add_number(gateway.engine, child.sid, "+14155550102")
    gateway.clock.advance(timedelta(days=30))
    await run_jobs(gateway)
    async with gateway.engine.connect() as conn:
        status = await conn.scalar(select(accounts.c.status).where(accounts.c.sid == child.sid))
    assert status == "SUSPENDED"
    payload = await call(gateway, parent, "updateSubaccount", sid=child.sid, status="CLOSED")
    accepted(payload)
    async with gateway.engine.begin() as conn:
        await conn.execute(
            accounts.update().where(accounts.c.sid == child.sid).values(balance_minor=100_000)
        )
    gateway.clock.advance(timedelta(days=40))
    await run_jobs(gateway)
    async with gateway.engine.connect() as conn:
        status = await conn.scalar(select(accounts.c.status).where(accounts.c.sid == child.sid))
    assert status == "CLOSED"
    assert await _in_use(gateway, child.sid) == 0
