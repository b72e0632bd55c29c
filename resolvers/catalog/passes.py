"""The catalog's job passes: quarantined numbers return to sale."""

from __future__ import annotations

from resolvers.catalog.aging import return_aged_numbers
from resolvers.jobs.environment import NamedPass

PASSES: tuple[NamedPass, ...] = (("aging", return_aged_numbers),)
