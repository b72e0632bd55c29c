"""The registered job passes, in the order one run executes them.

Registering a pass is one line here: ``("name", some_pass)``, where ``some_pass`` is an
``async def (env: JobEnvironment) -> int`` that is idempotent at a given clock time and safe
with several runners (see ``resolvers.jobs``). Order matters where passes feed each other:
renewals before anything that reads account status; restore windows close before the aged
numbers they belong to return to the catalog.
"""

from __future__ import annotations

from resolvers.activity.fraud import fraud_pass
from resolvers.activity.reclaim import reclaim_pass
from resolvers.events.webhooks import deliver_webhooks
from resolvers.hosted.timers import hosted_order_timers_pass
from resolvers.jobs.aging import expire_restore_windows, return_aged_numbers
from resolvers.jobs.environment import JobPass
from resolvers.jobs.renewals import renew_due_numbers

# Fraud runs before reclaim so that accounts it suspends are reclaimed first; webhooks run
# last so that the events every other pass wrote go out in the same run.
JOB_PASSES: tuple[tuple[str, JobPass], ...] = (
    ("renewals", renew_due_numbers),
    ("hosted_orders", hosted_order_timers_pass),
    ("fraud", fraud_pass),
    ("reclaim", reclaim_pass),
    ("restore_windows", expire_restore_windows),
    ("aging", return_aged_numbers),
    ("webhooks", deliver_webhooks),
)
