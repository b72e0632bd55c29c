"""AvailableNumber as a projection over one ``catalog_numbers`` row.

Capabilities and geography are the ActiveNumber shapes (they read only catalog columns). An
available number has no bindings yet: ``regulatory.address`` and ``identitySid`` are null.
"""

from __future__ import annotations

from typing import Any

from resolvers.active_numbers.shape import CAPABILITIES, GEOGRAPHY
from resolvers.money import money
from resolvers.phone import national_format
from resolvers.projection import Derived, Leaf, ObjectShape
from resolvers.tables import catalog_numbers as c


def _null() -> Any:
    return None


REGULATORY = ObjectShape(
    "regulatory",
    {
        "addressRequirements": Leaf("address_requirements", c.c.address_requirements),
        "identityRequired": Leaf("identity_required", c.c.identity_required),
        "address": Derived("address", (), _null),
        "identitySid": Derived("identity_sid", (), _null),
    },
)

PRICING = ObjectShape(
    "pricing",
    {
        "setupFee": Derived("setup_fee", (c.c.setup_fee_minor,), money),
        "monthlyFee": Derived("monthly_fee", (c.c.monthly_fee_minor,), money),
    },
)

AVAILABLE_NUMBER = ObjectShape(
    "available_number",
    {
        "phoneNumber": Leaf("phone_number", c.c.phone_number),
        "friendlyName": Leaf("friendly_name", c.c.phone_number, national_format),
        "nationalFormat": Leaf("national_format", c.c.phone_number, national_format),
        "type": Leaf("type", c.c.type),
        "lifecycle": Leaf("lifecycle", c.c.lifecycle),
        "beta": Leaf("beta", c.c.beta),
        "capabilities": CAPABILITIES,
        "regulatory": REGULATORY,
        "geography": GEOGRAPHY,
        "pricing": PRICING,
    },
)
