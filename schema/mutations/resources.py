"""createApplication, createTrunk and createIdentityDocument."""

from __future__ import annotations

import strawberry

from resolvers.accounts.mutations import (
    CREATE_APPLICATION,
    CREATE_IDENTITY_DOCUMENT,
    CREATE_TRUNK,
    CreateResource,
)
from schema.context import Info
from schema.convert import to_plain
from schema.inputs.resources import (
    CreateApplicationInput,
    CreateIdentityDocumentInput,
    CreateTrunkInput,
)
from schema.mutations.runner import error_codes, run_mutation
from schema.types.errors import UserError
from schema.types.resources import Application, IdentityDocument, Trunk


@strawberry.type(description=error_codes(CREATE_APPLICATION))
class CreateApplicationPayload:
    application: Application | None
    user_errors: list[UserError]


@strawberry.type(description=error_codes(CREATE_TRUNK))
class CreateTrunkPayload:
    trunk: Trunk | None
    user_errors: list[UserError]


@strawberry.type(description=error_codes(CREATE_IDENTITY_DOCUMENT))
class CreateIdentityDocumentPayload:
    identity_document: IdentityDocument | None
    user_errors: list[UserError]


@strawberry.type
class ResourceMutations:
    @strawberry.mutation(description="Create an application numbers can route to.")
    async def create_application(
        self, info: Info, input: CreateApplicationInput
    ) -> CreateApplicationPayload:
        request = to_plain(input, CreateResource)
        return await run_mutation(info, CREATE_APPLICATION, request, CreateApplicationPayload)

    @strawberry.mutation(description="Create a SIP trunk numbers can route voice to.")
    async def create_trunk(self, info: Info, input: CreateTrunkInput) -> CreateTrunkPayload:
        request = to_plain(input, CreateResource)
        return await run_mutation(info, CREATE_TRUNK, request, CreateTrunkPayload)

    @strawberry.mutation(
        description="Record an identity document. It is VERIFIED at once: this gateway has "
        "no reviewer."
    )
    async def create_identity_document(
        self, info: Info, input: CreateIdentityDocumentInput
    ) -> CreateIdentityDocumentPayload:
        request = to_plain(input, CreateResource)
        return await run_mutation(
            info, CREATE_IDENTITY_DOCUMENT, request, CreateIdentityDocumentPayload
        )
