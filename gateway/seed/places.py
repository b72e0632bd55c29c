"""Real places behind geographic numbers, read from the packaged ``data/places.csv``.

One row per number prefix: a US/CA area code (NPA) or a GB area code (without the trunk 0,
e.g. ``161`` for 0161 Manchester). ``first_digits`` lists the digits a subscriber number may
start with there (2-9 for NANP exchanges; fewer in some GB areas), so that drawn numbers are
almost always valid and the validator rarely has to reject one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Place:
    iso_country: str
    prefix: str
    first_digits: str
    locality: str
    region: str
    latitude: float
    longitude: float
    postal_code: str
    lata: str | None
    rate_center: str | None


@cache
def load_places() -> dict[str, tuple[Place, ...]]:
    """Places by ISO country, in file order."""
    text = files("gateway.seed").joinpath("data/places.csv").read_text(encoding="utf-8")
    by_country: dict[str, list[Place]] = {}
    for record in csv.DictReader(io.StringIO(text)):
        place = _place(record)
        by_country.setdefault(place.iso_country, []).append(place)
    return {iso: tuple(places) for iso, places in by_country.items()}


def _place(record: dict[str, str]) -> Place:
    return Place(
        iso_country=record["iso_country"],
        prefix=record["prefix"],
        first_digits=record["first_digits"],
        locality=record["locality"],
        region=record["region"],
        latitude=float(record["latitude"]),
        longitude=float(record["longitude"]),
        postal_code=record["postal_code"],
        lata=record["lata"] or None,
        rate_center=record["rate_center"] or None,
    )
