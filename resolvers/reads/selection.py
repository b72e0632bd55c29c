"""The neutral shape of a GraphQL selection, as the read model sees it.

A ``SelectionTree`` maps each selected field *name* (aliases merged, fragments flattened,
@skip/@include applied, ``__typename`` left out) to the tree of its own sub-selection; a leaf
maps to an empty tree. The schema layer builds it from graphql-core's field collection.
"""

from __future__ import annotations

from collections.abc import Mapping

SelectionTree = Mapping[str, "SelectionTree"]

EMPTY: SelectionTree = {}


def merge(trees: list[SelectionTree]) -> SelectionTree:
    """The union of several selections of the same object (e.g. ``edges.node`` and ``nodes``)."""
    merged: dict[str, list[SelectionTree]] = {}
    for tree in trees:
        for name, sub in tree.items():
            merged.setdefault(name, []).append(sub)
    return {name: merge(subs) if len(subs) > 1 else subs[0] for name, subs in merged.items()}


def path(tree: SelectionTree, *names: str) -> SelectionTree | None:
    """The sub-selection at ``names``, or None when that field was not selected."""
    node: SelectionTree | None = tree
    for name in names:
        if node is None:
            return None
        node = node.get(name)
    return node
