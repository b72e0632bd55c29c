"""A page's nodes, each read from its row only when it is iterated (issue 12 item 6).

A page's rows are read into dicts of the selected fields, which the response writer then
turns into the answer item by item. Built as a list, every item's dicts are alive at once,
next to the rows and the written answer (~5 KB of dicts per full-tree number: ~2.5 MB for a
page of 500, per request in progress). Read as it is iterated, each item's dicts are garbage
as soon as the writer has written it. Iterating again (a document that selects ``nodes``
twice under two aliases) reads the rows again: same rows, same dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload


class LazyNodes(Sequence[Any]):
    __slots__ = ("_read", "_rows")

    def __init__(self, rows: Sequence[Any], read: Callable[[Any], Any]) -> None:
        self._rows = rows
        self._read = read

    @property
    def rows(self) -> Sequence[Any]:
        return self._rows

    @property
    def read(self) -> Callable[[Any], Any]:
        """What turns a row into its node (a writer may read the rows its own way)."""
        return self._read

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._read(row) for row in self._rows[index]]
        return self._read(self._rows[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self._read, self._rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyNodes):
            other = list(other)
        return list(self) == other

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by value

    def __repr__(self) -> str:
        return f"LazyNodes({list(self)!r})"
