"""Drawing unique phone numbers that ``phonenumbers`` accepts as valid and of the wanted type.

Candidates are built from real prefixes (area codes, toll-free and mobile ranges) and each is
checked with the library before use, so an odd corner of its metadata can cost a retry but
never a bad row.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

from gateway.seed.places import Place

COUNTRY_CALLING_CODES = {"US": 1, "CA": 1, "GB": 44}
NATIONAL_LENGTH = 10  # national significant digits, for every range drawn here

NANP_TOLLFREE_PREFIXES = ("800", "833", "844", "855", "866", "877", "888")
TOLLFREE_PREFIXES = {
    "US": NANP_TOLLFREE_PREFIXES,
    "CA": NANP_TOLLFREE_PREFIXES,
    "GB": ("800", "808"),
}
# 076 is pagers and 070 personal numbers; the rest of 07 is mobile.
GB_MOBILE_PREFIXES = ("71", "72", "73", "74", "75", "77", "78", "79")
NANP_EXCLUDED_EXCHANGES = frozenset({555, 950, 958, 959, 976})

ACCEPTED_TYPES: dict[str, frozenset[int]] = {
    "LOCAL": frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}),
    "MOBILE": frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}),
    "TOLLFREE": frozenset({PhoneNumberType.TOLL_FREE}),
}
MAX_ATTEMPTS = 1000


def is_of_type(number: PhoneNumber, iso_country: str, number_type: str) -> bool:
    """Valid for the country (not just for its calling code) and of the stated type."""
    return (
        phonenumbers.is_valid_number_for_region(number, iso_country)
        and phonenumbers.number_type(number) in ACCEPTED_TYPES[number_type]
    )


def e164(number: PhoneNumber) -> str:
    return f"+{number.country_code}{number.national_number}"


class NumberDrawer:
    """Hands out distinct valid numbers; one instance per catalog."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[int] = set()

    def local(self, place: Place) -> PhoneNumber:
        return self._draw(
            place.iso_country, "LOCAL", lambda: self._digits(place.prefix, place.first_digits)
        )

    def mobile(self, iso_country: str) -> PhoneNumber:
        if iso_country != "GB":
            raise ValueError(f"no mobile ranges for {iso_country}")
        prefixes = GB_MOBILE_PREFIXES
        return self._draw("GB", "MOBILE", lambda: self._digits(self._rng.choice(prefixes)))

    def tollfree(self, iso_country: str) -> PhoneNumber:
        prefixes = TOLLFREE_PREFIXES[iso_country]
        first = "23456789" if iso_country != "GB" else "0123456789"
        return self._draw(
            iso_country, "TOLLFREE", lambda: self._digits(self._rng.choice(prefixes), first)
        )

    def _digits(self, prefix: str, first_digits: str = "0123456789") -> int:
        tail = NATIONAL_LENGTH - len(prefix) - 1
        return int(
            prefix + self._rng.choice(first_digits) + f"{self._rng.randrange(10**tail):0{tail}d}"
        )

    def _draw(
        self, iso_country: str, number_type: str, candidate: Callable[[], int]
    ) -> PhoneNumber:
        calling_code = COUNTRY_CALLING_CODES[iso_country]
        for _ in range(MAX_ATTEMPTS):
            national = candidate()
            key = calling_code * 10**NATIONAL_LENGTH + national
            if key in self._seen or _excluded(calling_code, national):
                continue
            number = PhoneNumber(country_code=calling_code, national_number=national)
            if is_of_type(number, iso_country, number_type):
                self._seen.add(key)
                return number
        raise RuntimeError(f"could not draw a valid {iso_country} {number_type} number")


def _excluded(calling_code: int, national: int) -> bool:
    """NANP exchanges that real carriers don't assign: N11 service codes, 555 and the like."""
    if calling_code != 1:
        return False
    exchange = national // 10_000 % 1000
    return exchange % 100 == 11 or exchange in NANP_EXCLUDED_EXCHANGES
