"""Phone numbers: parsing, validation and formatting, all through ``phonenumbers``."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from resolvers.core.errors import InvalidInput


@lru_cache(maxsize=65536)
def national_format(e164: str) -> str:
    """``+18559728742`` → ``(855) 972-8742``: the default friendly name."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return str(phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL))


def parse_e164(value: str, field: list[str]) -> str:
    """A valid number in E.164, or InvalidInput naming ``field``."""
    try:
        parsed = phonenumbers.parse(value, None)
    except NumberParseException as error:
        raise InvalidInput(
            f"{value!r} is not an E.164 phone number (+ country code and digits): {error}",
            field=field,
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(f"{value!r} is not a valid phone number", field=field)
    return str(phonenumbers.format_number(parsed, PhoneNumberFormat.E164))


def check_iso_country(value: str, field: list[str]) -> str:
    """An upper-case ISO 3166 alpha-2 code that ``phonenumbers`` knows, or InvalidInput."""
    code = value.upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(
            f"{value!r} is not a known ISO 3166-1 alpha-2 country code (e.g. US, CA, GB)",
            field=field,
        )
    return code
