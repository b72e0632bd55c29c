"""The one injectable clock: every "now" in the domain comes from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time as a naive UTC datetime (how the tables store time)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class FixedClock:
    """A clock that only moves when told to: tests move time instead of sleeping."""

    current: datetime = field(default_factory=lambda: datetime(2026, 1, 15, 12, 0, 0))

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta
