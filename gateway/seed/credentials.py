"""The demo credentials: what a user types into GraphiQL's Basic auth after seeding."""

from __future__ import annotations

import random
from dataclasses import dataclass

from gateway.seed.draws import random_hex32, random_sid


@dataclass(frozen=True)
class DemoCredentials:
    account_sid: str
    auth_token: str
    subaccount_sid: str
    subaccount_auth_token: str

    def as_json_dict(self) -> dict[str, str]:
        return {
            "accountSid": self.account_sid,
            "authToken": self.auth_token,
            "subaccountSid": self.subaccount_sid,
            "subaccountAuthToken": self.subaccount_auth_token,
        }


def draw_credentials(rng: random.Random) -> DemoCredentials:
    return DemoCredentials(
        account_sid=random_sid(rng, "AC"),
        auth_token=random_hex32(rng),
        subaccount_sid=random_sid(rng, "AC"),
        subaccount_auth_token=random_hex32(rng),
    )
