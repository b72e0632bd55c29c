"""seed_demo on a small catalog, checked for what a user of the demo would notice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
import sqlalchemy
from phonenumbers import PhoneNumberType
from sqlalchemy import func, select, text

from gateway.database import create_engine
from gateway.seed import DemoCredentials, database_is_empty, seed_demo
from gateway.seed.catalog_worker import CatalogPlan, drawn_chunks
from gateway.seed.places import load_places
from gateway.settings import Settings
from resolvers.core.tables import (
    accounts,
    addresses,
    applications,
    catalog_numbers,
    identity_documents,
    ledger_entries,
    number_activity,
    owned_numbers,
    trunks,
    verified_caller_ids,
)
from resolvers.core.tokens import hash_token
from tests.support import databases

NOW = datetime(2026, 1, 15, 12, 0, 0)
SIZE, OWNED = 3_000, 60
SUBACCOUNT_OWNED = 10  # a sixth

ACCEPTED_TYPES = {
    "LOCAL": {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    "MOBILE": {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    "TOLLFREE": {PhoneNumberType.TOLL_FREE},
}

Progress = list[tuple[str, int, int]]


@dataclass(frozen=True)
class Seeded:
    db: sqlalchemy.Engine
    credentials: DemoCredentials
    progress: Progress

    def rows(self, statement: Any) -> list[Any]:
        with self.db.connect() as conn:
            return list(conn.execute(statement))


async def _seed(url: str, *, seed: int = 7, size: int = SIZE, owned: int = OWNED) -> Any:
    """(credentials, progress calls, empty before, empty after)."""
    engine = create_engine(Settings(database_url=url))
    progress: Progress = []
    try:
        empty_before = await database_is_empty(engine)
        credentials = await seed_demo(
            engine,
            size=size,
            owned=owned,
            seed=seed,
            now=NOW,
            progress=lambda stage, done, total: progress.append((stage, done, total)),
        )
        return credentials, progress, empty_before, await database_is_empty(engine)
    finally:
        await engine.dispose()


def _fresh(template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return databases.fresh_sqlite(template, tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="module")
def seeded(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    url = _fresh(sqlite_template, tmp_path_factory)
    credentials, progress, empty_before, empty_after = databases.run_blocking(_seed(url))
    assert empty_before
    assert not empty_after
    db = sqlalchemy.create_engine(url)
    yield Seeded(db, credentials, progress)
    db.dispose()


def _catalog(seeded: Seeded, *conditions: Any) -> list[Any]:
    return seeded.rows(select(catalog_numbers).where(*conditions))


def _owned(seeded: Seeded, *conditions: Any) -> list[Any]:
    return seeded.rows(select(owned_numbers).where(*conditions))


def test_every_catalog_number_is_valid_of_its_type_and_country(seeded: Seeded) -> None:
    rows = _catalog(seeded)
    assert len(rows) == SIZE
    for row in rows:
        number = phonenumbers.parse(row.phone_number)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        assert e164 == row.phone_number
        assert phonenumbers.is_valid_number(number), row.phone_number
        assert phonenumbers.is_valid_number_for_region(number, row.iso_country), row.phone_number
        assert phonenumbers.number_type(number) in ACCEPTED_TYPES[row.type], row.phone_number


def test_the_catalog_mixes_countries_and_types(seeded: Seeded) -> None:
    countries = Counter(row.iso_country for row in _catalog(seeded))
    assert 0.5 < countries["US"] / SIZE < 0.7
    assert 0.1 < countries["CA"] / SIZE < 0.2
    assert 0.2 < countries["GB"] / SIZE < 0.3
    kinds = {(row.iso_country, row.type) for row in _catalog(seeded)}
    assert kinds >= {("US", "LOCAL"), ("US", "TOLLFREE"), ("CA", "LOCAL"), ("CA", "TOLLFREE")}
    assert kinds >= {("GB", "LOCAL"), ("GB", "MOBILE"), ("GB", "TOLLFREE")}
    lifecycles = Counter(row.lifecycle for row in _catalog(seeded))
    assert lifecycles.most_common(1)[0][0] == "GENERALLY_AVAILABLE"
    assert lifecycles["BETA"] > 0
    assert all(row.beta == (row.lifecycle == "BETA") for row in _catalog(seeded))


def test_gb_local_numbers_need_a_local_address_and_do_voice_only(seeded: Seeded) -> None:
    rows = _catalog(seeded, catalog_numbers.c.iso_country == "GB")
    local = [row for row in rows if row.type == "LOCAL"]
    assert local
    assert all(row.address_requirements == "LOCAL" for row in local)
    assert all(row.voice_capable and not row.sms_capable for row in local)
    mobile = [row for row in rows if row.type == "MOBILE"]
    assert mobile
    assert all(row.sms_capable and not row.mms_capable for row in mobile)
    assert any(row.identity_required for row in rows)


def test_absent_capabilities_have_no_half_set_details(seeded: Seeded) -> None:
    for row in _catalog(seeded):
        if not row.sms_capable:
            sms = (row.sms_inbound, row.sms_outbound, row.sms_gsm7, row.sms_ucs2)
            assert sms == (False,) * 4
            assert (row.sms_sender_id_preservation, row.sms_inbound_mps) == ("NONE", 0)
        if not row.mms_capable:
            mms = (row.mms_inbound, row.mms_outbound, row.mms_inbound_mps)
            assert mms == (False, False, 0)
        if row.type == "TOLLFREE":
            assert not row.voice_e911
            assert row.voice_inbound_reachability == "DOMESTIC"


def test_tollfree_and_mobile_numbers_have_no_geography(seeded: Seeded) -> None:
    for row in _catalog(seeded, catalog_numbers.c.type != "LOCAL"):
        assert row.iso_country in ("US", "CA", "GB")
        geography = (row.region, row.locality, row.lata, row.rate_center, row.postal_code)
        assert geography == (None,) * 5
        assert row.latitude is None
        assert row.longitude is None


def test_a_us_local_number_is_where_its_area_code_is(seeded: Seeded) -> None:
    places = {place.prefix: place for place in load_places()["US"]}
    rows = _catalog(
        seeded, catalog_numbers.c.iso_country == "US", catalog_numbers.c.type == "LOCAL"
    )
    assert len({row.phone_number[2:5] for row in rows}) > 50  # many area codes
    for row in rows:
        place = places[row.phone_number[2:5]]
        assert (row.locality, row.region, row.postal_code) == (
            place.locality,
            place.region,
            place.postal_code,
        )
        assert (row.lata, row.rate_center) == (place.lata, place.rate_center)
        assert abs(row.latitude - place.latitude) <= 0.05 + 1e-6
        assert abs(row.longitude - place.longitude) <= 0.05 + 1e-6


def test_owned_numbers_are_split_between_parent_and_subaccount(seeded: Seeded) -> None:
    owners = Counter(row.account_sid for row in _owned(seeded))
    credentials = seeded.credentials
    assert owners == {
        credentials.account_sid: OWNED - SUBACCOUNT_OWNED,
        credentials.subaccount_sid: SUBACCOUNT_OWNED,
    }
    states = {row.phone_number: row.state for row in _catalog(seeded)}
    for row in _owned(seeded):
        assert states[row.phone_number] == ("assigned" if row.status == "IN_USE" else "aging")
    assert Counter(states.values())["available"] == SIZE - OWNED


def test_the_demo_verified_caller_id_is_the_parents_alone(seeded: Seeded) -> None:
    rows = seeded.rows(
        select(verified_caller_ids.c.phone_number, verified_caller_ids.c.account_sid)
    )
    assert [tuple(row) for row in rows] == [("+14155550105", seeded.credentials.account_sid)]


def test_accounts_log_in_with_the_returned_credentials(seeded: Seeded) -> None:
    rows = {row.sid: row for row in seeded.rows(select(accounts))}
    credentials = seeded.credentials
    parent, subaccount = rows[credentials.account_sid], rows[credentials.subaccount_sid]
    assert parent.auth_token_hash == hash_token(credentials.auth_token)
    assert subaccount.auth_token_hash == hash_token(credentials.subaccount_auth_token)
    assert subaccount.parent_sid == parent.sid
    assert parent.parent_sid is None
    assert {(row.status, row.type) for row in rows.values()} == {("ACTIVE", "FULL")}
    assert set(credentials.as_json_dict()) == {
        "accountSid",
        "authToken",
        "subaccountSid",
        "subaccountAuthToken",
    }
    assert all(re.fullmatch(r"AC[0-9a-f]{32}", sid) for sid in rows)


def test_the_default_seed_gives_the_documented_credentials(seeded: Seeded) -> None:
    # the README shows these; if a change to the seeder moves them, update it too
    assert seeded.credentials == DemoCredentials(
        account_sid="AC4d6cc587f131b168b6a8c33385597c68",
        auth_token="20ed25d59123ec4177bd4fead4a3f550",
        subaccount_sid="AC5f46ea54c86606e366c3d83062a3ebbc",
        subaccount_auth_token="68be511bfbf24dc0400e526b0f534a84",
    )


def test_every_balance_equals_its_ledger(seeded: Seeded) -> None:
    sums = dict(
        seeded.rows(
            select(ledger_entries.c.account_sid, func.sum(ledger_entries.c.amount_minor)).group_by(
                ledger_entries.c.account_sid
            )
        )
    )
    balances = dict(seeded.rows(select(accounts.c.sid, accounts.c.balance_minor)))
    assert balances == sums
    assert all(balance > 0 for balance in balances.values())
    kinds = {row.kind for row in seeded.rows(select(ledger_entries))}
    assert kinds >= {"TOP_UP", "PURCHASE", "RENEWAL"}


def test_no_number_is_in_use_twice(seeded: Seeded) -> None:
    in_use = Counter(row.phone_number for row in _owned(seeded, owned_numbers.c.status == "IN_USE"))
    assert in_use
    assert max(in_use.values()) == 1


def test_a_number_routes_to_a_trunk_or_an_application_never_both(seeded: Seeded) -> None:
    owned_by = {
        row.sid: row.account_sid
        for table in (applications, trunks)
        for row in seeded.rows(select(table))
    }
    rows = _owned(seeded)
    assert any(row.trunk_sid for row in rows)
    assert any(row.voice_application_sid for row in rows)
    for row in rows:
        assert not (row.trunk_sid and row.voice_application_sid)
        for sid in (row.trunk_sid, row.voice_application_sid):
            assert sid is None or owned_by[sid] == row.account_sid


def test_numbers_carry_the_bindings_their_rules_require(seeded: Seeded) -> None:
    catalog = {row.phone_number: row for row in _catalog(seeded)}
    address_country = {row.sid: row for row in seeded.rows(select(addresses))}
    verified = {row.sid for row in seeded.rows(select(identity_documents))}
    for row in _owned(seeded):
        number = catalog[row.phone_number]
        assert (row.setup_fee_minor, row.monthly_fee_minor) == (
            number.setup_fee_minor,
            number.monthly_fee_minor,
        )
        assert (row.address_sid is None) == (number.address_requirements == "NONE")
        if number.address_requirements == "LOCAL":
            assert address_country[row.address_sid].iso_country == number.iso_country
        if row.address_sid:
            assert address_country[row.address_sid].account_sid == row.account_sid
        assert (row.identity_sid in verified) == number.identity_required
        if row.emergency_status == "ACTIVE":
            assert address_country[row.emergency_address_sid].iso_country == "US"
        if row.sms_url:
            assert number.sms_capable
        assert len(row.friendly_name) <= 64


def test_billing_dates_follow_the_purchase(seeded: Seeded) -> None:
    for row in _owned(seeded):
        assert NOW - timedelta(days=550) < row.purchased_at < NOW
        assert row.created_at == row.purchased_at <= row.updated_at
        if row.status == "IN_USE":
            assert NOW < row.next_billing_date <= NOW + timedelta(days=31)
            assert row.next_billing_date.day == row.purchased_at.day or (
                row.next_billing_date.day < row.purchased_at.day  # clamped to the month's end
            )
            assert row.released_at is None
            assert row.restorable_until is None
        else:
            assert row.next_billing_date is None
            assert row.released_at < NOW < row.restorable_until
            assert row.restorable_until == row.released_at + timedelta(days=10)
    assert any(row.status == "RELEASED" for row in _owned(seeded))


def test_some_numbers_are_active_and_some_are_not(seeded: Seeded) -> None:
    since = NOW - timedelta(days=30)
    events = seeded.rows(select(number_activity).where(number_activity.c.occurred_at >= since))
    calls: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    for event in events:
        if event.kind == "CALL" and event.status == "COMPLETED" and event.duration_seconds >= 12:
            calls[event.number_sid] += 1
        if event.kind == "MESSAGE" and event.status != "FAILED":
            messages[event.number_sid] += 1
    in_use = [row.sid for row in _owned(seeded, owned_numbers.c.status == "IN_USE")]
    verdicts = Counter(calls[sid] >= 3 or messages[sid] >= 3 for sid in in_use)
    assert verdicts[True] > 0
    assert verdicts[False] > 0
    assert all(event.occurred_at < NOW for event in seeded.rows(select(number_activity)))


def test_progress_reaches_every_total(seeded: Seeded) -> None:
    last = {stage: (done, total) for stage, done, total in seeded.progress}
    assert last["catalog numbers"] == (SIZE, SIZE)
    assert last["owned numbers"] == (OWNED, OWNED)
    assert all(done == total for done, total in last.values())
    catalog = [done for stage, done, _ in seeded.progress if stage == "catalog numbers"]
    assert catalog == sorted(catalog)
    assert len(catalog) > 0


def test_search_indexes_come_back_after_the_bulk_load(
    seeded: Seeded, sqlite_template: Path
) -> None:
    query = text(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'catalog_numbers' ORDER BY 2"
    )
    template = sqlalchemy.create_engine(f"sqlite:///{sqlite_template}")
    try:
        with template.connect() as conn:
            before = list(conn.execute(query))
    finally:
        template.dispose()
    assert seeded.rows(query) == before
    fts = [name for kind, name, sql in before if kind == "table" and "fts5" in (sql or "")]
    with seeded.db.begin() as conn:
        for name in fts:  # an external-content FTS5 index that disagrees with its table fails
            conn.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")


def test_same_seed_same_demo_other_seed_other_credentials(
    seeded: Seeded, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    urls = [_fresh(sqlite_template, tmp_path_factory) for _ in range(3)]
    again = databases.run_blocking(_seed(urls[0], size=SIZE, owned=OWNED))[0]
    assert again == seeded.credentials
    small = databases.run_blocking(_seed(urls[1], size=200, owned=10))[0]
    assert small == seeded.credentials  # the size does not change the credentials
    other = databases.run_blocking(_seed(urls[2], seed=8, size=200, owned=10))[0]
    assert {other.account_sid, other.auth_token}.isdisjoint(
        {seeded.credentials.account_sid, seeded.credentials.auth_token}
    )
    db = sqlalchemy.create_engine(urls[0])
    try:
        with db.connect() as conn:
            numbers = list(
                conn.execute(
                    select(catalog_numbers.c.phone_number).order_by(catalog_numbers.c.phone_number)
                )
            )
    finally:
        db.dispose()
    assert numbers == seeded.rows(
        select(catalog_numbers.c.phone_number).order_by(catalog_numbers.c.phone_number)
    )


def test_the_spatial_index_holds_every_located_number(seeded: Seeded) -> None:
    """The R*Tree behind ``near`` (its insert trigger stays on while the seeder defers the
    other indexes) has one entry per located catalog number, at that location."""
    entries = seeded.rows(text("SELECT id, min_lat, min_lon FROM catalog_numbers_geo ORDER BY id"))
    located = seeded.rows(
        text(
            "SELECT rowid, latitude, longitude FROM catalog_numbers"
            " WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY rowid"
        )
    )
    assert len(located) > SIZE // 2
    assert [entry[0] for entry in entries] == [row[0] for row in located]
    for (_, min_lat, min_lon), (_, lat, lon) in zip(entries, located, strict=True):
        assert abs(min_lat - lat) < 1e-4
        assert abs(min_lon - lon) < 1e-4


async def test_a_worker_process_draws_the_same_catalog() -> None:
    plan = CatalogPlan(seed=11, size=1_200, assigned=frozenset({3, 500, 1_199}), chunk_size=500)
    here = [chunk async for chunk in drawn_chunks(plan, in_worker=False)]
    there = [chunk async for chunk in drawn_chunks(plan, in_worker=True)]
    assert [len(chunk) for chunk in there] == [500, 500, 200]
    assert there == here
    assert [row["state"] for chunk in here for row in chunk].count("assigned") == 3


async def test_seeding_needs_an_empty_database_and_sane_sizes(seeded: Seeded) -> None:
    engine = create_engine(Settings(database_url=str(seeded.db.url)))
    try:
        with pytest.raises(ValueError, match="owned"):
            await seed_demo(engine, size=10, owned=11, now=NOW)
        with pytest.raises(RuntimeError, match="without accounts"):
            await seed_demo(engine, size=10, owned=1, now=NOW)
    finally:
        await engine.dispose()


async def test_postgresql_gets_the_same_demo(postgres_url: str, seeded: Seeded) -> None:
    await databases.truncate_postgres(postgres_url)
    indexes_before = await _pg_indexes(postgres_url)
    try:
        credentials, _, _, _ = await _seed(postgres_url, size=500, owned=20)
        balances, sums = await _pg_balances_and_ledger_sums(postgres_url)
        indexes_after = await _pg_indexes(postgres_url)
    finally:
        await databases.truncate_postgres(postgres_url)
    assert credentials == seeded.credentials
    assert balances == sums
    assert indexes_after == indexes_before


async def _pg_indexes(url: str) -> list[Any]:
    query = text(
        "SELECT indexname, indexdef FROM pg_indexes"
        " WHERE tablename = 'catalog_numbers' ORDER BY indexname"
    )
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(query)).all())
    finally:
        await engine.dispose()


async def _pg_balances_and_ledger_sums(url: str) -> tuple[dict[str, int], dict[str, int]]:
    sums = select(ledger_entries.c.account_sid, func.sum(ledger_entries.c.amount_minor))
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as conn:
            balances = await conn.execute(select(accounts.c.sid, accounts.c.balance_minor))
            totals = await conn.execute(sums.group_by(ledger_entries.c.account_sid))
            return _as_dict(balances.all()), _as_dict(totals.all())
    finally:
        await engine.dispose()


def _as_dict(rows: Sequence[Any]) -> dict[str, int]:
    return {str(key): int(value) for key, value in rows}
