"""Inputs of the account mutations: subaccounts, funds and addresses."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from resolvers.accounts.mutations import CreateAddress, CreateSubaccount
from resolvers.accounts.subaccounts import SubaccountUpdate
from resolvers.billing.mutations import AddFunds
from schema.enums import AccountStatus
from schema.plain_targets import converts_to


@converts_to(CreateSubaccount)
@strawberry.input
class CreateSubaccountInput:
    friendly_name: str | None = strawberry.field(
        default=None, description="1 to 64 characters (default: the creation time)."
    )


@converts_to(SubaccountUpdate)
@strawberry.input
class UpdateSubaccountInput:
    sid: str = strawberry.field(description="One of your subaccounts, or yourself if you are one.")
    friendly_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="1 to 64 characters; left out keeps the name."
    )
    status: AccountStatus | None = strawberry.field(
        default=strawberry.UNSET,
        description="Parents only. CLOSED is final and releases every number in use "
        "(with refunds).",
    )


@converts_to(AddFunds)
@strawberry.input
class AddFundsInput:
    amount: Decimal = strawberry.field(
        description='USD, e.g. "25.00": positive, at most 2 decimal places and 100000.00.'
    )
    account_sid: str | None = strawberry.field(
        default=None, description="Credit this subaccount (default: the viewer)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="A replay within 24 hours returns the original result."
    )


@converts_to(CreateAddress)
@strawberry.input
class CreateAddressInput:
    customer_name: str
    street: str
    city: str
    region: str
    postal_code: str
    iso_country: str = strawberry.field(description="ISO 3166-1 alpha-2, e.g. US.")
    friendly_name: str | None = strawberry.field(
        default=None, description="At most 64 characters (default: street and city)."
    )
    account_sid: str | None = strawberry.field(
        default=None, description="Create it for this subaccount (default: the viewer)."
    )
