"""``numbers-gateway import-lookups``: carrier data in; what ``lookup`` and hosting make of it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import number_lookups as nl
from tests.hosted.support import add_address, new_order, status_events
from tests.imports.support import query, run, setup, write_csv
from tests.support.client import Gateway
from tests.support.numbers import new_caller

HEADER = "phone_number,carrier_name,line_type,messaging_enabled"
LANDLINE = "+12125550100"
LOOKUP = """
query($number: String!) {
  lookup(phoneNumber: $number) { phoneNumber carrier { name type } messagingEnabled }
}
"""


def _lookups(database_url: str) -> dict[str, tuple[Any, ...]]:
    async def read(conn: AsyncConnection) -> dict[str, tuple[Any, ...]]:
        rows = await conn.execute(select(nl).order_by(nl.c.phone_number))
        return {row.phone_number: tuple(row)[1:] for row in rows}

    return query(database_url, read)


def test_lookups_are_upserted_idempotently(database_url: str, tmp_path: Path) -> None:
    async def known(engine: Any) -> None:
        async with engine.begin() as conn:
            row = {"number_type": "LANDLINE", "carrier_name": "Old", "messaging_enabled": True}
            await conn.execute(nl.insert().values(phone_number=LANDLINE, **row))

    setup(database_url, known)
    path = write_csv(
        tmp_path,
        "carriers.csv",
        HEADER,
        f"{LANDLINE},Verizon New York,landline,false",
        "+14155550106,T-Mobile USA,MOBILE,yes",
    )
    first = run("import-lookups", path, database_url)
    assert first.exit_code == 0, first.output
    assert "1 new, 1 updated, 0 unchanged" in first.output
    assert _lookups(database_url) == {
        LANDLINE: ("LANDLINE", "Verizon New York", False),
        "+14155550106": ("MOBILE", "T-Mobile USA", True),
    }
    again = run("import-lookups", path, database_url)
    assert (again.exit_code, "nothing changed" in again.output) == (0, True)


def test_a_bad_lookup_file_imports_nothing(database_url: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "carriers.csv",
        HEADER,
        f"{LANDLINE},Verizon New York,LANDLINE,false",
        "+14155550101,,LANDLINE,false",
        "+14155550102,Acme,FIXED_LINE_OR_MOBILE,false",
        "+14155550103,Acme,LANDLINE,perhaps",
        "+1415,Acme,LANDLINE,false",
    )
    result = run("import-lookups", path, database_url)
    assert result.exit_code == 1, result.output
    reasons = [line.split(": ", 1)[1] for line in result.output.splitlines() if "csv:" in line]
    assert [reason.split(":")[0] for reason in reasons] == [
        "carrier_name",
        "line_type",
        "messaging_enabled",
        "phone_number",
    ]
    assert "csv:3: carrier_name: is required" in result.output
    assert "nothing imported: 4 of 5 rows are bad" in result.output
    assert _lookups(database_url) == {}


async def test_hosting_fails_an_unknown_carrier_until_its_lookup_is_imported(
    gateway: Gateway, database_url: str, tmp_path: Path
) -> None:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    before = (await gateway.gql(LOOKUP, {"number": LANDLINE}, auth=caller.auth))["lookup"]
    assert before["carrier"] == {"name": None, "type": "FIXED_LINE_OR_MOBILE"}
    assert before["messagingEnabled"] is None

    unknown = await new_order(gateway, caller, address, LANDLINE)
    assert (unknown["status"], unknown["failureReason"]) == (
        "FAILED",
        "carrier information is unavailable",
    )
    assert unknown["lineType"] == "FIXED_LINE_OR_MOBILE"
    assert await status_events(gateway, unknown["sid"]) == [
        ("", "TWILIO_PROCESSING"),
        ("TWILIO_PROCESSING", "FAILED"),
    ]

    path = write_csv(tmp_path, "carriers.csv", HEADER, f"{LANDLINE},Verizon New York,LANDLINE,no")
    imported = await asyncio.to_thread(run, "import-lookups", path, database_url)
    assert imported.exit_code == 0, imported.output
    after = (await gateway.gql(LOOKUP, {"number": LANDLINE}, auth=caller.auth))["lookup"]
    assert after["carrier"] == {"name": "Verizon New York", "type": "LANDLINE"}
    assert after["messagingEnabled"] is False
    order = await new_order(gateway, caller, address, LANDLINE)
    assert (order["status"], order["lineType"]) == ("PENDING_VERIFICATION", "LANDLINE")
