"""purchasePhoneNumber, releasePhoneNumber, restorePhoneNumber, transferPhoneNumber."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any, cast

import strawberry
from graphql import GraphQLResolveInfo
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.idempotency import Outcome, fingerprint, run_idempotent
from resolvers.core.tables import owned_numbers
from resolvers.core.visibility import visible_account_sid, visible_owners
from resolvers.provisioning import release as releasing
from resolvers.provisioning.purchase import PurchaseRequest, purchase
from resolvers.provisioning.released import get_released_number
from resolvers.provisioning.transfer import transfer
from schema.context import Info, RequestContext
from schema.convert import to_plain
from schema.inputs.numbers import (
    PurchasePhoneNumberInput,
    ReleasePhoneNumberInput,
    RestorePhoneNumberInput,
    TransferPhoneNumberInput,
)
from schema.mutations.support import guarded, read_number, read_transaction
from schema.selection import selection_of
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError
from schema.types.ledger import Transaction
from schema.types.released import ReleasedNumber


@strawberry.type
class PurchasePhoneNumberPayload:
    active_number: ActiveNumber | None
    charge: Transaction | None = strawberry.field(description="Setup fee plus the first month.")
    user_errors: list[UserError]


@strawberry.type
class ReleasePhoneNumberPayload:
    released_number: ReleasedNumber | None
    refund: Transaction | None = strawberry.field(
        description="Credit for the unused whole days of the cycle; null when none is due."
    )
    user_errors: list[UserError]


@strawberry.type
class RestorePhoneNumberPayload:
    active_number: ActiveNumber | None
    charge: Transaction | None
    user_errors: list[UserError]


@strawberry.type
class TransferPhoneNumberPayload:
    active_number: ActiveNumber | None
    user_errors: list[UserError]


def _selection(info: Info) -> Any:
    raw: GraphQLResolveInfo[Any] = info._raw_info
    return selection_of(raw)


async def _idempotent_write(
    ctx: RequestContext,
    operation: str,
    key: str | None,
    request: Any,
    work: Any,
) -> Outcome:
    """Run ``work(conn, now)`` once per idempotency key, in one write transaction."""
    now = ctx.clock.now()
    request_hash = fingerprint(operation, request)

    async def transaction(conn: AsyncConnection) -> Outcome:
        async def run() -> Outcome:
            outcome: Outcome = await work(conn, now)
            return outcome

        return await run_idempotent(
            conn,
            account_sid=ctx.viewer.sid,
            key=key,
            operation=operation,
            request_hash=request_hash,
            now=now,
            work=run,
        )

    return await ctx.write(transaction)


async def _number_and_charge(
    ctx: RequestContext, outcome: Outcome, selection: Any
) -> dict[str, Any]:
    """The payload of a purchase or a restore: the number and the charge, as selected."""
    return {
        "active_number": await read_number(ctx, outcome["number"], selection.get("activeNumber")),
        "charge": await read_transaction(ctx, outcome["charge"], selection.get("charge")),
    }


@strawberry.type
class NumberMutations:
    @strawberry.mutation(description="Buy a number by E.164 or by area code; atomic.")
    async def purchase_phone_number(
        self, info: Info, input: PurchasePhoneNumberInput
    ) -> PurchasePhoneNumberPayload:
        ctx, selection = info.context, _selection(info)
        request = to_plain(input, PurchaseRequest)

        async def work(conn: AsyncConnection, now: datetime) -> Outcome:
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            bought = await purchase(conn, owner, request, now)
            return {"number": bought.number_sid, "charge": bought.transaction_sid}

        async def run() -> dict[str, Any]:
            fingerprinted = {"account": input.account_sid, **asdict(request)}
            outcome = await _idempotent_write(
                ctx, "purchasePhoneNumber", input.idempotency_key, fingerprinted, work
            )
            return await _number_and_charge(ctx, outcome, selection)

        payload = await guarded(("active_number", "charge"), run)
        return cast(PurchasePhoneNumberPayload, payload)

    @strawberry.mutation(description="Release a number; unused whole days are refunded.")
    async def release_phone_number(
        self, info: Info, input: ReleasePhoneNumberInput
    ) -> ReleasePhoneNumberPayload:
        ctx, selection = info.context, _selection(info)
        owners = owned_numbers.c.account_sid.in_(visible_owners(ctx.viewer))

        async def work(conn: AsyncConnection, now: datetime) -> Outcome:
            released = await releasing.release(conn, owners, input.sid, now)
            return {"number": released.number_sid, "refund": released.transaction_sid}

        async def run() -> dict[str, Any]:
            outcome = await _idempotent_write(
                ctx, "releasePhoneNumber", input.idempotency_key, {"sid": input.sid}, work
            )
            released = None
            if "releasedNumber" in selection:
                # releasedAt is read too: a replay after a restore finds it null, and the
                # number is then no longer a released number (null, not a non-null violation)
                probe = {**selection["releasedNumber"], "releasedAt": {}}
                async with ctx.read() as conn:
                    released = await get_released_number(conn, outcome["number"], probe)
                if released is not None and released["released_at"] is None:
                    released = None
            refund = await read_transaction(ctx, outcome["refund"], selection.get("refund"))
            return {"released_number": released, "refund": refund}

        payload = await guarded(("released_number", "refund"), run)
        return cast(ReleasePhoneNumberPayload, payload)

    @strawberry.mutation(description="Buy back a number you released, within 10 days.")
    async def restore_phone_number(
        self, info: Info, input: RestorePhoneNumberInput
    ) -> RestorePhoneNumberPayload:
        ctx, selection = info.context, _selection(info)

        async def work(conn: AsyncConnection, now: datetime) -> Outcome:
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            restored = await releasing.restore(conn, owner, input.phone_number, now)
            return {"number": restored.number_sid, "charge": restored.transaction_sid}

        async def run() -> dict[str, Any]:
            request = {"phoneNumber": input.phone_number, "account": input.account_sid}
            outcome = await _idempotent_write(
                ctx, "restorePhoneNumber", input.idempotency_key, request, work
            )
            return await _number_and_charge(ctx, outcome, selection)

        payload = await guarded(("active_number", "charge"), run)
        return cast(RestorePhoneNumberPayload, payload)

    @strawberry.mutation(description="Move a number between a parent and its subaccounts.")
    async def transfer_phone_number(
        self, info: Info, input: TransferPhoneNumberInput
    ) -> TransferPhoneNumberPayload:
        ctx, selection = info.context, _selection(info)

        async def run() -> dict[str, Any]:
            async def work(conn: AsyncConnection) -> str:
                return await transfer(
                    conn, ctx.viewer, input.sid, input.account_sid, ctx.clock.now()
                )

            sid = await ctx.write(work)
            return {"active_number": await read_number(ctx, sid, selection.get("activeNumber"))}

        payload = await guarded(("active_number",), run)
        return cast(TransferPhoneNumberPayload, payload)
