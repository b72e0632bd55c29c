"""``ActiveNumberFilter``: plain values in, SQL conditions out (bound parameters only).

Every check that can fail names the filter field it concerns (``filter.geography.near…``).
Enum values arrive as their GraphQL names, which is how the tables store them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, func, not_, or_

from resolvers.activity.rule import is_active_condition
from resolvers.core.enums import ActiveNumberStatus
from resolvers.core.errors import InvalidInput
from resolvers.core.phone import check_iso_country, parse_e164
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.reads.geography import NearFilter, near_conditions

DEFAULT_STATUSES = (ActiveNumberStatus.IN_USE,)
# The read's "now" (``filter_params``): RELEASED means released and still restorable by its
# last owner (issue 13, item 9); an expired release is read in releasedNumbers instead.
READ_AT = bindparam("read_at", type_=o.c.restorable_until.type)
_PARTIAL_NUMBER = re.compile(r"^\+?[0-9*]{1,15}$")


@dataclass(frozen=True)
class VoiceCapabilityFilter:
    capable: bool | None = None
    e911: bool | None = None
    fax: bool | None = None
    sip_trunking: bool | None = None
    inbound_caller_id_preservation: list[str] | None = None
    inbound_reachability: list[str] | None = None


@dataclass(frozen=True)
class SmsCapabilityFilter:
    capable: bool | None = None
    gsm7: bool | None = None
    ucs2: bool | None = None
    inbound_sender_id_preservation: list[str] | None = None
    inbound_reachability: list[str] | None = None


@dataclass(frozen=True)
class MmsCapabilityFilter:
    capable: bool | None = None
    inbound_reachability: list[str] | None = None


@dataclass(frozen=True)
class FloatRange:
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class GeographyFilter:
    iso_country: str | None = None
    lata: str | None = None
    rate_center: str | None = None
    region: str | None = None
    locality: str | None = None
    postal_code: str | None = None
    latitude: FloatRange | None = None
    longitude: FloatRange | None = None
    near: NearFilter | None = None


@dataclass(frozen=True)
class ActiveNumberFilter:
    phone_number: str | None = None
    friendly_name: str | None = None
    type: list[str] | None = None
    lifecycle: list[str] | None = None
    origin: list[str] | None = None
    status: list[str] | None = None
    address_requirements: list[str] | None = None
    voice: VoiceCapabilityFilter | None = None
    sms: SmsCapabilityFilter | None = None
    mms: MmsCapabilityFilter | None = None
    geography: GeographyFilter | None = None
    trunk_sid: str | None = None
    inactive: bool | None = None
    beta: bool | None = None


def filter_conditions(
    flt: ActiveNumberFilter | None, dialect: str, *, walk: bool = False
) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``flt`` (the default status filter included); ``dialect``
    picks the spatial index a ``near`` search goes through; ``walk``: none, for the
    page-order walk (``near_walk.py``), which tests the circle row by row."""
    flt = flt or ActiveNumberFilter()
    conditions = [status_condition(flt)]
    conditions += _in_lists(flt)
    if flt.phone_number is not None:
        conditions.append(_phone_number(flt.phone_number))
    if flt.friendly_name is not None:
        pattern = "%" + _escape_like(flt.friendly_name.lower()) + "%"
        conditions.append(func.lower(o.c.friendly_name).like(pattern, escape="\\"))
    if flt.trunk_sid is not None:
        conditions.append(o.c.trunk_sid == flt.trunk_sid)
    if flt.beta is not None:
        conditions.append(c.c.beta.is_(flt.beta))
    if flt.inactive is not None:
        active = is_active_condition()
        conditions.append(not_(active) if flt.inactive else active)
    conditions += _voice(flt.voice) + _sms(flt.sms) + _mms(flt.mms)
    conditions += _geography(flt.geography, dialect, walk)
    return conditions


def filter_params(now: datetime) -> dict[str, Any]:
    """The bound parameters ``filter_conditions`` may use."""
    return {"read_at": now}


def status_condition(flt: ActiveNumberFilter | None) -> ColumnElement[bool]:
    """The statuses ``flt`` asks for (IN_USE by default)."""
    statuses = flt.status if flt is not None and flt.status is not None else None
    return _status(statuses if statuses is not None else list(DEFAULT_STATUSES))


def _status(statuses: list[str]) -> ColumnElement[bool]:
    released = ActiveNumberStatus.RELEASED
    if released not in statuses:
        return _one_of(statuses)
    restorable = and_(o.c.status == released, o.c.restorable_until > READ_AT)
    others = [status for status in statuses if status != released]
    return or_(_one_of(others), restorable) if others else restorable


def _one_of(statuses: list[str]) -> ColumnElement[bool]:
    """One status (the default IN_USE) is an equality: an IN list is rendered again at every
    execution of a kept statement (SQLAlchemy's expanding parameter)."""
    if len(set(statuses)) == 1:
        return o.c.status == statuses[0]
    return o.c.status.in_(statuses)


