"""One order of 100 numbers against its baseline, 100 single purchases, in the same run.

``python -m bench.number_order [--catalog-size N]``: the seeded SQLite dataset of the harness
(``bench.dataset``, cached), the real app in this process over httpx's ASGI transport, 200
numbers for sale that need no address and no identity; the first 100 are bought one
``purchasePhoneNumber`` at a time, the other 100 in one ``createNumberOrder``. Printed, not
asserted: the target is under 1 s for the order on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from bench.dataset import prepare
from bench.purchase_loop import mutation_json, purchasable
from bench.queries import PURCHASE
from bench.scenarios import MARKET
from gateway.app import create_app
from gateway.auth import basic_auth_header
from gateway.settings import Settings

ORDER_SIZE = 100
ORDER = """
mutation Order($input: CreateNumberOrderInput!) {
  createNumberOrder(input: $input) {
    purchasedCount
    userErrors { code message field }
  }
}
"""


async def _measure(url: str, auth: str) -> tuple[float, float]:
    settings = Settings(
        database_url=url,
        migrate_on_start=False,
        rate_limit_enabled=False,
        webhook_delivery_interval=0,
        # the seeded account churned: 200 purchases must not trip the fraud rule mid-run
        fraud_flag_threshold=1_000_000,
        fraud_suspend_threshold=1_000_000,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers={"Authorization": auth}
        ) as http:
            numbers = await purchasable(http, MARKET, 2 * ORDER_SIZE)
            if len(numbers) < 2 * ORDER_SIZE:
                raise SystemExit(f"only {len(numbers)} purchasable numbers in the dataset")
            await _top_up(http)
            started = time.perf_counter()
            for number in numbers[:ORDER_SIZE]:
                body = (
                    await http.post("/graphql", json=mutation_json(PURCHASE, {"number": number}))
                ).json()
                assert not body["data"]["purchasePhoneNumber"]["userErrors"], body
            singles = time.perf_counter() - started
            variables = {
                "input": {"phoneNumbers": numbers[ORDER_SIZE:], "idempotencyKey": uuid.uuid4().hex}
            }
            started = time.perf_counter()
            body = (await http.post("/graphql", json=mutation_json(ORDER, variables))).json()
            order = time.perf_counter() - started
            payload = body["data"]["createNumberOrder"]
            assert payload["purchasedCount"] == ORDER_SIZE, payload
    return singles, order


async def _top_up(http: httpx.AsyncClient) -> None:
    add = "mutation($input: AddFundsInput!) { addFunds(input: $input) { userErrors { code } } }"
    variables = {"input": {"amount": "100000.00", "idempotencyKey": uuid.uuid4().hex}}
    body = (await http.post("/graphql", json=mutation_json(add, variables))).json()
    assert not body["data"]["addFunds"]["userErrors"], body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog-size", type=int, default=100_000)
    parser.add_argument("--owned", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        dataset = prepare(None, args.catalog_size, args.owned, args.seed, Path(workdir))
        auth = basic_auth_header(dataset.account_sid, dataset.auth_token)
        singles, order = asyncio.run(_measure(dataset.url, auth))
    print(f"SQLite, catalog {args.catalog_size}, in process (ASGI):")
    print(f"  baseline: {ORDER_SIZE} purchasePhoneNumber one by one: {singles:.3f} s")
    print(f"  createNumberOrder of {ORDER_SIZE} numbers:            {order:.3f} s (target < 1 s)")


if __name__ == "__main__":
    main()
