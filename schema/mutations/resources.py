"""createApplication, createTrunk and createIdentityDocument."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.accounts.resources import (
    APPLICATION,
    IDENTITY_DOCUMENT,
    TRUNK,
    ResourceKind,
    create_resource,
)
from resolvers.core.visibility import visible_account_sid
from schema.context import Info
from schema.inputs.resources import (
    CreateApplicationInput,
    CreateIdentityDocumentInput,
    CreateTrunkInput,
)
from schema.mutations.reads import mutation_selection, read_resource
from schema.mutations.support import guarded
from schema.types.errors import UserError
from schema.types.resources import Application, IdentityDocument, Trunk

Input = CreateApplicationInput | CreateTrunkInput | CreateIdentityDocumentInput


@strawberry.type
class CreateApplicationPayload:
    application: Application | None
    user_errors: list[UserError]


@strawberry.type
class CreateTrunkPayload:
    trunk: Trunk | None
    user_errors: list[UserError]


@strawberry.type
class CreateIdentityDocumentPayload:
    identity_document: IdentityDocument | None
    user_errors: list[UserError]


async def _create(info: Info, kind: ResourceKind, input: Input, name: str) -> dict[str, Any]:
    """The payload of a create: the new resource under ``name`` (its GraphQL field)."""
    ctx, selection = info.context, mutation_selection(info)

    async def work(conn: AsyncConnection) -> str:
        owner = await visible_account_sid(
            conn, ctx.viewer, input.account_sid, ["input", "accountSid"]
        )
        return await create_resource(conn, kind, owner, input.friendly_name, ctx.clock.now())

    async def run() -> dict[str, Any]:
        sid = await ctx.write(work)
        return {kind_key(name): await read_resource(ctx, kind, sid, selection.get(name))}

    return await guarded((kind_key(name),), run)


def kind_key(graphql_name: str) -> str:
    """``identityDocument`` → ``identity_document``: the payload dict's key."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in graphql_name)


@strawberry.type
class ResourceMutations:
    @strawberry.mutation(description="Create an application numbers can route to.")
    async def create_application(
        self, info: Info, input: CreateApplicationInput
    ) -> CreateApplicationPayload:
        payload = await _create(info, APPLICATION, input, "application")
        return cast(CreateApplicationPayload, payload)

    @strawberry.mutation(description="Create a SIP trunk numbers can route voice to.")
    async def create_trunk(self, info: Info, input: CreateTrunkInput) -> CreateTrunkPayload:
        payload = await _create(info, TRUNK, input, "trunk")
        return cast(CreateTrunkPayload, payload)

    @strawberry.mutation(
        description="Record an identity document. It is VERIFIED at once: this gateway has "
        "no reviewer."
    )
    async def create_identity_document(
        self, info: Info, input: CreateIdentityDocumentInput
    ) -> CreateIdentityDocumentPayload:
        payload = await _create(info, IDENTITY_DOCUMENT, input, "identityDocument")
        return cast(CreateIdentityDocumentPayload, payload)
