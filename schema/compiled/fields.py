"""The Python name a schema field reads from a look-ahead dict (its Strawberry definition's)."""

from __future__ import annotations

from typing import Any

from schema.compiled.leaves import Ineligible


def python_name(field: Any) -> str:
    """``field``'s Python name, or ``Ineligible`` when it has no Strawberry definition."""
    definition = (field.extensions or {}).get("strawberry-definition")
    name = getattr(definition, "python_name", None)
    if not isinstance(name, str):
        raise Ineligible
    return name
