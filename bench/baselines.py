"""Two baselines beside the floor, served by the floor's app (issue 12 item 8).

- *raw rows*: the page's stored columns read by primary key, no joins and no aggregates: the
  ``owned_numbers`` rows of the page's sids (found once, from the floor's own answer), every
  column, written as JSON objects keyed by column name. What the floor pays above it is the
  SQL's joins, activity and shaping: ``floor ÷ raw rows`` (time per request).
- *transport*: the very bytes of the floor's answer (whose data the harness checks equal to the
  gateway's), computed once at startup and returned as they are: what HTTP, uvicorn and a bare
  Starlette route cost for a response of that size. ``gateway ÷ transport`` (throughput) is the
  share of what the transport allows that the gateway serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import Select

from resolvers.core.tables import owned_numbers

# The scenarios measured against both baselines (the full-tree page of 50).
BASELINED = frozenset({"full_tree_50"})


@dataclass(frozen=True)
class RawRows:
    statement: Select[Any]

    async def body(self, engine: AsyncEngine) -> bytes:
        async with engine.connect() as conn:
            rows = (await conn.execute(self.statement)).all()
        # Column names are SQLAlchemy's ``quoted_name`` (a str subclass) to orjson.
        nodes = [row._asdict() for row in rows]
        return orjson.dumps({"data": nodes}, default=_default, option=orjson.OPT_NON_STR_KEYS)


def raw_rows(floor_body: bytes, root: str) -> RawRows:
    """The raw-rows baseline of the page the floor answered with ``floor_body``."""
    nodes = orjson.loads(floor_body)["data"][root]["nodes"]
    sids = [node["sid"] for node in nodes]
    if not sids:
        raise RuntimeError(f"{root}: an empty page has no raw rows to read")
    return RawRows(select(owned_numbers).where(owned_numbers.c.sid.in_(sids)))


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)
