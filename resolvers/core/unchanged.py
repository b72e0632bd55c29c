"""The value of a change field the client did not send: ``UNCHANGED`` keeps the stored value,
where ``None`` clears it."""

from __future__ import annotations

from typing import Any


class Unchanged:
    """The type of ``UNCHANGED``; there is one instance."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = Unchanged()
