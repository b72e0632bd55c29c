"""A bulk order: each number bought through ``resolvers.provisioning.purchase`` (its rules, its
ledger entry, its event), in the caller's one transaction.

All or nothing (the default): the first refused number refuses the whole order, the transaction
rolls back and nothing is charged. Partial: each number runs in its own SAVEPOINT, so a refused
number undoes only itself and is reported with its code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, InvalidInput
from resolvers.core.request_rules import DEFAULT_CHURN, ChurnPolicy
from resolvers.core.url_policy import UrlPolicy
from resolvers.orders.statuses import NumberOrderLineStatus
from resolvers.provisioning.configuration import ConfigurationChange
from resolvers.provisioning.purchase import PurchaseRequest, purchase

MAX_NUMBERS = 100
INPUT = ["input"]


@dataclass(frozen=True)
class OrderRequest:
    phone_numbers: list[str] | None = None
    area_code: str | None = None
    quantity: int | None = None
    iso_country: str = "US"
    type: str = "LOCAL"
    configuration: ConfigurationChange | None = None
    address_sid: str | None = None
    identity_sid: str | None = None
    allow_partial: bool = False


@dataclass(frozen=True)
class OrderLine:
    """One number of an order: bought (with its sid and charge) or refused (with its code)."""

    position: int
    requested: str
    status: NumberOrderLineStatus
    phone_number: str | None = None
    number_sid: str | None = None
    transaction_sid: str | None = None
    code: str | None = None
    message: str | None = None
    setup_fee_minor: int = 0  # what buying it charged (not in the payload's stored values)
    monthly_fee_minor: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "requested": self.requested,
            "status": self.status.value,
            "phone_number": self.phone_number,
            "active_number_sid": self.number_sid,
            "transaction_sid": self.transaction_sid,
            "code": self.code,
            "message": self.message,
        }


def order_lines(request: OrderRequest) -> list[tuple[str, PurchaseRequest, list[str]]]:
    """What to buy, one purchase request per number, with the input path it answers to."""
    by_number = request.phone_numbers is not None
    if by_number == (request.area_code is not None or request.quantity is not None):
        raise InvalidInput(
            "pass either phoneNumbers, or areaCode with quantity", field=[*INPUT, "phoneNumbers"]
        )
    base = PurchaseRequest(
        iso_country=request.iso_country,
        type=request.type,
        configuration=request.configuration,
        address_sid=request.address_sid,
        identity_sid=request.identity_sid,
    )
    if request.phone_numbers is not None:
        _check_count(len(request.phone_numbers), "phoneNumbers")
        return [
            (number, replace(base, phone_number=number), [*INPUT, "phoneNumbers", str(i)])
            for i, number in enumerate(request.phone_numbers)
        ]
    if request.area_code is None or request.quantity is None:
        raise InvalidInput("areaCode needs a quantity", field=[*INPUT, "quantity"])
    _check_count(request.quantity, "quantity")
    line = replace(base, area_code=request.area_code)
    return [(request.area_code, line, [*INPUT, "areaCode"])] * request.quantity


def _check_count(count: int, name: str) -> None:
    if not 1 <= count <= MAX_NUMBERS:
        raise InvalidInput(
            f"an order holds 1 to {MAX_NUMBERS} numbers, not {count}", field=[*INPUT, name]
        )


async def place_order(
    conn: AsyncConnection,
    account_sid: str,
    request: OrderRequest,
    now: datetime,
    policy: UrlPolicy,
    churn: ChurnPolicy = DEFAULT_CHURN,
) -> list[OrderLine]:
    """Buy every number of the order for ``account_sid``; one ledger entry per number."""
    lines = []
    for position, (requested, line, field) in enumerate(order_lines(request)):
        savepoint = await conn.begin_nested() if request.allow_partial else None
        try:
            bought = await purchase(conn, account_sid, line, now, policy, churn)
        except GatewayError as error:
            if savepoint is None:
                raise _at(error, field) from error
            await savepoint.rollback()
            lines.append(
                OrderLine(
                    position,
                    requested,
                    NumberOrderLineStatus.REFUSED,
                    code=error.code.name,
                    message=error.message,
                )
            )
            continue
        if savepoint is not None:
            await savepoint.commit()
        lines.append(
            OrderLine(
                position,
                requested,
                NumberOrderLineStatus.PURCHASED,
                phone_number=bought.phone_number,
                number_sid=bought.number_sid,
                transaction_sid=bought.transaction_sid,
                setup_fee_minor=bought.setup_fee_minor,
                monthly_fee_minor=bought.monthly_fee_minor,
            )
        )
    return lines


def _at(error: GatewayError, field: list[str]) -> GatewayError:
    """The refusal of one number, pointed at that number's place in the input."""
    if error.field in ([*INPUT, "phoneNumber"], [*INPUT, "areaCode"]):
        error.field = field
    return error
