"""createMessagingService, addNumberToMessagingService, removeNumberFromMessagingService and
selectSender."""

from __future__ import annotations

import strawberry

from resolvers.messaging.mutations import (
    ADD_NUMBER_TO_MESSAGING_SERVICE,
    CREATE_MESSAGING_SERVICE,
    REMOVE_NUMBER_FROM_MESSAGING_SERVICE,
    SELECT_SENDER,
    CreateMessagingService,
    MessagingServiceNumber,
    SelectSender,
)
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.messaging import (
    CreateMessagingServiceInput,
    MessagingServiceNumberInput,
    SelectSenderInput,
)
from schema.mutations.runner import error_codes, run_mutation
from schema.types.account import MessagingService
from schema.types.active_number import ActiveNumber
from schema.types.errors import UserError


@strawberry.type(
    description=error_codes(
        CREATE_MESSAGING_SERVICE,
        ADD_NUMBER_TO_MESSAGING_SERVICE,
        REMOVE_NUMBER_FROM_MESSAGING_SERVICE,
    )
)
class MessagingServicePayload:
    messaging_service: MessagingService | None
    user_errors: list[UserError]


@strawberry.type(description=error_codes(SELECT_SENDER))
class SelectSenderPayload:
    active_number: ActiveNumber | None = strawberry.field(description="The pool member chosen.")
    user_errors: list[UserError]


@strawberry.type
class MessagingMutations:
    @strawberry.mutation(description="Create a messaging service with an empty sender pool.")
    async def create_messaging_service(
        self, info: Info, input: CreateMessagingServiceInput
    ) -> MessagingServicePayload:
        request = to_plain(input, CreateMessagingService)
        return await run_mutation(info, CREATE_MESSAGING_SERVICE, request, MessagingServicePayload)

    @strawberry.mutation(
        description="Put a number in a service's pool: one service per number [21712], "
        "at most maxPoolSize numbers per pool [21714]."
    )
    async def add_number_to_messaging_service(
        self, info: Info, input: MessagingServiceNumberInput
    ) -> MessagingServicePayload:
        request = to_plain(input, MessagingServiceNumber)
        use_case = ADD_NUMBER_TO_MESSAGING_SERVICE
        return await run_mutation(info, use_case, request, MessagingServicePayload)

    @strawberry.mutation(description="Take a number out of a service's pool.")
    async def remove_number_from_messaging_service(
        self, info: Info, input: MessagingServiceNumberInput
    ) -> MessagingServicePayload:
        request = to_plain(input, MessagingServiceNumber)
        use_case = REMOVE_NUMBER_FROM_MESSAGING_SERVICE
        return await run_mutation(info, use_case, request, MessagingServicePayload)

    @strawberry.mutation(
        description="Pick the number a message to `to` goes out from: the pool's least "
        "recently used member (or the recipient's sticky sender), recorded as an outbound "
        "message so that pooled numbers stay active."
    )
    async def select_sender(self, info: Info, input: SelectSenderInput) -> SelectSenderPayload:
        request = to_plain(input, SelectSender)
        return await run_mutation(info, SELECT_SENDER, request, SelectSenderPayload)
