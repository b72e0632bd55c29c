"""The globals of generated writer code: each helper object gets a fresh, safe name."""

from __future__ import annotations

from typing import Any


class Namespace:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self._counter = 0

    def fresh(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def add(self, value: Any) -> str:
        name = self.fresh("_g")
        self.values[name] = value
        return name
