"""The ``strawberry.Schema`` object and its SDL export."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from schema.errors import masking_extension
from schema.mutations.numbers import NumberMutations
from schema.query import Query
from schema.released_query import ReleasedQuery
from schema.types.account import Account, Address, MessagingService
from schema.types.active_number import ActiveNumber
from schema.types.common import read_field
from schema.types.ledger import Transaction

SDL_PATH = Path(__file__).parent / "schema.graphql"


QUERY_ROOTS: tuple[type, ...] = (Query, ReleasedQuery)
MUTATION_ROOTS: tuple[type, ...] = (NumberMutations,)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=merge_types("Query", QUERY_ROOTS),
        mutation=merge_types("Mutation", MUTATION_ROOTS),
        types=[Account, ActiveNumber, Address, MessagingService, Transaction],
        config=StrawberryConfig(default_resolver=read_field),
        extensions=[masking_extension],
    )


def export_sdl(schema: strawberry.Schema | None = None) -> str:
    return (schema or build_schema()).as_str() + "\n"
