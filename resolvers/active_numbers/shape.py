"""The ActiveNumber capability tree as a projection over one joined row.

Every field of API.md's ActiveNumber maps to a column of ``owned_numbers`` (o),
``catalog_numbers`` (c), ``addresses`` (a), ``messaging_services`` (m) or an activity
subquery. ``ACTIVE_NUMBER_FROM`` is the join all of them come from.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select

from resolvers.activity import rule as activity
from resolvers.activity import visible as reclaim_warning
from resolvers.catalog.shape import CAPABILITIES, GEOGRAPHY
from resolvers.core.money import money
from resolvers.core.phone import national_format
from resolvers.core.tables import addresses as a
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import messaging_services as m
from resolvers.core.tables import owned_numbers as o
from resolvers.core.times import as_utc
from resolvers.reads.projection import Derived, Leaf, ObjectShape, ShapeNode, leaves, snake_case

ACTIVE_NUMBER_FROM = (
    o.join(c, c.c.phone_number == o.c.phone_number)
    .outerjoin(a, a.c.sid == o.c.address_sid)
    .outerjoin(m, m.c.sid == o.c.messaging_service_sid)
)


def _time(name: str, column: ColumnElement[Any]) -> tuple[str, Leaf]:
    return name, Leaf(snake_case(name), column, as_utc)


ADDRESS = ObjectShape(
    "address",
    {
        **leaves(
            id=a.c.sid,
            sid=a.c.sid,
            friendlyName=a.c.friendly_name,
            customerName=a.c.customer_name,
            street=a.c.street,
            city=a.c.city,
            region=a.c.region,
            postalCode=a.c.postal_code,
            isoCountry=a.c.iso_country,
        ),
        **dict([_time("createdAt", a.c.created_at)]),
    },
    present_when=a.c.sid,
    typename="Address",
)

REGULATORY = ObjectShape(
    "regulatory",
    {
        **leaves(
            addressRequirements=c.c.address_requirements,
            identityRequired=c.c.identity_required,
            identitySid=o.c.identity_sid,
        ),
        "address": ADDRESS,
    },
)


def _routing(prefix: str) -> dict[str, ShapeNode]:
    cols = o.c
    return leaves(
        url=cols[f"{prefix}_url"],
        method=cols[f"{prefix}_method"],
        fallbackUrl=cols[f"{prefix}_fallback_url"],
        fallbackMethod=cols[f"{prefix}_fallback_method"],
    )


VOICE_CONFIGURATION = ObjectShape(
    "voice",
    {
        **_routing("voice"),
        **leaves(
            applicationSid=o.c.voice_application_sid,
            trunkSid=o.c.trunk_sid,
            emergencyStatus=o.c.emergency_status,
            emergencyAddressSid=o.c.emergency_address_sid,
            receiveMode=o.c.voice_receive_mode,
            callerIdLookup=o.c.voice_caller_id_lookup,
        ),
    },
)

CONFIGURATION = ObjectShape(
    "configuration",
    {
        **leaves(
            statusCallback=o.c.status_callback, statusCallbackMethod=o.c.status_callback_method
        ),
        "voice": VOICE_CONFIGURATION,
        "sms": ObjectShape(
            "sms", {**_routing("sms"), **leaves(applicationSid=o.c.sms_application_sid)}
        ),
        "mms": ObjectShape(
            "mms", {**_routing("mms"), **leaves(applicationSid=o.c.mms_application_sid)}
        ),
    },
)

BILLING = ObjectShape(
    "billing",
    dict(
        [
            ("monthlyFee", Derived("monthly_fee", (o.c.monthly_fee_minor,), money)),
            ("setupFee", Derived("setup_fee", (o.c.setup_fee_minor,), money)),
            _time("purchasedAt", o.c.purchased_at),
            _time("nextBillingDate", o.c.next_billing_date),
            ("status", Leaf("status", o.c.billing_status)),
        ]
    ),
)

ACTIVITY = ObjectShape(
    "activity",
    dict(
        [
            _time("lastActivityAt", activity.last_activity_at),
            ("callsLast30Days", Leaf("calls_last_30_days", activity.calls_last_30_days)),
            (
                "qualifyingCallsLast30Days",
                Leaf("qualifying_calls_last_30_days", activity.qualifying_calls_last_30_days),
            ),
            ("messagesLast30Days", Leaf("messages_last_30_days", activity.messages_last_30_days)),
            ("isActive", Leaf("is_active", activity.is_active, bool)),
            ("reclaimWarningAt", reclaim_warning.RECLAIM_WARNING_AT),
            ("reclaimAfter", reclaim_warning.RECLAIM_AFTER),
        ]
    ),
)

# The pool's size rides in the same statement: a count correlated to the service row (over an
# alias, so that it never correlates to the ActiveNumber row it may be read under).
_pool = o.alias("pool_members")
POOL_SIZE = (
    select(func.count())
    .where(_pool.c.messaging_service_sid == m.c.sid, _pool.c.status == "IN_USE")
    .scalar_subquery()
    .label("pool_size")
)

MESSAGING_SERVICE = ObjectShape(
    "messaging_service",
    {
        **leaves(
            id=m.c.sid,
            sid=m.c.sid,
            accountSid=m.c.account_sid,
            friendlyName=m.c.friendly_name,
            stickySender=m.c.sticky_sender,
            maxPoolSize=m.c.max_pool_size,
            numberCount=POOL_SIZE,
        ),
        **dict([_time("createdAt", m.c.created_at)]),
    },
    present_when=m.c.sid,
    typename="MessagingService",
)

ACTIVE_NUMBER = ObjectShape(
    "active_number",
    {
        **leaves(
            id=o.c.sid,
            sid=o.c.sid,
            accountSid=o.c.account_sid,
            phoneNumber=o.c.phone_number,
            friendlyName=o.c.friendly_name,
            type=c.c.type,
            lifecycle=c.c.lifecycle,
            origin=o.c.origin,
            status=o.c.status,
            beta=c.c.beta,
        ),
        "nationalFormat": Leaf("national_format", o.c.phone_number, national_format),
        "capabilities": CAPABILITIES,
        "regulatory": REGULATORY,
        "geography": GEOGRAPHY,
        "configuration": CONFIGURATION,
        "billing": BILLING,
        "activity": ACTIVITY,
        "messagingService": MESSAGING_SERVICE,
        **dict([_time("createdAt", o.c.created_at), _time("updatedAt", o.c.updated_at)]),
    },
    typename="ActiveNumber",
)
