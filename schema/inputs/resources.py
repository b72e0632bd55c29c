"""Inputs of createApplication, createTrunk and createIdentityDocument."""

from __future__ import annotations

import strawberry

from resolvers.accounts.mutations import CreateResource
from schema.plain_targets import converts_to

NAME_HELP = "1 to 64 characters."
ACCOUNT_HELP = "Create it for this subaccount (default: the viewer)."


@converts_to(CreateResource)
@strawberry.input
class CreateApplicationInput:
    friendly_name: str = strawberry.field(description=NAME_HELP)
    account_sid: str | None = strawberry.field(default=None, description=ACCOUNT_HELP)


@converts_to(CreateResource)
@strawberry.input
class CreateTrunkInput:
    friendly_name: str = strawberry.field(description=NAME_HELP)
    account_sid: str | None = strawberry.field(default=None, description=ACCOUNT_HELP)


@converts_to(CreateResource)
@strawberry.input
class CreateIdentityDocumentInput:
    friendly_name: str = strawberry.field(description=NAME_HELP)
    account_sid: str | None = strawberry.field(default=None, description=ACCOUNT_HELP)
