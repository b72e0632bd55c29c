"""What a purchase and a release issue, pinned (issue 12 item 5), on both databases.

A purchase that succeeds only writes: five statements (claim the number, debit the account,
the ledger entry, the owned row, the event), and on SQLite the write transaction (BEGIN
IMMEDIATE … COMMIT) holds exactly those; authentication and the payload's nodes are read
outside it. A release only writes too: five statements (the number's conditional update,
which returns its values from before it, the catalog row, the refund's credit and ledger
entry, the event; resolvers/provisioning/release_writes.py). An idempotency key adds its
claim and its stored outcome. A count may go down, never up.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from gateway.settings import Settings
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.plans import Issued, statements_issued
from tests.support.provisioning import assert_balanced, new_buyer, ok, purchase, release

NUMBERS = {False: "+14155550100", True: "+14155550101"}
WRITES = ("INSERT", "UPDATE", "DELETE")
SIGN_IN_FORGOTTEN = timedelta(seconds=Settings().auth_cache_seconds + 1)
# (use-case statements, of which writes) per mutation, without and with an idempotency key
PINNED = {
    ("purchase", False): (5, 5),
    ("purchase", True): (7, 7),
    ("release", False): (5, 5),
    ("release", True): (7, 7),
}


def _kind(statement: str) -> str:
    """The statement's verb; for ``WITH … AS (…) UPDATE …``, the one after its CTEs."""
    verb = statement.lstrip().split(None, 1)[0].upper()
    if verb == "WITH":
        verbs = re.findall(r"\)\s*(SELECT|INSERT|UPDATE|DELETE)\b", statement, re.IGNORECASE)
        verb = verbs[-1].upper() if verbs else verb
    return verb


def _every_statement(statement: str) -> bool:
    return True


def _write_transaction(issued: Issued) -> list[str]:
    """The statements of SQLite's write transaction: from its BEGIN IMMEDIATE to the next
    transaction's BEGIN (the commit is the driver's call, not a statement)."""
    statements = [statement for statement, _ in issued]
    begin = [i for i, s in enumerate(statements) if _kind(s) == "BEGIN"]
    write = next(i for i in begin if "IMMEDIATE" in statements[i].upper())
    end = min([i for i in begin if i > write], default=len(statements))
    return statements[write + 1 : end]


def _use_case(issued: Issued, payload_reads: int) -> list[str]:
    """The use-case's statements: all but authentication (first) and the payload's reads."""
    statements = [s for s, _ in issued if _kind(s) not in ("BEGIN", "COMMIT", "ROLLBACK")]
    return statements[1 : len(statements) - payload_reads]


async def _measure(gateway: Gateway, keyed: bool) -> dict[str, tuple[list[str], Issued]]:
    buyer = await new_buyer(gateway.engine)
    number = NUMBERS[keyed]
    await add_catalog(gateway.engine, [catalog_row(number)])
    keys: dict[str, Any] = {"idempotencyKey": "k-1"} if keyed else {}
    with statements_issued(gateway.engine, _every_statement) as bought:
        sid = ok(await purchase(gateway, buyer, phoneNumber=number, **keys))["activeNumber"]["sid"]
    keys = {"idempotencyKey": "k-2"} if keyed else {}
    gateway.clock.advance(SIGN_IN_FORGOTTEN)  # the release signs in afresh, as the purchase did
    with statements_issued(gateway.engine, _every_statement) as released:
        refund = ok(await release(gateway, buyer, sid=sid, **keys))["refund"]
    assert refund is not None  # the refund's credit and ledger entry are part of the count
    await assert_balanced(gateway.engine, buyer.sid)
    # payload reads: activeNumber + charge; releasedNumber + refund
    return {
        "purchase": (_use_case(bought, 2), bought),
        "release": (_use_case(released, 2), released),
    }


async def test_purchase_and_release_issue_their_pinned_statements(gateway: Gateway) -> None:
    counts = {}
    for keyed in (False, True):
        for name, (statements, _) in (await _measure(gateway, keyed)).items():
            writes = [s for s in statements if _kind(s) in WRITES]
            counts[(name, keyed)] = (len(statements), len(writes))
    assert counts == PINNED


# PostgreSQL has no database-wide write lock (rows are locked one by one): SQLite only
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_holds_the_write_lock_for_the_writes_only(gateway: Gateway) -> None:
    measured = await _measure(gateway, keyed=False)
    bought = _write_transaction(measured["purchase"][1])
    assert [_kind(s) for s in bought] == ["UPDATE", "UPDATE", "INSERT", "INSERT", "INSERT"]
    released = _write_transaction(measured["release"][1])
    assert [_kind(s) for s in released] == ["UPDATE"] * 3 + ["INSERT"] * 2
