"""A SQLite file that cannot be written (issue #13 item 10): on a full disk (a small tmpfs
filled up by another file: SQLITE_FULL) or read-only (``PRAGMA query_only`` on every gateway
connection: SQLITE_READONLY, what a read-only file answers; ``chmod`` does not stop root, who
runs these tests in CI). A purchase is then 503 with ``Retry-After`` and leaves nothing
behind, reads go on, and once space returns (the filler is deleted) or the file is writable
again, the same purchase (same idempotency key) goes through once.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.crash.books import broken_invariants
from tests.protection.support import gateway_with
from tests.support.client import Gateway
from tests.support.factories import add_catalog, catalog_row
from tests.support.provisioning import PURCHASE, Buyer, money_state, new_buyer, ownerships
from tests.support.services import fill_up, small_filesystem

PHONE = "+16285570001"
VIEWER = "{ viewer { sid balance { amount } } }"


@asynccontextmanager
async def _every_connection(engine: AsyncEngine, pragma: str) -> AsyncIterator[None]:
    """``pragma`` on every connection of ``engine`` (the pool is emptied on entry and exit)."""

    def apply(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(pragma)
        cursor.close()

    await engine.dispose()
    event.listen(engine.sync_engine, "connect", apply)
    try:
        yield
    finally:
        event.remove(engine.sync_engine, "connect", apply)
        await engine.dispose()


SPARE_BYTES = 4 * 1024 * 1024


@pytest.fixture
def small_disk(sqlite_template: Path) -> Iterator[Path]:
    """A small file system holding a copy of the migrated SQLite file, ``gateway.db``."""
    with small_filesystem(sqlite_template.stat().st_size + SPARE_BYTES) as disk:
        shutil.copyfile(sqlite_template, disk / "gateway.db")
        yield disk


@pytest.fixture
async def sqlite_gateway(small_disk: Path) -> AsyncIterator[tuple[Gateway, Path]]:
    """A gateway on the small disk's file, and the path of a filler file on that disk."""
    async with gateway_with(f"sqlite:///{small_disk / 'gateway.db'}") as gateway:
        yield gateway, small_disk / "filler"


async def _purchase(gateway: Gateway, buyer: Buyer) -> Any:
    variables = {"input": {"phoneNumber": PHONE, "idempotencyKey": "fault-purchase-1"}}
    return await gateway.post(PURCHASE, variables, auth=buyer.auth)


async def _refused_then_nothing_written(gateway: Gateway, buyer: Buyer) -> None:
    before = await money_state(gateway.engine, buyer.sid)
    refused = await _purchase(gateway, buyer)
    assert refused.status_code == 503, refused.text
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert (await gateway.post(VIEWER, auth=buyer.auth)).status_code == 200  # reads go on
    assert await money_state(gateway.engine, buyer.sid) == before  # nothing half-written
    assert await ownerships(gateway.engine, PHONE) == []


async def _served_once(gateway: Gateway, buyer: Buyer) -> None:
    served = await _purchase(gateway, buyer)
    assert served.status_code == 200
    payload = served.json()["data"]["purchasePhoneNumber"]
    assert payload["userErrors"] == []
    assert payload["activeNumber"]["phoneNumber"] == PHONE
    assert len(await ownerships(gateway.engine, PHONE)) == 1
    assert await broken_invariants(gateway.engine) == []


async def _seeded(gateway: Gateway) -> Buyer:
    await add_catalog(gateway.engine, [catalog_row(PHONE, setup_fee_minor=100)])
    return await new_buyer(gateway.engine)


async def test_a_full_disk_is_503_and_service_resumes_when_space_returns(
    sqlite_gateway: tuple[Gateway, Path],
) -> None:
    gateway, filler = sqlite_gateway
    buyer = await _seeded(gateway)
    fill_up(filler)
    await _refused_then_nothing_written(gateway, buyer)
    filler.unlink()
    await _served_once(gateway, buyer)


async def test_a_read_only_file_is_503_and_service_resumes_when_writable(
    sqlite_gateway: tuple[Gateway, Path],
) -> None:
    gateway, _ = sqlite_gateway
    buyer = await _seeded(gateway)
    async with _every_connection(gateway.engine, "PRAGMA query_only = ON"):
        await _refused_then_nothing_written(gateway, buyer)
    await _served_once(gateway, buyer)
