"""Storage that cannot serve right now: which failures mean "try again shortly" rather than a bug.

A PostgreSQL server that is down, restarting or refusing connections (SQLSTATE class 08,
57P01-57P03), a connection it cut, and a SQLite file that is read-only or on a full disk.
The error masking (``schema.errors``) presents them as ``StorageUnavailable`` with this
module's message and code, never as a masked bug; the HTTP layer answers a request that met
one with 503 and ``Retry-After`` (``gateway.unavailable``).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

UNAVAILABLE_SQLSTATES = ("57P01", "57P02", "57P03")  # admin/crash shutdown, cannot connect now
SQLITE_UNAVAILABLE = (
    "readonly database",
    "database or disk is full",
    "unable to open database file",
    "disk i/o error",
)


UNAVAILABLE_CODE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "the database is unavailable for the moment: retry after a second or two"


class StorageUnavailable(Exception):
    """The database cannot serve this request now; the same request may succeed later."""


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` or anything it was raised from is one of the failures above."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if _unavailable_itself(current):
            return True
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
        pending.append(getattr(current, "original_error", None))
    return False


def _unavailable_itself(error: BaseException) -> bool:
    if isinstance(error, StorageUnavailable | ConnectionError | TimeoutError):
        return True
    if isinstance(error, OSError) and error.errno is not None:
        return True  # connecting failed (refused, unreachable, reset)
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sqlite3.OperationalError):
        return any(text in str(error).lower() for text in SQLITE_UNAVAILABLE)
    code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return isinstance(code, str) and (code.startswith("08") or code in UNAVAILABLE_SQLSTATES)
