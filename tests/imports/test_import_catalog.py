"""``numbers-gateway import-catalog``: upsert by number, idempotent, all or nothing."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection
from typer.testing import CliRunner

from gateway.cli import cli
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers
from tests.imports.support import CATALOG_HEADER, query, run, setup, write_csv
from tests.support.catalog import rtree_matches_catalog
from tests.support.client import Gateway
from tests.support.factories import add_account, add_catalog, add_owned, catalog_row
from tests.support.numbers import new_caller

HEADER = f"{CATALOG_HEADER},address_requirements,identity_required,locality,latitude,longitude"
LOCAL = "+14155550100,LOCAL,true,true,false,0,1.15,ANY,false,San Francisco,37.77,-122.42"
TOLLFREE = "+18005550100,TOLLFREE,true,true,true,0.50,2.15,,,,,"
LONDON = "+442079460000,LOCAL,true,false,false,0,1,LOCAL,yes,London,51.5,-0.12"


def _catalog(database_url: str) -> dict[str, Any]:
    async def read(conn: AsyncConnection) -> dict[str, Any]:
        rows = await conn.execute(select(c).order_by(c.c.phone_number))
        return {row.phone_number: row for row in rows}

    return query(database_url, read)


def _indexes(database_url: str) -> list[tuple[str, str]]:
    """The catalog's indexes and triggers as the database stores them."""
    sqlite = (
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'catalog_numbers' "
        "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name"
    )
    postgres = (
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = 'catalog_numbers' ORDER BY indexname"
    )

    async def read(conn: AsyncConnection) -> list[tuple[str, str]]:
        statement = sqlite if conn.dialect.name == "sqlite" else postgres
        return [(str(name), str(sql)) for name, sql in await conn.execute(text(statement))]

    return query(database_url, read)


def test_a_catalog_file_is_imported_and_a_second_run_changes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    indexes = _indexes(database_url)
    path = write_csv(tmp_path, "numbers.csv", HEADER, LOCAL, TOLLFREE, LONDON)
    first = run("import-catalog", path, database_url)
    assert first.exit_code == 0, first.output
    assert "3 new, 0 updated, 0 unchanged" in first.output
    assert indexes
    assert _indexes(database_url) == indexes  # rebuilt at the end of a first load
    catalog = _catalog(database_url)
    local, tollfree, london = (catalog[n] for n in sorted(catalog))
    assert (local.iso_country, local.type, local.state) == ("US", "LOCAL", "available")
    assert (local.sms_capable, local.mms_capable, local.voice_inbound) == (True, False, True)
    assert (local.monthly_fee_minor, local.setup_fee_minor) == (115, 0)
    assert (local.address_requirements, local.locality, local.latitude) == (
        "ANY",
        "San Francisco",
        37.77,
    )
    assert (tollfree.type, tollfree.mms_capable, tollfree.setup_fee_minor) == ("TOLLFREE", True, 50)
    assert tollfree.voice_inbound_reachability == "DOMESTIC"
    assert (tollfree.latitude, tollfree.address_requirements) == (None, "NONE")
    assert (london.iso_country, london.identity_required, london.sms_capable) == ("GB", True, False)

    again = run("import-catalog", path, database_url)
    assert again.exit_code == 0, again.output
    assert "nothing changed" in again.output
    assert _catalog(database_url) == catalog

    cheaper = write_csv(tmp_path, "cheaper.csv", HEADER, LOCAL.replace(",1.15,", ",0.99,"))
    update = run("import-catalog", cheaper, database_url)
    assert "0 new, 1 updated, 0 unchanged" in update.output
    assert _catalog(database_url)["+14155550100"].monthly_fee_minor == 99


