"""createHostedNumberOrder, startHostedNumberVerification, confirmHostedNumberVerification,
createAuthorizationDocument and cancelHostedNumberOrder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import authorization_documents, hosted_number_orders
from resolvers.core.visibility import visible_account_sid, visible_owners
from resolvers.hosted import documents, orders, reads, verification
from resolvers.provisioning.configuration import RoutingChange
from resolvers.reads.selection import SelectionTree
from schema.context import Info, RequestContext
from schema.convert import to_plain
from schema.inputs.hosted import (
    CancelHostedNumberOrderInput,
    ConfirmHostedNumberVerificationInput,
    CreateAuthorizationDocumentInput,
    CreateHostedNumberOrderInput,
    StartHostedNumberVerificationInput,
)
from schema.mutations.reads import mutation_selection
from schema.mutations.support import guarded
from schema.types.errors import UserError
from schema.types.hosted import AuthorizationDocument, HostedNumberOrder


@strawberry.type
class HostedNumberOrderPayload:
    hosted_number_order: HostedNumberOrder | None
    user_errors: list[UserError]


@strawberry.type
class AuthorizationDocumentPayload:
    authorization_document: AuthorizationDocument | None
    user_errors: list[UserError]


async def read_order(
    ctx: RequestContext, sid: str | None, selection: SelectionTree | None
) -> dict[str, Any] | None:
    if sid is None or selection is None:
        return None
    owners = hosted_number_orders.c.account_sid.in_(visible_owners(ctx.viewer))
    async with ctx.read() as conn:
        return await reads.get_order(conn, sid, owners, selection)


def _visible(ctx: RequestContext) -> Any:
    return hosted_number_orders.c.account_sid.in_(visible_owners(ctx.viewer))


async def _order_payload(
    info: Info, work: Callable[[AsyncConnection], Awaitable[str]]
) -> HostedNumberOrderPayload:
    ctx, selection = info.context, mutation_selection(info)

    async def run() -> dict[str, Any]:
        sid = await ctx.write(work)
        return {
            "hosted_number_order": await read_order(ctx, sid, selection.get("hostedNumberOrder"))
        }

    return cast(HostedNumberOrderPayload, await guarded(("hosted_number_order",), run))


def _new_order(input: CreateHostedNumberOrderInput) -> orders.NewHostedOrder:
    return orders.NewHostedOrder(
        phone_number=input.phone_number,
        address_sid=input.address_sid,
        email=input.email,
        cc_emails=input.cc_emails,
        contact_phone_number=input.contact_phone_number,
        contact_title=input.contact_title,
        friendly_name=input.friendly_name,
        sms=None if input.sms is None else to_plain(input.sms, RoutingChange),
        status_callback_url=input.status_callback_url,
        status_callback_method=(
            None if input.status_callback_method is None else input.status_callback_method.value
        ),
    )


@strawberry.type
class HostedMutations:
    @strawberry.mutation(
        description="Ask to host a number you own elsewhere (SMS only): US/CA [22103], landline "
        "or toll-free [22110], not messaging-enabled elsewhere, not hosted or owned here [22110]."
    )
    async def create_hosted_number_order(
        self, info: Info, input: CreateHostedNumberOrderInput
    ) -> HostedNumberOrderPayload:
        ctx, order = info.context, _new_order(input)

        async def work(conn: AsyncConnection) -> str:
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            return await orders.create_order(conn, owner, order, ctx.clock.now())

        return await _order_payload(info, work)

    @strawberry.mutation(
        description="Place the (simulated) ownership call: only in PENDING_VERIFICATION "
        "[22114]; callDelay 0-60; extension of digits, #, * and w [22117]; at most 5 calls "
        "[22100]. The code it plays appears in the order's verificationCall."
    )
    async def start_hosted_number_verification(
        self, info: Info, input: StartHostedNumberVerificationInput
    ) -> HostedNumberOrderPayload:
        ctx = info.context

        async def work(conn: AsyncConnection) -> str:
            return await verification.start_verification(
                conn, _visible(ctx), input.sid, input.call_delay, input.extension, ctx.clock.now()
            )

        return await _order_payload(info, work)

    @strawberry.mutation(
        description="Enter the code the call played: wrong [22113]; the fifth wrong code fails "
        "the order [22100]; right → VERIFIED → PENDING_LOA."
    )
    async def confirm_hosted_number_verification(
        self, info: Info, input: ConfirmHostedNumberVerificationInput
    ) -> HostedNumberOrderPayload:
        ctx, selection = info.context, mutation_selection(info)

        async def work(conn: AsyncConnection) -> verification.Confirmation:
            return await verification.confirm_verification(
                conn, _visible(ctx), input.sid, input.verification_code, ctx.clock.now()
            )

        async def run() -> dict[str, Any]:
            outcome = await ctx.write(work)
            if outcome.error is not None:  # the attempt is committed, then reported
                raise outcome.error
            order = await read_order(ctx, outcome.sid, selection.get("hostedNumberOrder"))
            return {"hosted_number_order": order}

        return cast(HostedNumberOrderPayload, await guarded(("hosted_number_order",), run))

    @strawberry.mutation(
        description="Cancel an order that is not final (COMPLETED, FAILED and CANCELED are "
        "[22112])."
    )
    async def cancel_hosted_number_order(
        self, info: Info, input: CancelHostedNumberOrderInput
    ) -> HostedNumberOrderPayload:
        ctx = info.context

        async def work(conn: AsyncConnection) -> str:
            return await orders.cancel_order(conn, _visible(ctx), input.sid, ctx.clock.now())

        return await _order_payload(info, work)

    @strawberry.mutation(
        description="A letter of authorization for 1 to 15,000 orders in PENDING_LOA [22101]; "
        "its signingUrl (shown only here) opens the signing page."
    )
    async def create_authorization_document(
        self, info: Info, input: CreateAuthorizationDocumentInput
    ) -> AuthorizationDocumentPayload:
        ctx, selection = info.context, mutation_selection(info)
        document = documents.NewAuthorizationDocument(
            hosted_number_order_sids=input.hosted_number_order_sids,
            address_sid=input.address_sid,
            email=input.email,
            cc_emails=input.cc_emails,
            contact_title=input.contact_title,
            contact_phone_number=input.contact_phone_number,
        )

        async def work(conn: AsyncConnection) -> documents.CreatedDocument:
            owner = await visible_account_sid(
                conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
            )
            return await documents.create_document(conn, owner, document, ctx.clock.now())

        async def run() -> dict[str, Any]:
            created = await ctx.write(work)
            wanted = selection.get("authorizationDocument")
            if wanted is None:
                return {"authorization_document": None}
            owners = authorization_documents.c.account_sid.in_(visible_owners(ctx.viewer))
            async with ctx.read() as conn:
                found = await reads.get_document(conn, created.sid, owners, wanted)
            if found is not None and "signing_url" in found:
                found["signing_url"] = created.signing_url
            return {"authorization_document": found}

        return cast(AuthorizationDocumentPayload, await guarded(("authorization_document",), run))
