"""The number catalog: rows of ``catalog_numbers``, drawn in chunks so a million fit in memory.

Mix: about 60% US, 15% CA and 25% GB numbers. Geographic numbers sit at a real place
(jittered a little, as numbers of one area code are spread over its town); toll-free and
mobile numbers have no geography, as real providers report them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from phonenumbers import PhoneNumber

from gateway.seed.capabilities import draw_capabilities
from gateway.seed.draws import pick
from gateway.seed.numbers import NumberDrawer, e164
from gateway.seed.places import Place, load_places
from gateway.seed.rows import Row
from gateway.seed.terms import draw_lifecycle, draw_regulatory, price

# cumulative thresholds over rng.random()
COUNTRY_MIX = ((0.60, "US"), (0.75, "CA"), (1.0, "GB"))
TYPE_MIX = {
    "US": ((0.85, "LOCAL"), (1.0, "TOLLFREE")),
    "CA": ((0.88, "LOCAL"), (1.0, "TOLLFREE")),
    "GB": ((0.55, "LOCAL"), (0.90, "MOBILE"), (1.0, "TOLLFREE")),
}
JITTER_DEGREES = 0.05
NO_GEOGRAPHY: Row = {
    "lata": None,
    "rate_center": None,
    "latitude": None,
    "longitude": None,
    "region": None,
    "locality": None,
    "postal_code": None,
}


def catalog_chunks(
    rng: random.Random, size: int, assigned: frozenset[int], chunk_size: int
) -> Iterator[list[Row]]:
    """``size`` catalog rows in lists of ``chunk_size``; rows whose index is in ``assigned``
    are marked as owned (state ``assigned``), the others are for sale."""
    builder = CatalogBuilder(rng)
    for start in range(0, size, chunk_size):
        chunk = [builder.row() for _ in range(start, min(size, start + chunk_size))]
        for index in assigned.intersection(range(start, start + len(chunk))):
            chunk[index - start]["state"] = "assigned"
        yield chunk


class CatalogBuilder:
    """Draws one catalog row at a time; numbers never repeat within one builder."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._numbers = NumberDrawer(rng)
        self._places = load_places()

    def row(self) -> Row:
        iso_country = pick(COUNTRY_MIX, self._rng.random())
        number_type = pick(TYPE_MIX[iso_country], self._rng.random())
        if number_type == "LOCAL":
            place = self._rng.choice(self._places[iso_country])
            return self._assemble(self._numbers.local(place), iso_country, "LOCAL", self._at(place))
        if number_type == "MOBILE":
            number = self._numbers.mobile(iso_country)
        else:
            number = self._numbers.tollfree(iso_country)
        return self._assemble(number, iso_country, number_type, NO_GEOGRAPHY)

    def _assemble(
        self, number: PhoneNumber, iso_country: str, number_type: str, geography: Row
    ) -> Row:
        lifecycle, beta = draw_lifecycle(self._rng)
        requirement, identity = draw_regulatory(self._rng, iso_country, number_type)
        setup_fee, monthly_fee = price(iso_country, number_type)
        return {
            "phone_number": e164(number),
            "iso_country": iso_country,
            "type": number_type,
            "lifecycle": lifecycle,
            "beta": beta,
            "state": "available",
            "aging_until": None,
            **draw_capabilities(self._rng, iso_country, number_type),
            "address_requirements": requirement,
            "identity_required": identity,
            **geography,
            "setup_fee_minor": setup_fee,
            "monthly_fee_minor": monthly_fee,
        }

    def _at(self, place: Place) -> Row:
        jitter = self._rng.uniform
        return {
            "lata": place.lata,
            "rate_center": place.rate_center,
            "latitude": round(place.latitude + jitter(-JITTER_DEGREES, JITTER_DEGREES), 6),
            "longitude": round(place.longitude + jitter(-JITTER_DEGREES, JITTER_DEGREES), 6),
            "region": place.region,
            "locality": place.locality,
            "postal_code": place.postal_code,
        }
