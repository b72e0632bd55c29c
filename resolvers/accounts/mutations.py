"""The account mutations as use-cases: subaccounts, addresses, applications, trunks and
identity documents. Whatever is created for an ``accountSid`` is created for the viewer or
one of its subaccounts (``visible_account_sid``), never for anyone else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.addresses import NewAddress, create_address
from resolvers.accounts.resources import (
    APPLICATION,
    IDENTITY_DOCUMENT,
    TRUNK,
    ResourceKind,
    create_resource,
)
from resolvers.accounts.subaccounts import SubaccountUpdate, create_subaccount, update_subaccount
from resolvers.core.usecases import Actor, Outcome, UseCase, node
from resolvers.core.visibility import visible_account_sid

ACCOUNT_FIELD = ["input", "accountSid"]
NAME_CODES = ("INVALID_INPUT", "FRIENDLY_NAME_TOO_LONG")


@dataclass(frozen=True)
class CreateSubaccount:
    friendly_name: str | None = None


@dataclass(frozen=True)
class CreateAddress(NewAddress):
    account_sid: str | None = None


@dataclass(frozen=True)
class CreateResource:
    friendly_name: str
    account_sid: str | None = None


async def create_subaccount_use_case(
    actor: Actor, conn: AsyncConnection, request: CreateSubaccount
) -> Outcome:
    created = await create_subaccount(conn, actor.viewer, request.friendly_name, actor.now)
    return Outcome(
        nodes={"account": node("Account", created.sid)},
        values={"authToken": created.auth_token},
    )


async def update_subaccount_use_case(
    actor: Actor, conn: AsyncConnection, request: SubaccountUpdate
) -> Outcome:
    sid = await update_subaccount(conn, actor.viewer, request, actor.now, actor.rules.aging_period)
    return Outcome(nodes={"account": node("Account", sid)})


async def create_address_use_case(
    actor: Actor, conn: AsyncConnection, request: CreateAddress
) -> Outcome:
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
    sid = await create_address(conn, owner, request, actor.now)
    return Outcome(nodes={"address": node("Address", sid)})


def _create_resource(mutation: str, kind: ResourceKind, field: str) -> UseCase[CreateResource]:
    """createApplication, createTrunk, createIdentityDocument: the new ``kind`` as ``field``."""

    async def create(actor: Actor, conn: AsyncConnection, request: CreateResource) -> Outcome:
        owner = await visible_account_sid(conn, actor.viewer, request.account_sid, ACCOUNT_FIELD)
        sid = await create_resource(conn, kind, owner, request.friendly_name, actor.now)
        return Outcome(nodes={field: node(kind.typename, sid)})

    return UseCase(mutation, create, ("NOT_FOUND", *NAME_CODES))


CREATE_SUBACCOUNT = UseCase(
    "createSubaccount", create_subaccount_use_case, ("ACCOUNT_NOT_ACTIVE", *NAME_CODES)
)
UPDATE_SUBACCOUNT = UseCase(
    "updateSubaccount",
    update_subaccount_use_case,
    (
        "NOT_FOUND",
        "EMERGENCY_ADDRESS_ACTIVE",
        "SUSPENDED_FOR_NONPAYMENT",
        "SUSPENDED_FOR_FRAUD",
        *NAME_CODES,
    ),
)
CREATE_ADDRESS = UseCase("createAddress", create_address_use_case, ("NOT_FOUND", *NAME_CODES))
CREATE_APPLICATION = _create_resource("createApplication", APPLICATION, "application")
CREATE_TRUNK = _create_resource("createTrunk", TRUNK, "trunk")
CREATE_IDENTITY_DOCUMENT = _create_resource(
    "createIdentityDocument", IDENTITY_DOCUMENT, "identityDocument"
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (
    CREATE_SUBACCOUNT,
    UPDATE_SUBACCOUNT,
    CREATE_ADDRESS,
    CREATE_APPLICATION,
    CREATE_TRUNK,
    CREATE_IDENTITY_DOCUMENT,
)
