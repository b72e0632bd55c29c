"""Bad input everywhere (issue #6, item 2): Schemathesis fuzzes every query and mutation root
field of the running ASGI app, authenticated as the demo account, on SQLite and PostgreSQL.

Schemathesis (through hypothesis-graphql) builds valid documents for each root field with
random arguments and selections (positive mode), then documents with wrongly typed arguments
(negative mode). Some string literals are swapped for identifiers that exist in the database
(``known_values``) so that resolvers run past "not found". Every answer must be a proper
GraphQL answer (``responses.problems``): no 5xx, JSON with ``data`` or ``errors``, every error
a domain refusal or a validation error, nothing leaked. After each mutation's run the books
must still balance: balance = ledger, one owner per number, catalog state = ownership.

The run is bounded: at most ``MAX_EXAMPLES`` per field, fewer when the per-backend
``BUDGET_SECONDS`` would be exceeded (the rate of the fields done so far decides).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from graphql import DocumentNode
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Err, Ok
from schemathesis.generation import GenerationMode
from schemathesis.graphql import nodes
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.schemas import APIOperation
from schemathesis.specs.graphql.schemas import GraphQLSchema

from gateway.app import create_app
from gateway.database import create_engine
from gateway.settings import Settings
from resolvers.core.clock import FixedClock
from tests.concurrency.harness import catalog_disagreements, numbers_in_use_twice
from tests.fuzz.conftest import FuzzDatabase
from tests.fuzz.known_values import substitute
from tests.fuzz.responses import problems
from tests.support.databases import run_blocking
from tests.support.factories import T0
from tests.support.ledger_invariant import mismatched_balances

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 40  # positive documents per root field
NEGATIVE_SHARE = 4  # one negative document per this many positive ones
MIN_EXAMPLES = 3
BUDGET_SECONDS = 40.0  # per backend, for the whole run
FAILURES_SHOWN = 3  # per field


def _register_scalars() -> None:
    """Strategies for the schema's own scalars (money is a decimal string, times ISO-8601)."""
    money = st.decimals(min_value=-(10**9), max_value=10**12, allow_nan=False, places=2)
    schemathesis.graphql.scalar(
        "Decimal", st.one_of(money.map(str), st.text(max_size=12)).map(nodes.String)
    )
    moments = st.datetimes().map(lambda moment: moment.isoformat() + "Z")
    schemathesis.graphql.scalar("DateTime", moments.map(nodes.String))


def _load_schema(database: FuzzDatabase) -> GraphQLSchema:
    # Rate limiting would answer a long fuzz with 429s: it is tested on its own.
    settings = Settings(database_url=database.url, migrate_on_start=False, rate_limit_enabled=False)
    app = create_app(settings, clock=FixedClock(T0))
    _register_scalars()
    schema = schemathesis.graphql.from_asgi(
        "/graphql", app, headers={"Authorization": database.auth}
    )

    def flatmap_body(context: object, body: DocumentNode) -> st.SearchStrategy[DocumentNode]:
        return st.randoms().map(lambda rng: substitute(body, database.values, rng))

    schema.hook(flatmap_body)
    return schema


@dataclass
class Budget:
    """Examples per field: as many as ``MAX_EXAMPLES`` while the time budget allows."""

    fields: int
    started: float = field(default_factory=time.monotonic)
    examples_run: int = 0
    fields_done: int = 0

    def next_examples(self) -> int:
        if not self.examples_run:
            return MAX_EXAMPLES
        elapsed = time.monotonic() - self.started
        per_example = elapsed / self.examples_run
        share = (BUDGET_SECONDS - elapsed) / max(1, self.fields - self.fields_done)
        return max(MIN_EXAMPLES, min(MAX_EXAMPLES, int(share / per_example)))

    def done(self, examples: int) -> None:
        self.examples_run += examples
        self.fields_done += 1


@dataclass
class Outcome:
    examples: int = 0
    clean: int = 0  # answers with data and no errors at all
    failure: str | None = None


def _fuzz(label: str, strategy: st.SearchStrategy[Any], examples: int, auth: str) -> Outcome:
    outcome = Outcome()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: it could take minutes
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        outcome.examples += 1
        response = case.call(headers={"Authorization": auth})
        wrong = problems(response.status_code, response.content, str(case.body))
        body = response.content.decode("utf-8", errors="replace")
        assert not wrong, f"{label}: {wrong}\nrequest: {case.body}\nresponse: {body[:600]}"
        outcome.clean += '"errors"' not in body

    try:
        run()
    except Exception as failure:  # an assertion, or Hypothesis saying it was flaky
        outcome.failure = f"{type(failure).__name__}: {failure}"
    return outcome


async def _books_problems(url: str) -> list[str]:
    engine = create_engine(Settings(database_url=url))
    try:
        found = []
        if mismatched := await mismatched_balances(engine):
            found.append(f"balance != ledger: {mismatched}")
        if twice := await numbers_in_use_twice(engine):
            found.append(f"numbers in use twice: {twice}")
        if disagreeing := await catalog_disagreements(engine):
            found.append(f"catalog disagrees with ownership: {disagreeing[:5]}")
        return found
    finally:
        await engine.dispose()


def _operation(
    result: Ok[APIOperation[Any, Any, Any, Any]] | Err[InvalidSchema],
) -> APIOperation[Any, Any, Any, Any]:
    """An operation Schemathesis could build; the schema itself failing is a test failure."""
    assert isinstance(result, Ok), result.err()
    return result.ok()


def test_no_document_breaks_the_gateway(
    fuzz_database: FuzzDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    # Strawberry logs every error with its traceback, refusals included: thousands of lines.
    # Unexpected errors are still logged by gateway.errors (shown when the test fails).
    caplog.set_level(logging.CRITICAL, logger="strawberry.execution")
    schema = _load_schema(fuzz_database)
    try:
        operations = [_operation(result) for result in schema.get_all_operations()]
        labels = [operation.label for operation in operations]
        assert "Query.availableNumbers" in labels
        assert "Mutation.purchasePhoneNumber" in labels
        budget, failures, clean_fields = Budget(len(operations)), [], 0
        for operation in operations:
            examples = budget.next_examples()
            positive = _fuzz(operation.label, operation.as_strategy(), examples, fuzz_database.auth)
            negative = _fuzz(
                operation.label + " (negative)",
                operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
                max(1, examples // NEGATIVE_SHARE),
                fuzz_database.auth,
            )
            budget.done(positive.examples + negative.examples)
            clean_fields += positive.clean > 0
            failures += [found for found in (positive.failure, negative.failure) if found]
            if operation.label.startswith("Mutation."):
                books = run_blocking(_books_problems(fuzz_database.url))
                failures += [f"after {operation.label}: {problem}" for problem in books]
        print(
            f"\nfuzz: {budget.examples_run} documents over {len(operations)} root fields in "
            f"{time.monotonic() - budget.started:.0f} s; {clean_fields} fields answered "
            "cleanly at least once"
        )
        assert not failures, "\n\n".join(failures)
        # The fuzz reached the resolvers, not only the validator: most fields answered.
        assert clean_fields >= len(operations) // 2
    finally:
        shutdown_lifespans()
