"""Applications, trunks and identity documents: what an account's numbers route or bind to.

The gateway keeps only their names; they exist so that configuration and purchase can check
that a number routes to something its account owns [21420] and that a number needing an identity
document has one [21650]. An identity document is VERIFIED when it is created: this gateway has
no reviewer, so a document would otherwise wait forever in a pending state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.naming import friendly_name
from resolvers.core.sids import new_sid
from resolvers.core.tables import applications, identity_documents, trunks
from resolvers.core.times import as_utc
from resolvers.reads.projection import Leaf, ObjectShape, ShapeNode
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree


class IdentityDocumentStatus(StrEnum):
    VERIFIED = "VERIFIED"
    PENDING = "PENDING"
    REJECTED = "REJECTED"


def _shape(table: Table, typename: str, **extra: ShapeNode) -> ObjectShape:
    return ObjectShape(
        typename[0].lower() + typename[1:],
        {
            "id": Leaf("id", table.c.sid),
            "sid": Leaf("sid", table.c.sid),
            "accountSid": Leaf("account_sid", table.c.account_sid),
            "friendlyName": Leaf("friendly_name", table.c.friendly_name),
            "createdAt": Leaf("created_at", table.c.created_at, as_utc),
            **extra,
        },
        typename=typename,
    )


@dataclass(frozen=True)
class ResourceKind:
    """One kind of account-owned resource: its table, sid prefix and GraphQL shape."""

    table: Table
    prefix: str
    typename: str
    shape: ObjectShape
    defaults: tuple[tuple[str, Any], ...] = ()  # extra column values on creation


APPLICATION = ResourceKind(applications, "AP", "Application", _shape(applications, "Application"))
TRUNK = ResourceKind(trunks, "TK", "Trunk", _shape(trunks, "Trunk"))
IDENTITY_DOCUMENT = ResourceKind(
    identity_documents,
    "RI",
    "IdentityDocument",
    _shape(
        identity_documents,
        "IdentityDocument",
        status=Leaf("status", identity_documents.c.status),
    ),
    defaults=(("status", IdentityDocumentStatus.VERIFIED),),
)
KINDS = {kind.typename: kind for kind in (APPLICATION, TRUNK, IDENTITY_DOCUMENT)}


async def create_resource(
    conn: AsyncConnection, kind: ResourceKind, account_sid: str, name: str | None, now: datetime
) -> str:
    """Insert a resource of ``kind`` owned by ``account_sid``; its new sid."""
    sid = new_sid(kind.prefix)
    await conn.execute(
        kind.table.insert().values(
            sid=sid,
            account_sid=account_sid,
            friendly_name=friendly_name(name, ["input", "friendlyName"]),
            created_at=now,
            **dict(kind.defaults),
        )
    )
    return sid


async def get_resource(
    conn: AsyncConnection,
    kind: ResourceKind,
    sid: str,
    owner_sids: Select[tuple[str]],
    selection: SelectionTree,
) -> dict[str, Any] | None:
    """The resource ``sid`` when one of ``owner_sids`` owns it; None otherwise."""
    table = kind.table
    return await read_one(
        conn,
        kind.shape,
        selection,
        table.c.sid,
        table.c.sid == sid,
        table.c.account_sid.in_(owner_sids),
    )
