"""The guard every GraphQL operation passes before either executor runs.

Order: the document's analysis (``analysis``: parsed with the token limit, validated, document
limits checked, once per text) → GET never runs a mutation → requested cost against the
per-query maximum → the account's token bucket. Only then does the endpoint choose the compiled
or the standard executor; afterwards ``settle`` refunds the difference between requested and
actual cost and returns what goes into ``extensions.cost``. Documents that do not parse or
validate are passed through untouched: the executor reports their errors as it always has.

The cost of an operation depends on the variables too, so only its cost tree is cached (on the
analysis).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationType, get_operation_ast

from gateway.protection.analysis import Analyses, Analysis
from gateway.protection.buckets import Buckets, Taken
from gateway.protection.cost import OperationCost
from gateway.protection.limits import Limits, limit_error

MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
RATE_LIMITED = "RATE_LIMITED"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Rejection:
    status: int
    errors: list[GraphQLError]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Admission:
    """What ``admit`` decided: a rejection, or a cost to settle after execution."""

    rejection: Rejection | None = None
    cost: OperationCost | None = None
    requested: int = 0
    variables: dict[str, Any] | None = None
    account: str = ""
    taken: Taken | None = None


class Protection:
    def __init__(
        self,
        schema: GraphQLSchema,
        limits: Limits,
        max_cost: int,
        buckets: Buckets | None,
        *,
        cache_size: int = 512,
    ) -> None:
        self.limits = limits
        self.max_cost = max_cost
        self.buckets = buckets
        self.analyses = Analyses(schema, limits, cache_size)

    async def close(self) -> None:
        if self.buckets is not None:
            await self.buckets.close()

    def analyze(self, query: str) -> Analysis:
        """The cached analysis of a query text (see ``gateway.protection.analysis``)."""
        return self.analyses.of(query)

    async def admit(
        self,
        analysis: Analysis | None,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        method: str,
        account: str,
        now: datetime,
    ) -> Admission:
        """``analysis`` is None for a request without a query (the executor refuses it)."""
        if analysis is None:
            return Admission()
        if analysis.limit_errors:
            return Admission(Rejection(400, analysis.limit_errors))
        document = analysis.document
        if document.node is None or document.errors:
            return Admission()
        operation = get_operation_ast(document.node, operation_name)
        if operation is None:
            return Admission()
        if method == "GET" and operation.operation is OperationType.MUTATION:
            return Admission(_get_refused(operation.operation))
        cost = self.analyses.cost_of(analysis, operation_name)
        assert cost is not None
        requested = cost.requested(variables)
        if requested > self.max_cost:
            return Admission(self._too_costly(requested), cost, requested)
        taken = None
        if self.buckets is not None:
            taken = await self.buckets.take(account, requested, _seconds(now))
            if not taken.allowed:
                return Admission(self._throttled(requested, taken), cost, requested, taken=taken)
        return Admission(None, cost, requested, variables, account, taken)

    async def settle(self, admission: Admission, data: Any, now: datetime) -> dict[str, Any]:
        """``extensions.cost`` of an admitted request (refunding what it did not use)."""
        actual = 0
        if admission.cost is not None and isinstance(data, dict):
            actual = min(admission.requested, admission.cost.actual(data, admission.variables))
        available = None
        if self.buckets is not None and admission.taken is not None:
            available = admission.taken.available
            if admission.requested > actual:
                refund = admission.requested - actual
                available = await self.buckets.refund(admission.account, refund, _seconds(now))
        return self.cost_extension(admission.requested, actual, available)

    def cost_extension(
        self, requested: int, actual: int | None, available: float | None
    ) -> dict[str, Any]:
        cost: dict[str, Any] = {"requestedQueryCost": requested}
        if actual is not None:
            cost["actualQueryCost"] = actual
        if self.buckets is not None and available is not None:
            config = self.buckets.config
            cost["throttleStatus"] = {
                "maximumAvailable": config.capacity,
                "currentlyAvailable": math.floor(available),
                "restoreRate": config.restore_rate,
            }
        return cost

    def _too_costly(self, requested: int) -> Rejection:
        message = (
            f"the query's cost is {requested}, above the maximum of {self.max_cost} per query; "
            "ask for fewer items (first/last) or fewer nested objects"
        )
        extra = {"cost": requested, "maxCost": self.max_cost}
        return Rejection(400, [limit_error(message, MAX_COST_EXCEEDED, **extra)])

    def _throttled(self, requested: int, taken: Taken) -> Rejection:
        wait = taken.retry_after
        message = (
            f"rate limited: this query costs {requested} points and your account has "
            f"{math.floor(taken.available)} available; retry in {wait:g} seconds"
        )
        error = limit_error(message, RATE_LIMITED, retryAfter=wait, cost=requested)
        headers = {"Retry-After": str(max(1, math.ceil(wait)))}
        return Rejection(429, [error], headers)


def _get_refused(operation: OperationType) -> Rejection:
    message = f"a {operation.value} cannot run over GET: send it with POST"
    return Rejection(405, [limit_error(message, METHOD_NOT_ALLOWED)], {"Allow": "POST"})


def _seconds(now: datetime) -> float:
    return (now.replace(tzinfo=None) - EPOCH).total_seconds()
