"""Reservations: an account holds catalog numbers for a few minutes while a person decides.

A hold is two columns of the catalog row (``held_by``, ``held_until``); the one availability
predicate (``resolvers.catalog.availability``) hides a live hold from everyone but its holder,
and a purchase by the holder consumes it in the same conditional update. A hold ends by itself
at ``held_until`` (no job), or by ``releaseReservation``.
"""