def test_a_bad_file_reports_every_bad_row_and_leaves_the_catalog_as_it_was(
    database_url: str, tmp_path: Path
) -> None:
    setup(database_url, lambda engine: add_catalog(engine, [catalog_row("+14155550100")]))
    before = _catalog(database_url)
    path = write_csv(
        tmp_path,
        "bad.csv",
        HEADER,
        LOCAL.replace(",1.15,", ",3.00,"),  # a good update
        TOLLFREE,  # a good new number
        "4155550101,LOCAL,true,true,false,0,1.15,,,,,",
        "+14155550102,TOLLFREE,true,true,false,0,1.15,,,,,",
        "+14155550103,LOCAL,maybe,true,false,0,1.15,,,,,",
        "+14155550104,LOCAL,true,true,false,0,1.155,,,,,",
        "+14155550105,LOCAL,true,true,false,0,1.15,,,,91,0",
        "+14155550106,LOCAL,true",
        "+19999999999,LOCAL,true,true,false,0,1.15,,,,,",
    )
    result = run("import-catalog", path, database_url)
    assert result.exit_code == 1, result.output
    reported = [line.split(": ", 1) for line in result.output.splitlines() if "bad.csv:" in line]
    assert [(where.rsplit(":", 1)[1], why.split(":")[0]) for where, why in reported] == [
        ("4", "phone_number"),
        ("5", "type"),
        ("6", "voice"),
        ("7", "monthly_fee"),
        ("8", "latitude"),
        ("9", "row"),
        ("10", "phone_number"),
    ]
    assert "not in E.164 form" in reported[0][1]
    assert "not a toll-free number" in reported[1][1]
    assert "nothing imported: 7 of 9 rows are bad" in result.output
    assert _catalog(database_url) == before


def test_an_import_never_changes_a_number_that_is_not_for_sale(
    database_url: str, tmp_path: Path
) -> None:
    async def own(engine: Any) -> str:
        account = await add_account(engine)
        await add_catalog(engine, [catalog_row("+14155550100")])
        await add_owned(engine, account.sid, "+14155550100")
        return account.sid

    owner = setup(database_url, own)
    quarantined, aged = "+14155550101", "+14155550102"
    aging = {"state": "aging"}
    setup(
        database_url,
        lambda engine: add_catalog(
            engine,
            [
                catalog_row(quarantined, **aging, aging_until=datetime(2999, 1, 1)),
                catalog_row(aged, **aging, aging_until=datetime(2000, 1, 1)),
            ],
        ),
    )
    before = _catalog(database_url)
    voice_only = "true,false,false,5,9.99,NONE,false,Oakland,37.8,-122.27"
    lines = [f"{number},LOCAL,{voice_only}" for number in ("+14155550100", quarantined, aged)]
    path = write_csv(tmp_path, "owned.csv", HEADER, *lines)
    result = run("import-catalog", path, database_url)
    assert result.exit_code == 0, result.output
    assert "0 new, 1 updated, 0 unchanged" in result.output  # the aged number is for sale
    assert "2 numbers not for sale (owned, reserved, aging or departed) left as they are" in (
        result.output
    )
    after = _catalog(database_url)
    assert (after[aged].monthly_fee_minor, after[aged].state) == (999, "aging")
    assert {n: after[n] for n in before if n != aged} == {n: before[n] for n in before if n != aged}

    async def ownership(conn: AsyncConnection) -> list[tuple[str, str, int]]:
        rows = await conn.execute(
            select(
                owned_numbers.c.account_sid,
                owned_numbers.c.status,
                owned_numbers.c.monthly_fee_minor,
            )
        )
        return [tuple(row) for row in rows]

    assert query(database_url, ownership) == [(owner, "IN_USE", 115)]


def test_a_file_that_is_not_a_catalog_csv_exits_2(database_url: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "wrong.csv", "phone,type", "+14155550100,LOCAL")
    result = run("import-catalog", path, database_url)
    assert result.exit_code == 2
    assert "unknown column 'phone'" in result.output
    assert "missing column 'phone_number'" in result.output
    missing = run("import-catalog", tmp_path / "absent.csv", database_url)
    assert (missing.exit_code, "no such file" in missing.output) == (2, True)
    latin = tmp_path / "latin.csv"
    accented = LOCAL.replace("San Francisco", "S\xe3o Paulo")
    latin.write_bytes(f"{HEADER}\n{accented}\n".encode("latin-1"))
    undecodable = run("import-catalog", latin, database_url)
    assert (undecodable.exit_code, "not UTF-8" in undecodable.output) == (2, True)
    assert _catalog(database_url) == {}


