"""Use-cases: what a mutation is, below the API.

A use-case is one async function ``(actor, conn, request) -> Outcome`` and its declaration
(``UseCase``): the mutation it serves, whether it takes an idempotency key, and the error codes
(``ErrorCode`` names) it may refuse with. It authorizes (``resolvers.core.visibility``),
checks, changes state and records its events; ``run_use_case`` gives it ONE write transaction
(``transact``: BEGIN IMMEDIATE on SQLite, retried on conflicts), inside which an idempotent
use-case claims its key first (``resolvers.core.idempotency``).

An ``Outcome`` names the nodes of the mutation's payload (type name and sid, read back after
the commit with the viewer's visibility) and carries plain values (a token shown once, a feed's
rejected records). An idempotent use-case's outcome is stored under its key and replayed as
it was; its nodes are read fresh each time.

A refusal whose code the use-case did not declare is still a refusal for the client, and a bug
here: it is logged as an error (with ``undeclared_code`` on the record, which the tests watch).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from resolvers.core.errors import ErrorCode, GatewayError
from resolvers.core.idempotency import fingerprint, run_idempotent
from resolvers.core.request_rules import DEFAULT_RULES, RequestRules
from resolvers.core.transactions import transact
from resolvers.core.url_policy import UrlPolicy
from resolvers.core.visibility import Viewer

logger = logging.getLogger(__name__)

Request = TypeVar("Request")
# Refusals every idempotent use-case may add: a malformed key, or a key of another request.
IDEMPOTENCY_CODES = ("INVALID_INPUT", "IDEMPOTENCY_KEY_REUSED")
# Part of every request fingerprint: bumped whenever the stored outcome changes shape, so a key
# stored under an older shape reads as another request instead of a replay this code misreads.
STORED_OUTCOME_SHAPE = 2


@dataclass(frozen=True)
class Actor:
    """Who runs a use-case, and when: the same for every retry of its transaction."""

    viewer: Viewer
    now: datetime
    url_policy: UrlPolicy  # where callback URLs may point (the operator's settings)
    rules: RequestRules = DEFAULT_RULES  # churn thresholds, aging period (GATEWAY_* settings)


@dataclass(frozen=True)
class NodeRef:
    """A node of a payload: read back by type and sid, with the viewer's visibility."""

    type_name: str
    sid: str
    # Fields no read can give (a secret stored only hashed), by GraphQL name; never stored.
    shown_once: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What a use-case did, by payload field (GraphQL name)."""

    nodes: Mapping[str, NodeRef | None] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    # A refusal to report after the commit, when the attempt itself must count (a wrong
    # verification code uses up one of the order's attempts).
    refusal: GatewayError | None = None


@dataclass(frozen=True)
class UseCase(Generic[Request]):
    mutation: str  # the GraphQL mutation it serves
    run: Callable[[Actor, AsyncConnection, Request], Awaitable[Outcome]]
    codes: tuple[str, ...]  # the ErrorCode names it may refuse with
    idempotent: bool = False  # the request has an ``idempotency_key``
    # Its transaction may write many rows (an order, a feed): on SQLite it runs in a worker
    # thread, not on the event loop's (``transact``), so requests are served meanwhile.
    many_rows: bool = False

    def __post_init__(self) -> None:
        unknown = [code for code in self.codes if code not in ErrorCode.__members__]
        if unknown:
            raise ValueError(f"{self.mutation} declares unknown error codes {unknown}")

    @property
    def error_codes(self) -> tuple[str, ...]:
        """Every code the mutation may return, sorted."""
        extra = IDEMPOTENCY_CODES if self.idempotent else ()
        return tuple(sorted({*self.codes, *extra}))


async def run_use_case(
    engine: AsyncEngine, use_case: UseCase[Request], actor: Actor, request: Request
) -> Outcome:
    """Run ``use_case`` in one write transaction; its refusals raise ``GatewayError``."""

    async def attempt(conn: AsyncConnection) -> Outcome:
        if use_case.idempotent:
            return await _run_idempotent(conn, use_case, actor, request)
        return await use_case.run(actor, conn, request)

    try:
        outcome = await transact(engine, attempt, on_loop=not use_case.many_rows)
        if outcome.refusal is not None:
            raise outcome.refusal
    except GatewayError as error:
        if error.code not in use_case.error_codes:
            logger.error(
                "%s refused with %s, which it does not declare",
                use_case.mutation,
                error.code,
                extra={"undeclared_code": error.code, "mutation": use_case.mutation},
            )
        raise
    return outcome


async def _run_idempotent(
    conn: AsyncConnection, use_case: UseCase[Request], actor: Actor, request: Request
) -> Outcome:
    fields = dataclasses.asdict(request)  # type: ignore[call-overload]
    key = fields.pop("idempotency_key")

    async def work() -> dict[str, Any]:
        return _stored(await use_case.run(actor, conn, request))

    stored = await run_idempotent(
        conn,
        account_sid=actor.viewer.sid,
        key=key,
        operation=use_case.mutation,
        request_hash=fingerprint(use_case.mutation, [STORED_OUTCOME_SHAPE, fields]),
        now=actor.now,
        work=work,
    )
    return _replayed(stored)


def _stored(outcome: Outcome) -> dict[str, Any]:
    """The outcome as JSON: what a replay of the key returns."""
    if outcome.refusal is not None or any(
        ref is not None and ref.shown_once for ref in outcome.nodes.values()
    ):
        raise TypeError("an idempotent outcome can neither refuse nor show a secret")
    nodes = {
        name: None if ref is None else [ref.type_name, ref.sid]
        for name, ref in outcome.nodes.items()
    }
    return {"nodes": nodes, "values": dict(outcome.values)}


def _replayed(stored: dict[str, Any]) -> Outcome:
    nodes = {
        name: None if ref is None else NodeRef(ref[0], ref[1])
        for name, ref in stored["nodes"].items()
    }
    return Outcome(nodes=nodes, values=stored["values"])


def node(type_name: str, sid: str | None) -> NodeRef | None:
    """The payload node ``sid`` of ``type_name`` (None when there is none, e.g. no refund)."""
    return None if sid is None else NodeRef(type_name, sid)
