"""The purchase/release loop against a baseline checkout, in the same run.

``python -m bench.write_loop --baseline /path/to/main-checkout``: one seeded SQLite dataset
(``bench.dataset``, cached), a fresh copy of it per side, the baseline's gateway (its code run
from that checkout with this interpreter: ``python -m`` puts the checkout first on the path)
and then this checkout's, each with the loop of ``bench.purchase_loop`` (C clients, D seconds).
Prints throughput, p50 and p99 of each mutation and the ratios (issue 12 item 5: at 8 clients,
p99 <= 100 ms and throughput >= 2x the baseline's). Printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench.dataset import prepare
from bench.http_runs import Load, run_purchase_loop
from bench.purchase_loop import LoopResult
from bench.scenarios import MARKET
from bench.servers import free_port, gateway_command, gateway_environment, running
from gateway.auth import basic_auth_header


def _side(name: str, code: Path | None, options: argparse.Namespace) -> LoopResult:
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as directory:
        workdir = Path(directory)
        dataset = prepare(None, options.catalog_size, options.owned, options.seed, workdir)
        port = free_port()
        env = gateway_environment(dataset.url, port, 1)
        auth = basic_auth_header(dataset.account_sid, dataset.auth_token)
        load = Load(options.clients, options.duration, 0.0)
        with running(name, gateway_command(1), env, port, 1, workdir, code) as gateway:
            # a short warm-up loop, then the measured one
            asyncio.run(run_purchase_loop(gateway, auth, MARKET, Load(options.clients, 1.0, 0.0)))
            loop, _, _ = asyncio.run(run_purchase_loop(gateway, auth, MARKET, load))
    return loop


def _loops_per_second(loop: LoopResult) -> float:
    return len(loop.purchase.seconds) / loop.phase.seconds if loop.phase.seconds else 0.0


def _line(name: str, loop: LoopResult) -> str:
    purchase, release = loop.purchase, loop.release
    loops = _loops_per_second(loop)
    return (
        f"{name:<9} {loops:7.1f} loops/s  purchase p50 {purchase.p50_ms:6.1f} p99 "
        f"{purchase.p99_ms:6.1f} ms  release p50 {release.p50_ms:6.1f} p99 {release.p99_ms:6.1f} ms"
        + ("  (ran out of numbers)" if loop.ran_out else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", type=Path, required=True, help="checkout of the baseline")
    parser.add_argument("--catalog-size", type=int, default=100_000)
    parser.add_argument("--owned", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    options = parser.parse_args()
    baseline = _side("baseline", options.baseline.resolve(), options)
    current = _side("gateway", None, options)
    print(f"purchase/release loop, SQLite, {options.clients} clients, {options.duration:.0f} s")
    print(_line("baseline", baseline))
    print(_line("this", current))
    rate = _loops_per_second(current) / max(_loops_per_second(baseline), 1e-9)
    print(f"throughput ratio {rate:.2f}x (target >= 2x); p99 target <= 100 ms")


if __name__ == "__main__":
    main()
