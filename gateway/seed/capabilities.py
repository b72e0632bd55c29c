"""What each kind of number can do: the voice, SMS and MMS columns of a catalog row.

Modelled on what providers publish: US/CA local numbers do voice, SMS and MMS; toll-free
numbers are reachable only domestically, with MMS on some US ones; GB geographic numbers are
voice-only and GB mobiles add SMS but not MMS. A capability that is absent has all of its
sub-columns false, 0, ``NONE`` or ``DOMESTIC``, so no row claims half a capability.
"""

from __future__ import annotations

import random

from gateway.seed.rows import Row

NANP_CODECS = "PCMU,PCMA,G722,OPUS"
GB_CODECS = "PCMA,PCMU,G722"

NO_SMS: Row = {
    "sms_capable": False,
    "sms_inbound": False,
    "sms_outbound": False,
    "sms_gsm7": False,
    "sms_ucs2": False,
    "sms_gsm7_concatenation": False,
    "sms_ucs2_concatenation": False,
    "sms_sender_id_preservation": "NONE",
    "sms_inbound_reachability": "DOMESTIC",
    "sms_inbound_mps": 0,
}
NO_MMS: Row = {
    "mms_capable": False,
    "mms_inbound": False,
    "mms_outbound": False,
    "mms_inbound_reachability": "DOMESTIC",
    "mms_inbound_mps": 0,
}


def draw_capabilities(rng: random.Random, iso_country: str, number_type: str) -> Row:
    """The voice_*, sms_* and mms_* columns for one catalog number."""
    if number_type == "TOLLFREE":
        return _tollfree(rng, iso_country)
    if iso_country == "GB":
        return _gb_mobile(rng) if number_type == "MOBILE" else _gb_local(rng)
    return _nanp_local(rng)


def _nanp_local(rng: random.Random) -> Row:
    voice = _voice(
        e911=rng.random() < 0.9,
        fax=rng.random() < 0.7,
        reachability="GLOBAL",
        codecs=NANP_CODECS,
        concurrent_calls=rng.choice((100, 100, 250)),
    )
    sms = _sms(reachability="GLOBAL", mps=rng.choice((-1, 1, 1, 10)))
    return {**voice, **sms, **_mms(reachability="DOMESTIC", mps=1)}


def _tollfree(rng: random.Random, iso_country: str) -> Row:
    codecs = GB_CODECS if iso_country == "GB" else NANP_CODECS
    voice = _voice(e911=False, fax=rng.random() < 0.5, reachability="DOMESTIC", codecs=codecs)
    if iso_country == "GB":
        return {**voice, **NO_SMS, **NO_MMS}
    sms = _sms(reachability="DOMESTIC", mps=rng.choice((3, 3, 25)))
    with_mms = iso_country == "US" and rng.random() < 0.4
    mms = _mms(reachability="DOMESTIC", mps=1) if with_mms else NO_MMS
    return {**voice, **sms, **mms}


def _gb_local(rng: random.Random) -> Row:
    voice = _voice(e911=False, fax=rng.random() < 0.2, reachability="GLOBAL", codecs=GB_CODECS)
    return {**voice, **NO_SMS, **NO_MMS}


def _gb_mobile(rng: random.Random) -> Row:
    voice = _voice(e911=False, fax=False, reachability="GLOBAL", codecs=GB_CODECS)
    sms = _sms(reachability="GLOBAL", mps=rng.choice((1, 1, 10)))
    return {**voice, **sms, **NO_MMS}


def _voice(
    *, e911: bool, fax: bool, reachability: str, codecs: str, concurrent_calls: int = 100
) -> Row:
    return {
        "voice_capable": True,
        "voice_inbound": True,
        "voice_outbound": True,
        "voice_e911": e911,
        "voice_fax": fax,
        "voice_sip_trunking": True,
        "voice_calls_per_second": 1,
        "voice_concurrent_calls_limit": concurrent_calls,
        "voice_long_record_length": 14400,
        "voice_inbound_called_dtmf": True,
        "voice_inbound_caller_dtmf": True,
        "voice_caller_id_preservation": "INTERNATIONAL",
        "voice_inbound_reachability": reachability,
        "voice_codecs": codecs,
    }


def _sms(*, reachability: str, mps: int) -> Row:
    return {
        "sms_capable": True,
        "sms_inbound": True,
        "sms_outbound": True,
        "sms_gsm7": True,
        "sms_ucs2": True,
        "sms_gsm7_concatenation": True,
        "sms_ucs2_concatenation": True,
        "sms_sender_id_preservation": "INTERNATIONAL",
        "sms_inbound_reachability": reachability,
        "sms_inbound_mps": mps,
    }


def _mms(*, reachability: str, mps: int) -> Row:
    return {
        "mms_capable": True,
        "mms_inbound": True,
        "mms_outbound": True,
        "mms_inbound_reachability": reachability,
        "mms_inbound_mps": mps,
    }