def test_a_dry_run_counts_and_writes_nothing(database_url: str, tmp_path: Path) -> None:
    indexes = _indexes(database_url)
    path = write_csv(tmp_path, "numbers.csv", HEADER, LOCAL, TOLLFREE)
    result = run("import-catalog", path, database_url, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: would import 2 rows" in result.output
    assert _catalog(database_url) == {}
    assert _indexes(database_url) == indexes


def test_the_database_comes_from_the_usual_setting(database_url: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "numbers.csv", HEADER, LOCAL)
    result = CliRunner().invoke(
        cli, ["import-catalog", str(path)], env={"GATEWAY_DATABASE_URL": database_url}
    )
    assert result.exit_code == 0, result.output
    assert list(_catalog(database_url)) == ["+14155550100"]


NEAR = """
query($latitude: Float!, $longitude: Float!) {
  availableNumbers(search: { isoCountry: "US", nearLatLong: { latitude: $latitude,
                             longitude: $longitude }, distanceMiles: 3 }) {
    nodes { phoneNumber pricing { monthlyFee { amount } } geography { locality } }
  }
}
"""


async def test_imported_numbers_are_for_sale_where_the_file_puts_them(
    gateway: Gateway, database_url: str, tmp_path: Path
) -> None:
    caller = await new_caller(gateway.engine)

    async def near(latitude: float, longitude: float) -> list[dict[str, Any]]:
        found = await gateway.gql(
            NEAR, {"latitude": latitude, "longitude": longitude}, auth=caller.auth
        )
        nodes: list[dict[str, Any]] = found["availableNumbers"]["nodes"]
        return nodes

    path = write_csv(tmp_path, "sf.csv", HEADER, LOCAL)
    assert (await asyncio.to_thread(run, "import-catalog", path, database_url)).exit_code == 0
    [number] = await near(37.77, -122.42)
    assert number["phoneNumber"] == "+14155550100"
    assert number["geography"]["locality"] == "San Francisco"
    assert number["pricing"]["monthlyFee"]["amount"] == "1.15"

    moved = LOCAL.replace("San Francisco,37.77,-122.42", "Oakland,37.80,-122.27")
    path = write_csv(tmp_path, "oakland.csv", HEADER, moved.replace(",1.15,", ",2.00,"))
    assert (await asyncio.to_thread(run, "import-catalog", path, database_url)).exit_code == 0
    assert await near(37.77, -122.42) == []  # no longer where it was (an index kept in step)
    [number] = await near(37.80, -122.27)
    assert number["geography"]["locality"] == "Oakland"
    assert number["pricing"]["monthlyFee"]["amount"] == "2.00"
    assert await rtree_matches_catalog(gateway.engine) in (1, -1)  # -1: PostgreSQL's GiST


def test_a_number_twice_in_a_file_takes_its_later_row(database_url: str, tmp_path: Path) -> None:
    later = LOCAL.replace(",1.15,", ",1.50,")
    filler = [f"+1212555{line:04d},LOCAL,true,true,false,0,1.15,,,,," for line in range(1200)]
    path = write_csv(tmp_path, "twice.csv", HEADER, LOCAL, *filler, later)  # two batches apart
    result = run("import-catalog", path, database_url)
    assert result.exit_code == 0, result.output
    assert _catalog(database_url)["+14155550100"].monthly_fee_minor == 150
    _check_search_index(database_url)
    assert setup(database_url, rtree_matches_catalog) in (1, -1)  # one located number
    again = run("import-catalog", path, database_url)
    assert "nothing changed" not in again.output  # the earlier row differs from the stored one
    assert _catalog(database_url)["+14155550100"].monthly_fee_minor == 150


def _check_search_index(database_url: str) -> None:
    """SQLite's number search (FTS5 over the catalog) is consistent with the catalog."""

    async def check(conn: AsyncConnection) -> None:
        if conn.dialect.name == "sqlite":
            await conn.execute(
                text(
                    "INSERT INTO catalog_numbers_fts(catalog_numbers_fts, rank) "
                    "VALUES ('integrity-check', 1)"
                )
            )
            [[verdict]] = (await conn.execute(text("PRAGMA integrity_check"))).all()
            assert verdict == "ok"

    query(database_url, check)
