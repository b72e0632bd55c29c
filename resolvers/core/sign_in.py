"""Writes that change who may sign in, reported to whoever remembers sign-ins.

A gateway process remembers successful sign-ins for a moment (``gateway.auth_cache``), and
the process that changes an account's status, type or token must forget them at once. The
write that makes such a change says so where it happens (``report_sign_in_change``: a
subaccount closed or suspended, a purchase whose churn check suspends the account tree, a
suspension for nonpayment or its end), so the decision follows what a use-case did, not its
name: a purchase that suspends nothing, a release or a configuration keeps the memory.

Reports go to the ``watching_sign_ins`` scope around the write (a context variable: the
scope's task, and the worker thread a SQLite write may run in, see the same list). A report
from a transaction that is then rolled back and retried only costs one extra forgetting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_REPORTS: ContextVar[list[str] | None] = ContextVar("sign_in_changes", default=None)


def report_sign_in_change(account_sid: str) -> None:
    """The current write changes whether ``account_sid`` may sign in, or as whom."""
    reports = _REPORTS.get()
    if reports is not None:
        reports.append(account_sid)


@contextmanager
def watching_sign_ins() -> Iterator[list[str]]:
    """The accounts whose sign-in the writes inside the block changed (filled as they run)."""
    reports: list[str] = []
    token = _REPORTS.set(reports)
    try:
        yield reports
    finally:
        _REPORTS.reset(token)
