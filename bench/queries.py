"""The documents the harness sends; FULL_TREE asks for every field of the capability tree."""

from __future__ import annotations

ACTIVE_NUMBER_FULL_TREE = """
fragment FullTree on ActiveNumber {
  id sid accountSid phoneNumber friendlyName nationalFormat type lifecycle origin status beta
  capabilities {
    voice {
      inboundConnectivity outboundConnectivity e911 fax sipTrunking callsPerSecond
      concurrentCallsLimit longRecordLength inboundCalledDtmf inboundCallerDtmf
      inboundCallerIdPreservation inboundReachability codecs
    }
    sms {
      inboundConnectivity outboundConnectivity gsm7 ucs2 gsm7Concatenation ucs2Concatenation
      inboundSenderIdPreservation inboundReachability inboundMps
    }
    mms { inboundConnectivity outboundConnectivity inboundReachability inboundMps }
  }
  regulatory {
    addressRequirements identityRequired identitySid
    address { id sid friendlyName customerName street city region postalCode isoCountry createdAt }
  }
  geography { isoCountry lata rateCenter latitude longitude region locality postalCode }
  configuration {
    statusCallback statusCallbackMethod
    voice {
      url method fallbackUrl fallbackMethod applicationSid trunkSid emergencyStatus
      emergencyAddressSid receiveMode callerIdLookup
    }
    sms { url method fallbackUrl fallbackMethod applicationSid }
    mms { url method fallbackUrl fallbackMethod applicationSid }
  }
  billing {
    monthlyFee { amount currency } setupFee { amount currency } purchasedAt nextBillingDate
  }
  activity {
    lastActivityAt callsLast30Days qualifyingCallsLast30Days messagesLast30Days isActive
  }
  messagingService { id sid friendlyName createdAt }
  createdAt updatedAt
}
"""

FULL_TREE_PAGE = (
    ACTIVE_NUMBER_FULL_TREE
    + """
query FullTreePage($first: Int!) {
  activeNumbers(first: $first) { nodes { ...FullTree } }
}
"""
)

PARTIAL_PAGE = """
query PartialPage($first: Int!) {
  activeNumbers(first: $first) { nodes { sid phoneNumber capabilities { sms { inboundMps } } } }
}
"""

# Issue #12 item 7: what a request costs when its SQL is almost nothing (10 numbers, 3 fields).
SMALL_PAGE = """
query SmallPage($first: Int!) {
  activeNumbers(first: $first) { nodes { sid phoneNumber friendlyName } }
}
"""

SEARCH_PAGE = """
query SearchPage($search: AvailableNumberSearch!, $first: Int!) {
  availableNumbers(search: $search, first: $first) {
    nodes {
      phoneNumber friendlyName type
      geography { locality region latitude longitude }
      pricing { setupFee { amount currency } monthlyFee { amount currency } }
      regulatory { addressRequirements identityRequired }
    }
  }
}
"""

PURCHASE = """
mutation Buy($number: String!) {
  purchasePhoneNumber(input: { phoneNumber: $number }) {
    activeNumber { sid phoneNumber }
    userErrors { code message }
  }
}
"""

RELEASE = """
mutation Release($sid: String!) {
  releasePhoneNumber(input: { sid: $sid }) {
    releasedNumber { phoneNumber }
    userErrors { code message }
  }
}
"""

PURCHASABLE = """
query Purchasable($search: AvailableNumberSearch!, $first: Int!, $after: String) {
  availableNumbers(search: $search, first: $first, after: $after) {
    nodes { phoneNumber regulatory { addressRequirements identityRequired } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
