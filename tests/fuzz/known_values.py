"""Real identifiers mixed into generated queries, so that the fuzz reaches past "not found".

Random strings almost never name an existing sid or phone number, so most resolvers would only
ever see their not-found branch. ``known_values`` reads a sample of every kind of identifier
from the seeded database; ``substitute`` rewrites some string literals of a generated document
with one of them (or with an edge-case string), keeping the document valid.
"""

from __future__ import annotations

import random

from graphql import DocumentNode, StringValueNode, Visitor, visit
from sqlalchemy import Column, select
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.core.tables import (
    accounts,
    addresses,
    applications,
    catalog_numbers,
    identity_documents,
    ledger_entries,
    messaging_services,
    owned_numbers,
    trunks,
)

PER_COLUMN = 8
SUBSTITUTION_PROBABILITY = 0.6
# Strings that sit on the edges of the input rules: empty, blank, wildcards, anchors, too long,
# not ASCII, look-alike numbers, URLs, country codes, money.
EDGE_STRINGS = [
    "",
    " ",
    "%",
    "*",
    "+",
    "$",
    "+1",
    "%%",
    "+1415*******",
    "STORM",
    "7306$",
    "+15005550006",
    "+999999999999999",
    "4155550100",
    "415",
    "US",
    "CA",
    "GB",
    "ZZ",
    "x" * 65,
    "9" * 40,
    "é☃",
    "https://example.com/hook",
    "ftp://example.com",
    "-1",
    "0",
    "0.001",
    "1e400",
    "NaN",
    "99999999999999999999.99",
]


def _columns() -> list[Column[str]]:
    return [
        accounts.c.sid,
        owned_numbers.c.sid,
        owned_numbers.c.phone_number,
        catalog_numbers.c.phone_number,
        addresses.c.sid,
        messaging_services.c.sid,
        applications.c.sid,
        trunks.c.sid,
        identity_documents.c.sid,
        ledger_entries.c.sid,
    ]


async def known_values(engine: AsyncEngine, extra: list[str]) -> list[str]:
    """A sample of each kind of identifier in the database, plus ``extra`` and edge strings."""
    values: list[str] = []
    async with engine.connect() as conn:
        for column in _columns():
            rows = await conn.execute(select(column).order_by(column).limit(PER_COLUMN))
            values.extend(str(value) for (value,) in rows)
    return sorted(set(values + extra)) + EDGE_STRINGS


def substitute(document: DocumentNode, values: list[str], rng: random.Random) -> DocumentNode:
    """The document with some string literals replaced by one of ``values``."""

    class Replace(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: object) -> StringValueNode | None:
            if rng.random() < SUBSTITUTION_PROBABILITY:
                return StringValueNode(value=rng.choice(values), block=False)
            return None

    replaced: DocumentNode = visit(document, Replace())
    return replaced
