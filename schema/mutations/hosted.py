"""createHostedNumberOrder, startHostedNumberVerification, confirmHostedNumberVerification,
createAuthorizationDocument and cancelHostedNumberOrder."""

from __future__ import annotations

import strawberry

from resolvers.hosted.mutations import (
    CANCEL_HOSTED_NUMBER_ORDER,
    CONFIRM_HOSTED_NUMBER_VERIFICATION,
    CREATE_AUTHORIZATION_DOCUMENT,
    CREATE_HOSTED_NUMBER_ORDER,
    START_HOSTED_NUMBER_VERIFICATION,
    CancelHostedNumberOrder,
    ConfirmHostedNumberVerification,
    CreateAuthorizationDocument,
    CreateHostedNumberOrder,
    StartHostedNumberVerification,
)
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.hosted import (
    CancelHostedNumberOrderInput,
    ConfirmHostedNumberVerificationInput,
    CreateAuthorizationDocumentInput,
    CreateHostedNumberOrderInput,
    StartHostedNumberVerificationInput,
)
from schema.mutations.runner import error_codes, run_mutation
from schema.types.errors import UserError
from schema.types.hosted import AuthorizationDocument, HostedNumberOrder


@strawberry.type(
    description=error_codes(
        CREATE_HOSTED_NUMBER_ORDER,
        START_HOSTED_NUMBER_VERIFICATION,
        CONFIRM_HOSTED_NUMBER_VERIFICATION,
        CANCEL_HOSTED_NUMBER_ORDER,
    )
)
class HostedNumberOrderPayload:
    hosted_number_order: HostedNumberOrder | None
    user_errors: list[UserError]


@strawberry.type(description=error_codes(CREATE_AUTHORIZATION_DOCUMENT))
class AuthorizationDocumentPayload:
    authorization_document: AuthorizationDocument | None
    user_errors: list[UserError]


@strawberry.type
class HostedMutations:
    @strawberry.mutation(
        description="Ask to host a number you own elsewhere (SMS and MMS): US/CA [22103], "
        "landline or toll-free [22110], not messaging-enabled elsewhere, not hosted or owned here "
        "[22110]; the service address is no PO box [18018]."
    )
    async def create_hosted_number_order(
        self, info: Info, input: CreateHostedNumberOrderInput
    ) -> HostedNumberOrderPayload:
        request = to_plain(input, CreateHostedNumberOrder)
        use_case = CREATE_HOSTED_NUMBER_ORDER
        return await run_mutation(info, use_case, request, HostedNumberOrderPayload)

    @strawberry.mutation(
        description="Place the (simulated) ownership call: only in PENDING_VERIFICATION "
        "[22114]; callDelay 0-60; extension of digits, #, * and w [22117]; at most 5 calls "
        "[22100]. The code it plays appears in the order's verificationCall once the call has "
        "reached the number (calledAt: after callDelay and the extension's waits)."
    )
    async def start_hosted_number_verification(
        self, info: Info, input: StartHostedNumberVerificationInput
    ) -> HostedNumberOrderPayload:
        request = to_plain(input, StartHostedNumberVerification)
        use_case = START_HOSTED_NUMBER_VERIFICATION
        return await run_mutation(info, use_case, request, HostedNumberOrderPayload)

    @strawberry.mutation(
        description="Enter the code the call played: not before the call has reached the number "
        "(HOSTED_VERIFICATION_CALL_PENDING, no attempt counted); wrong [22113]; the fifth wrong "
        "code fails the order [22100]; right → VERIFIED → PENDING_LOA."
    )
    async def confirm_hosted_number_verification(
        self, info: Info, input: ConfirmHostedNumberVerificationInput
    ) -> HostedNumberOrderPayload:
        request = to_plain(input, ConfirmHostedNumberVerification)
        use_case = CONFIRM_HOSTED_NUMBER_VERIFICATION
        return await run_mutation(info, use_case, request, HostedNumberOrderPayload)

    @strawberry.mutation(
        description="Cancel an order that is not final (COMPLETED, FAILED and CANCELED are "
        "[22112])."
    )
    async def cancel_hosted_number_order(
        self, info: Info, input: CancelHostedNumberOrderInput
    ) -> HostedNumberOrderPayload:
        request = to_plain(input, CancelHostedNumberOrder)
        use_case = CANCEL_HOSTED_NUMBER_ORDER
        return await run_mutation(info, use_case, request, HostedNumberOrderPayload)

    @strawberry.mutation(
        description="A letter of authorization for 1 to 15,000 orders in PENDING_LOA [22101]; "
        "its signingUrl (shown only here) opens the signing page."
    )
    async def create_authorization_document(
        self, info: Info, input: CreateAuthorizationDocumentInput
    ) -> AuthorizationDocumentPayload:
        request = to_plain(input, CreateAuthorizationDocument)
        use_case = CREATE_AUTHORIZATION_DOCUMENT
        return await run_mutation(info, use_case, request, AuthorizationDocumentPayload)
