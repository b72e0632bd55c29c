"""Statement counts of every mutation, pinned (as tests/schema/test_statement_counts.py pins
the reads): authentication, the use-case's own statements, and one read per payload node.

Each mutation runs once on the scene of ``tests.support.every_mutation`` with its full payload
selected, its caller signing in afresh (the clock moves past the sign-in memory first: a
mutation that changes no account keeps it, so a caller's next request would skip the sign-in).
A count may go down with a good reason, never up.
"""

from __future__ import annotations

from datetime import timedelta

from gateway.settings import Settings
from tests.support.client import Gateway
from tests.support.every_mutation import new_scene, successful_calls

# (SQLite, PostgreSQL). PostgreSQL notifies listeners of each event it records in the event's
# own INSERT (RETURNING pg_notify), so an event costs one statement on both (issue 12 item 5).
PINNED: dict[str, tuple[int, int]] = {
    "createSubaccount": (4, 4),  # issue 13: its SUBACCOUNT_CREATED event
    "updateSubaccount": (4, 4),
    "addFunds": (9, 9),  # issue 13: its FUNDS_ADDED event
    "createAddress": (3, 3),
    "createApplication": (3, 3),
    "createTrunk": (3, 3),
    "createIdentityDocument": (3, 3),
    # issue 12 item 5: the key claimed by one upsert, the catalog row returned by its claim, the
    # account checked by the debit, the callback known: see tests/provisioning/test_write_statements
    "purchasePhoneNumber": (10, 10),
    # issue 15 item 3: an order of two numbers (linear in its size), then the stored order
    # (its row and its lines: one INSERT each, whatever the size)
    "createNumberOrder": (15, 15),
    "configurePhoneNumber": (7, 7),
    "transferPhoneNumber": (10, 10),  # issue 13: the old owner gets its own event too
    "createMessagingService": (3, 3),
    "addNumberToMessagingService": (8, 8),  # issue 13: the event (and its callback lookup)
    # stored activity (issue 12, item 1): a recorder also upserts the day buckets, and
    # refreshes the number's last activity and verdict (recordNumberActivity/-ies: in place of
    # the warning check, now only run for a number with a pending warning; selectSender: in
    # its own UPDATE of the number): +1 each, so that every read of activity costs O(1) a row
    "selectSender": (7, 7),
    "removeNumberFromMessagingService": (8, 8),  # issue 13: likewise
    # reservations (issue 15, item 2): key claim, account, one conditional UPDATE and one
    # event per number, stored outcome; extend/release read the live holds, then one UPDATE
    "reserveNumbers": (6, 6),
    "extendReservation": (5, 5),
    "releaseReservation": (4, 4),
    "recordNumberActivity": (6, 6),
    "recordNumberActivities": (5, 5),
    # issue 12 item 5: likewise (no sticky senders to drop); the number's read folded into its
    # conditional update, which returns the values from before it (release_writes.py)
    "releasePhoneNumber": (10, 10),
    "restorePhoneNumber": (14, 14),
    "createHostedNumberOrder": (18, 18),
    "startHostedNumberVerification": (4, 4),
    "confirmHostedNumberVerification": (9, 9),
    "createAuthorizationDocument": (6, 7),
    "cancelHostedNumberOrder": (8, 8),
}

SIGN_IN_FORGOTTEN = timedelta(seconds=Settings().auth_cache_seconds + 1)


async def test_every_mutation_costs_its_pinned_statements(gateway: Gateway) -> None:
    scene = await new_scene(gateway)
    counts = {}
    for name, step in successful_calls():
        gateway.clock.advance(SIGN_IN_FORGOTTEN)
        with gateway.count_statements() as log:
            await step(scene)
        counts[name] = log.count
    column = 0 if gateway.engine.dialect.name == "sqlite" else 1
    assert counts == {name: pinned[column] for name, pinned in PINNED.items()}
