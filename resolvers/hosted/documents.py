"""Authorization documents (letters of authorization, LoA): creation and cancellation.

A document names 1 to 15,000 orders of one account, each in PENDING_LOA and on no other
document, all at the document's address [22101 / HOSTED_ADDRESS_MISMATCH]. It starts OPENED
with a signing link: a random token that is shown once (``signingUrl`` in the creation payload)
and stored only as its SHA-256. Opening the link moves it to SIGNING, signing it (signing.py)
to SIGNED. It must be signed within 7 days (timers.py fails it and its orders); when every
order on it is canceled it is CANCELED.

15,000 orders are checked and attached in chunks of ``CHUNK`` sids per statement, well under
the bound-parameter limits of SQLite and asyncpg.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, NotFound
from resolvers.core.sids import is_sid, new_sid
from resolvers.core.tables import authorization_documents as d
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.tokens import hash_token
from resolvers.hosted import contacts, statuses
from resolvers.hosted.statuses import FINAL, LOA_WINDOW
from resolvers.provisioning.regulatory import owned_address

MAX_ORDERS = 15_000
CHUNK = 1_000
SIGNING_PATH = "/sign/"


class AuthorizationDocumentStatus(StrEnum):
    OPENED = "OPENED"
    SIGNING = "SIGNING"
    SIGNED = "SIGNED"
    CANCELED = "CANCELED"
    FAILED = "FAILED"


# The members under their bare names, as the hosted modules spell them.
OPENED = AuthorizationDocumentStatus.OPENED
SIGNING = AuthorizationDocumentStatus.SIGNING
SIGNED = AuthorizationDocumentStatus.SIGNED
CANCELED = AuthorizationDocumentStatus.CANCELED
FAILED = AuthorizationDocumentStatus.FAILED
LIVE = (OPENED, SIGNING)
INPUT = ["input"]
SIDS_FIELD = [*INPUT, "hostedNumberOrderSids"]


@dataclass(frozen=True)
class NewAuthorizationDocument:
    hosted_number_order_sids: Sequence[str]
    address_sid: str
    email: str
    cc_emails: Sequence[str] | None = None
    contact_title: str | None = None
    contact_phone_number: str | None = None


@dataclass(frozen=True)
class CreatedDocument:
    sid: str
    signing_url: str  # a path on this gateway; the token in it is shown only once


def _invalid_sids(message: str, index: int | None = None) -> GatewayError:
    field = SIDS_FIELD if index is None else [*SIDS_FIELD, str(index)]
    return GatewayError(message, field=field, code="HOSTED_INVALID_ORDER_SIDS")


def _check_sid_list(sids: Sequence[str]) -> None:
    if not sids:
        raise _invalid_sids("name at least one hosted number order (HR…)")
    if len(sids) > MAX_ORDERS:
        raise _invalid_sids(f"at most {MAX_ORDERS:,} orders per document (got {len(sids):,})")
    seen: set[str] = set()
    for index, sid in enumerate(sids):
        if not is_sid(sid, "HR"):
            raise _invalid_sids(f"{sid!r} is not a hosted number order sid (HR…)", index)
        if sid in seen:
            raise _invalid_sids(f"{sid} is named twice", index)
        seen.add(sid)


async def _check_orders(
    conn: AsyncConnection, account_sid: str, sids: Sequence[str], address_sid: str
) -> None:
    """Every order is the account's, in PENDING_LOA, on no document, at ``address_sid``."""
    position = {sid: index for index, sid in enumerate(sids)}
    for start in range(0, len(sids), CHUNK):
        chunk = sids[start : start + CHUNK]
        rows = await conn.execute(
            select(h.c.sid, h.c.status, h.c.document_sid, h.c.address_sid).where(
                h.c.sid.in_(chunk), h.c.account_sid == account_sid
            )
        )
        found = {row.sid: row for row in rows}
        for sid in chunk:
            row = found.get(sid)
            if row is None:
                raise NotFound(
                    f"no hosted number order {sid!r} of this account is visible to you",
                    field=[*SIDS_FIELD, str(position[sid])],
                )
            _check_order(row, position[sid], address_sid)


