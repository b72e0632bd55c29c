"""Per-account token buckets, filled with query cost points.

A bucket holds at most ``capacity`` points and regains ``restore_rate`` points a second. A
request takes its requested cost up front (refused, with the wait, when the bucket holds less)
and gets back the difference once its actual cost is known, as Shopify's API does. Time is the
application clock's, passed in, so tests move it instead of sleeping.

``InProcessBuckets`` serves one process; ``RedisBuckets`` keeps the buckets in Redis (one
atomic Lua script per operation), so every gateway process sharing that Redis shares them. If
Redis cannot be reached, requests are let through and a warning is logged: rate limiting
protects the service, and an outage of it must not take the API down.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger("gateway.protection")
NEVER_RESTORED = 3600.0  # the wait reported when the restore rate is 0


@dataclass(frozen=True)
class BucketConfig:
    capacity: int
    restore_rate: float


@dataclass(frozen=True)
class Taken:
    allowed: bool
    available: float  # points left after this request (or now, when refused)
    retry_after: float  # seconds until the request's cost would be available (0 if allowed)


def _fill(tokens: float, updated: float, now: float, config: BucketConfig) -> float:
    return min(float(config.capacity), tokens + max(0.0, now - updated) * config.restore_rate)


def _retry_after(missing: float, config: BucketConfig) -> float:
    if config.restore_rate <= 0:
        return NEVER_RESTORED
    return math.ceil(missing / config.restore_rate * 1000) / 1000


class Buckets(Protocol):
    config: BucketConfig

    async def take(self, key: str, cost: int, now: float) -> Taken: ...

    async def refund(self, key: str, points: int, now: float) -> float: ...

    async def close(self) -> None: ...


class InProcessBuckets:
    def __init__(self, config: BucketConfig) -> None:
        self.config = config
        self._state: dict[str, tuple[float, float]] = {}

    async def take(self, key: str, cost: int, now: float) -> Taken:
        tokens, updated = self._state.get(key, (float(self.config.capacity), now))
        tokens = _fill(tokens, updated, now, self.config)
        cost = min(cost, self.config.capacity)
        if cost > tokens:
            self._state[key] = (tokens, now)
            return Taken(False, tokens, _retry_after(cost - tokens, self.config))
        self._state[key] = (tokens - cost, now)
        return Taken(True, tokens - cost, 0.0)

    async def refund(self, key: str, points: int, now: float) -> float:
        tokens, updated = self._state.get(key, (float(self.config.capacity), now))
        tokens = min(float(self.config.capacity), _fill(tokens, updated, now, self.config) + points)
        self._state[key] = (tokens, now)
        return tokens

    async def close(self) -> None:
        return None


# KEYS[1] bucket; ARGV: capacity, restore rate, now, points, mode ("take" | "refund").
# Returns {allowed (0/1), tokens as a string (Lua numbers would be truncated to integers)}.
BUCKET_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local points = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
if now > updated then tokens = math.min(capacity, tokens + (now - updated) * rate) end
local allowed = 1
if ARGV[5] == 'refund' then
  tokens = math.min(capacity, tokens + points)
elseif points > tokens then
  allowed = 0
else
  tokens = tokens - points
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
local ttl = 60
if rate > 0 then ttl = math.ceil(capacity / rate) + 60 end
redis.call('EXPIRE', KEYS[1], ttl)
return {allowed, tostring(tokens)}
"""


class RedisBuckets:
    def __init__(self, config: BucketConfig, url: str, prefix: str) -> None:
        from redis.asyncio import Redis

        self.config = config
        self.prefix = prefix
        self.redis: Any = Redis.from_url(url)
        self.script: Any = self.redis.register_script(BUCKET_SCRIPT)

    async def _run(self, key: str, points: int, now: float, mode: str) -> tuple[bool, float]:
        config = self.config
        result = await self.script(
            keys=[self.prefix + key],
            args=[config.capacity, config.restore_rate, repr(now), points, mode],
        )
        return bool(int(result[0])), float(result[1])

    async def take(self, key: str, cost: int, now: float) -> Taken:
        cost = min(cost, self.config.capacity)
        try:
            allowed, tokens = await self._run(key, cost, now, "take")
        except Exception as error:  # fail open: see the module docstring
            logger.warning(
                "rate limiter unavailable (%s); request let through", type(error).__name__
            )
            return Taken(True, float(self.config.capacity), 0.0)
        if allowed:
            return Taken(True, tokens, 0.0)
        return Taken(False, tokens, _retry_after(cost - tokens, self.config))

    async def refund(self, key: str, points: int, now: float) -> float:
        try:
            return (await self._run(key, points, now, "refund"))[1]
        except Exception as error:
            logger.warning("rate limiter unavailable (%s); refund dropped", type(error).__name__)
            return float(self.config.capacity)

    async def close(self) -> None:
        await self.redis.aclose()
