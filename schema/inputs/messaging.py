"""Inputs of the messaging-service mutations and of selectSender."""

from __future__ import annotations

import strawberry

from resolvers.messaging.mutations import (
    CreateMessagingService,
    MessagingServiceNumber,
    SelectSender,
)
from schema.plain_targets import converts_to


@converts_to(CreateMessagingService)
@strawberry.input
class CreateMessagingServiceInput:
    friendly_name: str = strawberry.field(description="1 to 64 characters.")
    account_sid: str | None = strawberry.field(
        default=None, description="Create it for this subaccount (default: the viewer)."
    )
    sticky_sender: bool | None = strawberry.field(
        default=False,
        description="Send to a recipient from the number it got last time, while that "
        "number stays in the pool.",
    )
    max_pool_size: int | None = strawberry.field(
        default=400, description="At most this many numbers in the pool: 1 to 400."
    )


@converts_to(MessagingServiceNumber)
@strawberry.input
class MessagingServiceNumberInput:
    messaging_service_sid: str
    number_sid: str = strawberry.field(
        description="An IN_USE number of the service's account (PN…)."
    )


@converts_to(SelectSender)
@strawberry.input
class SelectSenderInput:
    messaging_service_sid: str
    to: str = strawberry.field(description="The recipient, in E.164.")
