"""Query texts shared by tests and benches.

``FULL_TREE_FRAGMENT`` selects every field of ActiveNumber's capability tree, once; the other
queries spread it (``...FullTree``).
"""

from __future__ import annotations

FULL_TREE_FRAGMENT = """
fragment FullTree on ActiveNumber {
  id sid accountSid phoneNumber friendlyName nationalFormat
  type lifecycle origin status beta
  capabilities {
    voice {
      inboundConnectivity outboundConnectivity e911 fax sipTrunking
      callsPerSecond concurrentCallsLimit longRecordLength
      inboundCalledDtmf inboundCallerDtmf inboundCallerIdPreservation inboundReachability
      codecs
    }
    sms {
      inboundConnectivity outboundConnectivity gsm7 ucs2 gsm7Concatenation ucs2Concatenation
      inboundSenderIdPreservation inboundReachability inboundMps
    }
    mms { inboundConnectivity outboundConnectivity inboundReachability inboundMps }
  }
  regulatory {
    addressRequirements identityRequired identitySid
    address {
      id sid friendlyName customerName street city region postalCode isoCountry createdAt
    }
  }
  geography { isoCountry lata rateCenter latitude longitude region locality postalCode }
  configuration {
    statusCallback statusCallbackMethod
    voice {
      url method fallbackUrl fallbackMethod applicationSid trunkSid
      emergencyStatus emergencyAddressSid receiveMode callerIdLookup
    }
    sms { url method fallbackUrl fallbackMethod applicationSid }
    mms { url method fallbackUrl fallbackMethod applicationSid }
  }
  billing {
    monthlyFee { amount currency }
    setupFee { amount currency }
    purchasedAt nextBillingDate status
  }
  activity {
    lastActivityAt callsLast30Days qualifyingCallsLast30Days messagesLast30Days isActive
    reclaimWarningAt reclaimAfter
  }
  messagingService {
    id sid accountSid friendlyName stickySender maxPoolSize numberCount createdAt
  }
  createdAt updatedAt
}
"""

ACTIVE_NUMBERS_FULL_TREE = (
    """
query FullTreePage($first: Int, $after: String, $filter: ActiveNumberFilter) {
  activeNumbers(first: $first, after: $after, filter: $filter) {
    edges { cursor node { ...FullTree } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
    + FULL_TREE_FRAGMENT
)

ACTIVE_NUMBER_FULL_TREE = (
    """
query FullTreeNumber($sid: String, $phoneNumber: String) {
  activeNumber(sid: $sid, phoneNumber: $phoneNumber) { ...FullTree }
}
"""
    + FULL_TREE_FRAGMENT
)

NODE_FULL_TREE = (
    """
query FullTreeNode($id: ID!) {
  node(id: $id) { __typename id ...FullTree }
}
"""
    + FULL_TREE_FRAGMENT
)

NUMBERS_PAGE = """
query Page(
  $accountSid: String, $filter: ActiveNumberFilter, $orderBy: ActiveNumberOrder,
  $first: Int, $after: String, $last: Int, $before: String
) {
  activeNumbers(
    accountSid: $accountSid, filter: $filter, orderBy: $orderBy,
    first: $first, after: $after, last: $last, before: $before
  ) {
    edges { cursor node { sid phoneNumber } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

PHONE_NUMBERS = """
query Numbers($accountSid: String, $filter: ActiveNumberFilter, $orderBy: ActiveNumberOrder) {
  activeNumbers(accountSid: $accountSid, filter: $filter, orderBy: $orderBy, first: 1000) {
    nodes { phoneNumber }
  }
}
"""
