"""Address and identity requirements of a number (REFERENCE.md, Purchase).

NONE needs nothing; ANY needs an address anywhere; LOCAL an address in the number's country;
FOREIGN one outside it. With no ``addressSid`` given, the account's oldest qualifying address is
bound, so a customer with one address never has to repeat it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, NotFound
from resolvers.core.tables import addresses, identity_documents

MISSING_ADDRESS_CODE = {"ANY": "ADDRESS_REQUIRED", "LOCAL": "LOCAL_ADDRESS_REQUIRED"}
MISSING_ADDRESS_CODE["FOREIGN"] = "FOREIGN_ADDRESS_REQUIRED"


def address_qualifies(requirement: str, number_country: str, address_country: str) -> bool:
    if requirement == "LOCAL":
        return address_country == number_country
    if requirement == "FOREIGN":
        return address_country != number_country
    return True


async def owned_address(
    conn: AsyncConnection, account_sid: str, address_sid: str, field: list[str]
) -> Any:
    row = (
        await conn.execute(
            select(addresses).where(
                addresses.c.sid == address_sid, addresses.c.account_sid == account_sid
            )
        )
    ).first()
    if row is None:
        raise NotFound(f"no address {address_sid!r} belongs to this account", field=field)
    return row


async def required_address(
    conn: AsyncConnection,
    account_sid: str,
    requirement: str,
    number_country: str,
    address_sid: str | None,
    field: list[str],
    code: str | None = None,
) -> str | None:
    """The address sid to bind for ``requirement`` (None when none is needed or given)."""
    if address_sid is not None:
        row = await owned_address(conn, account_sid, address_sid, field)
        if not address_qualifies(requirement, number_country, row.iso_country):
            raise _missing(requirement, number_country, field, code)
        return address_sid
    if requirement == "NONE":
        return None
    rows = (
        await conn.execute(
            select(addresses.c.sid, addresses.c.iso_country)
            .where(addresses.c.account_sid == account_sid)
            .order_by(addresses.c.created_at, addresses.c.sid)
        )
    ).all()
    for sid, country in rows:
        if address_qualifies(requirement, number_country, country):
            return str(sid)
    raise _missing(requirement if rows else "ANY", number_country, field, code)


def _missing(requirement: str, country: str, field: list[str], code: str | None) -> GatewayError:
    where = {
        "ANY": "an address (anywhere)",
        "LOCAL": f"an address in {country}",
        "FOREIGN": f"an address outside {country}",
    }[requirement]
    return GatewayError(
        f"this number requires {where}; create one with createAddress and pass its addressSid",
        field=field,
        code=code or MISSING_ADDRESS_CODE[requirement],
    )


async def required_identity(
    conn: AsyncConnection,
    account_sid: str,
    identity_required: bool,
    identity_sid: str | None,
    field: list[str],
) -> str | None:
    """The verified identity document to bind, when the number needs one (or one is given)."""
    if identity_sid is None:
        if identity_required:
            raise GatewayError(
                "this number requires a verified identity document (identitySid)",
                field=field,
                code="IDENTITY_DOCUMENT_REQUIRED",
            )
        return None
    status = await conn.scalar(
        select(identity_documents.c.status).where(
            identity_documents.c.sid == identity_sid,
            identity_documents.c.account_sid == account_sid,
        )
    )
    if status is None:
        raise NotFound(
            f"no identity document {identity_sid!r} belongs to this account", field=field
        )
    if status != "VERIFIED" and identity_required:
        raise GatewayError(
            f"identity document {identity_sid} is {status}, not VERIFIED",
            field=field,
            code="IDENTITY_DOCUMENT_REQUIRED",
        )
    return identity_sid
