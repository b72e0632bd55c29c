"""Twilio-shaped identifiers: a two-letter prefix plus 32 lowercase hex digits."""

from __future__ import annotations

import re
import secrets

SID_PREFIXES = {
    "AC": "Account",
    "PN": "ActiveNumber",
    "AD": "Address",
    "MG": "MessagingService",
    "TX": "Transaction",
    "RI": "IdentityDocument",
    "AP": "Application",
    "TK": "Trunk",
    "HR": "HostedNumberOrder",
    "PX": "AuthorizationDocument",
    "EV": "NumberEvent",
    "NO": "NumberOrder",
}

_SID_SHAPE = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def is_sid(value: str, prefix: str | None = None) -> bool:
    if not _SID_SHAPE.match(value):
        return False
    return prefix is None or value.startswith(prefix)


def new_auth_token() -> str:
    return secrets.token_hex(16)
