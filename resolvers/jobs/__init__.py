"""The job framework: what a pass gets (``environment``), and the runner that runs passes.

Each pass is ``async def some_pass(env: JobEnvironment) -> int`` (the number of items it
processed), idempotent at a given clock time, and safe to run from several processes at once
(rows are claimed with SKIP LOCKED on PostgreSQL, or by conditional updates). Passes live with
their domain, which lists them in its ``passes.PASSES``; ``resolvers.schedule`` puts them in
run order, and ``resolvers.jobs.runner`` runs what it is given (``jobs run`` once, ``jobs
serve`` in a loop). This package imports no domain package.
"""
