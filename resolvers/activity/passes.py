"""The activity domain's job passes: the churn check, the reclaim of inactive numbers, then
the roll-up of the window's counters for the numbers whose roll-up the window left behind.

Fraud runs before reclaim so that the accounts it suspends have their numbers reclaimed first.
"""

from __future__ import annotations

from resolvers.activity.fraud import fraud_pass
from resolvers.activity.reclaim import reclaim_pass
from resolvers.activity.rollup import rollup_pass
from resolvers.jobs.environment import NamedPass

PASSES: tuple[NamedPass, ...] = (
    ("fraud", fraud_pass),
    ("reclaim", reclaim_pass),
    ("activity_rollup", rollup_pass),
)
