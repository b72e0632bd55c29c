"""Drawing values from a seeded RNG: Twilio-shaped identifiers and weighted picks.

The demo data must come out the same for the same seed (the README documents the demo
credentials), so every sid and token here comes from a ``random.Random``, never ``secrets``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

# (cumulative threshold over rng.random(), value), thresholds rising to 1.0
Thresholds = Sequence[tuple[float, T]]


def random_hex32(rng: random.Random) -> str:
    """32 lowercase hex digits (128 bits), the shape of a sid's tail and of an auth token."""
    return f"{rng.getrandbits(128):032x}"


def random_sid(rng: random.Random, prefix: str) -> str:
    return prefix + random_hex32(rng)


def pick(thresholds: Thresholds[T], draw: float) -> T:
    """The value whose cumulative threshold first exceeds ``draw`` (a ``rng.random()``)."""
    for threshold, value in thresholds:
        if draw < threshold:
            return value
    return thresholds[-1][1]
