"""Twilio's configuration parameters as the use-cases' configuration change.

A parameter that is absent leaves the setting as it is (``UNCHANGED``); an empty one clears it,
as in Twilio. Methods must be GET or POST (INVALID_METHOD, 21403, as Twilio refuses them).
"""

from __future__ import annotations

from typing import Any

from gateway.rest.errors import RestError
from gateway.rest.params import HTTP_METHODS, Params
from resolvers.core.errors import ErrorCode
from resolvers.core.unchanged import UNCHANGED
from resolvers.provisioning.configuration import ConfigurationChange, RoutingChange, VoiceChange

EMERGENCY_STATUSES = {"Active": "ACTIVE", "Inactive": "INACTIVE"}
RECEIVE_MODES = {"voice": "VOICE", "fax": "FAX"}


def text(params: Params, name: str) -> Any:
    """The parameter's text; absent: UNCHANGED; empty: None (clears the setting)."""
    value = params.text(name)
    if value is None:
        return UNCHANGED
    return value or None


def method(params: Params, name: str) -> Any:
    value = params.text(name)
    if value is None:
        return UNCHANGED
    if value.upper() not in HTTP_METHODS:
        raise RestError(
            400, f"{name}: must be GET or POST (got {value!r})", ErrorCode.INVALID_METHOD
        )
    return value.upper()


def _choice(params: Params, name: str, choices: dict[str, str]) -> Any:
    found = params.choice(name, choices)
    return UNCHANGED if found is None else found


def _boolean(params: Params, name: str) -> Any:
    found = params.boolean(name)
    return UNCHANGED if found is None else found


def routing(params: Params, prefix: str) -> dict[str, Any]:
    return {
        "url": text(params, f"{prefix}Url"),
        "method": method(params, f"{prefix}Method"),
        "fallback_url": text(params, f"{prefix}FallbackUrl"),
        "fallback_method": method(params, f"{prefix}FallbackMethod"),
        "application_sid": text(params, f"{prefix}ApplicationSid"),
    }


def voice_change(params: Params, *, with_trunk: bool) -> VoiceChange | None:
    change = VoiceChange(
        **routing(params, "Voice"),
        trunk_sid=text(params, "TrunkSid") if with_trunk else UNCHANGED,
        emergency_status=_choice(params, "EmergencyStatus", EMERGENCY_STATUSES),
        emergency_address_sid=text(params, "EmergencyAddressSid"),
        receive_mode=_choice(params, "VoiceReceiveMode", RECEIVE_MODES),
        caller_id_lookup=_boolean(params, "VoiceCallerIdLookup"),
    )
    return None if _untouched(change) else change


def sms_change(params: Params) -> RoutingChange | None:
    change = RoutingChange(**routing(params, "Sms"))
    return None if _untouched(change) else change


def change_fields(params: Params, *, with_trunk: bool) -> dict[str, Any]:
    """The ``ConfigurationChange`` fields of the parameters (friendly name included)."""
    return {
        "friendly_name": text(params, "FriendlyName"),
        "status_callback": text(params, "StatusCallback"),
        "status_callback_method": method(params, "StatusCallbackMethod"),
        "voice": voice_change(params, with_trunk=with_trunk),
        "sms": sms_change(params),
    }


def purchase_configuration(params: Params) -> ConfigurationChange | None:
    """What a purchase configures besides its name and trunk (the purchase takes those)."""
    fields = change_fields(params, with_trunk=False)
    change = ConfigurationChange(**{**fields, "friendly_name": UNCHANGED})
    return None if _untouched(change) else change


def _untouched(change: Any) -> bool:
    """No field changes: every setting UNCHANGED, every sub-change (voice, sms) absent."""
    return all(
        value is UNCHANGED or (value is None and name in ("voice", "sms", "mms"))
        for name, value in vars(change).items()
    )
