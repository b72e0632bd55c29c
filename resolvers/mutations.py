"""Every mutation's use-case, in one list: the schema serves exactly these (a test compares the
two), and the error-code contract of each is its declaration. Each domain lists its own
(``resolvers.<domain>.mutations.USE_CASES``); this module only composes them."""

from __future__ import annotations

from typing import Any

from resolvers.accounts import mutations as accounts
from resolvers.activity import mutations as activity
from resolvers.billing import mutations as billing
from resolvers.core.usecases import UseCase
from resolvers.hosted import mutations as hosted
from resolvers.messaging import mutations as messaging
from resolvers.orders import mutations as orders
from resolvers.provisioning import mutations as provisioning
from resolvers.reservations import mutations as reservations

USE_CASES: tuple[UseCase[Any], ...] = (
    *provisioning.USE_CASES,
    *orders.USE_CASES,
    *accounts.USE_CASES,
    *billing.USE_CASES,
    *messaging.USE_CASES,
    *hosted.USE_CASES,
    *activity.USE_CASES,
    *reservations.USE_CASES,
)
