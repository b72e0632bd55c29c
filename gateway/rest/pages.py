"""Twilio's page envelope over the gateway's keyset pages.

``PageSize`` (1-1000, default 50) and ``Page`` (the page's number, for the envelope) as
Twilio has them; ``PageToken`` carries a keyset cursor: ``PA<cursor>`` for the page after
it, ``PB<cursor>`` for the page before it. ``next_page_uri``/``previous_page_uri`` hold
them, so Twilio's SDKs page by following those URIs; pages never shift while numbers are
bought or released.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from gateway.rest.errors import bad_parameter
from gateway.rest.params import Params
from resolvers.reads.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

PAGING = ("PageSize", "Page", "PageToken")
AFTER, BEFORE = "PA", "PB"
MAX_PAGE_NUMBER = 10**9


@dataclass(frozen=True)
class PageQuery:
    size: int
    number: int
    after: str | None = None
    before: str | None = None

    @property
    def first(self) -> int | None:
        return None if self.before is not None else self.size

    @property
    def last(self) -> int | None:
        return self.size if self.before is not None else None


def page_query(params: Params) -> PageQuery:
    size = params.integer("PageSize", 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    number = params.integer("Page", 0, MAX_PAGE_NUMBER) or 0
    token = params.text("PageToken")
    if token is None:
        if number:
            raise bad_parameter(
                "Page", "a page after the first is reached with its PageToken (next_page_uri)"
            )
        return PageQuery(size, number)
    prefix, cursor = token[:2], token[2:]
    if prefix not in (AFTER, BEFORE) or not cursor:
        raise bad_parameter("PageToken", "is not a page token this API issued")
    if prefix == AFTER:
        return PageQuery(size, number, after=cursor)
    return PageQuery(size, number, before=cursor)


def envelope(
    path: str,
    params: Params,
    key: str,
    records: list[dict[str, Any]],
    query: PageQuery,
    page_info: dict[str, Any],
) -> dict[str, Any]:
    """The page as Twilio lists it: ``key`` holds the records."""
    kept = [(name, params.text(name) or "") for name in sorted(params.names() - set(PAGING))]

    def uri(number: int, token: str | None = None) -> str:
        paging = [("PageSize", str(query.size)), ("Page", str(number))]
        if token is not None:
            paging.append(("PageToken", token))
        return f"{path}?{urlencode(kept + paging)}"

    token = (query.after and AFTER + query.after) or (query.before and BEFORE + query.before)
    start = query.number * query.size
    has_next = page_info["has_next_page"] and records
    has_previous = page_info["has_previous_page"] and records and query.number > 0
    return {
        key: records,
        "page": query.number,
        "page_size": query.size,
        "start": start,
        "end": start + max(len(records) - 1, 0),
        "uri": uri(query.number, token or None),
        "first_page_uri": uri(0),
        "next_page_uri": uri(query.number + 1, AFTER + page_info["end_cursor"])
        if has_next
        else None,
        "previous_page_uri": uri(query.number - 1, BEFORE + page_info["start_cursor"])
        if has_previous
        else None,
    }
