"""Every mutation's use-case, in one list: the schema serves exactly these (a test compares the
two), and the error-code contract of each is its declaration."""

from __future__ import annotations

from typing import Any

from resolvers.accounts import mutations as accounts
from resolvers.activity import mutations as activity
from resolvers.billing import mutations as billing
from resolvers.core.usecases import UseCase
from resolvers.hosted import mutations as hosted
from resolvers.messaging import mutations as messaging
from resolvers.provisioning import mutations as provisioning

USE_CASES: tuple[UseCase[Any], ...] = (
    provisioning.PURCHASE_PHONE_NUMBER,
    provisioning.CONFIGURE_PHONE_NUMBER,
    provisioning.RELEASE_PHONE_NUMBER,
    provisioning.RESTORE_PHONE_NUMBER,
    provisioning.TRANSFER_PHONE_NUMBER,
    accounts.CREATE_SUBACCOUNT,
    accounts.UPDATE_SUBACCOUNT,
    accounts.CREATE_ADDRESS,
    accounts.CREATE_APPLICATION,
    accounts.CREATE_TRUNK,
    accounts.CREATE_IDENTITY_DOCUMENT,
    billing.ADD_FUNDS,
    messaging.CREATE_MESSAGING_SERVICE,
    messaging.ADD_NUMBER_TO_MESSAGING_SERVICE,
    messaging.REMOVE_NUMBER_FROM_MESSAGING_SERVICE,
    messaging.SELECT_SENDER,
    hosted.CREATE_HOSTED_NUMBER_ORDER,
    hosted.START_HOSTED_NUMBER_VERIFICATION,
    hosted.CONFIRM_HOSTED_NUMBER_VERIFICATION,
    hosted.CANCEL_HOSTED_NUMBER_ORDER,
    hosted.CREATE_AUTHORIZATION_DOCUMENT,
    activity.RECORD_NUMBER_ACTIVITY,
    activity.RECORD_NUMBER_ACTIVITIES,
)
