"""Signing a letter of authorization through its link (the gateway serves the page).

The token in the link is the only credential: whoever holds it may read and sign that one
letter, nothing else. Opening the letter moves the document OPENED → SIGNING. Signing needs
the signer's name as the address's customer name and the address's postal code (both compared
ignoring case and spacing); then the document is SIGNED and each of its orders still in
PENDING_LOA moves to CARRIER_PROCESSING, due to finish after one business day for a landline
and two for a toll-free number. An unknown token, or a letter that is signed, canceled, failed
or past its 7 days, is refused with a reason the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import accounts, addresses
from resolvers.core.tables import authorization_documents as d
from resolvers.core.tables import hosted_number_orders as h
from resolvers.core.tokens import hash_token
from resolvers.hosted import statuses
from resolvers.hosted.documents import LIVE, OPENED, SIGNED, SIGNING

CARRIER_BUSINESS_DAYS = {"LANDLINE": 1, "TOLLFREE": 2}


class SigningRefused(Exception):
    """The link cannot be used: ``gone`` when it was valid once (signed, expired …)."""

    def __init__(self, message: str, *, gone: bool) -> None:
        super().__init__(message)
        self.message = message
        self.gone = gone


@dataclass(frozen=True)
class Letter:
    sid: str
    account_sid: str
    account_name: str
    customer_name: str
    street: str
    city: str
    region: str
    postal_code: str
    iso_country: str
    email: str
    contact_title: str | None
    expires_at: datetime
    phone_numbers: list[str]


@dataclass(frozen=True)
class Signature:
    name: str
    postal_code: str
    confirmed: bool


def _normalized(value: str) -> str:
    return " ".join(value.split()).casefold()


def _signature_problem(document: Row[Any], signature: Signature) -> str | None:
    if _normalized(signature.name) != _normalized(document.customer_name):
        return "the name must be the customer name of the address on this letter, as printed"
    typed = _normalized(signature.postal_code).replace(" ", "")
    if typed != _normalized(document.postal_code).replace(" ", ""):
        return "the postal code does not match the address on this letter"
    if not signature.confirmed:
        return "tick the box to confirm the address and sign"
    return None


async def _live_document(conn: AsyncConnection, token: str, now: datetime) -> Row[Any]:
    row = (
        await conn.execute(
            select(d, addresses.c.customer_name, addresses.c.postal_code)
            .join(addresses, addresses.c.sid == d.c.address_sid)
            .where(d.c.token_hash == hash_token(token))
        )
    ).first()
    if row is None:
        raise SigningRefused("this signing link is not valid", gone=False)
    if row.status == SIGNED:
        raise SigningRefused(f"this letter was signed already, by {row.signer_name}", gone=True)
    if row.status not in LIVE:
        raise SigningRefused(
            f"this letter is {row.status.lower()}: it can no longer be signed", gone=True
        )
    if row.expires_at <= now:
        raise SigningRefused("this letter expired: letters must be signed within 7 days", gone=True)
    return row


async def open_letter(conn: AsyncConnection, token: str, now: datetime) -> Letter:
    """The letter to show; the first opening moves the document to SIGNING."""
    document = await _live_document(conn, token, now)
    await conn.execute(
        d.update()
        .where(d.c.sid == document.sid, d.c.status == OPENED)
        .values(status=SIGNING, updated_at=now)
    )
    return await _letter(conn, document)


async def _letter(conn: AsyncConnection, document: Row[Any]) -> Letter:
    address = (
        await conn.execute(select(addresses).where(addresses.c.sid == document.address_sid))
    ).one()
    account_name = await conn.scalar(
        select(accounts.c.friendly_name).where(accounts.c.sid == document.account_sid)
    )
    numbers = await conn.scalars(
        select(h.c.phone_number)
        .where(h.c.document_sid == document.sid, h.c.status.not_in(statuses.FINAL))
        .order_by(h.c.phone_number)
    )
    return Letter(
        sid=document.sid,
        account_sid=document.account_sid,
        account_name=str(account_name),
        customer_name=address.customer_name,
        street=address.street,
        city=address.city,
        region=address.region,
        postal_code=address.postal_code,
        iso_country=address.iso_country,
        email=document.email,
        contact_title=document.contact_title,
        expires_at=document.expires_at,
        phone_numbers=list(numbers),
    )


async def sign_letter(
    conn: AsyncConnection, token: str, signature: Signature, now: datetime
) -> tuple[Letter, str | None]:
    """Sign; returns the letter and None, or the letter and why the signature was refused
    (the page shows the form again with it). Raises SigningRefused for a dead link."""
    document = await _live_document(conn, token, now)
    letter = await _letter(conn, document)
    problem = _signature_problem(document, signature)
    if problem is not None:
        return letter, problem
    signed = await conn.execute(
        d.update()
        .where(d.c.sid == document.sid, d.c.status.in_(LIVE))
        .values(
            status=SIGNED,
            signer_name=" ".join(signature.name.split()),
            signed_at=now,
            updated_at=now,
        )
    )
    if signed.rowcount != 1:
        raise SigningRefused("this letter was signed already", gone=True)
    await _start_carrier_processing(conn, document.sid, now)
    return letter, None


async def _start_carrier_processing(
    conn: AsyncConnection, document_sid: str, now: datetime
) -> None:
    orders = (
        await conn.execute(
            select(h).where(h.c.document_sid == document_sid, h.c.status == statuses.PENDING_LOA)
        )
    ).all()
    for line_type, days in CARRIER_BUSINESS_DAYS.items():
        await conn.execute(
            h.update()
            .where(
                h.c.document_sid == document_sid,
                h.c.status == statuses.PENDING_LOA,
                h.c.line_type == line_type,
            )
            .values(
                status=statuses.CARRIER_PROCESSING,
                deadline_at=statuses.add_business_days(now, days),
                updated_at=now,
            )
        )
    for order in orders:
        await statuses.status_event(
            conn, order, statuses.PENDING_LOA, statuses.CARRIER_PROCESSING, now
        )
