"""Application, Trunk and IdentityDocument: what an account's numbers route or bind to."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import IdentityDocumentStatus
from schema.types.common import DictBacked, Node


@strawberry.type(description="A voice/messaging application a number may route to (AP…).")
class Application(DictBacked, Node):
    sid: str
    account_sid: str
    friendly_name: str
    created_at: datetime


@strawberry.type(description="A SIP trunk a number may route its voice to (TK…).")
class Trunk(DictBacked, Node):
    sid: str
    account_sid: str
    friendly_name: str
    created_at: datetime


@strawberry.type(description="An identity document some numbers require (RI…).")
class IdentityDocument(DictBacked, Node):
    sid: str
    account_sid: str
    friendly_name: str
    status: IdentityDocumentStatus = strawberry.field(
        description="VERIFIED from creation: this gateway has no reviewer."
    )
    created_at: datetime
