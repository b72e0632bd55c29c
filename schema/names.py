"""Strawberry's name converter, with each converted name kept.

Strawberry converts the Python name of every argument and input field to its GraphQL name
again each time it converts an argument value: about 25 ``to_camel_case`` calls for one
``availableNumbers`` search, a third of converting its arguments (~0.4 ms a request). The
conversion depends only on the name, and the names are the schema's (a fixed, small set), so
each is converted once per process.
"""

from __future__ import annotations

from strawberry.schema.name_converter import NameConverter


class KeptNameConverter(NameConverter):
    def __init__(self, auto_camel_case: bool = True) -> None:
        super().__init__(auto_camel_case)
        self._names: dict[str, str] = {}

    def apply_naming_config(self, name: str) -> str:
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = super().apply_naming_config(name)
        return found
