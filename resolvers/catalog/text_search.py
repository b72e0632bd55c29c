"""A ``NumberPattern`` as SQL conditions on ``catalog_numbers`` that an index serves.

Every pattern ends in the exact test ``phone_number LIKE like()``; an index is put in front:
- an anchored pattern with 3+ leading digits is (also) a range of the primary key
  (``+1415`` ≤ n < ``+1416``), read in page order. Both databases need it spelled out:
  SQLite's LIKE is case-insensitive and PostgreSQL only turns a LIKE prefix into a btree range
  under the "C" collation (not C.UTF-8, not en_US). Bumping the last digit keeps the bound
  right under linguistic collations too, where ``+`` is ignored and digits compare as digits;
- otherwise, on SQLite, the longest literal run of 3+ characters is looked up in the FTS5
  trigram table ``catalog_numbers_fts`` (external content, keyed by rowid) as a phrase MATCH,
  which reads only the index (its own LIKE would re-read every candidate's content: ~10x
  slower); on PostgreSQL the pg_trgm GIN index serves the LIKE itself;
- a pattern with no such run (``1*2%3``) has nothing to look up: the LIKE filters the rows
  the other conditions' indexes yield.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, column, literal_column, select, table

from resolvers.catalog.contains import NumberPattern
from resolvers.core.tables import catalog_numbers as c

TRIGRAM = 3
PREFIX_RANGE_MIN = 1 + TRIGRAM  # "+" and 3 digits

# The FTS5 table of migration 0002; not part of ``metadata`` (the migration owns it).
catalog_numbers_fts = table("catalog_numbers_fts", column("rowid"), column("phone_number"))
_CATALOG_ROWID: ColumnElement[Any] = literal_column("catalog_numbers.rowid")


def pattern_conditions(pattern: NumberPattern, dialect: str) -> list[ColumnElement[bool]]:
    """``catalog_numbers.phone_number`` matches ``pattern`` (see ``NumberPattern.like``)."""
    like = pattern.like()
    exact = c.c.phone_number.like(like)
    prefix = pattern.literal_prefix()
    if len(prefix) >= PREFIX_RANGE_MIN:
        # A bare prefix is its range (E.164 is "+" and digits): a redundant LIKE would only
        # mislead PostgreSQL's row estimate (it multiplies the two selectivities).
        return prefix_range(prefix) + ([] if like == prefix + "%" else [exact])
    query = fts_query(pattern) if dialect == "sqlite" else None
    if query is None:
        return [exact]
    fts = catalog_numbers_fts.c
    return [_CATALOG_ROWID.in_(select(fts.rowid).where(fts.phone_number.match(query))), exact]


def uses_trigram_lookup(pattern: NumberPattern, dialect: str) -> bool:
    """Whether ``pattern_conditions`` finds candidates through the SQLite FTS5 table."""
    if dialect != "sqlite" or len(pattern.literal_prefix()) >= PREFIX_RANGE_MIN:
        return False
    return fts_query(pattern) is not None


def trigram_candidates_first(patterns: list[NumberPattern], dialect: str) -> bool:
    """Whether a PostgreSQL page must be found from the pg_trgm index's candidates, then
    sorted: no pattern is a primary-key range and one has a trigram run to look up.

    Ordered by phone number with a LIMIT, such a page could also walk the primary key in page
    order and test each row, and the planner picks that walk when it expects many matches.
    Its estimate for an unanchored LIKE is a guess (a 1M-row catalog: 4,688 expected for
    ``*7306``, ~800 real), and one wrong guess costs a walk through most of the catalog (120
    ms there, and seconds for a rarer pattern) where the candidates cost ~3 ms; the candidates
    of a run of 3+ digits are at most ~1 % of the catalog. SQLite's FTS5 lookup always goes
    candidates first for the same reason."""
    if dialect != "postgresql":
        return False
    if any(len(pattern.literal_prefix()) >= PREFIX_RANGE_MIN for pattern in patterns):
        return False
    return any(fts_query(pattern) is not None for pattern in patterns)


def prefix_range(prefix: str) -> list[ColumnElement[bool]]:
    """The numbers that start with ``prefix``, as a primary-key range."""
    number, above = c.c.phone_number, prefix_upper_bound(prefix)
    return [number >= prefix] + ([number < above] if above is not None else [])


def prefix_upper_bound(prefix: str) -> str | None:
    """The least ``+``-and-digits string above all that start with ``prefix``.

    ``+1415`` → ``+1416``, ``+1419`` → ``+142``; None for ``+99…`` (nothing is above).
    """
    head = prefix.rstrip("9")
    if len(head) <= 1:
        return None
    return head[:-1] + str(int(head[-1]) + 1)


def fts_query(pattern: NumberPattern) -> str | None:
    """An FTS5 phrase query for the pattern's most selective trigram-searchable run.

    The longest run is the rarest; among equals a run after the ``+`` beats the anchored
    ``+1…`` one (every NANP number has ``+1``). One run is enough: the LIKE does the rest.
    """
    runs = [run for run in pattern.literal_runs() if len(run) >= TRIGRAM]
    if not runs:
        return None
    best = max(runs, key=lambda run: (len(run), not run.startswith("+")))
    return f'"{best}"'
