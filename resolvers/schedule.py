"""The run order of the job passes: the one place that composes the domains' passes.

Each domain lists its own passes (``resolvers.<domain>.passes.PASSES``); the job framework
(``resolvers.jobs``) imports none of them, and this module, above the domains, says in which
order one run executes them. Order matters where passes feed each other: renewals before
anything that reads account status; fraud before reclaim, so that the accounts it suspends go
first; restore windows close before the aged numbers they belong to return to the catalog;
webhooks last, so that the events every other pass wrote go out in the same run.
"""

from __future__ import annotations

from resolvers.activity import passes as activity
from resolvers.billing import passes as billing
from resolvers.catalog import passes as catalog
from resolvers.events import passes as events
from resolvers.hosted import passes as hosted
from resolvers.jobs.environment import NamedPass
from resolvers.provisioning import passes as provisioning

JOB_PASSES: tuple[NamedPass, ...] = (
    *billing.PASSES,  # renewals
    *hosted.PASSES,  # hosted_orders
    *activity.PASSES,  # fraud, reclaim, activity_rollup
    *provisioning.PASSES,  # restore_windows
    *catalog.PASSES,  # aging
    *events.PASSES,  # webhooks
)
