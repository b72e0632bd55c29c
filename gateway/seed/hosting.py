"""Carrier data for a few numbers the demo accounts can try to host (README, Hosted numbers).

555-01xx numbers are reserved for fiction, so none of them is a real subscriber's.
"""

from __future__ import annotations

from gateway.seed.rows import Row

# (number, line type, carrier, messaging-enabled elsewhere, verified caller ID)
HOSTABLE = (
    ("+12125550100", "LANDLINE", "Verizon New York", False, False),
    ("+12125550101", "LANDLINE", "Verizon New York", False, False),
    ("+13125550102", "LANDLINE", "AT&T Illinois", False, False),
    ("+14165550103", "LANDLINE", "Bell Canada", False, False),
    ("+18885550104", "TOLLFREE", "Lumen", False, False),
    ("+14155550105", "LANDLINE", "Pacific Bell", False, True),  # skips the verification call
    ("+14155550106", "MOBILE", "T-Mobile USA", True, False),  # refused: mobile [22110]
    ("+16175550107", "LANDLINE", "Verizon Massachusetts", True, False),  # refused: SMS elsewhere
)


def hostable_lookup_rows() -> list[Row]:
    return [
        {
            "phone_number": number,
            "number_type": kind,
            "carrier_name": carrier,
            "messaging_enabled": messaging,
            "verified_caller_id": verified,
        }
        for number, kind, carrier, messaging, verified in HOSTABLE
    ]