def _check_order(row: Any, index: int, address_sid: str) -> None:
    if row.status != statuses.PENDING_LOA:
        raise _invalid_sids(
            f"order {row.sid} is {row.status}; a letter of authorization takes only orders "
            "in PENDING_LOA",
            index,
        )
    if row.document_sid is not None:
        raise _invalid_sids(f"order {row.sid} is on document {row.document_sid} already", index)
    if row.address_sid != address_sid:
        raise GatewayError(
            f"order {row.sid} is for address {row.address_sid}, not {address_sid}: one letter "
            "covers the numbers of one address",
            field=[*SIDS_FIELD, str(index)],
            code="HOSTED_ADDRESS_MISMATCH",
        )


async def create_document(
    conn: AsyncConnection, account_sid: str, document: NewAuthorizationDocument, now: datetime
) -> CreatedDocument:
    sids = list(document.hosted_number_order_sids)
    _check_sid_list(sids)
    await owned_address(conn, account_sid, document.address_sid, [*INPUT, "addressSid"])
    values = {
        "email": contacts.email(document.email, [*INPUT, "email"]),
        "cc_emails": contacts.cc_emails(document.cc_emails, [*INPUT, "ccEmails"]),
        "contact_title": contacts.contact_title(document.contact_title, [*INPUT, "contactTitle"]),
        "contact_phone_number": contacts.contact_phone(
            document.contact_phone_number, [*INPUT, "contactPhoneNumber"]
        ),
    }
    await _custom_plans(conn)
    await _check_orders(conn, account_sid, sids, document.address_sid)
    sid, token = new_sid("PX"), secrets.token_urlsafe(32)
    expires_at = now + LOA_WINDOW
    await conn.execute(
        d.insert().values(
            sid=sid,
            account_sid=account_sid,
            address_sid=document.address_sid,
            status=OPENED,
            token_hash=hash_token(token),
            order_count=len(sids),
            expires_at=expires_at,
            created_at=now,
            updated_at=now,
            **values,
        )
    )
    await _attach(conn, sid, sids, expires_at, now)
    return CreatedDocument(sid, SIGNING_PATH + token)


async def _custom_plans(conn: AsyncConnection) -> None:
    """PostgreSQL plans a prepared statement generically after its fifth run, without the
    values: for ``sid IN (1,000 parameters) AND …`` that generic plan scans the account's
    rows comparing each with every parameter (seconds per chunk, measured). Planning each
    chunk with its values keeps the primary-key lookups (milliseconds)."""
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


async def _attach(
    conn: AsyncConnection, sid: str, sids: list[str], expires_at: datetime, now: datetime
) -> None:
    """Put the orders on the document; their deadline becomes the document's."""
    attached = 0
    for start in range(0, len(sids), CHUNK):
        result = await conn.execute(
            h.update()
            .where(
                h.c.sid.in_(sids[start : start + CHUNK]),
                h.c.status == statuses.PENDING_LOA,
                h.c.document_sid.is_(None),
            )
            .values(document_sid=sid, deadline_at=expires_at, updated_at=now)
        )
        attached += result.rowcount
    if attached != len(sids):  # another request moved one of them meanwhile: nothing happens
        raise _invalid_sids("some orders changed while the document was being created; retry")


async def cancel_if_empty(conn: AsyncConnection, document_sid: str, now: datetime) -> None:
    """CANCELED once no order on the document is still open."""
    open_orders = await conn.scalar(
        select(func.count()).where(h.c.document_sid == document_sid, h.c.status.not_in(FINAL))
    )
    if not open_orders:
        await conn.execute(
            d.update()
            .where(d.c.sid == document_sid, d.c.status.in_(LIVE))
            .values(
                status=CANCELED, failure_reason="every order on it was canceled", updated_at=now
            )
        )
