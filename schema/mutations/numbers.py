"""purchasePhoneNumber, releasePhoneNumber, restorePhoneNumber, transferPhoneNumber."""

from __future__ import annotations

import strawberry

from resolvers.provisioning.mutations import (
    PURCHASE_PHONE_NUMBER,
    RELEASE_PHONE_NUMBER,
    RESTORE_PHONE_NUMBER,
    TRANSFER_PHONE_NUMBER,
    PurchasePhoneNumber,
    ReleasePhoneNumber,
    RestorePhoneNumber,
    TransferPhoneNumber,
)
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.numbers import (
    PurchasePhoneNumberInput,
    ReleasePhoneNumberInput,
    RestorePhoneNumberInput,
    TransferPhoneNumberInput,
)
from schema.mutations.runner import error_codes, run_mutation
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError
from schema.types.ledger import Transaction
from schema.types.released import ReleasedNumber


@strawberry.type(description=error_codes(PURCHASE_PHONE_NUMBER))
class PurchasePhoneNumberPayload:
    active_number: ActiveNumber | None
    charge: Transaction | None = strawberry.field(description="Setup fee plus the first month.")
    user_errors: list[UserError]


@strawberry.type(description=error_codes(RELEASE_PHONE_NUMBER))
class ReleasePhoneNumberPayload:
    released_number: ReleasedNumber | None
    refund: Transaction | None = strawberry.field(
        description="Credit for the unused whole days of the cycle; null when none is due."
    )
    user_errors: list[UserError]


@strawberry.type(description=error_codes(RESTORE_PHONE_NUMBER))
class RestorePhoneNumberPayload:
    active_number: ActiveNumber | None
    charge: Transaction | None
    user_errors: list[UserError]


@strawberry.type(description=error_codes(TRANSFER_PHONE_NUMBER))
class TransferPhoneNumberPayload:
    active_number: ActiveNumber | None
    user_errors: list[UserError]


@strawberry.type
class NumberMutations:
    @strawberry.mutation(description="Buy a number by E.164 or by area code; atomic.")
    async def purchase_phone_number(
        self, info: Info, input: PurchasePhoneNumberInput
    ) -> PurchasePhoneNumberPayload:
        request = to_plain(input, PurchasePhoneNumber)
        return await run_mutation(info, PURCHASE_PHONE_NUMBER, request, PurchasePhoneNumberPayload)

    @strawberry.mutation(description="Release a number; unused whole days are refunded.")
    async def release_phone_number(
        self, info: Info, input: ReleasePhoneNumberInput
    ) -> ReleasePhoneNumberPayload:
        request = to_plain(input, ReleasePhoneNumber)
        return await run_mutation(info, RELEASE_PHONE_NUMBER, request, ReleasePhoneNumberPayload)

    @strawberry.mutation(description="Buy back a number you released, within 10 days.")
    async def restore_phone_number(
        self, info: Info, input: RestorePhoneNumberInput
    ) -> RestorePhoneNumberPayload:
        request = to_plain(input, RestorePhoneNumber)
        return await run_mutation(info, RESTORE_PHONE_NUMBER, request, RestorePhoneNumberPayload)

    @strawberry.mutation(description="Move a number between a parent and its subaccounts.")
    async def transfer_phone_number(
        self, info: Info, input: TransferPhoneNumberInput
    ) -> TransferPhoneNumberPayload:
        request = to_plain(input, TransferPhoneNumber)
        return await run_mutation(info, TRANSFER_PHONE_NUMBER, request, TransferPhoneNumberPayload)
