"""The terms a catalog number is offered on: price, lifecycle stage and regulatory needs.

Prices are USD minor units, as a provider bills a US account for numbers of any country.
"""

from __future__ import annotations

import random

from gateway.seed.draws import pick

# (iso_country, type) -> (setup fee, monthly fee)
PRICES: dict[tuple[str, str], tuple[int, int]] = {
    ("US", "LOCAL"): (0, 115),
    ("US", "TOLLFREE"): (0, 215),
    ("CA", "LOCAL"): (0, 115),
    ("CA", "TOLLFREE"): (0, 215),
    ("GB", "LOCAL"): (0, 100),
    ("GB", "MOBILE"): (100, 115),
    ("GB", "TOLLFREE"): (0, 200),
}

# cumulative thresholds over rng.random(): mostly generally available
LIFECYCLES = (
    (0.92, "GENERALLY_AVAILABLE"),
    (0.97, "BETA"),
    (0.985, "DEVELOPER_PREVIEW"),
    (1.0, "PRIVATE_OFFERING"),
)


def price(iso_country: str, number_type: str) -> tuple[int, int]:
    return PRICES[(iso_country, number_type)]


def draw_lifecycle(rng: random.Random) -> tuple[str, bool]:
    """(lifecycle, beta); only BETA numbers carry the beta flag."""
    lifecycle = pick(LIFECYCLES, rng.random())
    return lifecycle, lifecycle == "BETA"


def draw_regulatory(rng: random.Random, iso_country: str, number_type: str) -> tuple[str, bool]:
    """(address_requirements, identity_required).

    GB geographic numbers need an address in the UK and mobiles one anywhere, some with an
    identity document; a share of Canadian locals need a Canadian address; US numbers
    rarely need any.
    """
    draw = rng.random()
    if iso_country == "GB":
        requirement = "LOCAL" if number_type == "LOCAL" else "ANY"
        return requirement, number_type != "TOLLFREE" and draw < 0.15
    if number_type == "TOLLFREE":
        return "NONE", False
    if iso_country == "CA":
        return ("LOCAL" if draw < 0.2 else "ANY" if draw < 0.3 else "NONE"), False
    return ("ANY" if draw < 0.1 else "NONE"), False
