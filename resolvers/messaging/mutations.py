"""The messaging-service mutations and selectSender as use-cases, on the services of the
viewer and its subaccounts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import messaging_services
from resolvers.core.usecases import Actor, Outcome, UseCase, node
from resolvers.core.visibility import visible_account_sid, visible_rows
from resolvers.messaging import pools
from resolvers.messaging.senders import select_sender


@dataclass(frozen=True)
class CreateMessagingService:
    friendly_name: str
    account_sid: str | None = None
    sticky_sender: bool | None = False
    max_pool_size: int | None = pools.DEFAULT_POOL_SIZE  # null: the default


@dataclass(frozen=True)
class MessagingServiceNumber:
    messaging_service_sid: str
    number_sid: str


@dataclass(frozen=True)
class SelectSender:
    messaging_service_sid: str
    to: str


def _service(sid: str) -> Outcome:
    return Outcome(nodes={"messagingService": node("MessagingService", sid)})


async def create_messaging_service(
    actor: Actor, conn: AsyncConnection, request: CreateMessagingService
) -> Outcome:
    field = ["input", "accountSid"]
    owner = await visible_account_sid(conn, actor.viewer, request.account_sid, field)
    size = request.max_pool_size
    service = pools.NewMessagingService(
        friendly_name=request.friendly_name,
        sticky_sender=bool(request.sticky_sender),
        max_pool_size=pools.DEFAULT_POOL_SIZE if size is None else size,
    )
    return _service(await pools.create_service(conn, owner, service, actor.now))


PoolChange = Callable[[AsyncConnection, ColumnElement[bool], str, str, datetime], Awaitable[str]]


def _pool_change(
    change: PoolChange,
) -> Callable[[Actor, AsyncConnection, MessagingServiceNumber], Awaitable[Outcome]]:
    """Adding or removing a number, on a service of the viewer (or of a subaccount)."""

    async def run(actor: Actor, conn: AsyncConnection, request: MessagingServiceNumber) -> Outcome:
        owners = visible_rows(actor.viewer, messaging_services)
        service, number = request.messaging_service_sid, request.number_sid
        return _service(await change(conn, owners, service, number, actor.now))

    return run


async def select_sender_use_case(
    actor: Actor, conn: AsyncConnection, request: SelectSender
) -> Outcome:
    owners = visible_rows(actor.viewer, messaging_services)
    sid = await select_sender(conn, owners, request.messaging_service_sid, request.to, actor.now)
    return Outcome(nodes={"activeNumber": node("ActiveNumber", sid)})


CREATE_MESSAGING_SERVICE = UseCase(
    "createMessagingService",
    create_messaging_service,
    ("NOT_FOUND", "INVALID_INPUT", "FRIENDLY_NAME_TOO_LONG"),
)
ADD_NUMBER_TO_MESSAGING_SERVICE = UseCase(
    "addNumberToMessagingService",
    _pool_change(pools.add_number),
    (
        "NOT_FOUND",
        "MESSAGING_SERVICE_NUMBER_NOT_IN_USE",
        "MESSAGING_SERVICE_NUMBER_NOT_SMS_CAPABLE",
        "MESSAGING_SERVICE_NUMBER_IN_USE",
        "MESSAGING_SERVICE_FULL",
    ),
)
REMOVE_NUMBER_FROM_MESSAGING_SERVICE = UseCase(
    "removeNumberFromMessagingService", _pool_change(pools.remove_number), ("NOT_FOUND",)
)
SELECT_SENDER = UseCase(
    "selectSender",
    select_sender_use_case,
    ("NOT_FOUND", "INVALID_INPUT", "MESSAGING_SERVICE_EMPTY"),
)

# This domain's mutations, in the order the schema lists them.
USE_CASES: tuple[UseCase[Any], ...] = (
    CREATE_MESSAGING_SERVICE,
    ADD_NUMBER_TO_MESSAGING_SERVICE,
    REMOVE_NUMBER_FROM_MESSAGING_SERVICE,
    SELECT_SENDER,
)
