"""The ``strawberry.Schema`` object and its SDL export."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from resolvers.nodes import NODE_TYPES
from schema.compiled.prepared import PreparedDocument
from schema.errors import masking_extension
from schema.mutations.accounts import AccountMutations
from schema.mutations.activity import ActivityMutations
from schema.mutations.addresses import AddressMutations
from schema.mutations.configure import ConfigureMutations
from schema.mutations.funds import FundsMutations
from schema.mutations.hosted import HostedMutations
from schema.mutations.messaging import MessagingMutations
from schema.mutations.numbers import NumberMutations
from schema.mutations.orders import OrderMutations
from schema.mutations.reservations import ReservationMutations
from schema.mutations.resources import ResourceMutations
from schema.names import KeptNameConverter
from schema.queries.addresses import AddressQuery
from schema.queries.catalog import CatalogQuery
from schema.queries.events import EventsQuery
from schema.queries.hosted import HostedQuery
from schema.queries.messaging import MessagingQuery
from schema.queries.numbers import Query
from schema.queries.orders import OrdersQuery
from schema.queries.released import ReleasedQuery
from schema.queries.reservations import ReservationsQuery
from schema.subscription import Subscription
from schema.types.account import Account, Address, MessagingService
from schema.types.active_number import ActiveNumber
from schema.types.common import read_field
from schema.types.events import NumberEvent
from schema.types.hosted import AuthorizationDocument, HostedNumberOrder
from schema.types.ledger import Transaction
from schema.types.orders import NumberOrder
from schema.types.resources import Application, IdentityDocument, Trunk

SDL_PATH = Path(__file__).parent / "schema.graphql"

# The types implementing Node, by name: exactly the ones resolvers.nodes serves.
NODE_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Account,
        ActiveNumber,
        Address,
        MessagingService,
        Transaction,
        Application,
        Trunk,
        IdentityDocument,
        HostedNumberOrder,
        AuthorizationDocument,
        NumberEvent,
        NumberOrder,
    )
}


QUERY_ROOTS: tuple[type, ...] = (
    Query,
    ReleasedQuery,
    CatalogQuery,
    AddressQuery,
    MessagingQuery,
    HostedQuery,
    EventsQuery,
    ReservationsQuery,
    OrdersQuery,
)
MUTATION_ROOTS: tuple[type, ...] = (
    NumberMutations,
    OrderMutations,
    ConfigureMutations,
    ResourceMutations,
    AccountMutations,
    FundsMutations,
    AddressMutations,
    MessagingMutations,
    HostedMutations,
    ActivityMutations,
    ReservationMutations,
)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=merge_types("Query", QUERY_ROOTS),
        mutation=merge_types("Mutation", MUTATION_ROOTS),
        subscription=Subscription,
        types=[NODE_CLASSES[name] for name in NODE_TYPES],
        config=StrawberryConfig(default_resolver=read_field, name_converter=KeptNameConverter()),
        # The transport parses and validates each document once (cached); Strawberry gets it.
        extensions=[masking_extension, PreparedDocument],
    )


def export_sdl(schema: strawberry.Schema | None = None) -> str:
    return (schema or build_schema()).as_str() + "\n"
