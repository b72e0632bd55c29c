"""The input of createNumberOrder (a bulk purchase)."""

from __future__ import annotations

import strawberry

from resolvers.orders.mutations import CreateNumberOrder
from schema.enums import NumberType
from schema.inputs.numbers import NumberConfigurationInput
from schema.plain_targets import converts_to


@converts_to(CreateNumberOrder)
@strawberry.input
class CreateNumberOrderInput:
    idempotency_key: str = strawberry.field(
        description="Required: a replay within 24 hours returns the original order."
    )
    phone_numbers: list[str] | None = strawberry.field(
        default=None, description="1 to 100 numbers in E.164; or areaCode with quantity."
    )
    area_code: str | None = strawberry.field(
        default=None, description="US/CA: `quantity` available numbers of the area code."
    )
    quantity: int | None = strawberry.field(default=None, description="1 to 100, with areaCode.")
    iso_country: str = "US"
    type: NumberType = NumberType.LOCAL
    account_sid: str | None = strawberry.field(
        default=None, description="Buy for this subaccount (default: the viewer)."
    )
    configuration: NumberConfigurationInput | None = strawberry.field(
        default=None, description="Applied to every number of the order."
    )
    address_sid: str | None = None
    identity_sid: str | None = None
    allow_partial: bool = strawberry.field(
        default=False,
        description="false: one refused number refuses the order and nothing is charged. "
        "true: every number that can be bought is, and each refused one carries its code.",
    )
