"""The REST API draws on the same per-account rate-limit bucket as ``/graphql``.

A request costs what its GraphQL twin requests (Shopify's model, ``gateway.protection.cost``):
a write 10 (a mutation's root field), a list 2 + its page size (a connection), one resource 1.
An empty bucket is 429 with ``Retry-After``, the error body carrying RATE_LIMITED.
"""

from __future__ import annotations

import math
from datetime import datetime

from gateway.protection import Protection
from gateway.rest.errors import RestError
from gateway.rest.params import Params
from resolvers.core.errors import ErrorCode
from resolvers.reads.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

WRITE_COST = 10
ONE_COST = 1
EPOCH = datetime(1970, 1, 1)


def list_cost(params: Params) -> int:
    """A page's requested cost (a bad PageSize is refused by the handler, naming it)."""
    try:
        size = params.integer("PageSize", 1, MAX_PAGE_SIZE)
    except RestError:
        size = None
    return 2 + (size or DEFAULT_PAGE_SIZE)


async def take(protection: Protection, account_sid: str, cost: int, now: datetime) -> None:
    if protection.buckets is None:
        return
    seconds = (now.replace(tzinfo=None) - EPOCH).total_seconds()
    taken = await protection.buckets.take(account_sid, cost, seconds)
    if taken.allowed:
        return
    retry_after = max(1, math.ceil(taken.retry_after))
    raise RestError(
        429,
        f"Too Many Requests: this request costs {cost} points and your account has "
        f"{int(taken.available)}; retry after {retry_after} s",
        ErrorCode.RATE_LIMITED,
        headers={"Retry-After": str(retry_after)},
    )
