"""The ``strawberry.Schema`` object and its SDL export."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.schema.config import StrawberryConfig

from schema.errors import masking_extension
from schema.query import Query
from schema.types.account import Account, Address, MessagingService
from schema.types.active_number import ActiveNumber
from schema.types.common import read_field

SDL_PATH = Path(__file__).parent / "schema.graphql"


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=[Account, ActiveNumber, Address, MessagingService],
        config=StrawberryConfig(default_resolver=read_field),
        extensions=[masking_extension],
    )


def export_sdl(schema: strawberry.Schema | None = None) -> str:
    return (schema or build_schema()).as_str() + "\n"
