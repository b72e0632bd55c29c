"""Inputs of createApplication, createTrunk and createIdentityDocument."""

from __future__ import annotations

import strawberry

NAME_HELP = "1 to 64 characters."
ACCOUNT_HELP = "Create it for this subaccount (default: the viewer)."


@strawberry.input
class CreateApplicationInput:
    friendly_name: str = strawberry.field(description=NAME_HELP)
    account_sid: str | None = strawberry.field(default=None, description=ACCOUNT_HELP)


@strawberry.input
class CreateTrunkInput:
    friendly_name: str = strawberry.field(description=NAME_HELP)
    account_sid: str | None = strawberry.field(default=None, description=ACCOUNT_HELP)


@strawberry.input
class CreateIdentityDocumentInput:
    friendly_name: str = strawberry.field(description=NAME_HELP)
    account_sid: str | None = strawberry.field(default=None, description=ACCOUNT_HELP)
