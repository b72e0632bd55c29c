"""Carrier data for a few numbers the demo accounts can try to host (README, Hosted numbers).

555-01xx numbers are reserved for fiction, so none of them is a real subscriber's.
"""

from __future__ import annotations

from datetime import datetime

from gateway.seed.rows import Row

# (number, line type, carrier, messaging-enabled elsewhere)
HOSTABLE = (
    ("+12125550100", "LANDLINE", "Verizon New York", False),
    ("+12125550101", "LANDLINE", "Verizon New York", False),
    ("+13125550102", "LANDLINE", "AT&T Illinois", False),
    ("+14165550103", "LANDLINE", "Bell Canada", False),
    ("+18885550104", "TOLLFREE", "Lumen", False),
    ("+14155550105", "LANDLINE", "Pacific Bell", False),
    ("+14155550106", "MOBILE", "T-Mobile USA", True),  # refused: mobile [22110]
    ("+16175550107", "LANDLINE", "Verizon Massachusetts", True),  # refused: SMS elsewhere
)
# A verified caller ID of the demo (parent) account: its order skips the verification call.
DEMO_VERIFIED_CALLER_ID = "+14155550105"


def hostable_lookup_rows() -> list[Row]:
    return [
        {
            "phone_number": number,
            "number_type": kind,
            "carrier_name": carrier,
            "messaging_enabled": messaging,
        }
        for number, kind, carrier, messaging in HOSTABLE
    ]


def verified_caller_id_rows(account_sid: str, now: datetime) -> list[Row]:
    return [
        {"phone_number": DEMO_VERIFIED_CALLER_ID, "account_sid": account_sid, "created_at": now}
    ]
