"""Calling the REST API of the app under test as an account, the way Twilio's SDKs do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.client import Gateway
from tests.support.provisioning import Buyer

API = "/2010-04-01"


@dataclass(frozen=True)
class Rest:
    gateway: Gateway
    caller: Buyer

    def account(self, suffix: str, account_sid: str | None = None) -> str:
        return f"{API}/Accounts/{account_sid or self.caller.sid}{suffix}"

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.gateway.http.get(path, params=params, headers=self._auth())

    async def post(
        self, path: str, headers: dict[str, str] | None = None, **form: Any
    ) -> httpx.Response:
        return await self.gateway.http.post(
            path, data=_form(form), headers={**self._auth(), **(headers or {})}
        )

    async def delete(self, path: str) -> httpx.Response:
        return await self.gateway.http.delete(path, headers=self._auth())

    def _auth(self) -> dict[str, str]:
        return {"Authorization": self.caller.auth}


def _form(values: dict[str, Any]) -> dict[str, str]:
    return {
        name: str(value).lower() if isinstance(value, bool) else str(value)
        for name, value in values.items()
    }


def json_of(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def twilio_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    """The Twilio error body of a refusal, checked for its status and code."""
    body = json_of(response, status)
    assert (body["status"], body["code"]) == (status, code), body
    assert set(body) >= {"code", "message", "more_info", "status"}, body
    return body
