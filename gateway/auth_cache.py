"""A short per-process memory of successful authentications (issue #12 item 4).

Checking ``AccountSid:AuthToken`` costs a round trip to the database on every request; within
``GATEWAY_AUTH_CACHE_SECONDS`` of a successful check the same credentials are answered from
here instead. The staleness bound (README "Authentication"): a change that makes credentials
stop working (an account CLOSED) is refused at once by the process that made it (a mutation
whose writes change who may sign in, ``resolvers.core.sign_in``, or any REST write empties its
cache) and by every other process within the bound, once its entry
expires. Failures are never remembered: a new account, or a fixed typo, works at once.
The key is a digest of the credentials, not the token itself.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from resolvers.core.visibility import Viewer

MAX_ENTRIES = 10_000  # beyond it the memory starts afresh (a flood of distinct accounts)


class AuthCache:
    def __init__(self, seconds: float, now: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._now = now
        self._entries: dict[bytes, tuple[float, Viewer]] = {}

    def get(self, account_sid: str, token: str) -> Viewer | None:
        if self.seconds <= 0:
            return None
        entry = self._entries.get(_key(account_sid, token))
        if entry is None or entry[0] <= self._now():
            return None
        return entry[1]

    def put(self, account_sid: str, token: str, viewer: Viewer) -> None:
        if self.seconds <= 0:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[_key(account_sid, token)] = (self._now() + self.seconds, viewer)

    def clear(self) -> None:
        """Forget everything: this process may just have changed who can sign in."""
        self._entries.clear()


def _key(account_sid: str, token: str) -> bytes:
    return hashlib.blake2b(f"{account_sid}:{token}".encode(), digest_size=16).digest()
