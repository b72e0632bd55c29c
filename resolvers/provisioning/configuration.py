"""Number configuration changes: validation and the column values they write.

A change field left ``UNCHANGED`` keeps the stored value; ``None`` clears it. Rules
(REFERENCE.md, Configuration): absolute http(s) URLs [21402]; a fallback URL needs a primary
URL [21405 voice, 21406 sms/mms]; URLs may not point to loopback, private or other non-public
hosts unless the request's URL policy allows them (resolvers/core/url_policy.py) [21402];
SMS/MMS settings need the
capability [21407]; applications and trunks must belong to the account [21420]; setting a
trunk clears the voice application and setting a voice application clears the trunk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.core.errors import GatewayError, InvalidInput
from resolvers.core.naming import MAX_FRIENDLY_NAME
from resolvers.core.phone import national_format
from resolvers.core.tables import applications, trunks
from resolvers.core.unchanged import UNCHANGED
from resolvers.core.url_policy import HOW_TO_ALLOW, UrlPolicy
from resolvers.provisioning.regulatory import owned_address

MAX_URL = 500


@dataclass(frozen=True)
class RoutingChange:
    url: Any = UNCHANGED
    method: Any = UNCHANGED
    fallback_url: Any = UNCHANGED
    fallback_method: Any = UNCHANGED
    application_sid: Any = UNCHANGED


@dataclass(frozen=True)
class VoiceChange(RoutingChange):
    trunk_sid: Any = UNCHANGED
    emergency_status: Any = UNCHANGED
    emergency_address_sid: Any = UNCHANGED
    receive_mode: Any = UNCHANGED
    caller_id_lookup: Any = UNCHANGED


@dataclass(frozen=True)
class ConfigurationChange:
    friendly_name: Any = UNCHANGED
    status_callback: Any = UNCHANGED
    status_callback_method: Any = UNCHANGED
    voice: VoiceChange | None = None
    sms: RoutingChange | None = None
    mms: RoutingChange | None = None


def is_empty(change: RoutingChange | None) -> bool:
    return change is None or all(getattr(change, f.name) is UNCHANGED for f in fields(change))


async def configuration_columns(
    conn: AsyncConnection,
    *,
    account_sid: str,
    number: Mapping[str, Any],
    current: Mapping[str, Any],
    change: ConfigurationChange,
    field: list[str],
    policy: UrlPolicy,
) -> dict[str, Any]:
    """The owned_numbers column values ``change`` writes, after every rule is checked.

    ``number`` is the catalog row (capabilities); ``current`` the stored configuration
    (empty for a purchase); ``policy`` says where callback URLs may point.
    """
    values: dict[str, Any] = {}
    if change.friendly_name is not UNCHANGED:
        values["friendly_name"] = _friendly_name(
            change.friendly_name, number["phone_number"], [*field, "friendlyName"]
        )
    if change.status_callback is not UNCHANGED:
        values["status_callback"] = _url(change.status_callback, [*field, "statusCallback"], policy)
    if change.status_callback_method is not UNCHANGED:
        values["status_callback_method"] = change.status_callback_method or "POST"
    values |= await _voice(
        conn, account_sid, number, current, change.voice, [*field, "voice"], policy
    )
    for kind, sub in (("sms", change.sms), ("mms", change.mms)):
        values |= await _messaging(
            conn, account_sid, number, current, kind, sub, [*field, kind], policy
        )
    return values


def _friendly_name(value: str | None, phone_number: str, field: list[str]) -> str:
    if value is None or not value.strip():
        return national_format(phone_number)
    if len(value) > MAX_FRIENDLY_NAME:
        raise GatewayError(
            f"must be at most {MAX_FRIENDLY_NAME} characters (got {len(value)})",
            field=field,
            code="FRIENDLY_NAME_TOO_LONG",
        )
    return value


def _url(value: str | None, field: list[str], policy: UrlPolicy) -> str | None:
    if value is None or value == "":
        return None
    if not _is_absolute_http_url(value):
        raise GatewayError(
            f"{value!r} is not an absolute http(s) URL of at most {MAX_URL} characters",
            field=field,
            code="INVALID_URL",
        )
    refusal = policy.refusal(value)
    if refusal is not None:
        raise GatewayError(
            f"{value!r} points to {refusal}; {HOW_TO_ALLOW}", field=field, code="INVALID_URL"
        )
    return value


def _is_absolute_http_url(value: str) -> bool:
    """``urlsplit`` raises on a malformed IPv6 host and silently drops tabs and newlines,
    so both are checked here rather than trusted to it."""
    if len(value) > MAX_URL or any(char.isspace() or not char.isprintable() for char in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _routing_columns(
    prefix: str, change: RoutingChange, field: list[str], policy: UrlPolicy
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if change.url is not UNCHANGED:
        values[f"{prefix}_url"] = _url(change.url, [*field, "url"], policy)
    if change.fallback_url is not UNCHANGED:
        fallback = _url(change.fallback_url, [*field, "fallbackUrl"], policy)
        values[f"{prefix}_fallback_url"] = fallback
    for name in ("method", "fallback_method"):
        value = getattr(change, name)
        if value is not UNCHANGED:
            values[f"{prefix}_{name}"] = value or "POST"
    return values


def _check_fallback(
    prefix: str, current: Mapping[str, Any], values: dict[str, Any], field: list[str], code: str
) -> None:
    def resulting(column: str) -> Any:
        return values[column] if column in values else current.get(column)

    if resulting(f"{prefix}_fallback_url") and not resulting(f"{prefix}_url"):
        raise GatewayError(
            "a fallbackUrl needs a url: set url too, or clear fallbackUrl",
            field=[*field, "fallbackUrl"],
            code=code,
        )


async def _owned_sid(
    conn: AsyncConnection, table: Table, account_sid: str, sid: str | None, field: list[str]
) -> str | None:
    if sid is None:
        return None
    found = await conn.scalar(
        select(table.c.sid).where(table.c.sid == sid, table.c.account_sid == account_sid)
    )
    if found is None:
        kind = "application" if table is applications else "trunk"
        raise GatewayError(
            f"no {kind} {sid!r} belongs to this account", field=field, code="INVALID_APPLICATION"
        )
    return sid


async def _voice(
    conn: AsyncConnection,
    account_sid: str,
    number: Mapping[str, Any],
    current: Mapping[str, Any],
    change: VoiceChange | None,
    field: list[str],
    policy: UrlPolicy,
) -> dict[str, Any]:
    if change is None or is_empty(change):
        return {}
    if not number["voice_capable"]:
        raise InvalidInput("this number has no voice capability", field=field)
    values = _routing_columns("voice", change, field, policy)
    values |= await _voice_routing_target(conn, account_sid, change, field)
    for name, default in (("receive_mode", "VOICE"), ("caller_id_lookup", False)):
        value = getattr(change, name)
        if value is not UNCHANGED:  # null restores the default, as it does for methods
            values[f"voice_{name}"] = default if value is None else value
    values |= await _emergency(conn, account_sid, current, change, field)
    _check_fallback("voice", current, values, field, "FALLBACK_WITHOUT_URL")
    return values


async def _voice_routing_target(
    conn: AsyncConnection, account_sid: str, change: VoiceChange, field: list[str]
) -> dict[str, Any]:
    """Trunk and voice application exclude each other: setting one clears the other."""
    app, trunk = change.application_sid, change.trunk_sid
    if app not in (UNCHANGED, None) and trunk not in (UNCHANGED, None):
        raise InvalidInput(
            "a number routes voice to an application or to a trunk, not both",
            field=[*field, "trunkSid"],
        )
    values: dict[str, Any] = {}
    if app is not UNCHANGED:
        sid = await _owned_sid(conn, applications, account_sid, app, [*field, "applicationSid"])
        values["voice_application_sid"] = sid
        if sid is not None:
            values["trunk_sid"] = None
    if trunk is not UNCHANGED:
        sid = await _owned_sid(conn, trunks, account_sid, trunk, [*field, "trunkSid"])
        values["trunk_sid"] = sid
        if sid is not None:
            values["voice_application_sid"] = None
    return values


async def _emergency(
    conn: AsyncConnection,
    account_sid: str,
    current: Mapping[str, Any],
    change: VoiceChange,
    field: list[str],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if change.emergency_address_sid is not UNCHANGED:
        sid = change.emergency_address_sid
        if sid is not None:
            await owned_address(conn, account_sid, sid, [*field, "emergencyAddressSid"])
        values["emergency_address_sid"] = sid
    if change.emergency_status is not UNCHANGED:
        values["emergency_status"] = change.emergency_status or "INACTIVE"
    status = values.get("emergency_status", current.get("emergency_status", "INACTIVE"))
    address = values.get("emergency_address_sid", current.get("emergency_address_sid"))
    if status == "ACTIVE" and address is None:
        raise InvalidInput(
            "an ACTIVE emergency registration needs an emergencyAddressSid",
            field=[*field, "emergencyStatus"],
        )
    return values


async def _messaging(
    conn: AsyncConnection,
    account_sid: str,
    number: Mapping[str, Any],
    current: Mapping[str, Any],
    kind: str,
    change: RoutingChange | None,
    field: list[str],
    policy: UrlPolicy,
) -> dict[str, Any]:
    if change is None or is_empty(change):
        return {}
    if not number[f"{kind}_capable"]:
        raise GatewayError(
            f"this number has no {kind.upper()} capability",
            field=field,
            code="SMS_NOT_SUPPORTED",
        )
    values = _routing_columns(kind, change, field, policy)
    if change.application_sid is not UNCHANGED:
        values[f"{kind}_application_sid"] = await _owned_sid(
            conn, applications, account_sid, change.application_sid, [*field, "applicationSid"]
        )
    _check_fallback(kind, current, values, field, "SMS_FALLBACK_WITHOUT_URL")
    return values
