"""The purchase/release loop against a baseline checkout, in the same run.

``python -m bench.write_loop --baseline /path/to/main-checkout``: one seeded SQLite dataset
(``bench.dataset``, cached), a fresh copy of it per side, the baseline's gateway (its code run
from that checkout with this interpreter: ``python -m`` puts the checkout first on the path)
and this checkout's, both started once. Then ``--rounds`` rounds, each a loop of
``bench.purchase_loop`` (C clients, D seconds) on the baseline and then on this gateway, so
that a machine whose load changes during the run weighs on both sides alike. Prints loops per
second, p50 and p99 of each mutation over all rounds, the server's CPU per loop (what a busy
machine distorts least) and the ratios (issue 12 item 5: at 8
clients, p99 <= 100 ms and throughput >= 2x the baseline's). Printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.dataset import prepare
from bench.http_runs import Load, run_purchase_loop
from bench.scenarios import MARKET
from bench.servers import Server, free_port, gateway_command, gateway_environment, running
from bench.stats import Samples
from gateway.auth import basic_auth_header


@dataclass
class Totals:
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the server process's (all its threads), user + system
    purchase: Samples = field(default_factory=Samples)
    release: Samples = field(default_factory=Samples)
    ran_out: bool = False

    @property
    def loops_per_second(self) -> float:
        return len(self.purchase.seconds) / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_loop(self) -> float:
        loops = len(self.purchase.seconds)
        return self.cpu_seconds / loops * 1000 if loops else 0.0

    def line(self, name: str) -> str:
        purchase, release = self.purchase, self.release
        return (
            f"{name:<9} {self.loops_per_second:7.1f} loops/s  purchase p50 "
            f"{purchase.p50_ms:6.1f} p99 {purchase.p99_ms:6.1f} ms  release p50 "
            f"{release.p50_ms:6.1f} p99 {release.p99_ms:6.1f} ms  server CPU "
            f"{self.cpu_ms_per_loop:5.1f} ms/loop"
            + ("  (ran out of numbers)" if self.ran_out else "")
        )


def _cpu_seconds(server: Server) -> float:
    """User + system CPU of the server's process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _loop(gateway: Server, auth: str, load: Load, totals: Totals) -> None:
    cpu = _cpu_seconds(gateway)
    loop, _, _ = asyncio.run(run_purchase_loop(gateway, auth, MARKET, load))
    totals.cpu_seconds += _cpu_seconds(gateway) - cpu
    totals.seconds += loop.phase.seconds
    totals.purchase.seconds += loop.purchase.seconds
    totals.release.seconds += loop.release.seconds
    totals.ran_out |= loop.ran_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", type=Path, required=True, help="checkout of the baseline")
    parser.add_argument("--catalog-size", type=int, default=100_000)
    parser.add_argument("--owned", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per side and round")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    codes = {"baseline": options.baseline.resolve(), "this": None}
    totals = {name: Totals() for name in codes}
    load = Load(options.clients, options.duration, 0.0)
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, code in codes.items():
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            data = prepare(None, options.catalog_size, options.owned, options.seed, workdir)
            port = free_port()
            env = gateway_environment(data.url, port, 1)
            server = running(name, gateway_command(1), env, port, 1, workdir, code)
            auth = basic_auth_header(data.account_sid, data.auth_token)
            servers[name] = (stack.enter_context(server), auth)
            _loop(*servers[name], Load(options.clients, 1.0, 0.0), Totals())  # warm-up
        for _ in range(options.rounds):
            for name, (gateway, auth) in servers.items():
                _loop(gateway, auth, load, totals[name])
    print(
        f"purchase/release loop, SQLite, {options.clients} clients, "
        f"{options.rounds} rounds of {options.duration:.0f} s per side"
    )
    for name, side in totals.items():
        print(side.line(name))
    ratio = totals["this"].loops_per_second / max(totals["baseline"].loops_per_second, 1e-9)
    cpu = totals["this"].cpu_ms_per_loop / max(totals["baseline"].cpu_ms_per_loop, 1e-9)
    print(f"throughput ratio {ratio:.2f}x (target >= 2x); p99 target <= 100 ms")
    print(f"server CPU per loop: {cpu:.2f}x the baseline's")


if __name__ == "__main__":
    main()
