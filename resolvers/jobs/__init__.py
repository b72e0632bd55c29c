"""Background jobs: passes over the database that move numbers and accounts through time.

Each pass is ``async def some_pass(env: JobEnvironment) -> int`` (the number of items it
processed), idempotent at a given clock time, and safe to run from several processes at once
(rows are claimed with SKIP LOCKED on PostgreSQL, or by conditional updates). The runner in
``resolvers.jobs.runner`` runs the registered passes in order (``jobs run`` once, ``jobs serve``
in a loop).
"""
