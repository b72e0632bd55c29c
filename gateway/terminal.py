"""The CLI's terminal output (rich), imported when a command prints, not when it loads.

With one worker, ``numbers-gateway serve`` is itself the serving process: rich's modules
imported by the CLI module would stay in its resident memory (~2 MB) for nothing (issue 12
item 6; ``tests/gateway/test_worker_imports.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(*, stderr: bool = True) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)
