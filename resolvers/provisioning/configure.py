"""configurePhoneNumber: change a number's name, routing and bindings in place.

Every configuration rule lives in ``configuration.configuration_columns``; this module adds the
address and identity bindings, whose requirement (the number's catalog row) must stay satisfied,
and writes the row once. The number is locked first, so two configures of one number apply one
after the other and each checks its rules against the other's result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.core.unchanged import UNCHANGED
from resolvers.core.url_policy import UrlPolicy
from resolvers.events.outbox import record_event
from resolvers.provisioning.configuration import ConfigurationChange, configuration_columns
from resolvers.provisioning.regulatory import required_address, required_identity
from resolvers.provisioning.release import owned_in_use

INPUT = ["input"]


@dataclass(frozen=True)
class ConfigureRequest(ConfigurationChange):
    """A configuration change plus the regulatory bindings; ``None`` clears a binding."""

    address_sid: Any = UNCHANGED
    identity_sid: Any = UNCHANGED


async def configure(
    conn: AsyncConnection,
    owners: ColumnElement[bool],
    sid: str,
    request: ConfigureRequest,
    now: datetime,
    policy: UrlPolicy,
) -> str:
    """Apply ``request`` to the IN_USE number ``sid`` of an account matching ``owners``;
    ``policy`` says where its URLs may point."""
    number = await owned_in_use(conn, owners, sid, [*INPUT, "sid"])
    catalog = (await conn.execute(select(c).where(c.c.phone_number == number.phone_number))).one()
    values = await configuration_columns(
        conn,
        account_sid=number.account_sid,
        number=dict(catalog._mapping),
        current=dict(number._mapping),
        change=request,
        field=INPUT,
        policy=policy,
    )
    values |= await _bindings(conn, number.account_sid, catalog, request)
    if values:
        await conn.execute(o.update().where(o.c.sid == sid).values(**values, updated_at=now))
        await record_event(
            conn,
            account_sid=number.account_sid,
            kind="CONFIGURED",
            node_type="ActiveNumber",
            node_sid=sid,
            now=now,
            data={"phoneNumber": number.phone_number, "changed": sorted(values)},
        )
    return sid


async def _bindings(
    conn: AsyncConnection, account_sid: str, catalog: Row[Any], request: ConfigureRequest
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if request.address_sid is not UNCHANGED:
        values["address_sid"] = await _address(conn, account_sid, catalog, request.address_sid)
    if request.identity_sid is not UNCHANGED:
        values["identity_sid"] = await required_identity(
            conn,
            account_sid,
            catalog.identity_required,
            request.identity_sid,
            [*INPUT, "identitySid"],
        )
    return values


async def _address(
    conn: AsyncConnection, account_sid: str, catalog: Row[Any], address_sid: str | None
) -> str | None:
    """The address to bind. Clearing is refused while the number requires one: unlike a
    purchase, a configure never picks an address on the client's behalf."""
    field = [*INPUT, "addressSid"]
    requirement = catalog.address_requirements
    if address_sid is None:
        if requirement != "NONE":
            raise GatewayError(
                f"this number requires an address ({requirement}); bind another address "
                "instead of clearing it",
                field=field,
                code="ADDRESS_REQUIRED",
            )
        return None
    return await required_address(
        conn, account_sid, requirement, catalog.iso_country, address_sid, field
    )
