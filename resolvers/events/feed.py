"""What a ``numberEvents`` subscriber reads from: a feed of committed events, in the order
this process learned of them, each exactly once (``gateway.events.broker`` implements it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol


class EventFeed(Protocol):
    def subscribe(self) -> AbstractAsyncContextManager[AsyncIterator[dict[str, Any]]]:
        """Events (``reads.event_dict``) committed from now on, until the block exits."""
        ...
