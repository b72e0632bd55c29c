"""An active number as Twilio's IncomingPhoneNumber resource.

The number is read with the same look-ahead read as GraphQL's ``activeNumber`` for a fixed
selection (``NUMBER``), and its fields are renamed to Twilio's.
"""

from __future__ import annotations

from typing import Any

from gateway.rest.render import API_ROOT, account_uri, lower, rfc2822
from resolvers.reads.selection import SelectionTree

ROUTING = ("url", "method", "fallbackUrl", "fallbackMethod", "applicationSid")
VOICE = (*ROUTING, "trunkSid", "emergencyStatus", "emergencyAddressSid", "receiveMode")


def _leaves(*names: str) -> dict[str, SelectionTree]:
    return {name: {} for name in names}


NUMBER: SelectionTree = {
    **_leaves("sid", "accountSid", "phoneNumber", "friendlyName", "origin", "status", "beta"),
    **_leaves("createdAt", "updatedAt"),
    "capabilities": {
        "voice": _leaves("fax"),
        "sms": _leaves("inboundMps"),
        "mms": _leaves("inboundMps"),
    },
    "regulatory": {**_leaves("addressRequirements", "identitySid"), "address": _leaves("sid")},
    "configuration": {
        **_leaves("statusCallback", "statusCallbackMethod"),
        "voice": _leaves(*VOICE, "callerIdLookup"),
        "sms": _leaves(*ROUTING),
    },
}
ORIGINS = {"PURCHASED": "twilio", "HOSTED": "hosted", "PORTED": "ported"}
STATUSES = {"IN_USE": "in-use", "RELEASED": "released"}
EMERGENCY = {"ACTIVE": "Active", "INACTIVE": "Inactive"}


def number_uri(account_sid: str, sid: str) -> str:
    return account_uri(account_sid, f"/IncomingPhoneNumbers/{sid}.json")


def incoming_phone_number(number: dict[str, Any]) -> dict[str, Any]:
    capabilities, regulatory = number["capabilities"], number["regulatory"]
    configuration = number["configuration"]
    voice, sms = configuration["voice"], configuration["sms"]
    address = regulatory["address"]
    return {
        "sid": number["sid"],
        "account_sid": number["account_sid"],
        "phone_number": number["phone_number"],
        "friendly_name": number["friendly_name"],
        "origin": ORIGINS.get(number["origin"], lower(number["origin"])),
        "status": STATUSES.get(number["status"], lower(number["status"])),
        "beta": number["beta"],
        "api_version": API_ROOT.strip("/"),
        "capabilities": {
            "voice": capabilities["voice"] is not None,
            "sms": capabilities["sms"] is not None,
            "mms": capabilities["mms"] is not None,
            "fax": bool(capabilities["voice"] and capabilities["voice"]["fax"]),
        },
        "address_requirements": lower(regulatory["address_requirements"]),
        "address_sid": address["sid"] if address else None,
        "identity_sid": regulatory["identity_sid"],
        "bundle_sid": None,
        "status_callback": configuration["status_callback"],
        "status_callback_method": configuration["status_callback_method"],
        **_routing("voice", voice),
        "voice_caller_id_lookup": voice["caller_id_lookup"],
        "voice_receive_mode": lower(voice["receive_mode"]),
        "trunk_sid": voice["trunk_sid"],
        "emergency_status": EMERGENCY.get(voice["emergency_status"], voice["emergency_status"]),
        "emergency_address_sid": voice["emergency_address_sid"],
        "emergency_address_status": "registered"
        if voice["emergency_address_sid"]
        else "unregistered",
        **_routing("sms", sms),
        "date_created": rfc2822(number["created_at"]),
        "date_updated": rfc2822(number["updated_at"]),
        "uri": number_uri(number["account_sid"], number["sid"]),
    }


def _routing(prefix: str, routing: dict[str, Any]) -> dict[str, Any]:
    return {
        f"{prefix}_url": routing["url"],
        f"{prefix}_method": routing["method"],
        f"{prefix}_fallback_url": routing["fallback_url"],
        f"{prefix}_fallback_method": routing["fallback_method"],
        f"{prefix}_application_sid": routing["application_sid"],
    }