def _in_lists(flt: ActiveNumberFilter) -> list[ColumnElement[bool]]:
    pairs: list[tuple[Any, list[str] | None]] = [
        (c.c.type, flt.type),
        (c.c.lifecycle, flt.lifecycle),
        (o.c.origin, flt.origin),
        (c.c.address_requirements, flt.address_requirements),
    ]
    return [column.in_(values) for column, values in pairs if values is not None]


def _phone_number(value: str) -> ColumnElement[bool]:
    """Exact E.164, or a partial number where ``*`` is any one digit.

    With a leading ``+`` and no ``*`` it must be a valid E.164 number; with a ``*`` the
    pattern covers the whole number; digits alone match anywhere in the number.
    """
    field = ["filter", "phoneNumber"]
    if value.startswith("+") and "*" not in value:
        return o.c.phone_number == parse_e164(value, field)
    if not _PARTIAL_NUMBER.match(value):
        raise InvalidInput(
            f"{value!r} is neither an E.164 number nor a partial number "
            "(digits, an optional leading +, and * for any one digit)",
            field=field,
        )
    pattern = value.replace("*", "_")
    if not value.startswith("+"):
        pattern = "%" + pattern + "%"
    return o.c.phone_number.like(pattern)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _flags(pairs: list[tuple[Any, bool | None]]) -> list[ColumnElement[bool]]:
    return [column.is_(value) for column, value in pairs if value is not None]


def _implies_capable(
    conditions: list[ColumnElement[bool]], capable: Any, requested: bool | None
) -> list[ColumnElement[bool]]:
    """A detail filter (``e911: true``) only matches numbers that have the capability at all."""
    details = len(conditions) - (requested is not None)
    if details and requested is None:
        conditions.append(capable.is_(True))
    return conditions


def _voice(flt: VoiceCapabilityFilter | None) -> list[ColumnElement[bool]]:
    if flt is None:
        return []
    conditions = _flags(
        [
            (c.c.voice_capable, flt.capable),
            (c.c.voice_e911, flt.e911),
            (c.c.voice_fax, flt.fax),
            (c.c.voice_sip_trunking, flt.sip_trunking),
        ]
    )
    if flt.inbound_caller_id_preservation is not None:
        conditions.append(c.c.voice_caller_id_preservation.in_(flt.inbound_caller_id_preservation))
    if flt.inbound_reachability is not None:
        conditions.append(c.c.voice_inbound_reachability.in_(flt.inbound_reachability))
    return _implies_capable(conditions, c.c.voice_capable, flt.capable)


def _sms(flt: SmsCapabilityFilter | None) -> list[ColumnElement[bool]]:
    if flt is None:
        return []
    conditions = _flags(
        [(c.c.sms_capable, flt.capable), (c.c.sms_gsm7, flt.gsm7), (c.c.sms_ucs2, flt.ucs2)]
    )
    if flt.inbound_sender_id_preservation is not None:
        conditions.append(c.c.sms_sender_id_preservation.in_(flt.inbound_sender_id_preservation))
    if flt.inbound_reachability is not None:
        conditions.append(c.c.sms_inbound_reachability.in_(flt.inbound_reachability))
    return _implies_capable(conditions, c.c.sms_capable, flt.capable)


def _mms(flt: MmsCapabilityFilter | None) -> list[ColumnElement[bool]]:
    if flt is None:
        return []
    conditions = _flags([(c.c.mms_capable, flt.capable)])
    if flt.inbound_reachability is not None:
        conditions.append(c.c.mms_inbound_reachability.in_(flt.inbound_reachability))
    return _implies_capable(conditions, c.c.mms_capable, flt.capable)


def _geography(flt: GeographyFilter | None, dialect: str, walk: bool) -> list[ColumnElement[bool]]:
    if flt is None:
        return []
    conditions: list[ColumnElement[bool]] = []
    if flt.iso_country is not None:
        field = ["filter", "geography", "isoCountry"]
        conditions.append(c.c.iso_country == check_iso_country(flt.iso_country, field))
    exact = [
        (c.c.lata, flt.lata),
        (c.c.rate_center, flt.rate_center),
        (c.c.postal_code, flt.postal_code),
    ]
    conditions += [column == value for column, value in exact if value is not None]
    for column, value in ((c.c.region, flt.region), (c.c.locality, flt.locality)):
        if value is not None:
            conditions.append(func.lower(column) == value.lower())
    conditions += _range(c.c.latitude, flt.latitude) + _range(c.c.longitude, flt.longitude)
    if flt.near is not None:
        field = ["filter", "geography", "near"]
        conditions += near_conditions(flt.near, field, dialect, indexed=not walk)
    return conditions


def _range(column: Any, bounds: FloatRange | None) -> list[ColumnElement[bool]]:
    if bounds is None:
        return []
    conditions = []
    if bounds.min is not None:
        conditions.append(column >= bounds.min)
    if bounds.max is not None:
        conditions.append(column <= bounds.max)
    return conditions
