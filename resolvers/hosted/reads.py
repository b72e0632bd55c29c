"""Look-ahead reads of hosted number orders and authorization documents: one statement per
root field (plus a count when ``totalCount`` is selected), oldest first, keyset-paged.

Order reads take the clock's ``now``: the verification code is shown only once the simulated
call has reached the number (``calledAt`` ≤ now)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, null
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.tables import authorization_documents as d
from resolvers.core.tables import hosted_number_orders as h
from resolvers.hosted.contacts import read_cc_emails
from resolvers.reads.keyset_pages import Listing, read_page
from resolvers.reads.pagination import SortKey
from resolvers.reads.projection import Derived, Leaf, ObjectShape, leaves, time_leaves
from resolvers.reads.row_reads import read_one
from resolvers.reads.selection import SelectionTree

SMS_CONFIGURATION = ObjectShape(
    "sms_configuration",
    leaves(
        url=h.c.sms_url,
        method=h.c.sms_method,
        fallbackUrl=h.c.sms_fallback_url,
        fallbackMethod=h.c.sms_fallback_method,
        applicationSid=h.c.sms_application_sid,
    ),
)

# The code is heard only once the call reaches the number: hidden while calledAt is ahead.
NOW = bindparam("hosted_reads_now", type_=h.c.verification_called_at.type)
PLAYED_CODE = case((h.c.verification_called_at <= NOW, h.c.verification_code), else_=null())
VERIFICATION_CALL = ObjectShape(
    "verification_call",
    {
        **time_leaves(calledAt=h.c.verification_called_at),
        **leaves(
            callDelay=h.c.verification_call_delay,
            extension=h.c.verification_extension,
            code=PLAYED_CODE,
            callCount=h.c.verification_calls,
        ),
    },
    present_when=h.c.verification_called_at,
)

HOSTED_NUMBER_ORDER = ObjectShape(
    "hosted_number_order",
    {
        **leaves(
            id=h.c.sid,
            sid=h.c.sid,
            accountSid=h.c.account_sid,
            phoneNumber=h.c.phone_number,
            friendlyName=h.c.friendly_name,
            isoCountry=h.c.iso_country,
            lineType=h.c.line_type,
            status=h.c.status,
            failureReason=h.c.failure_reason,
            addressSid=h.c.address_sid,
            email=h.c.email,
            contactPhoneNumber=h.c.contact_phone_number,
            contactTitle=h.c.contact_title,
            statusCallbackUrl=h.c.status_callback_url,
            statusCallbackMethod=h.c.status_callback_method,
            verificationAttempts=h.c.verification_attempts,
            authorizationDocumentSid=h.c.document_sid,
            activeNumberSid=h.c.active_number_sid,
        ),
        "ccEmails": Leaf("cc_emails", h.c.cc_emails, read_cc_emails),
        "smsConfiguration": SMS_CONFIGURATION,
        "verificationCall": VERIFICATION_CALL,
        **time_leaves(
            deadlineAt=h.c.deadline_at, createdAt=h.c.created_at, updatedAt=h.c.updated_at
        ),
    },
    typename="HostedNumberOrder",
)

AUTHORIZATION_DOCUMENT = ObjectShape(
    "authorization_document",
    {
        **leaves(
            id=d.c.sid,
            sid=d.c.sid,
            accountSid=d.c.account_sid,
            addressSid=d.c.address_sid,
            status=d.c.status,
            email=d.c.email,
            contactTitle=d.c.contact_title,
            contactPhoneNumber=d.c.contact_phone_number,
            orderCount=d.c.order_count,
            signerName=d.c.signer_name,
            failureReason=d.c.failure_reason,
        ),
        "ccEmails": Leaf("cc_emails", d.c.cc_emails, read_cc_emails),
        # the token is stored hashed: only the creation payload can show the link
        "signingUrl": Derived("signing_url", (), lambda: None),
        **time_leaves(
            signedAt=d.c.signed_at,
            expiresAt=d.c.expires_at,
            createdAt=d.c.created_at,
            updatedAt=d.c.updated_at,
        ),
    },
    typename="AuthorizationDocument",
)

ORDERS = Listing(h, HOSTED_NUMBER_ORDER, SortKey("CREATED_AT", h.c.created_at, h.c.sid, True))
DOCUMENTS = Listing(d, AUTHORIZATION_DOCUMENT, SortKey("CREATED_AT", d.c.created_at, d.c.sid, True))


def _at(now: datetime) -> dict[str, Any]:
    return {NOW.key: now}


async def get_order(
    conn: AsyncConnection,
    sid: str,
    owners: ColumnElement[bool],
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any] | None:
    return await read_one(
        conn, HOSTED_NUMBER_ORDER, selection, h.c.sid, h.c.sid == sid, owners, params=_at(now)
    )


async def get_document(
    conn: AsyncConnection, sid: str, owners: ColumnElement[bool], selection: SelectionTree
) -> dict[str, Any] | None:
    return await read_one(conn, AUTHORIZATION_DOCUMENT, selection, d.c.sid, d.c.sid == sid, owners)


async def list_orders(
    conn: AsyncConnection,
    account_sid: str,
    status: Sequence[str] | None,
    document_sid: str | None,
    page: tuple[int | None, str | None],
    selection: SelectionTree,
    now: datetime,
) -> dict[str, Any]:
    where = [h.c.account_sid == account_sid]
    if status:
        where.append(h.c.status.in_(list(status)))
    if document_sid is not None:
        where.append(h.c.document_sid == document_sid)
    return await read_page(conn, ORDERS, where, page[0], page[1], selection, _at(now))


async def list_documents(
    conn: AsyncConnection,
    account_sid: str,
    first: int | None,
    after: str | None,
    selection: SelectionTree,
) -> dict[str, Any]:
    where = [d.c.account_sid == account_sid]
    return await read_page(conn, DOCUMENTS, where, first, after, selection)
